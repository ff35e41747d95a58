//! The words a pattern's matches begin with, for the matcher to look for.
//!
//! The matcher finds a regex by its *anchors*, literal text every match
//! starts with, and runs the regex only there. Taken from a pattern's
//! compiled regex, anchors come out cut short: classes, word forms and
//! spellings multiply into thousands of prefixes, and what is left after
//! cutting ("i", "yo", "th") occurs in every sentence. Taken from the
//! pattern itself they are whole words, the first two of every way a match
//! can begin ("you never", "you, never", "u never", "do not"), and the
//! matcher looks for them at word boundaries.
//!
//! Leads are a superset: a place where no lead occurs holds no match, and
//! the regex decides at the places where one does.

use std::cell::RefCell;
use std::sync::OnceLock;

use foldhash::HashMap;

use super::{Classes, Dialect, Elem, Node, forms, fused_at, join, memoised, parse, spelling};

/// At most this many leads per pattern: with more, the lead is one word.
const MAX: usize = 512;
/// The words a lead has at most.
const WORDS: usize = 2;
/// How deep classes and groups may nest before a pattern goes without
/// leads (the matcher then takes anchors from its regex).
const DEPTH: usize = 12;

/// The start of a match: `words` words as they appear in folded text;
/// `done` when they are all of the sequence they came from, so what follows
/// that sequence may extend them.
#[derive(Clone, Debug)]
pub(super) struct Lead {
    text: String,
    words: usize,
    done: bool,
}

/// A sequence has more than [`MAX`] leads.
#[derive(Clone, Copy, Debug)]
pub(super) struct TooMany;

/// A class's leads, one word and two words long.
pub(super) type Memo = [OnceLock<Result<Option<Vec<Lead>>, TooMany>>; WORDS];

/// The leads of a pattern's `alternatives` (folded dialect only), two
/// words long where few enough, else one; `None` where a match may start
/// with something other than a word.
pub(super) fn leads(alternatives: &[Vec<Elem>], classes: &Classes) -> Option<Vec<String>> {
    'words: for words in (1..=WORDS).rev() {
        let mut out: Vec<String> = Vec::new();
        for seq in alternatives {
            match starts(&pieces(seq), 0, words, classes, 0) {
                Ok(Some(leads)) if leads.iter().all(|l| l.words > 0) => {
                    out.extend(leads.into_iter().map(|l| l.text));
                }
                Err(TooMany) => continue 'words,
                _ => return None,
            }
        }
        out.sort_unstable();
        out.dedup();
        if out.len() <= MAX {
            return Some(out);
        }
    }
    None
}

/// One element of a sequence as the regex sees it.
enum Piece<'e> {
    Elem(&'e Elem),
    /// Two plain words with a fused spelling: ("going", "to", "gonna").
    Fused(&'e Elem, &'e str, &'e str, &'static str),
}

impl Piece<'_> {
    /// The element that decides the joins on either side (for a fused
    /// pair, its first word, as in [`super::sequence`]).
    fn elem(&self) -> &Elem {
        match self {
            Piece::Elem(elem) | Piece::Fused(elem, ..) => elem,
        }
    }
}

/// `seq` as the regex sees it: two plain words with a fused spelling
/// ("going to", "gonna") are one piece.
fn pieces(seq: &[Elem]) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < seq.len() {
        if let Some((a, b, fused)) = fused_at(seq, i) {
            out.push(Piece::Fused(&seq[i], a, b, fused));
            i += 2;
            continue;
        }
        out.push(Piece::Elem(&seq[i]));
        i += 1;
    }
    out
}

/// The leads, up to `words` words, of `pieces[i..]`; `Ok(None)` when it may
/// start with something other than a word.
fn starts(
    pieces: &[Piece],
    i: usize,
    words: usize,
    classes: &Classes,
    depth: usize,
) -> Result<Option<Vec<Lead>>, TooMany> {
    let Some(piece) = pieces.get(i) else {
        return Ok(Some(vec![Lead {
            text: String::new(),
            words: 0,
            done: true,
        }]));
    };
    let Some(own) = piece_leads(piece, words, classes, depth)? else {
        return Ok(None);
    };
    // The leads of what follows, by how many words they may have: worked
    // out once, not once for each of this piece's leads (a class has
    // hundreds).
    let mut rests = Rests {
        pieces,
        next: i + 1,
        classes,
        depth,
        by_words: Default::default(),
    };
    let mut out = Vec::new();
    for lead in own {
        if !lead.done {
            out.push(lead);
            continue;
        }
        let Some(next) = pieces.get(i + 1) else {
            out.push(lead);
            continue;
        };
        // Only a plain join (a space, or a comma and a space) is spelled
        // out; anything else ends the lead here.
        let rest = if lead.words < words && plain(piece.elem(), next.elem()) {
            rests.get(words - lead.words)?
        } else {
            None
        };
        match rest {
            Some(rest) => {
                for tail in rest {
                    if tail.words == 0 {
                        // What follows was optional and is left out.
                        out.push(lead.clone());
                        continue;
                    }
                    for sep in [" ", ", "] {
                        out.push(Lead {
                            text: joined(&lead.text, sep, &tail.text),
                            words: lead.words + tail.words,
                            done: tail.done,
                        });
                    }
                }
            }
            None => out.push(Lead {
                done: false,
                ..lead
            }),
        }
        // Too many already, and only more to come: a required piece can
        // end no other way (an optional one may yet have no leads at all).
        if out.len() > MAX && !piece.elem().optional {
            return Err(TooMany);
        }
    }
    if piece.elem().optional {
        // Skipped, the piece leaves the join between it and the next one.
        let skip = match pieces.get(i + 1) {
            Some(next) if plain(piece.elem(), next.elem()) => rests.get(words)?,
            Some(_) => None,
            None => rests.get(words)?,
        };
        match skip {
            Some(skip) => out.extend_from_slice(skip),
            None => return Ok(None),
        }
    }
    if out.len() > MAX {
        return Err(TooMany);
    }
    Ok(Some(out))
}

/// The leads of `pieces[next..]`, each number of words worked out once.
struct Rests<'a, 'e> {
    pieces: &'a [Piece<'e>],
    next: usize,
    classes: &'a Classes,
    depth: usize,
    by_words: [Option<Option<Vec<Lead>>>; WORDS + 1],
}

impl Rests<'_, '_> {
    fn get(&mut self, words: usize) -> Result<Option<&[Lead]>, TooMany> {
        if self.by_words[words].is_none() {
            let found = starts(self.pieces, self.next, words, self.classes, self.depth)?;
            self.by_words[words] = Some(found);
        }
        Ok(self.by_words[words].as_ref().and_then(Option::as_deref))
    }
}

/// Is what joins `before` and `after` a space, or a comma and a space?
fn plain(before: &Elem, after: &Elem) -> bool {
    join(before, after, Dialect::Folded) == Dialect::Folded.join()
}

/// The leads of one piece, as if nothing followed it.
fn piece_leads(
    piece: &Piece,
    words: usize,
    classes: &Classes,
    depth: usize,
) -> Result<Option<Vec<Lead>>, TooMany> {
    if depth > DEPTH {
        return Ok(None);
    }
    let piece = match piece {
        Piece::Elem(elem) => elem,
        Piece::Fused(_, a, b, fused) => {
            let mut out = word_leads(fused, false, words);
            for first in word_leads(a, false, words) {
                if first.words == words {
                    out.push(Lead {
                        done: false,
                        ..first
                    });
                    continue;
                }
                for second in word_leads(b, false, words - first.words) {
                    for sep in [" ", ", "] {
                        out.push(Lead {
                            text: joined(&first.text, sep, &second.text),
                            words: first.words + second.words,
                            done: second.done,
                        });
                    }
                }
            }
            return Ok(Some(out));
        }
    };
    match &piece.node {
        Node::Word { caps: true, .. } | Node::Any | Node::Gap(_) | Node::Punct(_) => Ok(None),
        Node::Word { folded, forms, .. } => Ok(Some(word_leads(folded, *forms, words))),
        Node::Group(alternatives) => alternatives_leads(alternatives, words, classes, depth),
        Node::Class(name) => {
            let Some(class) = classes.class(name) else {
                return Ok(None);
            };
            class.leads[words - 1]
                .get_or_init(|| {
                    let mut all = Vec::new();
                    for entry in &class.entries {
                        let Ok(alternatives) = parse(entry) else {
                            return Ok(None);
                        };
                        all.extend(alternatives);
                    }
                    alternatives_leads(&all, words, classes, depth)
                })
                .clone()
        }
    }
}

/// The leads of a group's (or class's) alternatives.
fn alternatives_leads(
    alternatives: &[Vec<Elem>],
    words: usize,
    classes: &Classes,
    depth: usize,
) -> Result<Option<Vec<Lead>>, TooMany> {
    let mut out = Vec::new();
    for seq in alternatives {
        match starts(&pieces(seq), 0, words, classes, depth + 1)? {
            Some(leads) if leads.iter().all(|l| l.words > 0) => out.extend(leads),
            _ => return Ok(None),
        }
        if out.len() > MAX {
            return Err(TooMany);
        }
    }
    Ok(Some(out))
}

/// The ways a word (folded) is typed (as [`super::word`] matches them),
/// cut to `words` words.
fn word_leads(folded: &str, forms: bool, words: usize) -> Vec<Lead> {
    thread_local! {
        static KNOWN: RefCell<HashMap<(String, bool, usize), Vec<Lead>>> = RefCell::default();
    }
    let key = (folded.to_string(), forms, words);
    memoised(&KNOWN, key, || spelled_leads(folded, forms, words))
}

/// [`word_leads`], worked out.
fn spelled_leads(folded: &str, forms: bool, words: usize) -> Vec<Lead> {
    let bases = if forms {
        forms::of(folded)
    } else {
        vec![folded.to_string()]
    };
    let mut out: Vec<Lead> = Vec::new();
    for base in bases {
        for variant in spelling::variants(&base) {
            let all: Vec<&str> = variant.split(' ').collect();
            let kept = &all[..all.len().min(words)];
            for text in without_apostrophes(&kept.join(" ")) {
                out.push(Lead {
                    text,
                    words: kept.len(),
                    done: kept.len() == all.len(),
                });
            }
        }
    }
    out
}

/// `first`, `sep` and `second` in one string (quicker than `format!`).
fn joined(first: &str, sep: &str, second: &str) -> String {
    let mut text = String::with_capacity(first.len() + sep.len() + second.len());
    text.push_str(first);
    text.push_str(sep);
    text.push_str(second);
    text
}

/// `text` with each of its apostrophes kept or left out: the regex takes
/// "dont" for "don't".
fn without_apostrophes(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in text.chars() {
        if c == '\'' && out.len() < 8 {
            let dropped = out.clone();
            out.iter_mut().for_each(|s| s.push(c));
            out.extend(dropped);
        } else {
            out.iter_mut().for_each(|s| s.push(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads_of(pattern: &str, classes: &Classes) -> Option<Vec<String>> {
        let alternatives = parse(pattern).unwrap();
        leads(&alternatives, classes)
    }

    #[test]
    fn two_words_in_every_spelling() {
        let none = Classes::default();
        let found = leads_of("you never listen~", &none).unwrap();
        for lead in ["you never", "you, never", "u never", "ya, never"] {
            assert!(found.contains(&lead.to_string()), "{lead}: {found:?}");
        }
        let found = leads_of("really? don't go", &none).unwrap();
        for lead in [
            "really don't",
            "really dont",
            "don't go",
            "do not",
            "dont go",
        ] {
            assert!(found.contains(&lead.to_string()), "{lead}: {found:?}");
        }
        let found = leads_of("i'm going to leave", &none).unwrap();
        for lead in ["i'm going", "im gonna", "i am", "i'm, gonna"] {
            assert!(found.contains(&lead.to_string()), "{lead}: {found:?}");
        }
    }

    #[test]
    fn classes_and_groups_give_their_entries() {
        let classes = Classes::parse_str(r#"contact = ["call~", "write~ back"]"#).unwrap();
        let found = leads_of("(please|pls)? @contact me", &classes).unwrap();
        assert!(!found.iter().any(|l| l.ends_with(' ')), "{found:?}");
        for lead in [
            "please call",
            "pls, wrote",
            "call me",
            "write back",
            "writes back",
        ] {
            assert!(found.contains(&lead.to_string()), "{lead}: {found:?}");
        }
    }

    #[test]
    fn optional_ends_leave_the_lead_to_what_follows() {
        let classes = Classes::parse_str(r#"reply = ["(reply|respond) (me|to me)?"]"#).unwrap();
        let found = leads_of("@reply (asap|promptly)", &classes).unwrap();
        for lead in ["respond promptly", "reply, asap", "respond me", "reply to"] {
            assert!(found.contains(&lead.to_string()), "{lead}: {found:?}");
        }
        assert!(!found.iter().any(|l| l.ends_with(' ')), "{found:?}");
    }

    #[test]
    fn no_leads_where_a_match_may_start_otherwise() {
        let none = Classes::default();
        assert_eq!(leads_of("_ never", &none), None);
        assert_eq!(leads_of("(. |now) stop", &none), None);
        // Punctuation after the first word ends the lead there.
        assert_eq!(leads_of("stop !", &none).unwrap(), ["stop"]);
    }
}

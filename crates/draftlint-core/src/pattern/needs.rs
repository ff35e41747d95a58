//! The words a pattern's matches cannot do without, for the matcher to
//! check before it runs the pattern's regex.
//!
//! Hundreds of patterns begin with the same common words ("i'm", "you
//! never"), so finding a pattern by its [leads](super::leads) leaves most
//! of them to be tried at most places. But a pattern also *needs* words
//! further in: `you never listen~` cannot match in a sentence without one of
//! listen, listens, listened, listening. A pattern's needs are such sets of
//! words, one per element that every match contains; where a lead occurs,
//! the matcher runs the regex only if a word of each set occurs after it
//! (in the same sentence, for a pattern that cannot cross one).
//!
//! Needs are a necessary condition, never a sufficient one: each set holds
//! every way the element can be typed (forms, spellings, contractions, class
//! entries), and an element whose words cannot be listed (`_`, a gap, a
//! contraction's end such as `'re`) adds no set. The regex decides.

use std::cell::RefCell;
use std::sync::OnceLock;

use foldhash::HashMap;

use super::{Classes, Elem, Node, forms, fused_at, is_clitic, memoised, parse, spelling};

/// How deep classes and groups may nest before an element goes without a
/// set.
const DEPTH: usize = 12;

/// What every match of a pattern needs: for one of `any_of` (its top-level
/// alternatives), a word of every set. Words are keys (see [`key`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// For each top-level alternative, its sets of words: a match of it has a
    /// word of every set.
    pub any_of: Vec<Vec<Vec<String>>>,
    /// How far a match may reach.
    pub reach: Reach,
}

/// How far a match may reach: how many of `.`, `!`, `?`, `;` and `:` it may
/// contain (the pattern has them), and how many words (`_` is one word, a
/// gap of 3 three, "do not" for "don't" two).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// How many of `.`, `!`, `?`, `;` and `:` a match may contain (`u8::MAX`: any).
    pub stops: u8,
    /// How many words a match may have (`u16::MAX`: any).
    pub words: u16,
}

impl Reach {
    /// What cannot be bounded.
    const ANY: Reach = Reach {
        stops: u8::MAX,
        words: u16::MAX,
    };

    /// One part after the other.
    fn then(self, next: Reach) -> Reach {
        Reach {
            stops: self.stops.saturating_add(next.stops),
            words: self.words.saturating_add(next.words),
        }
    }

    /// One part or the other.
    fn or(self, other: Reach) -> Reach {
        Reach {
            stops: self.stops.max(other.stops),
            words: self.words.max(other.words),
        }
    }

    fn words(words: usize) -> Reach {
        Reach {
            stops: 0,
            words: u16::try_from(words).unwrap_or(u16::MAX),
        }
    }
}

/// What an element needs: a set of words, one of which every match of it
/// has (`None`: none that can be listed), and how far it reaches.
type Element = (Option<Vec<String>>, Reach);

/// A class's needs: the words one of its entries needs (`None` if some
/// entry needs nothing that can be listed), and how far an entry reaches.
pub(super) type Memo = OnceLock<Element>;

/// The needs of a pattern's `alternatives`.
pub(super) fn needs(alternatives: &[Vec<Elem>], classes: &Classes) -> Needs {
    let mut reach = Reach::default();
    let any_of = alternatives
        .iter()
        .map(|seq| {
            let (sets, far) = sequence(seq, classes, 0);
            reach = reach.or(far);
            sets
        })
        .collect();
    Needs { any_of, reach }
}

/// A word as the matcher compares it: folded, without apostrophes (the
/// regexes take "dont" for "don't").
pub fn key(word: &str) -> String {
    word.chars().filter(|&c| c != '\'' && c != '’').collect()
}

/// The sets of the required elements of `seq`, and how far it reaches.
fn sequence(seq: &[Elem], classes: &Classes, depth: usize) -> (Vec<Vec<String>>, Reach) {
    let mut sets = Vec::new();
    let mut reach = Reach::default();
    let mut i = 0;
    while i < seq.len() {
        let elem = &seq[i];
        // "going to" may be typed "gonna": either word's set takes it.
        if let Some((a, b, fused)) = fused_at(seq, i) {
            for word in [a, b] {
                if let (Some(mut set), _) = word_needs(word, false) {
                    set.push(key(fused));
                    sets.push(set);
                }
            }
            reach = reach.then(Reach::words(2));
            i += 2;
            continue;
        }
        let (set, far) = element(elem, classes, depth);
        reach = reach.then(far);
        if !elem.optional
            && let Some(set) = set
        {
            sets.push(set);
        }
        i += 1;
    }
    for set in &mut sets {
        set.sort_unstable();
        set.dedup();
    }
    (sets, reach)
}

/// The words one element needs (`None`: none that can be listed), and how
/// far it reaches.
fn element(elem: &Elem, classes: &Classes, depth: usize) -> Element {
    if depth > DEPTH {
        return (None, Reach::ANY);
    }
    match &elem.node {
        Node::Word { folded, forms, .. } => word_needs(folded, *forms),
        Node::Any => (None, Reach::words(1)),
        Node::Gap(words) => (None, Reach::words(usize::from(*words))),
        Node::Punct(c) => (
            None,
            Reach {
                stops: u8::from(*c != ','),
                words: 0,
            },
        ),
        Node::Group(alternatives) => either(alternatives, classes, depth),
        Node::Class(name) => match classes.class(name) {
            Some(class) => class
                .needs
                .get_or_init(|| {
                    let mut all = Vec::new();
                    for entry in &class.entries {
                        let parsed = parse(entry);
                        match parsed {
                            Ok(alternatives) => all.extend(alternatives),
                            Err(_) => return (None, Reach::ANY),
                        }
                    }
                    either(&all, classes, depth)
                })
                .clone(),
            None => (None, Reach::ANY),
        },
    }
}

/// The words one of `alternatives` needs: for each, its first set, all
/// together (`None` if one of them has none).
fn either(alternatives: &[Vec<Elem>], classes: &Classes, depth: usize) -> Element {
    let mut all = Some(Vec::new());
    let mut reach = Reach::default();
    for seq in alternatives {
        let (sets, far) = sequence(seq, classes, depth + 1);
        reach = reach.or(far);
        match (sets.into_iter().next(), &mut all) {
            (Some(first), Some(all)) => all.extend(first),
            _ => all = None,
        }
    }
    (all, reach)
}

/// The words a word (folded) needs, and how far it reaches.
fn word_needs(folded: &str, forms: bool) -> Element {
    thread_local! {
        static KNOWN: RefCell<HashMap<(String, bool), Element>> = RefCell::default();
    }
    memoised(&KNOWN, (folded.to_string(), forms), || {
        let all = spellings(folded, forms);
        (word_set(&all), Reach::words(most_words(&all)))
    })
}

/// Every way `folded` is typed, with its forms when `forms`.
fn spellings(folded: &str, forms: bool) -> Vec<String> {
    let bases = if forms {
        forms::of(folded)
    } else {
        vec![folded.to_string()]
    };
    bases
        .iter()
        .flat_map(|base| spelling::variants(base))
        .collect()
}

/// The most words one of `spellings` has ("do not" for "don't": two).
fn most_words(spellings: &[String]) -> usize {
    spellings
        .iter()
        .map(|variant| variant.split(' ').count())
        .max()
        .unwrap_or(1)
}

/// The keys of `spellings`, by the first word of each; `None` when one
/// starts with an apostrophe (the end of a contraction, joined to the word
/// before).
fn word_set(spellings: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for variant in spellings {
        let first = variant.split(' ').next().unwrap_or_default();
        if first.is_empty() || first.starts_with('\'') || is_clitic(first) {
            return None;
        }
        out.push(key(first));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs_of(pattern: &str, classes: &Classes) -> Needs {
        let alternatives = parse(pattern).unwrap();
        needs(&alternatives, classes)
    }

    #[test]
    fn every_required_word_in_every_spelling() {
        let none = Classes::default();
        let found = needs_of("you never (really)? listen~ _ me", &none);
        assert_eq!(found.reach, Reach::words(6), "{found:?}");
        let sets = &found.any_of[0];
        assert_eq!(sets.len(), 4, "{sets:?}");
        assert!(sets[0].contains(&"u".to_string()), "{sets:?}");
        assert!(sets[2].contains(&"listened".to_string()), "{sets:?}");
        let found = needs_of("i don't ... going to stop", &none);
        let sets = &found.any_of[0];
        assert!(sets[1].contains(&"dont".to_string()) && sets[1].contains(&"do".to_string()));
        assert!(sets[2].contains(&"gonna".to_string()), "{sets:?}");
    }

    #[test]
    fn groups_and_classes_need_one_of_their_entries() {
        let classes = Classes::parse_str(r#"contact = ["call~", "write~ back", "_"]"#).unwrap();
        let found = needs_of("(please|pls) answer", &Classes::default());
        assert_eq!(found.any_of[0][0], ["please", "pls", "plse", "plz"]);
        // An entry that needs no listed word leaves the class without a set.
        let found = needs_of("@contact now", &classes);
        assert_eq!(found.any_of[0], [vec!["now".to_string()]]);
        let found = needs_of("you (are|'re) late ! why (.|!)", &Classes::default());
        assert_eq!(found.reach.stops, 2);
        assert_eq!(found.any_of[0].len(), 3, "{found:?}");
    }
}

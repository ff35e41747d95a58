//! Every phrase and regex of every rule, compiled once, scanned in one pass.
//!
//! Phrases from all rules go into one Aho-Corasick automaton that runs over
//! the draft's folded body (see [`crate::text`]) with overlapping matches, so
//! two rules that share words both see them.
//!
//! Regexes join the same pass through their *anchors*: the literal prefixes
//! every match must start with (`\byou never (?:really )?listen` starts with
//! "you never "), extracted with `regex-syntax` and folded like phrases. Only
//! where an anchor occurs is the regex itself run, anchored at that spot. A
//! regex without usable anchors (`!{2,}` has one; `(?-i)\b[A-Z]{4,}` has
//! none) goes into one multi-pattern pass with the other unanchored ones.
//!
//! One big multi-pattern regex over every rule was the first design: with
//! dozens of case-insensitive patterns its lazy DFA thrashed and fell back to
//! the slow NFA on ordinary chat text. Anchors keep the cost near that of
//! the phrase scan, however many regexes there are, and regexes are compiled
//! only when their anchor first occurs, which keeps start-up quick.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, PatternSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};

use crate::draft::Draft;
use crate::error::Error;
use crate::rule::{Kind, Pattern, Rule};
use crate::text::{fold, fold_phrase, is_spaced_word_char};

/// What a pattern is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An `[[avoid]]` entry (its index).
    Avoid(usize),
    /// A phrase or regex that satisfies a `require` rule.
    Require,
    /// An occurrence that does not count for a `require` rule.
    Except,
}

/// The rule (index into the linter's rules) and role of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    pub rule: usize,
    pub role: Role,
}

/// A match: whose, and where (byte span in the original text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub owner: Owner,
    pub span: Range<usize>,
    /// The regex that matched, for expanding `$1` in replacements.
    pub regex: Option<usize>,
}

/// What an Aho-Corasick pattern stands for.
#[derive(Clone, Copy, Debug)]
enum Target {
    Phrase {
        owner: Owner,
        word_start: bool,
        word_end: bool,
    },
    /// A literal prefix of regex number `regex`; `word_start` when the
    /// regex begins with `\b`, so an anchor inside a word is no candidate.
    Anchor { regex: usize, word_start: bool },
}

/// A rule regex, compiled on first use.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    owner: Owner,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                Regex::builder()
                    .syntax(syntax::Config::new().case_insensitive(true))
                    .build(&self.pattern)
                    .ok()
            })
            .as_ref()
    }
}

/// The compiled patterns of a rule set.
#[derive(Debug, Default)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    targets: Vec<Target>,
    regexes: Vec<LazyRegex>,
    /// Regexes without anchors, scanned together; `unanchored[i]` is the
    /// index into `regexes` of the set's pattern `i`.
    set: Option<Regex>,
    unanchored: Vec<usize>,
}

/// Does every match of `pattern` start with a word-boundary assertion?
fn starts_at_word_boundary(pattern: &str) -> bool {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
        return false;
    };
    let mut first = &hir;
    loop {
        match first.kind() {
            HirKind::Concat(subs) if !subs.is_empty() => first = &subs[0],
            HirKind::Capture(cap) => first = &cap.sub,
            HirKind::Look(look) => {
                return matches!(
                    look,
                    Look::WordAscii
                        | Look::WordUnicode
                        | Look::WordStartAscii
                        | Look::WordStartUnicode
                        | Look::WordStartHalfAscii
                        | Look::WordStartHalfUnicode
                );
            }
            _ => return false,
        }
    }
}

/// `hir` without its word-boundary assertions: a superset of its matches.
/// The unanchored set only says which regexes may match; without `\b` its
/// DFA never has to give up on non-ASCII text (Unicode word boundaries make
/// the lazy DFA quit there and fall back to the slow NFA for the whole
/// draft). The regexes it names then run in full.
fn without_word_boundaries(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look)
            if !matches!(
                look,
                Look::Start
                    | Look::End
                    | Look::StartLF
                    | Look::EndLF
                    | Look::StartCRLF
                    | Look::EndCRLF
            ) =>
        {
            Hir::empty()
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(without_word_boundaries(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(without_word_boundaries(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_word_boundaries).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_word_boundaries).collect())
        }
        _ => hir.clone(),
    }
}

/// The literal prefixes, folded, that every match of `pattern` starts with;
/// `None` when there is no short, selective list of them.
fn anchors(pattern: &str) -> Option<Vec<String>> {
    // Parsed case-sensitively: the literals are folded to lower case anyway,
    // and all their case variants would only crowd the extractor's limits.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(1024);
    let seq = extractor.extract(&hir);
    let mut out: Vec<String> = Vec::new();
    for literal in seq.literals()? {
        // A literal cut by the extractor's limits may end inside a
        // character: keep its whole characters.
        let bytes = literal.as_bytes();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        let folded = fold(text).text;
        // Too short to be selective, or starting with white space (which
        // folding collapses, so the spot found could be off by a space).
        if folded.chars().count() < 2 || folded.starts_with(' ') {
            return None;
        }
        out.push(folded);
    }
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= 1024).then_some(out)
}

impl Matcher {
    /// Compiles the patterns of `rules` (indices are positions in `rules`).
    pub fn new(rules: &[Rule]) -> Result<Matcher, Error> {
        let mut literals: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut regexes = Vec::new();
        let mut unanchored = Vec::new();
        let mut add_phrase = |phrase: &str, owner: Owner, literals: &mut Vec<String>| {
            let folded = fold_phrase(phrase);
            targets.push(Target::Phrase {
                owner,
                word_start: folded.chars().next().is_some_and(is_spaced_word_char),
                word_end: folded.chars().next_back().is_some_and(is_spaced_word_char),
            });
            literals.push(folded);
        };
        let mut regex_targets = Vec::new();
        let mut add_regex = |pattern: &str, owner: Owner, literals: &mut Vec<String>| {
            let index = regexes.len();
            regexes.push(LazyRegex {
                pattern: pattern.to_string(),
                owner,
                compiled: OnceLock::new(),
            });
            match anchors(pattern) {
                Some(found) => {
                    let word_start = starts_at_word_boundary(pattern);
                    for anchor in found {
                        regex_targets.push((literals.len(), index, word_start));
                        literals.push(anchor);
                    }
                }
                None => unanchored.push(index),
            }
        };
        for (index, rule) in rules.iter().enumerate() {
            let owner = |role| Owner { rule: index, role };
            match &rule.kind {
                Kind::Avoid(entries) => {
                    for (i, entry) in entries.iter().enumerate() {
                        match &entry.pattern {
                            Pattern::Phrases(list) => {
                                for p in list {
                                    add_phrase(p, owner(Role::Avoid(i)), &mut literals);
                                }
                            }
                            Pattern::Regex(r) => add_regex(r, owner(Role::Avoid(i)), &mut literals),
                        }
                    }
                }
                Kind::Require(req) => {
                    for p in &req.phrases {
                        add_phrase(p, owner(Role::Require), &mut literals);
                    }
                    for p in &req.except {
                        add_phrase(p, owner(Role::Except), &mut literals);
                    }
                    for r in &req.regexes {
                        add_regex(r, owner(Role::Require), &mut literals);
                    }
                    for r in &req.except_regexes {
                        add_regex(r, owner(Role::Except), &mut literals);
                    }
                }
                Kind::Limit(_) | Kind::Cooldown(_) => {}
            }
        }
        // Phrases and anchors were pushed in one order; line the targets up
        // with the literals.
        let mut all_targets = Vec::with_capacity(literals.len());
        let mut phrase_targets = targets.into_iter();
        let mut anchor_at = regex_targets.into_iter().peekable();
        for i in 0..literals.len() {
            match anchor_at.peek() {
                Some(&(at, regex, word_start)) if at == i => {
                    all_targets.push(Target::Anchor { regex, word_start });
                    anchor_at.next();
                }
                _ => all_targets.extend(phrase_targets.next()),
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    // A full DFA: the fastest overlapping search, and the
                    // patterns of even a large rule set fit comfortably.
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&literals)
                    .map_err(|e| Error::Other(format!("cannot compile phrases: {e}")))?,
            )
        };
        let set = if unanchored.is_empty() {
            None
        } else {
            let mut hirs = Vec::new();
            for &i in &unanchored {
                let hir = regex_syntax::ParserBuilder::new()
                    .case_insensitive(true)
                    .build()
                    .parse(&regexes[i].pattern)
                    .map_err(|e| Error::Other(format!("bad regex: {e}")))?;
                hirs.push(without_word_boundaries(&hir));
            }
            Some(
                Regex::builder()
                    .configure(Regex::config().match_kind(regex_automata::MatchKind::All))
                    .build_many_from_hir(&hirs)
                    .map_err(|e| Error::Other(format!("cannot compile regexes: {e}")))?,
            )
        };
        Ok(Matcher {
            automaton,
            targets: all_targets,
            regexes,
            set,
            unanchored,
        })
    }

    /// Expands `replacement` (`$1`, `${name}`) with the captures of regex
    /// `index` matching at `span` of `haystack`.
    pub fn expand(
        &self,
        index: usize,
        haystack: &str,
        span: &Range<usize>,
        replacement: &str,
    ) -> Option<String> {
        let regex = self.regexes.get(index)?.get()?;
        let mut caps = regex.create_captures();
        let input = Input::new(haystack)
            .span(span.start..haystack.len())
            .anchored(Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        let mut out = String::new();
        caps.is_match()
            .then(|| caps.interpolate_string_into(haystack, replacement, &mut out))?;
        Some(out)
    }

    /// Appends every match in `draft`'s body to `hits`.
    pub fn scan(&self, draft: &Draft, hits: &mut Vec<Hit>) {
        let base = draft.body_range().start;
        let body = draft.body();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.automaton {
            let folded = draft.folded();
            let text = folded.text.as_str();
            for m in ac.find_overlapping_iter(text) {
                match self.targets[m.pattern().as_usize()] {
                    Target::Phrase {
                        owner,
                        word_start,
                        word_end,
                    } => {
                        if word_start
                            && text[..m.start()]
                                .chars()
                                .next_back()
                                .is_some_and(is_spaced_word_char)
                        {
                            continue;
                        }
                        if word_end
                            && text[m.end()..]
                                .chars()
                                .next()
                                .is_some_and(is_spaced_word_char)
                        {
                            continue;
                        }
                        hits.push(Hit {
                            owner,
                            span: base + folded.original(m.start())
                                ..base + folded.original(m.end()),
                            regex: None,
                        });
                    }
                    Target::Anchor { regex, word_start } => {
                        // `\b` before a word character needs a non-word
                        // character (or nothing) before it.
                        if word_start
                            && text[m.start()..]
                                .chars()
                                .next()
                                .is_some_and(is_spaced_word_char)
                            && text[..m.start()]
                                .chars()
                                .next_back()
                                .is_some_and(is_spaced_word_char)
                        {
                            continue;
                        }
                        candidates.push((regex, base + folded.original(m.start())));
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for (index, at) in candidates {
            let pattern = &self.regexes[index];
            let Some(regex) = pattern.get() else { continue };
            let input = Input::new(body)
                .span(at..body.len())
                .anchored(Anchored::Yes);
            if let Some(m) = regex.search(&input)
                && !m.is_empty()
            {
                hits.push(Hit {
                    owner: pattern.owner,
                    span: m.range(),
                    regex: Some(index),
                });
            }
        }
        if let Some(set) = &self.set {
            let mut may_match = PatternSet::new(set.pattern_len());
            set.which_overlapping_matches(&Input::new(&body[base..]), &mut may_match);
            for i in may_match.iter() {
                let index = self.unanchored[i.as_usize()];
                let pattern = &self.regexes[index];
                let Some(regex) = pattern.get() else { continue };
                let input = Input::new(body).span(base..body.len());
                for m in regex.find_iter(input) {
                    if !m.is_empty() {
                        hits.push(Hit {
                            owner: pattern.owner,
                            span: m.range(),
                            regex: Some(index),
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_folded_prefixes() {
        assert_eq!(
            anchors(r"\byou (?:never|don['’]t) listen").unwrap(),
            ["you don't listen", "you never listen"]
        );
        assert_eq!(anchors("!{2,}").unwrap(), ["!!"]);
        assert!(anchors(r"(?-i)\b[A-Z]{4,}\b").is_none());
        assert!(anchors(r"\w+ing").is_none());
    }
}

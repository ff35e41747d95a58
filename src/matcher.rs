//! Every phrase and regex of every rule, compiled once, scanned in one pass.
//!
//! Phrases from all rules go into one Aho-Corasick automaton that runs over
//! the draft's folded body (see [`crate::text`]) with overlapping matches, so
//! two rules that share words both see them. Regexes from all rules go into
//! one [`RegexSet`]; only the patterns the set reports are then run on their
//! own to find positions. A draft is read once however many rules there are.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexSet};

use crate::draft::Draft;
use crate::error::Error;
use crate::rule::file::compile_regex;
use crate::rule::{Kind, Pattern, Rule};
use crate::text::{fold_phrase, is_spaced_word_char};

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

#[derive(Clone, Copy, Debug)]
struct PhraseInfo {
    owner: Owner,
    word_start: bool,
    word_end: bool,
}

/// The compiled patterns of a rule set.
#[derive(Debug, Default)]
pub struct Matcher {
    phrases: Option<AhoCorasick>,
    phrase_info: Vec<PhraseInfo>,
    set: Option<RegexSet>,
    regexes: Vec<(Regex, Owner)>,
}

impl Matcher {
    /// Compiles the patterns of `rules` (indices are positions in `rules`).
    pub fn new(rules: &[Rule]) -> Result<Matcher, Error> {
        let mut phrases: Vec<String> = Vec::new();
        let mut phrase_info = Vec::new();
        let mut regex_sources: Vec<String> = Vec::new();
        let mut regexes = Vec::new();
        let mut add_phrase = |phrase: &str, owner: Owner| {
            let folded = fold_phrase(phrase);
            let word_start = folded.chars().next().is_some_and(is_spaced_word_char);
            let word_end = folded.chars().next_back().is_some_and(is_spaced_word_char);
            phrase_info.push(PhraseInfo {
                owner,
                word_start,
                word_end,
            });
            phrases.push(folded);
        };
        let mut add_regex = |pattern: &str, owner: Owner| -> Result<(), Error> {
            let regex = compile_regex(pattern).map_err(Error::Other)?;
            regex_sources.push(format!("(?i:{pattern})"));
            regexes.push((regex, owner));
            Ok(())
        };
        for (index, rule) in rules.iter().enumerate() {
            let owner = |role| Owner { rule: index, role };
            match &rule.kind {
                Kind::Avoid(entries) => {
                    for (i, entry) in entries.iter().enumerate() {
                        match &entry.pattern {
                            Pattern::Phrases(list) => {
                                for p in list {
                                    add_phrase(p, owner(Role::Avoid(i)));
                                }
                            }
                            Pattern::Regex(r) => add_regex(r, owner(Role::Avoid(i)))?,
                        }
                    }
                }
                Kind::Require(req) => {
                    for p in &req.phrases {
                        add_phrase(p, owner(Role::Require));
                    }
                    for p in &req.except {
                        add_phrase(p, owner(Role::Except));
                    }
                    for r in &req.regexes {
                        add_regex(r, owner(Role::Require))?;
                    }
                    for r in &req.except_regexes {
                        add_regex(r, owner(Role::Except))?;
                    }
                }
                Kind::Limit(_) | Kind::Cooldown(_) => {}
            }
        }
        let phrases = if phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&phrases)
                    .map_err(|e| Error::Other(format!("cannot compile phrases: {e}")))?,
            )
        };
        let set = if regex_sources.is_empty() {
            None
        } else {
            Some(
                regex::RegexSetBuilder::new(&regex_sources)
                    .size_limit(64 << 20)
                    .build()
                    .map_err(|e| Error::Other(format!("cannot compile regexes: {e}")))?,
            )
        };
        Ok(Matcher {
            phrases,
            phrase_info,
            set,
            regexes,
        })
    }

    /// The regex behind [`Hit::regex`].
    pub fn regex(&self, index: usize) -> &Regex {
        &self.regexes[index].0
    }

    /// Appends every match in `draft`'s body to `hits`.
    pub fn scan(&self, draft: &Draft, hits: &mut Vec<Hit>) {
        let base = draft.body_range().start;
        if let Some(ac) = &self.phrases {
            let folded = draft.folded();
            let text = folded.text.as_str();
            for m in ac.find_overlapping_iter(text) {
                let info = self.phrase_info[m.pattern().as_usize()];
                if info.word_start
                    && text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(is_spaced_word_char)
                {
                    continue;
                }
                if info.word_end
                    && text[m.end()..]
                        .chars()
                        .next()
                        .is_some_and(is_spaced_word_char)
                {
                    continue;
                }
                hits.push(Hit {
                    owner: info.owner,
                    span: base + folded.original(m.start())..base + folded.original(m.end()),
                    regex: None,
                });
            }
        }
        if let Some(set) = &self.set {
            let body = &draft.body()[base..];
            for index in set.matches(body).iter() {
                let (regex, owner) = &self.regexes[index];
                for m in regex.find_iter(body) {
                    if !m.is_empty() {
                        hits.push(Hit {
                            owner: *owner,
                            span: base + m.start()..base + m.end(),
                            regex: Some(index),
                        });
                    }
                }
            }
        }
    }
}

//! A rule's regex (written as a regex, or compiled from a word pattern),
//! built once, with a size limit.
//!
//! A rule file is untrusted input: `\w{1000}{1000}` would take gigabytes to
//! compile. Every regex is built with [`NFA_LIMIT`], and one that exceeds it
//! or does not compile is refused where the rule file is read, with its
//! position. The compiled regex is kept here, so the matcher and every
//! later use share the one build.
//!
//! Most searches are anchored: the matcher knows where a match must start
//! (see [`crate::matcher`]) and needs only where it ends. For those,
//! [`Expr::match_at`] runs a forward lazy DFA alone: no reverse program, no
//! backtracker or one-pass tables to build and keep. The full regex is
//! built only for what needs more (captures, unanchored searches, and text
//! the DFA gives up on).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::DFA;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

use crate::pooled::Pooled;

/// The most memory one regex's compiled program (NFA) may take. The largest
/// in the built-in pack takes about a tenth of it.
pub const NFA_LIMIT: usize = 4 << 20;

/// Which text a regex runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Haystack {
    /// The draft as written; matched case-insensitively unless the regex
    /// says `(?-i)`.
    Original,
    /// The folded draft (lower case, straight quotes, one space for white
    /// space): word patterns compile to regexes over it.
    Folded,
}

impl Haystack {
    /// How a regex over this text is parsed: case-insensitive over the draft
    /// as written; as written over the folded text, which is lower case
    /// already (folding the case of its classes would only cost time).
    pub fn syntax(self) -> syntax::Config {
        syntax::Config::new().case_insensitive(self == Haystack::Original)
    }
}

/// A regex source and its compiled form, built on first use or on
/// [`Expr::build`].
#[derive(Clone, Debug)]
pub struct Expr {
    /// The regex as written (or as compiled from a word pattern).
    pub source: Arc<str>,
    /// The text it runs over.
    pub haystack: Haystack,
    /// A regex that every match starts with a match of (a word pattern's
    /// first words): the matcher takes its literal prefixes from it.
    pub head: Option<Arc<str>>,
    /// Words every match begins with, at word boundaries (a word pattern's
    /// leads): the matcher looks for these instead of the head's prefixes.
    pub leads: Option<Arc<[String]>>,
    /// The words every match of a word pattern needs.
    pub needs: Option<Arc<crate::pattern::needs::Needs>>,
    /// A word pattern's regex with its classes parsed once, to build its
    /// automaton from.
    skeleton: Option<Arc<crate::pattern::Skeleton>>,
    compiled: Arc<OnceLock<Result<Regex, String>>>,
    /// The forward lazy DFA for anchored searches (`None`: it could not be
    /// built, and the full regex runs them).
    forward: Arc<OnceLock<Option<Pooled>>>,
}

impl Expr {
    /// A regex over `haystack`, compiled on first use.
    pub fn new(source: impl Into<Arc<str>>, haystack: Haystack) -> Expr {
        Expr {
            source: source.into(),
            haystack,
            head: None,
            leads: None,
            needs: None,
            skeleton: None,
            compiled: Arc::new(OnceLock::new()),
            forward: Arc::new(OnceLock::new()),
        }
    }

    /// A compiled word pattern: runs over the folded text, or over the
    /// draft as written when it asks for capitals.
    pub fn pattern(compiled: crate::pattern::Compiled) -> Expr {
        let haystack = match compiled.dialect {
            crate::pattern::Dialect::Folded => Haystack::Folded,
            crate::pattern::Dialect::Original => Haystack::Original,
        };
        Expr {
            head: Some(compiled.prefix.into()),
            leads: compiled.leads.map(Arc::from),
            needs: compiled.needs.map(Arc::new),
            skeleton: compiled.skeleton.map(Arc::new),
            ..Expr::new(compiled.regex, haystack)
        }
    }

    /// The compiled regex, or why it cannot be had.
    pub fn build(&self) -> Result<&Regex, &str> {
        self.compiled
            .get_or_init(|| compile(&self.source, self.haystack, self.leads.is_some()))
            .as_ref()
            .map_err(String::as_str)
    }

    /// The compiled regex (`None` if it fails, which a rule file that was
    /// read without errors never does).
    pub fn get(&self) -> Option<&Regex> {
        self.build().ok()
    }

    /// The span of the leftmost-first match that starts exactly at `start`
    /// in `haystack`, as the full regex's anchored search would find it.
    pub fn match_at(&self, haystack: &str, start: usize) -> Option<Range<usize>> {
        let input = Input::new(haystack)
            .span(start..haystack.len())
            .anchored(Anchored::Yes);
        let forward = self
            .forward
            .get_or_init(|| forward(&self.source, self.haystack, self.skeleton.as_deref()));
        if let Some(forward) = forward {
            let mut cache = forward.cache();
            // An error is the DFA giving up: with a word boundary in the
            // pattern it stops at any non-ASCII byte (its boundaries are
            // ASCII only). The full regex knows.
            if let Ok(found) = forward.dfa.try_search_fwd(&mut cache, &input) {
                return found.map(|end| start..end.offset());
            }
        }
        self.get()?.search(&input).map(|m| m.range())
    }
}

/// A forward lazy DFA of `source`, or `None` when it does not build within
/// the limits (the full regex then reports why, or runs instead).
///
/// A word pattern's skeleton, when it has one, saves parsing its classes
/// again; it stands for the same regex as `source`.
fn forward(
    source: &str,
    haystack: Haystack,
    skeleton: Option<&crate::pattern::Skeleton>,
) -> Option<Pooled> {
    let nfa_config = thompson::Config::new()
        .nfa_size_limit(Some(NFA_LIMIT))
        .which_captures(thompson::WhichCaptures::None);
    let mut builder = DFA::builder();
    builder
        .syntax(haystack.syntax())
        .thompson(nfa_config.clone())
        .configure(DFA::config().unicode_word_boundary(true));
    let dfa = match skeleton.and_then(crate::pattern::Skeleton::hir) {
        Some(hir) => {
            let nfa = thompson::Compiler::new()
                .configure(nfa_config)
                .build_from_hir(&hir)
                .ok()?;
            builder.build_from_nfa(nfa).ok()?
        }
        None => builder.build(source).ok()?,
    };
    Some(Pooled::new(dfa))
}

/// `anchored`: the regex only ever runs anchored where its leads are, so a
/// prefilter (a literal search for where matches may start) would never be
/// used; extracting one from a pattern's spelled-out classes was most of
/// the time it took to compile.
fn compile(source: &str, haystack: Haystack, anchored: bool) -> Result<Regex, String> {
    Regex::builder()
        .syntax(haystack.syntax())
        .configure(
            Regex::config()
                .nfa_size_limit(Some(NFA_LIMIT))
                .auto_prefilter(!anchored),
        )
        .build(source)
        .map_err(|e| {
            if e.size_limit().is_some() {
                format!(
                    "regex too big: compiled it would take more than {} MiB (a repetition like {{1000}} over \\w is the usual cause)",
                    NFA_LIMIT >> 20
                )
            } else {
                format!("bad regex: {e}")
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_regexes_over_the_limit() {
        let huge = Expr::new(r"\w{1000}{1000}", Haystack::Original);
        assert!(huge.build().unwrap_err().contains("too big"));
        let fine = Expr::new(r"\byou never\b", Haystack::Original);
        assert!(fine.get().is_some());
    }
}

//! Word patterns that share a lead, tried in one run once the lead is
//! common.
//!
//! Hundreds of patterns begin with the same common words ("i'm", "you
//! never", "if you"). Where such a lead occurs, the patterns' needs (see
//! [`super::needs`]) say which of them can match there; over many drafts a
//! [`Group`] also compiles the heads of every pattern of one lead into one
//! lazy DFA that says, in a single anchored run, which of them match there
//! at all. The DFA is costly to build and keeps a cache, so it is built
//! only when its lead has occurred [`HOT`] times: a draft or two never
//! builds one, a corpus or a long editing session does. The patterns that
//! pass are then run alone, for the span of their leftmost-first match, so
//! what is found is exactly what running each one would find.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};

use crate::pooled::Pooled;

/// A group is worth its DFA from this many patterns on: with fewer, running
/// them alone costs no more.
pub const MIN: usize = 3;

/// A group's DFA is built once its lead has occurred this many times.
const HOT: u32 = 512;

/// The most memory one group's compiled program may take; a group over it
/// is not built, and its patterns run alone.
const NFA_LIMIT: usize = 16 << 20;

/// The most memory one group's lazy DFA may keep in its cache (per thread).
const CACHE: usize = 8 << 20;

/// Patterns (indices into the matcher's regexes) that share a lead.
#[derive(Debug)]
pub struct Group {
    pub regexes: Vec<usize>,
    /// Built once hot; `None` if it could not be (then every pattern runs
    /// alone).
    built: OnceLock<Option<Pooled>>,
    /// How often the lead has occurred, up to [`HOT`].
    seen: AtomicU32,
}

impl Group {
    pub fn new(regexes: Vec<usize>) -> Group {
        Group {
            regexes,
            built: OnceLock::new(),
            seen: AtomicU32::new(0),
        }
    }

    /// Has the DFA been built (or tried)?
    #[cfg(test)]
    pub fn built(&self) -> bool {
        self.built.get().is_some()
    }

    /// Counts an occurrence of the lead: has it been seen often enough for
    /// the DFA to pay?
    pub fn hot(&self) -> bool {
        if self.built.get().is_some() {
            return true;
        }
        self.seen.fetch_add(1, Ordering::Relaxed) >= HOT
    }

    /// Calls `found` with each pattern of the group that may match at `at`
    /// in `text` (the folded text): each one that matches there, or all of
    /// them when the DFA cannot tell (it gives up on a word boundary next to
    /// a non-ASCII letter). `source(i)` is the regex of pattern `i`;
    /// `matched` is scratch space with room for the largest group.
    pub fn candidates<'s>(
        &self,
        source: impl Fn(usize) -> &'s str,
        text: &str,
        at: usize,
        matched: &mut PatternSet,
        mut found: impl FnMut(usize),
    ) {
        let built = self.built.get_or_init(|| {
            let sources: Vec<&str> = self.regexes.iter().map(|&i| source(i)).collect();
            build(&sources)
        });
        let Some(built) = built else {
            self.regexes.iter().for_each(|&i| found(i));
            return;
        };
        matched.clear();
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        let mut cache = built.cache();
        if built
            .dfa
            .try_which_overlapping_matches(&mut cache, &input, matched)
            .is_err()
        {
            self.regexes.iter().for_each(|&i| found(i));
            return;
        }
        for pattern in matched.iter() {
            found(self.regexes[pattern.as_usize()]);
        }
    }
}

fn build(sources: &[&str]) -> Option<Pooled> {
    let dfa = DFA::builder()
        .thompson(
            thompson::Config::new()
                .nfa_size_limit(Some(NFA_LIMIT))
                .which_captures(thompson::WhichCaptures::None),
        )
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .unicode_word_boundary(true)
                // The largest groups (hundreds of patterns after "i") need
                // more than the default; the cache grows only as used.
                .cache_capacity(CACHE)
                .skip_cache_capacity_check(true),
        )
        .build_many(sources)
        .ok()?;
    Some(Pooled::new(dfa))
}

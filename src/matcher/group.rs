//! Word patterns that share a lead, tried in one run.
//!
//! Hundreds of patterns begin with the same common words ("i'm", "you
//! never", "if you"), so where such a lead occurs, running each pattern's
//! regex in turn was most of the time a draft took to lint. A [`Group`]
//! compiles every pattern of one lead into one lazy DFA that says, in a
//! single anchored run, which of them match there at all. Most runs end a
//! word or two later with none; the few patterns that do match are then run
//! alone, for the span of their leftmost-first match, so what is found is
//! exactly what running each one would find.

use std::sync::OnceLock;

use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};

use super::pooled::Pooled;

/// A group is worth its DFA from this many patterns on: with fewer, running
/// them alone costs no more.
pub const MIN: usize = 3;

/// The most memory one group's compiled program may take; a group over it
/// is not built, and its patterns run alone.
const NFA_LIMIT: usize = 16 << 20;

/// The most memory one group's lazy DFA may keep in its cache (per thread).
const CACHE: usize = 8 << 20;

/// Patterns (indices into the matcher's regexes) that share a lead.
#[derive(Debug)]
pub struct Group {
    pub regexes: Vec<usize>,
    /// Built on first use; `None` if it could not be (then every pattern
    /// runs alone).
    built: OnceLock<Option<Pooled>>,
}

impl Group {
    pub fn new(regexes: Vec<usize>) -> Group {
        Group {
            regexes,
            built: OnceLock::new(),
        }
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

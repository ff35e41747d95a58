//! Every occurrence of many literals in one text, overlapping.
//!
//! The matcher's phrases, regex anchors and the pattern leads that are not
//! whole words (those are looked up word by word, see `matcher/words.rs`)
//! make about 11,000 literals for the gentle pack. Their Aho-Corasick
//! automaton is a contiguous NFA: a DFA over them took a quarter of
//! start-up to build and twice the memory.
//! Either is megabytes of table, so a walk over it waits on memory at each
//! byte: the next state is a load that depends on the one before.
//! A long text is therefore cut into [`STREAMS`] pieces walked side by side
//! in one loop, so that their loads overlap (on the benchmark corpus this
//! walk takes about half the time of `find_overlapping_iter`). Each piece
//! but the first starts [`Literals::longest`] bytes early: by its own start
//! the automaton is then in the state one walk from the beginning would be in,
//! since that state only depends on the last `longest` bytes. Matches that
//! end in those early bytes belong to the piece before and are not reported
//! twice.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::error::Error;

/// How many pieces of a text are walked at once (the loop in
/// [`Literals::for_each`] is written out for four).
const STREAMS: usize = 4;

/// A set of literals compiled for overlapping search.
#[derive(Debug)]
pub struct Literals {
    ac: NFA,
    start: StateID,
    /// The length of the longest literal, in bytes.
    longest: usize,
}

impl Literals {
    /// Compiles `literals`; a match reports the index of its literal here.
    pub fn new<P: AsRef<[u8]>>(literals: &[P]) -> Result<Literals, Error> {
        let failed =
            |e: &dyn std::fmt::Display| Error::Other(format!("cannot compile phrases: {e}"));
        let ac = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            // The walk below has no use for one, and with one the start
            // state would count as special and slow every step.
            .prefilter(false)
            .build(literals)
            .map_err(|e| failed(&e))?;
        let start = ac.start_state(Anchored::No).map_err(|e| failed(&e))?;
        let longest = literals.iter().map(|l| l.as_ref().len()).max().unwrap_or(0);
        Ok(Literals { ac, start, longest })
    }

    /// Calls `found(start, end, literal)` for every occurrence of every
    /// literal in `text`, overlapping ones included, in no particular order.
    pub fn for_each(&self, text: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let piece = text.len().div_ceil(STREAMS);
        if piece < self.longest.max(64) {
            self.walk(text, 0, 0, self.start, &mut found);
            return;
        }
        // Piece `k` reports the matches that end after `k * piece` and
        // walks from `longest` bytes before that.
        let from: [usize; STREAMS] =
            std::array::from_fn(|k| (k * piece).saturating_sub(self.longest));
        let end: [usize; STREAMS] = std::array::from_fn(|k| ((k + 1) * piece).min(text.len()));
        let together = (0..STREAMS).map(|k| end[k] - from[k]).min().unwrap_or(0);
        let [a, b, c, d] = from.map(|at| &text[at..at + together]);
        let [mut sa, mut sb, mut sc, mut sd] = [self.start; STREAMS];
        let ac = &self.ac;
        // Plain locals and zipped slices keep the four states in registers
        // and the loop free of bounds checks.
        for (j, (((&ba, &bb), &bc), &bd)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
            sa = ac.next_state(Anchored::No, sa, ba);
            sb = ac.next_state(Anchored::No, sb, bb);
            sc = ac.next_state(Anchored::No, sc, bc);
            sd = ac.next_state(Anchored::No, sd, bd);
            for (k, state) in [sa, sb, sc, sd].into_iter().enumerate() {
                if ac.is_special(state) {
                    self.report(state, from[k] + j + 1, k * piece, &mut found);
                }
            }
        }
        for (k, state) in [sa, sb, sc, sd].into_iter().enumerate() {
            self.walk(
                &text[..end[k]],
                from[k] + together,
                k * piece,
                state,
                &mut found,
            );
        }
    }

    /// Walks `text` from `from` on in state `state`, reporting the matches
    /// that end after `report_after`.
    fn walk(
        &self,
        text: &[u8],
        from: usize,
        report_after: usize,
        mut state: StateID,
        found: &mut impl FnMut(usize, usize, usize),
    ) {
        for (at, &byte) in text.iter().enumerate().skip(from) {
            state = self.ac.next_state(Anchored::No, state, byte);
            if self.ac.is_special(state) {
                self.report(state, at + 1, report_after, found);
            }
        }
    }

    /// Reports the matches of `state`, which the walk is in just before
    /// offset `end`, if they end after `report_after`.
    #[cold]
    fn report(
        &self,
        state: StateID,
        end: usize,
        report_after: usize,
        found: &mut impl FnMut(usize, usize, usize),
    ) {
        if !self.ac.is_match(state) || end <= report_after {
            return;
        }
        for i in 0..self.ac.match_len(state) {
            let pattern = self.ac.match_pattern(state, i);
            found(end - self.ac.pattern_len(pattern), end, pattern.as_usize());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tests::random_strings;
    use aho_corasick::AhoCorasick;

    fn all(literals: &Literals, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        literals.for_each(text.as_bytes(), |s, e, p| out.push((s, e, p)));
        out.sort_unstable();
        out
    }

    #[test]
    fn finds_what_find_overlapping_iter_finds() {
        let patterns = ["a", "ab", "abc", "bca", "cab", "aaaa", "b b", "c  a", " "];
        let literals = Literals::new(&patterns).unwrap();
        let reference = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .unwrap();
        // Up to 600 bytes: short texts take the single walk, long ones are
        // cut into pieces with matches across every cut.
        for text in random_strings(b"abc ", 600) {
            let mut expected: Vec<_> = reference
                .find_overlapping_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            expected.sort_unstable();
            assert_eq!(all(&literals, &text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_long_literal_is_found_across_a_cut() {
        let long = "x".repeat(300);
        let literals = Literals::new(&[long.as_str(), "y"]).unwrap();
        // 1,550 bytes: four pieces of 388, the first cut inside the literal.
        let text = format!("{}{long}{}", "y".repeat(250), "y".repeat(1000));
        let found = all(&literals, &text);
        assert_eq!(
            found.iter().filter(|m| m.2 == 0).collect::<Vec<_>>(),
            [&(250, 550, 0)]
        );
        assert_eq!(found.iter().filter(|m| m.2 == 1).count(), 1250);
    }

    #[test]
    fn no_literals_find_nothing() {
        let literals = Literals::new::<&str>(&[]).unwrap();
        assert!(all(&literals, &"some text ".repeat(100)).is_empty());
    }
}

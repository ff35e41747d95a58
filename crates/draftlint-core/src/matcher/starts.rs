//! Where a regex without anchors can start to match: the pairs of bytes its
//! matches begin with, found from its NFA.
//!
//! heat-of-the-moment's capitals regex has no literal to look for, but its
//! matches start with two capitals (or a capital and an apostrophe). Chat
//! has a capital in every sentence and hardly ever two in a row, so
//! skipping to such pairs, and only there running the regex anchored,
//! leaves it nearly nothing to do.

use regex_automata::nfa::thompson::{self, NFA, State};
use regex_automata::util::primitives::StateID;

use crate::expr::Haystack;
use crate::swar::{self, HIGH, between};

/// The bytes a match can start with, and those its second byte can be.
#[derive(Debug)]
pub struct Starts {
    first: [bool; 256],
    second: [bool; 256],
    /// Whether a match can be a single byte (then `second` is all bytes).
    short: bool,
    /// When the ASCII bytes of `first` are at most two ranges (`A-Z`), a
    /// quick test for eight bytes at a time: those ranges, and whether any
    /// non-ASCII byte is in `first` too.
    quick: Option<(Vec<(u8, u8)>, bool)>,
}

/// With more first bytes than this, skipping to them gains little.
const FIRST_MAX: usize = 96;

impl Starts {
    /// The starts of `pattern`, parsed as it runs over `haystack` (see
    /// [`Haystack::syntax`]; folding case for the folded text was a tenth of
    /// start-up), if its first bytes are few; `None` when they are not, or
    /// when it can match empty text.
    pub fn of(pattern: &str, haystack: Haystack) -> Option<Starts> {
        let nfa = NFA::compiler()
            .syntax(haystack.syntax())
            .configure(NFA::config().which_captures(thompson::WhichCaptures::None))
            .build(pattern)
            .ok()?;
        let mut first = [false; 256];
        let after_one = step(&nfa, &closure(&nfa, [nfa.start_anchored()])?, &mut first);
        if first.iter().filter(|&&b| b).count() > FIRST_MAX {
            return None;
        }
        let mut second = [false; 256];
        let short = match closure(&nfa, after_one) {
            Some(states) => {
                step(&nfa, &states, &mut second);
                false
            }
            None => {
                second = [true; 256];
                true
            }
        };
        let mut ranges: Vec<(u8, u8)> = Vec::new();
        for b in (0..0x80u8).filter(|&b| first[usize::from(b)]) {
            match ranges.last_mut() {
                Some((_, hi)) if *hi + 1 == b => *hi = b,
                _ => ranges.push((b, b)),
            }
        }
        let non_ascii = first[0x80..].iter().any(|&b| b);
        let quick = (ranges.len() <= 2).then_some((ranges, non_ascii));
        Some(Starts {
            first,
            second,
            short,
            quick,
        })
    }

    /// The first offset from `from` on where a match may start.
    pub fn next(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        if let Some((ranges, non_ascii)) = &self.quick {
            while let Some(x) = swar::load(haystack, at) {
                let ascii = x & !HIGH;
                let mut maybe = ranges
                    .iter()
                    .fold(if *non_ascii { x & HIGH } else { 0 }, |m, &(lo, hi)| {
                        m | between(ascii, lo, hi)
                    });
                while maybe != 0 {
                    let i = at + maybe.trailing_zeros() as usize / 8;
                    if self.starts_at(haystack, i) {
                        return Some(i);
                    }
                    maybe &= maybe - 1;
                }
                at += 8;
            }
        }
        loop {
            at += haystack
                .get(at..)?
                .iter()
                .position(|&b| self.first[usize::from(b)])?;
            if self.starts_at(haystack, at) {
                return Some(at);
            }
            at += 1;
        }
    }

    /// May a match start at `at`?
    fn starts_at(&self, haystack: &[u8], at: usize) -> bool {
        haystack
            .get(at)
            .is_some_and(|&b| self.first[usize::from(b)])
            && haystack
                .get(at + 1)
                .map_or(self.short, |&b| self.second[usize::from(b)])
    }
}

/// The states that consume a byte reachable from `states` without one
/// (look-around assertions taken as met, so this is a superset); `None`
/// when a match is reachable, that is, the regex can match here.
fn closure(nfa: &NFA, states: impl IntoIterator<Item = StateID>) -> Option<Vec<StateID>> {
    let mut seen = vec![false; nfa.states().len()];
    let mut stack: Vec<StateID> = states.into_iter().collect();
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        let Some(done) = seen.get_mut(id.as_usize()) else {
            continue;
        };
        if std::mem::replace(done, true) {
            continue;
        }
        match nfa.state(id) {
            State::ByteRange { .. } | State::Sparse(_) | State::Dense(_) => out.push(id),
            State::Look { next, .. } | State::Capture { next, .. } => stack.push(*next),
            State::Union { alternates } => stack.extend(alternates.iter()),
            State::BinaryUnion { alt1, alt2 } => stack.extend([*alt1, *alt2]),
            State::Fail => {}
            State::Match { .. } => return None,
        }
    }
    Some(out)
}

/// Marks in `bytes` every byte that `states` consume; returns the states
/// they lead to.
fn step(nfa: &NFA, states: &[StateID], bytes: &mut [bool; 256]) -> Vec<StateID> {
    let mut next = Vec::new();
    let mut mark = |start: u8, end: u8, to: StateID| {
        for b in start..=end {
            bytes[usize::from(b)] = true;
        }
        next.push(to);
    };
    for &id in states {
        match nfa.state(id) {
            State::ByteRange { trans } => mark(trans.start, trans.end, trans.next),
            State::Sparse(sparse) => {
                for t in sparse.transitions.iter() {
                    mark(t.start, t.end, t.next);
                }
            }
            State::Dense(dense) => {
                for (b, &to) in (0..=255u8).zip(dense.transitions.iter()) {
                    if to != StateID::ZERO {
                        mark(b, b, to);
                    }
                }
            }
            _ => {}
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `next` with its quick test finds what a byte-by-byte search finds.
    #[test]
    fn quick_and_slow_searches_agree() {
        let starts = Starts::of(r"(?-i)\b\p{Lu}{2,}\b", Haystack::Original).unwrap();
        assert!(starts.quick.is_some());
        let slow = Starts {
            quick: None,
            ..Starts::of(r"(?-i)\b\p{Lu}{2,}\b", Haystack::Original).unwrap()
        };
        for text in crate::text::tests::random_strings(b"aAB Zz\xC9'", 40) {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                assert_eq!(
                    starts.next(bytes, from),
                    slow.next(bytes, from),
                    "{text:?} {from}"
                );
            }
        }
    }

    #[test]
    fn pairs_of_capitals() {
        let starts = Starts::of(r"(?-i)\b\p{Lu}{2,}\b", Haystack::Original).unwrap();
        let text = b"Hi I am OK now";
        assert_eq!(starts.next(text, 0), Some(8));
        assert_eq!(starts.next(text, 9), None);
        // A match of one byte may end the text.
        let one = Starts::of(r"(?-i)[A-Z]", Haystack::Original).unwrap();
        assert_eq!(one.next(b"abC", 0), Some(2));
        // Too many first bytes, or an empty match: nothing to skip to.
        assert!(Starts::of(r"\w+ing", Haystack::Original).is_none());
        assert!(Starts::of(r"x*", Haystack::Original).is_none());
    }

    #[test]
    fn over_the_folded_text_case_is_as_written() {
        // The folded text is lower case: a pattern over it starts where its
        // lower-case letters are, and an original-text one at either case.
        let folded = Starts::of(r"(?:you|u) (?:are|r)", Haystack::Folded).unwrap();
        assert_eq!(folded.next(b"YOU are, you are", 0), Some(9));
        let original = Starts::of(r"(?:you|u) (?:are|r)", Haystack::Original).unwrap();
        assert_eq!(original.next(b"YOU are, you are", 0), Some(0));
    }
}

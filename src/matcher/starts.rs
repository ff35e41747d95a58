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
use regex_automata::util::syntax;

/// The bytes a match can start with, and those its second byte can be.
#[derive(Debug)]
pub struct Starts {
    first: [bool; 256],
    second: [bool; 256],
    /// Whether a match can be a single byte (then `second` is all bytes).
    short: bool,
}

/// With more first bytes than this, skipping to them gains little.
const FIRST_MAX: usize = 96;

impl Starts {
    /// The starts of `pattern` (case-insensitive), if its first bytes are
    /// few; `None` when they are not, or when it can match empty text.
    pub fn of(pattern: &str) -> Option<Starts> {
        let nfa = NFA::compiler()
            .syntax(syntax::Config::new().case_insensitive(true))
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
        Some(Starts {
            first,
            second,
            short,
        })
    }

    /// The first offset from `from` on where a match may start.
    pub fn next(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            at += haystack
                .get(at..)?
                .iter()
                .position(|&b| self.first[usize::from(b)])?;
            match haystack.get(at + 1) {
                Some(&b) if self.second[usize::from(b)] => return Some(at),
                Some(_) => at += 1,
                None => return self.short.then_some(at),
            }
        }
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

    #[test]
    fn pairs_of_capitals() {
        let starts = Starts::of(r"(?-i)\b\p{Lu}{2,}\b").unwrap();
        let text = b"Hi I am OK now";
        assert_eq!(starts.next(text, 0), Some(8));
        assert_eq!(starts.next(text, 9), None);
        // A match of one byte may end the text.
        let one = Starts::of(r"(?-i)[A-Z]").unwrap();
        assert_eq!(one.next(b"abC", 0), Some(2));
        // Too many first bytes, or an empty match: nothing to skip to.
        assert!(Starts::of(r"\w+ing").is_none());
        assert!(Starts::of(r"x*").is_none());
    }
}

//! Inner anchors: a rarer literal inside a regex that starts with common
//! words, and a backwards search from it to where matches can start.
//!
//! ask-about-them's `\b(?:is|are|did|...)\s+(?:\w+\s+){0,3}?(?:your|ur)\s+...`
//! starts with words that come every sentence or two (137,000 places in the
//! benchmark corpus, for 788 matches), but every match also holds "your" or
//! "ur" (8,000 places). When a regex is such a sequence, the matcher looks
//! for the literals of its rarer part instead, and from each one runs the
//! part before it backwards (a reverse lazy DFA) to find every place a match
//! could start; the regex then runs forwards from each as from an anchor,
//! so the matches found are the same.
//!
//! Which literals are rarer is estimated from how common English words are
//! ([`COMMON_WORDS`]): the prefix `is` is common, the inner `your` less so.

use std::sync::{LazyLock, OnceLock};

use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input, MatchError, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::{ANCHORS_MAX, anchors_within, as_folded, rewrite, without_word_boundaries};
use crate::pooled::Pooled;
use crate::text::is_spaced_word_char;

/// A regex split at an inner element: `literals` (folded) are where the
/// element can start, and `before` matches what comes before it.
#[derive(Debug)]
pub struct Inner {
    pub literals: Vec<String>,
    /// The part before, loosened (see [`loosened`]), to run backwards.
    backwards: Backwards,
}

/// How many of a regex's leading elements are tried as the split point.
const SPLITS: usize = 8;

/// `before`, compiled (at its first use: most regexes never run) to run
/// from the end of its matches to their starts.
#[derive(Debug)]
struct Backwards {
    before: Hir,
    /// `None` if the DFA could not be built.
    dfa: OnceLock<Option<Pooled>>,
}

impl Inner {
    /// The best inner split of `hir` (a regex parsed as for its anchors,
    /// see [`super::parsed`]: words stay whole literals), if `prefix`, the
    /// regex's anchors, are common and its literals clearly rarer (or there
    /// are no anchors).
    pub fn find(hir: &Hir, prefix: Option<&[String]>) -> Option<Inner> {
        let prefix = prefix.map(set_frequency);
        if prefix.is_some_and(|prefix| prefix < COMMON) {
            return None;
        }
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        // Each part as it looks in folded text, once for every split.
        let folded: Vec<Hir> = parts.iter().map(as_folded).collect();
        // Splits among the first few elements: a rarer word comes early,
        // and trying every split of a long pattern was most of start-up.
        let (frequency, at, literals) = (1..parts.len().min(SPLITS))
            .filter_map(|at| {
                let literals = word_start_literals(&folded[..at], &folded[at..])?;
                Some((set_frequency(&literals), at, literals))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))?;
        if prefix.is_some_and(|prefix| frequency * 4.0 >= prefix) {
            return None;
        }
        Some(Inner {
            literals,
            backwards: Backwards {
                before: Hir::concat(parts[..at].to_vec()),
                dfa: OnceLock::new(),
            },
        })
    }

    /// Calls `start(s)` for every `s` in `from..=end` where the part before
    /// the inner element may match `haystack[s..end]`.
    pub fn starts(&self, haystack: &str, from: usize, end: usize, mut start: impl FnMut(usize)) {
        if self
            .backwards
            .starts(haystack, from, end, &mut start)
            .is_err()
        {
            // The DFA has no word boundaries to quit on and may clear its
            // cache any number of times, so this does not happen; if it
            // did, or the DFA could not be built, every place has to be
            // tried.
            (from..=end).for_each(start);
        }
    }
}

impl Backwards {
    fn build(before: &Hir) -> Option<Pooled> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_from_hir(before)
            .ok()?;
        // Every start, not just the one a leftmost-first search prefers.
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        Some(Pooled::new(dfa))
    }

    /// [`Inner::starts`], or the error that stopped the DFA.
    fn starts(
        &self,
        haystack: &str,
        from: usize,
        end: usize,
        start: &mut impl FnMut(usize),
    ) -> Result<(), MatchError> {
        let Some(pooled) = self
            .dfa
            .get_or_init(|| Backwards::build(&loosened(&self.before)))
        else {
            return Err(MatchError::gave_up(end));
        };
        let dfa = &pooled.dfa;
        let mut cache = pooled.cache();
        let input = Input::new(haystack)
            .range(from..end)
            .anchored(Anchored::Yes);
        let mut state = dfa.start_state_reverse(&mut cache, &input)?;
        let bytes = haystack.as_bytes();
        // A DFA reports a match one byte late: in the state after byte
        // `at`, a match starts at `at + 1`.
        for at in (from..end).rev() {
            state = dfa
                .next_state(&mut cache, state, bytes[at])
                .map_err(|_| MatchError::gave_up(at))?;
            if state.is_match() {
                start(at + 1);
            } else if state.is_dead() {
                return Ok(());
            } else if state.is_quit() {
                return Err(MatchError::quit(bytes[at], at));
            }
        }
        // The last one is seen past the end of the input.
        state = match from.checked_sub(1) {
            Some(at) => dfa.next_state(&mut cache, state, bytes[at]),
            None => dfa.next_eoi_state(&mut cache, state),
        }
        .map_err(|_| MatchError::gave_up(from))?;
        if state.is_match() {
            start(from);
        }
        Ok(())
    }
}

/// The folded literals that `after` starts with, if each starts a word of
/// the text: its literals start with a word character, and every match of
/// `before` ends with something that is not one (both already folded, see
/// [`as_folded`]).
fn word_start_literals(before: &[Hir], after: &[Hir]) -> Option<Vec<String>> {
    // The ends first: most splits fail there ("is" ends in a word), and
    // finding them costs little next to the literals of all that follows.
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Suffix).limit_total(ANCHORS_MAX);
    let ends = extractor.extract(&Hir::concat(before.to_vec()));
    let ends_between_words = ends.literals()?.iter().all(|end| {
        std::str::from_utf8(end.as_bytes())
            .ok()
            .and_then(|end| end.chars().next_back())
            .is_some_and(|c| !is_spaced_word_char(c))
    });
    if !ends_between_words {
        return None;
    }
    let found = anchors_within(&Hir::concat(after.to_vec()), 10 * ANCHORS_MAX, ANCHORS_MAX)?;
    let word_starts = found
        .literals
        .iter()
        .all(|l| l.chars().next().is_some_and(is_spaced_word_char));
    (!found.after_space && word_starts).then_some(found.literals)
}

/// `hir`, matching at least what it matched: without word boundaries (a
/// lazy DFA gives up on Unicode ones in non-ASCII text) and ignoring case
/// everywhere, since the regex was parsed case-sensitively. The regex
/// itself checks each start found.
fn loosened(hir: &Hir) -> Hir {
    let hir = without_word_boundaries(hir);
    ignoring_case(&hir)
}

fn ignoring_case(hir: &Hir) -> Hir {
    rewrite(hir, &|hir| match hir.kind() {
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            Some(Hir::concat(
                text.chars()
                    .map(|c| {
                        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
                        class.case_fold_simple();
                        Hir::class(Class::Unicode(class))
                    })
                    .collect(),
            ))
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.case_fold_simple();
            Some(Hir::class(Class::Unicode(class)))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.case_fold_simple();
            Some(Hir::class(Class::Bytes(class)))
        }
        _ => None,
    })
}

/// Anchors this frequent are worth replacing: as frequent as about the
/// 60th most common word.
const COMMON: f64 = 0.001;

/// How often one of `literals` may start at a place in English text.
fn set_frequency(literals: &[String]) -> f64 {
    literals.iter().map(|l| frequency(l)).sum()
}

/// How often `literal` (folded) may start at a place in English text: the
/// product of its words' frequencies, by Zipf's law from their rank in
/// [`COMMON_WORDS`] (a word not listed counts as rank [`RARE`]). A last word
/// cut short counts as the word it was cut to: rarer than it is, but only
/// the order of magnitude matters.
fn frequency(literal: &str) -> f64 {
    literal
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let rank = RANKS.get(word).copied().unwrap_or(RARE);
            0.06 / rank as f64
        })
        .product()
}

/// The rank given to a word missing from [`COMMON_WORDS`].
const RARE: usize = 1000;

/// The rank of each of [`COMMON_WORDS`], from 1: every literal of a pack
/// asks, and a pack has tens of thousands.
static RANKS: LazyLock<foldhash::HashMap<&str, usize>> = LazyLock::new(|| {
    COMMON_WORDS
        .iter()
        .enumerate()
        .map(|(i, &w)| (w, i + 1))
        .collect()
});

/// About the 120 most common words of conversational English, most common
/// first, after the published frequency lists of spoken and chat corpora.
/// Only the order of magnitude of a rank matters here.
const COMMON_WORDS: &[&str] = &[
    "i", "you", "the", "to", "a", "it", "and", "that", "is", "of", "in", "what", "me", "my", "do",
    "this", "so", "for", "on", "have", "we", "just", "your", "don't", "be", "not", "are", "no",
    "know", "i'm", "it's", "can", "was", "with", "but", "all", "like", "get", "he", "if", "there",
    "oh", "yeah", "go", "about", "how", "at", "here", "they", "now", "one", "out", "up", "want",
    "right", "good", "that's", "she", "think", "him", "her", "well", "come", "got", "will", "see",
    "did", "okay", "ok", "love", "really", "can't", "why", "who", "time", "when", "let", "an",
    "were", "would", "then", "going", "been", "some", "as", "from", "or", "our", "could", "us",
    "them", "has", "had", "does", "his", "am", "very", "more", "say", "said", "tell", "back",
    "where", "which", "didn't", "need", "make", "thing", "much", "sure", "thanks", "hey", "hi",
    "too", "way", "still", "by", "lol", "also", "day", "new",
];

#[cfg(test)]
mod tests {
    use super::*;

    const ASK: &str =
        r"\b(?:is|are|did|do)\s+(?:(?:\w|['’-])+\s+){0,3}?(?:your|ur)\s+(?:mom|job)\b";

    fn prefix(pattern: &str) -> Vec<String> {
        super::super::anchors(pattern).unwrap().literals
    }

    fn find(pattern: &str, prefix: Option<&[String]>) -> Option<Inner> {
        Inner::find(&super::super::parsed(pattern).unwrap(), prefix)
    }

    #[test]
    fn common_prefixes_give_way_to_rarer_inner_literals() {
        let inner = find(ASK, Some(&prefix(ASK))).unwrap();
        assert_eq!(inner.literals, ["ur job", "ur mom", "your job", "your mom"]);
        // "the" is no rarer than "how"; "you never" is rare already.
        for pattern in [
            r"\bhow\s+(?:\w+\s+){0,3}?(?:your|the)\b",
            r"\byou never (?:really )?(?:listen|care)\b",
        ] {
            assert!(find(pattern, Some(&prefix(pattern))).is_none(), "{pattern}");
        }
        // Only at the start of a word: "ow" in "how" is no inner anchor.
        assert!(find(r"\bhow\b", None).is_none());
    }

    #[test]
    fn every_start_is_found_backwards() {
        let inner = find(ASK, Some(&prefix(ASK))).unwrap();
        let text = "Did you see IS YOUR mom";
        let mut starts = Vec::new();
        inner.starts(text, 0, text.find("YOUR").unwrap(), |s| starts.push(s));
        starts.sort_unstable();
        // "Did" with three words between, "IS" with none; word boundaries
        // are left to the regex, so "is" inside "this" would count too.
        assert_eq!(starts, [0, text.find("IS").unwrap()]);
        let mut none = Vec::new();
        inner.starts("hello your", 0, 6, |s| none.push(s));
        assert!(none.is_empty());
    }
}

//! Where the words that word patterns need occur in a draft, so that a
//! pattern found by its lead runs only where the rest of it can be there
//! (see [`crate::pattern::needs`]).
//!
//! The sets of every pattern are interned once. For a draft, its words are
//! listed once (runs of word characters, and runs joined by an apostrophe or
//! a hyphen, as "don't" or "x-ray", apostrophes left out), each with the
//! sets it belongs to; a pattern found at a place needs, for one of its
//! alternatives, a word of each set after that place, in the same sentence
//! unless the pattern may cross one.

use std::collections::HashMap;

use crate::pattern::needs::Needs;

/// A pattern's needs as set numbers.
#[derive(Debug)]
pub struct Need {
    any_of: Vec<Vec<u32>>,
    crosses: u8,
}

/// The sets of every pattern, and the sets each word is in.
#[derive(Debug, Default)]
pub struct Sets {
    ids: HashMap<Vec<String>, u32>,
    of_word: HashMap<Box<str>, Vec<u32>>,
}

/// A word made of at most this many runs of word characters ("don't" is
/// two) is looked up whole.
const RUNS: usize = 4;

/// A word in more sets than this makes them tell too little to keep (see
/// [`Sets::prune`]).
const SHARED: usize = 16;

impl Sets {
    /// Interns `needs`.
    pub fn need(&mut self, needs: &Needs) -> Need {
        let mut any_of = Vec::new();
        for sets in &needs.any_of {
            let mut ids = Vec::new();
            for set in sets {
                let next = self.ids.len() as u32;
                let id = *self.ids.entry(set.clone()).or_insert(next);
                if id == next {
                    for word in set {
                        self.of_word
                            .entry(word.as_str().into())
                            .or_default()
                            .push(id);
                    }
                }
                ids.push(id);
            }
            ids.sort_unstable();
            ids.dedup();
            any_of.push(ids);
        }
        Need {
            any_of,
            crosses: needs.crosses,
        }
    }

    /// Leaves out every set with a word that is in more than [`SHARED`]
    /// sets (with it, `need`s left out of their sets). Such a word ("you",
    /// "i", "to") is in most sentences, so its sets tell little, and listing
    /// each of its places once per set was most of the time a draft took.
    pub fn prune(&mut self, needs: &mut [&mut Need]) {
        let mut dropped = vec![false; self.ids.len()];
        for sets in self.of_word.values() {
            if sets.len() > SHARED {
                sets.iter().for_each(|&set| dropped[set as usize] = true);
            }
        }
        for sets in self.of_word.values_mut() {
            sets.retain(|&set| !dropped[set as usize]);
        }
        self.of_word.retain(|_, sets| !sets.is_empty());
        for need in needs {
            for sets in &mut need.any_of {
                sets.retain(|&set| !dropped[set as usize]);
            }
        }
    }

    /// Where the words of `text` (a folded draft) are, by set.
    pub fn find(&self, text: &str) -> Found {
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut stops = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices() {
            let word = regex_syntax::is_word_character(c);
            match (word, start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => {
                    runs.push((s as u32, at as u32));
                    start = None;
                }
                _ => {}
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':') {
                stops.push(at as u32);
            }
        }
        if let Some(s) = start {
            runs.push((s as u32, text.len() as u32));
        }
        let mut pairs = Vec::new();
        let mut word = String::new();
        for (i, &(s, e)) in runs.iter().enumerate() {
            word.clear();
            word.push_str(&text[s as usize..e as usize]);
            let mut end = e;
            for next in &runs[i + 1..(i + RUNS).min(runs.len())] {
                if let Some(sets) = self.of_word.get(word.as_str()) {
                    pairs.extend(sets.iter().map(|&set| (set, i as u32)));
                }
                // Joined by one apostrophe or hyphen, it is one word too.
                let joiner = text.as_bytes()[end as usize];
                if next.0 != end + 1 || !matches!(joiner, b'\'' | b'-') {
                    word.clear();
                    break;
                }
                if joiner == b'-' {
                    word.push('-');
                }
                word.push_str(&text[next.0 as usize..next.1 as usize]);
                end = next.1;
            }
            if let Some(sets) = self.of_word.get(word.as_str()) {
                pairs.extend(sets.iter().map(|&set| (set, i as u32)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        Found {
            starts: runs.into_iter().map(|(s, _)| s).collect(),
            stops,
            pairs,
        }
    }
}

/// The words of one draft by set.
#[derive(Debug, Default)]
pub struct Found {
    /// Where each run of word characters starts.
    starts: Vec<u32>,
    /// Where each `.`, `!`, `?`, `;` and `:` is.
    stops: Vec<u32>,
    /// (set, run) for each run that starts a word of the set.
    pairs: Vec<(u32, u32)>,
}

impl Found {
    /// May a match of a pattern with `need` start at byte `from`?
    pub fn allows(&self, need: &Need, from: usize) -> bool {
        let first = self.starts.partition_point(|&s| (s as usize) < from) as u32;
        // The words of a match lie before the stop after the last it may
        // contain.
        let stop = self.stops.partition_point(|&s| (s as usize) < from);
        let last = match self.stops.get(stop + usize::from(need.crosses)) {
            Some(&stop) => self.starts.partition_point(|&s| s < stop) as u32,
            None => u32::MAX,
        };
        need.any_of.iter().any(|sets| {
            sets.iter().all(|&set| {
                let i = self.pairs.partition_point(|&p| p < (set, first));
                self.pairs
                    .get(i)
                    .is_some_and(|&(s, run)| s == set && run < last)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::needs::key;

    fn need(sets: &mut Sets, any_of: &[&[&[&str]]], crosses: u8) -> Need {
        sets.need(&Needs {
            any_of: any_of
                .iter()
                .map(|alt| {
                    alt.iter()
                        .map(|set| set.iter().map(|w| key(w)).collect())
                        .collect()
                })
                .collect(),
            crosses,
        })
    }

    #[test]
    fn words_after_the_place_in_its_sentence() {
        let mut sets = Sets::default();
        let never = need(&mut sets, &[&[&["never"], &["listen", "listened"]]], 0);
        let text = "you never listened. you never call";
        let found = sets.find(text);
        assert!(found.allows(&never, 0));
        assert!(!found.allows(&never, 20), "no listen after the full stop");
        assert!(!found.allows(&never, 10), "never is before the place");
        let crossing = need(&mut sets, &[&[&["never"], &["call"]]], 1);
        let found = sets.find(text);
        assert!(found.allows(&crossing, 0));
    }

    #[test]
    fn joined_words_are_looked_up_whole() {
        let mut sets = Sets::default();
        let dont = need(&mut sets, &[&[&["don't"], &["x-ray"]]], 0);
        let found = sets.find("i don't want an x-ray");
        assert!(found.allows(&dont, 0));
        let found = sets.find("i dont want an x ray");
        assert!(!found.allows(&dont, 0));
        let either = need(&mut sets, &[&[&["nope"]], &[&["want"]]], 0);
        let found = sets.find("i dont want an x ray");
        assert!(found.allows(&either, 2));
    }
}

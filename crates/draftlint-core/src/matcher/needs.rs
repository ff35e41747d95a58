//! Where the words that word patterns need occur in a draft, so that a
//! pattern found by its lead runs only where the rest of it can be there
//! (see [`crate::pattern::needs`]).
//!
//! The sets of every pattern are interned once. For a draft, its words are
//! listed once (runs of word characters, and runs joined by an apostrophe or
//! a hyphen, as "don't" or "x-ray", apostrophes left out), each with the
//! sets it belongs to; a pattern found at a place needs, for one of its
//! alternatives, a word of each set within its reach after that place: no
//! further than the most words it can match, and in the same sentence
//! unless the pattern has sentence stops of its own.

use foldhash::HashMap;

use crate::pattern::needs::{Needs, Reach};

/// A pattern's needs as set numbers, as built (see [`Table`] for the form
/// a draft is checked against).
#[derive(Debug)]
pub struct Need {
    any_of: Vec<Vec<u32>>,
    reach: Reach,
}

/// The needs of every regex of a matcher, laid out in one array. A common
/// lead leads hundreds of patterns, and each is asked at every place the
/// lead is found: read from one array, the asking costs no cache miss per
/// pattern for the vectors of its alternatives.
#[derive(Debug, Default)]
pub struct Table {
    /// Each need's alternatives one after another, each as its number of
    /// sets followed by their numbers.
    ids: Vec<u32>,
    /// Per regex, where its need is in `ids` (`None`: it needs nothing).
    of: Vec<Option<Laid>>,
}

/// Where a need is in its [`Table`].
#[derive(Clone, Copy, Debug)]
pub struct Laid {
    start: u32,
    alternatives: u32,
    reach: Reach,
}

impl Table {
    /// The table of `needs`, one per regex in order.
    pub fn new<'n>(needs: impl IntoIterator<Item = Option<&'n Need>>) -> Table {
        let mut table = Table::default();
        for need in needs {
            let laid = need.map(|need| {
                let start = table.ids.len() as u32;
                for sets in &need.any_of {
                    table.ids.push(sets.len() as u32);
                    table.ids.extend_from_slice(sets);
                }
                Laid {
                    start,
                    alternatives: need.any_of.len() as u32,
                    reach: need.reach,
                }
            });
            table.of.push(laid);
        }
        table
    }

    /// The need of regex `regex`, if it has one.
    pub fn of(&self, regex: usize) -> Option<Laid> {
        self.of.get(regex).copied().flatten()
    }
}

/// The sets of every pattern, and the sets each word is in.
#[derive(Debug, Default)]
pub struct Sets {
    ids: HashMap<Vec<String>, u32>,
    /// The sets a word is in, as an index into `set_lists`: a draft lists
    /// each word it finds there by that one number, not once per set (a
    /// common word is in dozens, and a long draft has millions of words).
    of_word: HashMap<Box<str>, u32>,
    /// Lists of set numbers, one per word of `of_word`.
    set_lists: Vec<Vec<u32>>,
}

/// A word made of at most this many runs of word characters ("don't" is
/// two) is looked up whole.
const RUNS: usize = 4;

/// A word in more sets than this makes them tell too little to keep (see
/// [`Sets::prune`]).
const SHARED: usize = 48;

impl Sets {
    /// Interns `needs`.
    pub fn need(&mut self, needs: &Needs) -> Need {
        let mut any_of = Vec::new();
        for sets in &needs.any_of {
            let mut ids = Vec::new();
            for set in sets {
                let id = match self.ids.get(set) {
                    Some(&id) => id,
                    None => {
                        let id = self.ids.len() as u32;
                        self.ids.insert(set.clone(), id);
                        for word in set {
                            let set_lists = &mut self.set_lists;
                            let list =
                                *self.of_word.entry(word.as_str().into()).or_insert_with(|| {
                                    set_lists.push(Vec::new());
                                    (set_lists.len() - 1) as u32
                                });
                            set_lists[list as usize].push(id);
                        }
                        id
                    }
                };
                ids.push(id);
            }
            ids.sort_unstable();
            ids.dedup();
            any_of.push(ids);
        }
        Need {
            any_of,
            reach: needs.reach,
        }
    }

    /// Leaves out every set with a word that is in more than [`SHARED`]
    /// sets (with it, `need`s left out of their sets). Such a word ("you",
    /// "i", "to") is in most sentences, so its sets tell little, and looking
    /// at each of them at each of its places was most of the time a draft
    /// took.
    pub fn prune(&mut self, needs: &mut [&mut Need]) {
        let mut dropped = vec![false; self.ids.len()];
        for sets in &self.set_lists {
            if sets.len() > SHARED {
                sets.iter().for_each(|&set| dropped[set as usize] = true);
            }
        }
        for sets in &mut self.set_lists {
            sets.retain(|&set| !dropped[set as usize]);
        }
        let set_lists = &self.set_lists;
        self.of_word
            .retain(|_, list| !set_lists[*list as usize].is_empty());
        for need in needs {
            for sets in &mut need.any_of {
                sets.retain(|&set| !dropped[set as usize]);
            }
        }
    }

    /// Where the words of `text` (a folded draft) are, by set.
    pub fn find(&self, text: &str) -> Found<'_> {
        // Places are kept as u32, and so are the lists found (at most about
        // two per byte): a text beyond a quarter of u32 (never a draft,
        // which is at most `MAX_DRAFT_BYTES`) has every pattern run.
        if text.len() > (u32::MAX / 4) as usize {
            return Found {
                unbounded: true,
                ..Found::new(self)
            };
        }
        // Words as `_` and gaps count them (see `pattern::Dialect::any_word`;
        // capitals too, which only makes words fewer), and in them the runs
        // of word characters that pattern words are made of.
        let is_word =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-') || !c.is_ascii();
        let mut ends: Vec<u32> = Vec::new();
        let mut runs: Vec<(u32, u32, u32)> = Vec::new();
        let mut stops = Vec::new();
        // A run's start, and the number of the word it is in.
        let (mut word, mut run): (Option<usize>, Option<(usize, u32)>) = (None, None);
        for (at, c) in text.char_indices() {
            match (is_word(c), word) {
                (true, None) => word = Some(at),
                (false, Some(_)) => {
                    ends.push(at as u32);
                    word = None;
                }
                _ => {}
            }
            match (regex_syntax::is_word_character(c), run) {
                (true, None) => run = Some((at, ends.len() as u32)),
                (false, Some((s, number))) => {
                    runs.push((s as u32, at as u32, number));
                    run = None;
                }
                _ => {}
            }
            if matches!(c, '.' | '!' | '?' | ';' | ':') {
                stops.push(at as u32);
            }
        }
        if let Some((s, number)) = run {
            runs.push((s as u32, text.len() as u32, number));
        }
        if word.is_some() {
            ends.push(text.len() as u32);
        }
        // The lists of word `w` are `lists[starts[w]..starts[w + 1]]` (one
        // for each of its spellings found: "don't" as "don", "dont" and
        // "t"); runs come in order of their words, so both are built as they
        // come, and a word with no run gets its (empty) entry all the same.
        let mut starts: Vec<u32> = Vec::with_capacity(ends.len() + 1);
        let mut lists: Vec<u32> = Vec::new();
        let mut key = String::new();
        for (i, &(s, e, at)) in runs.iter().enumerate() {
            while starts.len() <= at as usize {
                starts.push(lists.len() as u32);
            }
            key.clear();
            key.push_str(&text[s as usize..e as usize]);
            let mut end = e;
            for next in &runs[i + 1..(i + RUNS).min(runs.len())] {
                if let Some(&list) = self.of_word.get(key.as_str()) {
                    lists.push(list);
                }
                // Joined by one apostrophe or hyphen, it is one word too.
                let joiner = text.as_bytes()[end as usize];
                if next.0 != end + 1 || !matches!(joiner, b'\'' | b'-') {
                    key.clear();
                    break;
                }
                if joiner == b'-' {
                    key.push('-');
                }
                key.push_str(&text[next.0 as usize..next.1 as usize]);
                end = next.1;
            }
            if let Some(&list) = self.of_word.get(key.as_str()) {
                lists.push(list);
            }
        }
        while starts.len() <= ends.len() {
            starts.push(lists.len() as u32);
        }
        Found {
            ends,
            stops,
            starts,
            lists,
            ..Found::new(self)
        }
    }
}

/// A pattern that may reach further than this many words, or across more
/// than two sentence stops, is run wherever its lead is.
const WINDOW: u16 = 48;

/// The words of one draft by set, and the sets seen within [`WINDOW`] words
/// of the place last asked about.
#[derive(Debug)]
pub struct Found<'s> {
    sets: &'s Sets,
    /// Where each word ends.
    ends: Vec<u32>,
    /// Where each `.`, `!`, `?`, `;` and `:` is.
    stops: Vec<u32>,
    /// The sets of word `w` are those of the lists (`Sets::set_lists`)
    /// numbered `lists[starts[w]..starts[w + 1]]`.
    starts: Vec<u32>,
    lists: Vec<u32>,
    /// For each set, the place it was last seen after (its number, from 1)
    /// and how many words after that place.
    seen: Vec<u32>,
    distance: Vec<u16>,
    place: u32,
    /// The first word at the place, and the words before the first, second
    /// and third sentence stop after it.
    first: u32,
    limits: [u32; 3],
    /// Too long to look at: every pattern may match anywhere.
    unbounded: bool,
}

impl<'s> Found<'s> {
    /// No words yet, nothing looked at.
    fn new(sets: &'s Sets) -> Found<'s> {
        Found {
            sets,
            ends: Vec::new(),
            stops: Vec::new(),
            starts: Vec::new(),
            lists: Vec::new(),
            seen: Vec::new(),
            distance: Vec::new(),
            place: 0,
            first: 0,
            limits: [0; 3],
            unbounded: false,
        }
    }

    /// Looks at the words after byte `from`: what [`Found::allows`] then
    /// answers about.
    pub fn at(&mut self, from: usize) {
        if self.unbounded {
            return;
        }
        // `seen` and `distance` are as long as there are sets, made once a
        // place is looked at (many drafts never have one).
        if self.seen.is_empty() {
            self.seen = vec![0; self.sets.ids.len()];
            self.distance = vec![0; self.sets.ids.len()];
        }
        self.place += 1;
        self.first = self.ends.partition_point(|&e| (e as usize) <= from) as u32;
        let stop = self.stops.partition_point(|&s| (s as usize) < from);
        for (k, limit) in self.limits.iter_mut().enumerate() {
            *limit = match self.stops.get(stop + k) {
                Some(&stop) => self.ends.partition_point(|&e| e <= stop) as u32,
                None => self.ends.len() as u32,
            };
        }
        let end = (self.first + u32::from(WINDOW)).min(self.limits[2]);
        for word in self.first..end {
            let (a, b) = (self.starts[word as usize], self.starts[word as usize + 1]);
            for &list in &self.lists[a as usize..b as usize] {
                for &set in &self.sets.set_lists[list as usize] {
                    if self.seen[set as usize] != self.place {
                        self.seen[set as usize] = self.place;
                        self.distance[set as usize] = (word - self.first) as u16;
                    }
                }
            }
        }
    }

    /// May a match of a pattern with `need` start at the place last given
    /// to [`Found::at`]?
    pub fn allows(&self, table: &Table, need: Laid) -> bool {
        if self.unbounded || need.reach.words > WINDOW || need.reach.stops > 2 {
            return true;
        }
        // The words of a match lie within its reach, and before the stop
        // after the last one it may contain.
        let limit = self.limits[usize::from(need.reach.stops)].saturating_sub(self.first);
        let reach = u32::from(need.reach.words).min(limit);
        let mut at = need.start as usize;
        (0..need.alternatives).any(|_| {
            let len = table.ids[at] as usize;
            let sets = &table.ids[at + 1..at + 1 + len];
            at += 1 + len;
            sets.iter().all(|&set| {
                self.seen[set as usize] == self.place
                    && u32::from(self.distance[set as usize]) < reach
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::needs::key;

    fn allows(found: &mut Found, need: &Need, from: usize) -> bool {
        let table = Table::new([None, Some(need)]);
        found.at(from);
        found.allows(&table, table.of(1).expect("laid out"))
    }

    fn need(sets: &mut Sets, any_of: &[&[&[&str]]], stops: u8, words: u16) -> Need {
        sets.need(&Needs {
            any_of: any_of
                .iter()
                .map(|alt| {
                    alt.iter()
                        .map(|set| set.iter().map(|w| key(w)).collect())
                        .collect()
                })
                .collect(),
            reach: Reach { stops, words },
        })
    }

    #[test]
    fn words_after_the_place_in_its_sentence() {
        let mut sets = Sets::default();
        let never = need(&mut sets, &[&[&["never"], &["listen", "listened"]]], 0, 5);
        let text = "you never listened. you never call";
        let mut found = sets.find(text);
        assert!(allows(&mut found, &never, 0));
        assert!(
            !allows(&mut found, &never, 20),
            "no listen after the full stop"
        );
        assert!(!allows(&mut found, &never, 10), "never is before the place");
        let crossing = need(&mut sets, &[&[&["never"], &["call"]]], 1, 8);
        let mut found = sets.find(text);
        assert!(allows(&mut found, &crossing, 0));
        // No further than the most words a match can have.
        let near = need(&mut sets, &[&[&["never"], &["call"]]], 1, 5);
        let mut found = sets.find(text);
        assert!(!allows(&mut found, &near, 0));
        assert!(allows(&mut found, &near, 4));
    }

    #[test]
    fn words_without_letters_keep_their_places() {
        // "--" is a word to gaps, with no run of letters: it has its place
        // (and no sets), so "listened" is the fourth word from "you".
        let mut sets = Sets::default();
        let near = need(&mut sets, &[&[&["never"], &["listened"]]], 0, 4);
        let short = need(&mut sets, &[&[&["never"], &["listened"]]], 0, 3);
        let mut found = sets.find("you -- never listened");
        assert!(allows(&mut found, &near, 0));
        assert!(!allows(&mut found, &short, 0));
        // At the end, and more than once.
        let mut found = sets.find("ok -- never -- listened --");
        assert!(!allows(&mut found, &near, 0));
        assert!(allows(&mut found, &near, 3), "from the first \"--\"");
    }

    #[test]
    fn joined_words_are_looked_up_whole() {
        let mut sets = Sets::default();
        let dont = need(&mut sets, &[&[&["don't"], &["x-ray"]]], 0, 5);
        let mut found = sets.find("i don't want an x-ray");
        assert!(allows(&mut found, &dont, 0));
        let mut found = sets.find("i dont want an x ray");
        assert!(!allows(&mut found, &dont, 0));
        let either = need(&mut sets, &[&[&["nope"]], &[&["want"]]], 0, 3);
        let mut found = sets.find("i dont want an x ray");
        assert!(allows(&mut found, &either, 2));
    }
}

//! Word patterns' leads, found word by word in a hash table.
//!
//! A lead (see [`crate::pattern`]) is the first one or two words of a way a
//! word pattern's match can begin, as folded text writes them: "you never",
//! "you, never", "don't", "i'm". The gentle pack has about 28,000 that
//! are whole words, of the automaton's 40,000 literals: out of it, a
//! one-draft `check` peaks about 7 MB lower (80 -> 74 MB) and starts a few
//! per cent sooner, with the same findings.
//!
//! A lead that starts and ends with a word character is found only as whole
//! words, so it can only start where a word starts and end where a word
//! ends: the text from the start of one word to the end of the same word or
//! of one of the next few is then exactly the lead. [`WordLeads::for_each`]
//! cuts the text into words once and looks each such run up; a run is
//! extended by the next word only while it is the beginning of some lead
//! (`prefixes`), so most words cost one or two lookups. Leads with anything
//! else at an end stay in the automaton.

use std::collections::VecDeque;

use foldhash::{HashMap, HashSet};

/// A word character, as the matcher's whole-word check ([`super::whole_words`])
/// counts them: both must agree for the table to find what the automaton did.
pub(super) fn is_word(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || c == '_'
}

/// Does `literal` start and end with a word character, so that it can be
/// found word by word?
pub(super) fn word_bounded(literal: &str) -> bool {
    literal.chars().next().is_some_and(is_word) && literal.chars().next_back().is_some_and(is_word)
}

/// The next word of `text` at or after byte `from`: its start and end.
fn next_word(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let word_at = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (is_word(c), c.len_utf8()))
        }
    };
    let mut i = from;
    while i < bytes.len() {
        let (word, len) = word_at(i);
        if word {
            break;
        }
        i += len;
    }
    if i >= bytes.len() {
        return None;
    }
    let start = i;
    while i < bytes.len() {
        let (word, len) = word_at(i);
        if !word {
            break;
        }
        i += len;
    }
    Some((start, i))
}

/// The leads found word by word, each with its number among the matcher's
/// lead literals.
#[derive(Debug, Default)]
pub(super) struct WordLeads {
    leads: HashMap<Box<str>, usize>,
    /// Each lead's beginnings that end with a word and are not the whole
    /// lead: "you" of "you never", "don" of "don't".
    prefixes: HashSet<Box<str>>,
    /// The most words a lead has.
    words: usize,
}

impl WordLeads {
    /// Adds `lead` (see [`word_bounded`]) as literal number `literal`.
    pub(super) fn insert(&mut self, lead: &str, literal: usize) {
        let mut ends = Vec::new();
        let mut at = 0;
        while let Some((_, end)) = next_word(lead, at) {
            ends.push(end);
            at = end;
        }
        self.words = self.words.max(ends.len());
        for &end in &ends[..ends.len().saturating_sub(1)] {
            self.prefixes.insert(lead[..end].into());
        }
        self.leads.insert(lead.into(), literal);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.leads.is_empty()
    }

    /// Calls `found(start, literal)` for every place in `text` where a lead
    /// occurs as whole words, in the order of those places.
    pub(super) fn for_each(&self, text: &str, mut found: impl FnMut(usize, usize)) {
        if self.is_empty() {
            return;
        }
        let mut window: VecDeque<(usize, usize)> = VecDeque::with_capacity(self.words);
        let mut at = 0;
        loop {
            while window.len() < self.words {
                let Some((start, end)) = next_word(text, at) else {
                    break;
                };
                window.push_back((start, end));
                at = end;
            }
            let Some(&(start, _)) = window.front() else {
                return;
            };
            for &(_, end) in &window {
                let run = &text[start..end];
                if let Some(&literal) = self.leads.get(run) {
                    found(start, literal);
                }
                if !self.prefixes.contains(run) {
                    break;
                }
            }
            window.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(leads: &[&str], text: &str) -> Vec<(usize, String)> {
        let mut table = WordLeads::default();
        for (i, lead) in leads.iter().enumerate() {
            assert!(word_bounded(lead), "{lead}");
            table.insert(lead, i);
        }
        let mut out = Vec::new();
        table.for_each(text, |start, literal| {
            out.push((start, leads[literal].to_string()))
        });
        out
    }

    #[test]
    fn leads_are_found_as_whole_words_only() {
        let leads = ["you never", "you, never", "don't", "i", "i'm", "never"];
        assert_eq!(
            found(
                &leads,
                "you never, you, never. younever i'm don't dont youre"
            ),
            vec![
                (0, "you never".into()),
                (4, "never".into()),
                (11, "you, never".into()),
                (16, "never".into()),
                (32, "i".into()),
                (32, "i'm".into()),
                (36, "don't".into()),
            ]
        );
        assert_eq!(found(&leads, "naïve café i"), vec![(13, "i".into())]);
        assert!(found(&leads, "").is_empty());
        assert!(found(&leads, "!?, ...").is_empty());
    }

    #[test]
    fn word_bounded_leads_only() {
        assert!(word_bounded("you never"));
        assert!(word_bounded("café"));
        assert!(!word_bounded("sorry ,"));
        assert!(!word_bounded("'cause"));
        assert!(!word_bounded(""));
    }
}

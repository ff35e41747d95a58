//! Words as Unicode's word boundaries (UAX #29) find them, for the word
//! limits: how many words a draft or a sentence has, and where the word past
//! a limit starts.
//!
//! Chat is nearly always ASCII, where the rules of UAX #29 are few: a scan
//! that applies them directly, a byte per bit in 64-bit masks, is several
//! times faster than `unicode-segmentation`, which handles everything else
//! and against which the tests check the scan.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::swar::{self, ONES, between, gather};

/// Byte spans of the words of `text`, as Unicode's word boundaries (UAX #29)
/// find them: runs of letters, digits and `_` joined by `'`, `.` or `:`
/// between letters ("don't", "e.g") and by `.`, `,`, `;` or `'` between
/// digits ("3,000"), each with at least one letter or digit.
///
/// Pure ASCII text, nearly all chat, takes a direct scan that finds the same
/// words several times faster; anything else goes to `unicode-segmentation`.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 6);
    each_word(text, |word| out.push(word));
    out
}

/// Calls `found` with the span of every word of `text`, in order, as
/// [`words`] lists them (without a list: a long draft has millions).
fn each_word(text: &str, mut found: impl FnMut(Range<usize>)) {
    if !text.is_ascii() {
        for (at, w) in text.unicode_word_indices() {
            found(at..at + w.len());
        }
        return;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    word_masks(bytes, |from, mask, before| {
        // Only the edges of words, where the mask changes, are visited.
        let mut edges = mask ^ (mask << 1 | before);
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            if mask >> k & 1 == 1 {
                start = from + k;
            } else {
                push_word(bytes, start..from + k, &mut found);
            }
        }
    });
    // A word running to the end of a last chunk of 64 has its end edge
    // past the mask (a shorter chunk sees it as a bit).
    if bytes.len().is_multiple_of(64) && ends_in_word(bytes) {
        push_word(bytes, start..bytes.len(), &mut found);
    }
}

/// Calls `chunk(from, mask, before)` for every 64 bytes of ASCII `bytes` from
/// offset `from`, with bit `k` of `mask` set when byte `from + k` belongs to a
/// word, and `before` the bit of the byte before the chunk. The bits are
/// worked out eight bytes at a time, without branches, from each byte's
/// class and its neighbours'.
fn word_masks(bytes: &[u8], mut chunk: impl FnMut(usize, u64, u64)) {
    let class = |i: usize| {
        bytes
            .get(i)
            .map_or(0, |&b| WORD_CLASS[usize::from(b & 0x7F)])
    };
    let mut before = 0u64;
    for (part, from) in bytes.chunks(64).zip((0usize..).step_by(64)) {
        // Letters, digits and `_` are in words; separators (`.`, `'`, ...)
        // are rarer and only sometimes, so they are looked at one by one.
        let (mut mask, mut separators) = (0u64, 0u64);
        let mut padded = [0u8; 64];
        padded[..part.len()].copy_from_slice(part);
        for g in 0..8 {
            let x = swar::load(&padded, 8 * g).unwrap_or(0);
            let core = between(x | (ONES * 0x20), b'a', b'z')
                | between(x, b'0', b'9')
                | between(x, b'_', b'_');
            // `'` to `.` and `:` to `;`: every separator, and a few bytes
            // more, which the check below finds joining nothing.
            let maybe = between(x, b'\'', b'.') | between(x, b':', b';');
            mask |= gather(core) << (8 * g);
            separators |= gather(maybe) << (8 * g);
        }
        while separators != 0 {
            let k = separators.trailing_zeros() as usize;
            separators &= separators - 1;
            let at = from + k;
            let (this, both) = (class(at), class(at.wrapping_sub(1)) & class(at + 1));
            // Joined: letters (or digits) on both sides, as the separator
            // allows. Bit arithmetic on the class bits.
            let joined = (this >> 3 & both >> 1 | this >> 4 & both >> 2) & 1;
            mask |= u64::from(joined) << k;
        }
        chunk(from, mask, before);
        before = mask >> 63;
    }
}

/// Does ASCII `bytes` end in a letter, digit or `_`?
fn ends_in_word(bytes: &[u8]) -> bool {
    bytes
        .last()
        .is_some_and(|&b| WORD_CLASS[usize::from(b & 0x7F)] & CORE != 0)
}

/// Where the words of a text start (see [`words`]), one bit per byte: enough
/// to count the words of any span, which is all that word limits need,
/// without a list of every word's span.
#[derive(Clone, Debug, Default)]
pub struct WordStarts {
    bits: Vec<u64>,
    len: usize,
}

impl WordStarts {
    /// Where the words of `text` start.
    pub fn of(text: &str) -> WordStarts {
        if text.is_ascii() && !text.contains('_') {
            // Without `_`, every run of word bytes has a letter or a digit,
            // so the masks' rising edges are exactly the word starts.
            let mut starts = WordStarts {
                bits: Vec::with_capacity(text.len().div_ceil(64)),
                len: 0,
            };
            word_masks(text.as_bytes(), |_, mask, before| {
                let rising = mask & !(mask << 1 | before);
                starts.len += rising.count_ones() as usize;
                starts.bits.push(rising);
            });
            return starts;
        }
        let mut starts = WordStarts {
            bits: vec![0; text.len().div_ceil(64)],
            len: 0,
        };
        each_word(text, |word| {
            starts.bits[word.start / 64] |= 1 << (word.start % 64);
            starts.len += 1;
        });
        starts
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many words start inside `range`.
    pub fn count_in(&self, range: Range<usize>) -> usize {
        let end = range.end.min(self.bits.len() * 64);
        if range.start >= end {
            return 0;
        }
        let (first, last) = (range.start / 64, (end - 1) / 64);
        let head = !0u64 << (range.start % 64);
        let tail = !0u64 >> (63 - (end - 1) % 64);
        if first == last {
            return (self.bits[first] & head & tail).count_ones() as usize;
        }
        let middle: u32 = self.bits[first + 1..last]
            .iter()
            .map(|b| b.count_ones())
            .sum();
        ((self.bits[first] & head).count_ones() + middle + (self.bits[last] & tail).count_ones())
            as usize
    }

    /// The offsets where words start, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits
            .iter()
            .zip((0usize..).step_by(64))
            .flat_map(|(&bits, from)| {
                std::iter::successors((bits != 0).then_some(bits), |b| {
                    let rest = b & (b - 1);
                    (rest != 0).then_some(rest)
                })
                .map(move |b| from + b.trailing_zeros() as usize)
            })
    }
}

/// Bits of [`WORD_CLASS`]; [`words`] relies on their positions: a joiner's
/// bit is its kind's bit shifted left by 2.
const CORE: u8 = 1;
const LETTER: u8 = 2;
const DIGIT: u8 = 4;
const JOINS_LETTERS: u8 = LETTER << 2;
const JOINS_DIGITS: u8 = DIGIT << 2;

/// What each ASCII byte is to [`words`]: letters, digits and `_` make words
/// (WB5, WB8-WB10, WB13); `.`, `:` and `'` join letters (WB6, WB7); `.`,
/// `,`, `;` and `'` join digits (WB11, WB12).
const WORD_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() {
            CORE | LETTER
        } else if c.is_ascii_digit() {
            CORE | DIGIT
        } else {
            match c {
                b'_' => CORE,
                b'.' | b'\'' => JOINS_LETTERS | JOINS_DIGITS,
                b':' => JOINS_LETTERS,
                b',' | b';' => JOINS_DIGITS,
                _ => 0,
            }
        };
        b += 1;
    }
    table
};

/// Gives `span` to `found` unless it is only underscores, which is no word.
fn push_word(bytes: &[u8], span: Range<usize>, found: &mut impl FnMut(Range<usize>)) {
    if bytes[span.clone()].iter().any(u8::is_ascii_alphanumeric) {
        found(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tests::random_strings;

    #[test]
    fn ascii_words_are_unicode_words() {
        let fixed = [
            "don't stop",
            "e.g. this",
            "3,000.50 or 1;2",
            "a:b ::c",
            "__ _a a_ _1_",
            "x'y' 'z' 9'9 a.1 1.a",
            "end.",
            "tab\tand\r\nCRLF",
            "",
            "naïve café, 你好 _x_ — don’t",
        ];
        // And random strings over the characters the rules treat specially
        // and those next to the scan's byte ranges, long enough to cross
        // its 64-byte chunks.
        let random = random_strings(b"aZ09_.,;:' \t\r\n-!@[`{/()*+<~\x7f", 140);
        for text in fixed.iter().map(|s| s.to_string()).chain(random) {
            let expected: Vec<Range<usize>> = text
                .unicode_word_indices()
                .map(|(at, w)| at..at + w.len())
                .collect();
            assert_eq!(words(&text), expected, "{text:?}");
            let starts = WordStarts::of(&text);
            assert_eq!(
                starts.iter().collect::<Vec<_>>(),
                expected.iter().map(|w| w.start).collect::<Vec<_>>()
            );
            assert_eq!(starts.len(), expected.len());
            for (from, to) in [(0, text.len()), (1, text.len() / 2), (3, 70), (60, 130)] {
                let count = expected
                    .iter()
                    .filter(|w| (from..to).contains(&w.start))
                    .count();
                assert_eq!(starts.count_in(from..to), count, "{text:?} {from}..{to}");
            }
        }
    }
}

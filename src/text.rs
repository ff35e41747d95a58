//! Text normalisation for phrase matching.
//!
//! Phrases match case-insensitively, treat curly and straight quotes alike
//! (phones type `’`, people type `'`) and treat any run of white space as one
//! space, so a phrase still matches across a line break. [`fold`] produces
//! that normalised text plus a map back to offsets in the original, which is
//! what keeps every reported span exact.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Folded text and the way back to the original offsets.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: String,
    /// `(folded, original)` offsets at every point where the distance between
    /// the two changes; between points the texts advance byte for byte.
    checkpoints: Vec<(usize, usize)>,
}

impl Folded {
    /// The original offset of folded offset `at`.
    pub fn original(&self, at: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(f, _)| f <= at);
        let (f, o) = self.checkpoints[i.saturating_sub(1)];
        o + (at - f)
    }
}

/// True for characters that make up words, in any script.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True for word characters of scripts that separate words with spaces.
/// Chinese, Japanese, Thai, Lao, Khmer and Myanmar write words without
/// spaces, so a phrase in them cannot ask for a word boundary.
pub fn is_spaced_word_char(c: char) -> bool {
    is_word_char(c)
        && !matches!(c as u32,
            0x0E00..=0x0EFF         // Thai, Lao
            | 0x1000..=0x109F       // Myanmar
            | 0x1780..=0x17FF       // Khmer
            | 0x3040..=0x30FF       // Hiragana, Katakana
            | 0x3400..=0x4DBF       // CJK extension A
            | 0x4E00..=0x9FFF       // CJK unified ideographs
            | 0xF900..=0xFAFF       // CJK compatibility ideographs
            | 0xFF66..=0xFF9F       // half-width Katakana
            | 0x20000..=0x3FFFF) // CJK extensions B and later
}

fn fold_char(c: char, out: &mut Vec<u8>) {
    let mut push = |c: char| out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' => push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => push('"'),
        c => c.to_lowercase().for_each(push),
    }
}

/// How [`fold`] maps each ASCII byte: upper case to lower case, white space
/// (including the vertical tab, which `char::is_whitespace` counts too) to a
/// space, everything else to itself.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => b' ',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

impl Folded {
    /// Notes that original offset `original` corresponds to the end of the
    /// folded text so far, if the distance between the two changed.
    fn checkpoint(&mut self, folded: usize, original: usize) {
        let (f, o) = self.checkpoints[self.checkpoints.len() - 1];
        if folded - f != original - o {
            if f == folded {
                // Several dropped characters in a row: keep one point.
                self.checkpoints.pop();
            }
            self.checkpoints.push((folded, original));
        }
    }
}

/// Folds eight ASCII bytes (little-endian in `word`) as [`ASCII_FOLD`] does,
/// all at once with bit arithmetic on each byte's high bit; `None` when a
/// byte is not ASCII or is white space after white space (`in_space` is
/// whether the byte before was), which the byte-wise path handles. Returns
/// the folded bytes and whether the last of them is a space.
fn fold_eight(word: u64, in_space: bool) -> Option<(u64, bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if word & HIGH != 0 {
        return None;
    }
    // For bytes below 0x80, `b + (0x80 - lo)` has its high bit set exactly
    // when `b >= lo`, and no byte carries into the next.
    let at_least = |lo: u8| word + ONES * u64::from(0x80 - lo);
    let between = |lo: u8, hi: u8| at_least(lo) & !at_least(hi + 1) & HIGH;
    let upper = between(b'A', b'Z');
    // \t \n \v \f \r, and the space itself.
    let space = between(0x09, 0x0D) | between(b' ', b' ');
    let after_space = space << 8 | u64::from(in_space) << 7;
    if space & after_space != 0 {
        return None;
    }
    // Lower case sets bit 5 (0x20); white space becomes exactly 0x20.
    let space_bytes = (space >> 7) * 0xFF;
    let folded = ((word | upper >> 2) & !space_bytes) | (space >> 2);
    Some((folded, space >> 63 == 1))
}

/// Folds `text` (see the module docs).
pub fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut folded = Folded {
        text: String::new(),
        checkpoints: vec![(0, 0)],
    };
    let mut in_space = false;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at once when no white space in them follows
        // other white space, which is nearly always.
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            && let Some((eight, last_is_space)) = fold_eight(u64::from_le_bytes(word), in_space)
        {
            out.extend_from_slice(&eight.to_le_bytes());
            in_space = last_is_space;
            i += 8;
            continue;
        }
        let b = bytes[i];
        if b < 0x80 {
            // The common case, kept free of unpredictable branches: only a
            // second white-space character in a row changes the length.
            let t = ASCII_FOLD[usize::from(b)];
            i += 1;
            if t == b' ' && in_space {
                folded.checkpoint(out.len(), i);
            } else {
                in_space = t == b' ';
                out.push(t);
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            if !in_space {
                out.push(b' ');
                in_space = true;
            }
        } else {
            in_space = false;
            fold_char(c, &mut out);
        }
        folded.checkpoint(out.len(), i);
    }
    // Only whole characters were written, so this never fails.
    folded.text = String::from_utf8(out).unwrap_or_default();
    folded
}

/// Byte spans of the words of `text`, as Unicode's word boundaries (UAX #29)
/// find them: runs of letters, digits and `_` joined by `'`, `.` or `:`
/// between letters ("don't", "e.g") and by `.`, `,`, `;` or `'` between
/// digits ("3,000"), each with at least one letter or digit.
///
/// Pure ASCII text, nearly all chat, takes a direct scan that finds the same
/// words several times faster; anything else goes to `unicode-segmentation`.
pub fn words(text: &str) -> Vec<Range<usize>> {
    if !text.is_ascii() {
        return text
            .unicode_word_indices()
            .map(|(at, w)| at..at + w.len())
            .collect();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
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
                push_word(bytes, start..from + k, &mut out);
            }
        }
    });
    // A word running to the end of a last chunk of 64 has its end edge
    // past the mask (a shorter chunk sees it as a bit).
    if bytes.len().is_multiple_of(64) && ends_in_word(bytes) {
        push_word(bytes, start..bytes.len(), &mut out);
    }
    out
}

/// Calls `chunk(from, mask, before)` for every 64 bytes of ASCII `bytes` from
/// offset `from`, with bit `k` of `mask` set when byte `from + k` belongs to a
/// word, and `before` the bit of the byte before the chunk. The bits are
/// worked out without branches, from each byte's class and its neighbours'.
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
        for (k, &b) in part.iter().enumerate() {
            let c = WORD_CLASS[usize::from(b & 0x7F)];
            mask |= u64::from(c & CORE) << k;
            separators |= u64::from((c | c >> 1) >> 3 & 1) << k;
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
        for word in words(text) {
            starts.bits[word.start / 64] |= 1 << (word.start % 64);
            starts.len += 1;
        }
        starts
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.len
    }

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

/// Adds `span` unless it is only underscores, which is no word.
fn push_word(bytes: &[u8], span: Range<usize>, out: &mut Vec<Range<usize>>) {
    if bytes[span.clone()].iter().any(u8::is_ascii_alphanumeric) {
        out.push(span);
    }
}

/// Folds a phrase from a rule file: folded and trimmed.
pub fn fold_phrase(phrase: &str) -> String {
    fold(phrase).text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_quotes_and_space() {
        let text = "I’M  Sorry\r\nFor";
        let folded = fold(text);
        assert_eq!(folded.text, "i'm sorry for");
        let at = folded.text.find("for").unwrap();
        assert_eq!(&text[folded.original(at)..], "For");
        let sorry = folded.text.find("sorry").unwrap();
        assert_eq!(folded.original(sorry), text.find("Sorry").unwrap());
        assert_eq!(folded.original(folded.text.len()), text.len());
    }

    /// 20,000 strings of up to `max_len` characters from `alphabet`, the same
    /// ones in every run (xorshift).
    fn random_strings(alphabet: &'static [u8], max_len: u64) -> impl Iterator<Item = String> {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..20_000).map(move |_| {
            let len = next() % (max_len + 1);
            (0..len)
                .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
                .collect()
        })
    }

    #[test]
    fn folds_ascii_eight_at_a_time_as_byte_by_byte() {
        for text in random_strings(b"aZ09 \t\n\r\x0b\x0c@[`{~_.'", 40) {
            let mut expected = String::new();
            for c in text.chars() {
                let c = if c.is_ascii_whitespace() || c == '\x0b' {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                };
                if !(c == ' ' && expected.ends_with(' ')) {
                    expected.push(c);
                }
            }
            let folded = fold(&text);
            assert_eq!(folded.text, expected, "{text:?}");
            assert_eq!(folded.original(folded.text.len()), text.len());
        }
    }

    #[test]
    fn collapses_runs_of_mixed_white_space() {
        let text = "A \t\n B\u{a0}\u{2003} C\r\n\r\nD";
        let folded = fold(text);
        assert_eq!(folded.text, "a b c d");
        for (word, folded_at) in [("B", 2), ("C", 4), ("D", 6)] {
            assert_eq!(folded.original(folded_at), text.find(word).unwrap());
        }
    }

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
        // And random strings over the characters the rules treat specially,
        // long enough to cross the scan's 64-byte chunks.
        let random = random_strings(b"aZ09_.,;:' \t\r\n-!", 140);
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

    #[test]
    fn maps_through_multibyte_lowercase() {
        let text = "ÀB İstanbul é";
        let folded = fold(text);
        let at = folded.text.find('é').unwrap();
        assert_eq!(folded.original(at), text.find('é').unwrap());
    }
}

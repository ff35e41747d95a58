//! Text normalisation for phrase matching.
//!
//! Phrases match case-insensitively, treat curly and straight quotes alike
//! (phones type `’`, people type `'`) and treat any run of white space as one
//! space, so a phrase still matches across a line break. [`fold`] produces
//! that normalised text plus a map back to offsets in the original, which is
//! what keeps every reported span exact.

use crate::swar::{self, HIGH, between};

/// Folded text and the way back to the original offsets.
#[derive(Debug, Default)]
pub struct Folded {
    /// The folded text.
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
    if word & HIGH != 0 {
        return None;
    }
    let upper = between(word, b'A', b'Z');
    // \t \n \v \f \r, and the space itself.
    let space = between(word, 0x09, 0x0D) | between(word, b' ', b' ');
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
        if let Some(word) = swar::load(bytes, i)
            && let Some((eight, last_is_space)) = fold_eight(word, in_space)
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

/// Folds a phrase from a rule file: folded and trimmed.
pub fn fold_phrase(phrase: &str) -> String {
    fold(phrase).text.trim().to_string()
}

#[cfg(test)]
pub(crate) mod tests {
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
    pub(crate) fn random_strings(
        alphabet: &'static [u8],
        max_len: u64,
    ) -> impl Iterator<Item = String> {
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        (0..20_000).map(move |_| {
            let len = rng.next() % (max_len + 1);
            (0..len)
                .map(|_| char::from(alphabet[rng.below(alphabet.len())]))
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
    fn maps_through_multibyte_lowercase() {
        let text = "ÀB İstanbul é";
        let folded = fold(text);
        let at = folded.text.find('é').unwrap();
        assert_eq!(folded.original(at), text.find('é').unwrap());
    }
}

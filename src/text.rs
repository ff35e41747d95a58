//! Text normalisation for phrase matching.
//!
//! Phrases match case-insensitively, treat curly and straight quotes alike
//! (phones type `’`, people type `'`) and treat any run of white space as one
//! space, so a phrase still matches across a line break. [`fold`] produces
//! that normalised text plus a map back to offsets in the original, which is
//! what keeps every reported span exact.

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

/// Folds `text` (see the module docs).
pub fn fold(text: &str) -> Folded {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut checkpoints = vec![(0, 0)];
    let mut in_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII, the common case, byte by byte; other characters whole.
        let width = if b < 0x80 {
            if b.is_ascii_whitespace() || b == 0x0B {
                if !in_space {
                    out.push(b' ');
                    in_space = true;
                }
            } else {
                in_space = false;
                out.push(b.to_ascii_lowercase());
            }
            1
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if !in_space {
                    out.push(b' ');
                    in_space = true;
                }
            } else {
                in_space = false;
                fold_char(c, &mut out);
            }
            c.len_utf8()
        };
        i += width;
        let (f, o) = checkpoints[checkpoints.len() - 1];
        if out.len() - f != i - o {
            checkpoints.push((out.len(), i));
        }
    }
    Folded {
        // Only whole characters were written, so this never fails.
        text: String::from_utf8(out).unwrap_or_default(),
        checkpoints,
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

    #[test]
    fn maps_through_multibyte_lowercase() {
        let text = "ÀB İstanbul é";
        let folded = fold(text);
        let at = folded.text.find('é').unwrap();
        assert_eq!(folded.original(at), text.find('é').unwrap());
    }
}

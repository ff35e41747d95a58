//! Sentences: a simple splitter on terminal punctuation and line breaks
//! that jumps between the few bytes that can end one, eight at a time.

use std::ops::Range;

use super::is_blank;
use crate::swar::{self, HIGH, between};

/// Characters that end a sentence.
const TERMINALS: &[char] = &['.', '!', '?', '…', '‼', '⁇', '。', '！', '？'];
/// Characters that may follow the end of a sentence and still belong to it.
const CLOSERS: &[char] = &['"', '\'', ')', ']', '”', '’', '»', '」', '』'];

/// Calls `sentence` with each sentence span of `text`, in order (untrimmed).
///
/// A sentence ends after `.`, `!`, `?` or `…` (and any closing quotes or
/// brackets) followed by white space, except that a full stop followed by a
/// lower-case word ("e.g. this", "etc. and") does not end one; CJK full
/// stops end one at once. A line break ends a sentence too, unless a line of
/// four or more words without closing punctuation wraps into a next line
/// that starts in lower case (hard-wrapped prose).
///
/// This is simpler than UAX #29's sentence rules, which draftlint used
/// first: on chat text they gave the same sentences, but their table
/// look-ups per character were a fifth of all linting time.
pub(super) fn split_sentences(text: &str, mut sentence: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line_start = 0;
    let mut i = 0;
    // Jump from one byte that may matter to the next: most bytes do not.
    while let Some(at) = next_stop(bytes, i) {
        // Flagged bytes are ASCII or lead bytes, so `at` starts a character.
        let c = text[at..].chars().next().unwrap_or(' ');
        i = at + c.len_utf8();
        if c == '\n' || c == '\r' {
            if c == '\r' && bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            let wraps = text[i..].chars().next().is_some_and(char::is_lowercase) && {
                let line = text[line_start..at].trim_end_matches(is_blank);
                !line.ends_with(TERMINALS)
                    && !line.ends_with([',', ':', ';', '"', '”', ')'])
                    && line.split_whitespace().nth(3).is_some()
            };
            line_start = i;
            if !wraps {
                sentence(start..at);
                start = i;
            }
            continue;
        }
        if !TERMINALS.contains(&c) {
            continue;
        }
        let mut only_stops = c == '.';
        for next in text[i..].chars() {
            if !TERMINALS.contains(&next) && !CLOSERS.contains(&next) {
                break;
            }
            only_stops &= next == '.' || CLOSERS.contains(&next);
            i += next.len_utf8();
        }
        let rest = &text[i..];
        let cjk = matches!(c, '。' | '！' | '？');
        let spaced = rest.is_empty() || rest.starts_with([' ', '\t', '\u{a0}', '\u{3000}']);
        if cjk || (spaced && !(only_stops && next_word_is_lowercase(rest))) {
            sentence(start..i);
            start = i;
        }
    }
    if start < text.len() {
        sentence(start..text.len());
    }
}

/// The bytes [`split_sentences`] stops at: line breaks, ASCII terminals and
/// the lead bytes of the other [`TERMINALS`] (all three bytes long).
pub(super) const SENTENCE_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut t = 0;
    while t < TERMINALS.len() {
        let mut utf8 = [0; 4];
        table[TERMINALS[t].encode_utf8(&mut utf8).as_bytes()[0] as usize] = true;
        t += 1;
    }
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// The first byte from `from` on that is in [`SENTENCE_BYTES`], looked for
/// eight bytes at a time: a quick test passes every such byte (and a few
/// more: other control characters, all non-ASCII bytes), and only the bytes
/// that pass are looked up.
pub(super) fn next_stop(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(x) = swar::load(bytes, i) {
        let ascii = x & !HIGH;
        let mut maybe = between(ascii, 0, b'\r')
            | between(ascii, b'!', b'!')
            | between(ascii, b'.', b'.')
            | between(ascii, b'?', b'?')
            | x & HIGH;
        while maybe != 0 {
            let at = i + maybe.trailing_zeros() as usize / 8;
            if SENTENCE_BYTES[usize::from(bytes[at])] {
                return Some(at);
            }
            maybe &= maybe - 1;
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| SENTENCE_BYTES[usize::from(b)])
        .map(|found| i + found)
}

/// Does the first word after spaces (on this line) start in lower case?
fn next_word_is_lowercase(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t', '\u{a0}'])
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

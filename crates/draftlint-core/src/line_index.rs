//! Byte offsets to lines and columns, in any encoding an editor may ask for.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as the LSP specification
//! says. Columns can be counted in UTF-8 bytes, UTF-16 code units (the LSP
//! default) or Unicode scalar values (what people and the CLI see).

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units, the LSP default.
    Utf16,
    /// Unicode scalar values (characters), as people and the CLI count them.
    Utf32,
}

/// The start offset of every line of a text, built once, with running
/// counts of characters and UTF-16 units every [`STEP`] bytes: a column is
/// then counted from the nearest checkpoint, not from the start of its line,
/// so a draft of one 8 MiB line with thousands of findings takes linear
/// time, not hours.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    checkpoints: Vec<Checkpoint>,
}

/// How far apart checkpoints are, in bytes.
const STEP: usize = 4096;

/// Characters and UTF-16 units in the text before `byte`.
#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    units: usize,
}

/// Characters and UTF-16 units in `bytes` (whole characters of UTF-8).
fn counts(bytes: &[u8]) -> (usize, usize) {
    // A character starts at every byte that is not a continuation byte
    // (0x80-0xBF); one of four bytes (from 0xF0) takes two UTF-16 units.
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let long = bytes.iter().filter(|&&b| b >= 0xF0).count();
    (chars, chars + long)
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let mut checkpoints = vec![Checkpoint {
            byte: 0,
            chars: 0,
            units: 0,
        }];
        let mut at = STEP;
        while at < text.len() {
            while !text.is_char_boundary(at) {
                at += 1;
            }
            let last = checkpoints[checkpoints.len() - 1];
            let (chars, units) = counts(&bytes[last.byte..at]);
            checkpoints.push(Checkpoint {
                byte: at,
                chars: last.chars + chars,
                units: last.units + units,
            });
            at += STEP;
        }
        LineIndex {
            starts,
            len: text.len(),
            checkpoints,
        }
    }

    /// Characters and UTF-16 units before `offset` (a character boundary).
    fn counts_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let at = self
            .checkpoints
            .partition_point(|c| c.byte <= offset)
            .saturating_sub(1);
        let base = self.checkpoints[at];
        let (chars, units) = counts(&text.as_bytes()[base.byte..offset]);
        (base.chars + chars, base.units + units)
    }

    /// How many lines there are; at least 1, and a text that ends with a line
    /// break has an empty last line.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of line `line` (0-based), without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 0-based line and column of `offset` (clamped into the text and down to
    /// a character boundary), with the column counted in `encoding`.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        // Most lines are short: counting from the line's start reads less
        // than counting twice from checkpoints up to `STEP` bytes back.
        let (chars, units) = if offset - start <= STEP {
            counts(&text.as_bytes()[start..offset])
        } else {
            let (to_offset, to_start) = (
                self.counts_before(text, offset),
                self.counts_before(text, start),
            );
            (to_offset.0 - to_start.0, to_offset.1 - to_start.1)
        };
        let column = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => units,
            Encoding::Utf32 => chars,
        };
        (line, column)
    }

    /// 1-based line and character column, as people read them.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let (line, column) = self.position(text, offset, Encoding::Utf32);
        (line + 1, column + 1)
    }

    /// The byte offset of a 0-based `line` and `column` counted in `encoding`.
    /// Positions past the end of a line clamp to its end (as LSP asks);
    /// positions inside a character clamp to its start.
    pub fn offset(&self, text: &str, line: usize, column: usize, encoding: Encoding) -> usize {
        if line >= self.starts.len() {
            return self.len;
        }
        let span = self.line_span(text, line);
        // Start from the last checkpoint of the line before the column.
        let metric = |c: &Checkpoint| match encoding {
            Encoding::Utf8 => c.byte,
            Encoding::Utf16 => c.units,
            Encoding::Utf32 => c.chars,
        };
        let line_start = {
            let (chars, units) = self.counts_before(text, span.start);
            metric(&Checkpoint {
                byte: span.start,
                chars,
                units,
            })
        };
        let first = self.checkpoints.partition_point(|c| c.byte <= span.start);
        let last = self.checkpoints.partition_point(|c| c.byte <= span.end);
        let within = &self.checkpoints[first..last.max(first)];
        let before = within.partition_point(|c| metric(c) - line_start <= column);
        let from = before.checked_sub(1).map(|i| within[i]);
        let (start, mut units) = match from {
            Some(c) => (c.byte, metric(&c) - line_start),
            None => (span.start, 0),
        };
        for (i, c) in text[start..span.end].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + width > column {
                return start + i;
            }
            units += width;
        }
        span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_line_breaks() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.position(text, 7, Encoding::Utf8), (3, 0));
        assert_eq!(index.line_span(text, 1), 2..3);
    }

    /// Columns on a long line, past many checkpoints, are what counting
    /// from the line's start gives, both ways.
    #[test]
    fn long_lines_count_the_same_from_checkpoints() {
        let text = format!("start\n{}\nend", "añ👋 é世界 ".repeat(3000));
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let line = index.line_of(offset);
            let prefix = &text[index.line_span(&text, line).start..offset];
            let expected = [
                (Encoding::Utf8, prefix.len()),
                (Encoding::Utf16, prefix.chars().map(char::len_utf16).sum()),
                (Encoding::Utf32, prefix.chars().count()),
            ];
            for (encoding, column) in expected {
                assert_eq!(index.position(&text, offset, encoding), (line, column));
                assert_eq!(index.offset(&text, line, column, encoding), offset);
            }
        }
    }

    #[test]
    fn columns_in_each_encoding() {
        let text = "👋 héllo 世界";
        let index = LineIndex::new(text);
        let at = text.find('世').unwrap();
        assert_eq!(index.position(text, at, Encoding::Utf8), (0, at));
        assert_eq!(index.position(text, at, Encoding::Utf16), (0, 9));
        assert_eq!(index.position(text, at, Encoding::Utf32), (0, 8));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let (line, column) = index.position(text, at, encoding);
            assert_eq!(index.offset(text, line, column, encoding), at);
        }
    }
}

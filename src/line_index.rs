//! Byte offsets to lines and columns, in any encoding an editor may ask for.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as the LSP specification
//! says. Columns can be counted in UTF-8 bytes, UTF-16 code units (the LSP
//! default) or Unicode scalar values (what people and the CLI see).

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

/// The start offset of every line of a text, built once.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
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
        LineIndex {
            starts,
            len: text.len(),
        }
    }

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
        let prefix = &text[self.starts[line]..offset];
        let column = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => prefix.chars().count(),
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
        let mut units = 0;
        for (i, c) in text[span.clone()].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + width > column {
                return span.start + i;
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

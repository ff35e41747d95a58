//! Open documents: their text, version and language, kept exactly in step
//! with the editor through full and incremental changes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::{Notify, watch};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::analysis::{Analysis, Role};
use super::convert;
use crate::draft::Format;
use crate::line_index::{Encoding, LineIndex};

/// One open document.
pub struct Document {
    /// The document's URI, as the client names it.
    pub uri: Uri,
    /// Its file path, for a `file:` URI.
    pub path: Option<PathBuf>,
    /// Its text, as of `version`.
    pub text: String,
    /// The client's version of the text.
    pub version: i32,
    /// How the text is read: Markdown for the `markdown` language or a Markdown
    /// file extension, plain text otherwise.
    pub format: Format,
    /// A draft, rule file or config, decided once when it is opened (see
    /// [`Role::of`]): a rule file stays one while it is typed, `kind` or
    /// not, and is checked as a rule file, never as a draft.
    pub role: Role,
    /// Wakes the document's lint task; permits coalesce, so a burst of
    /// changes costs one more lint, not one per change.
    pub dirty: Arc<Notify>,
    /// Cancels the lint in flight (set when the text changes or the
    /// document closes); each lint gets a new one.
    pub cancel: Arc<AtomicBool>,
    /// The latest analysis, for requests that must wait for it.
    pub analysis: watch::Sender<Option<Arc<Analysis>>>,
}

impl Document {
    /// A document just opened, with the client's `language` id.
    pub fn new(uri: Uri, text: String, version: i32, language: &str) -> Document {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let by_path = path.as_deref().map(Format::from_path);
        let format = if language == "markdown" {
            Format::Markdown
        } else {
            by_path.unwrap_or(Format::Text)
        };
        let role = Role::of(path.as_deref(), &text);
        Document {
            uri,
            role,
            path,
            text,
            version,
            format,
            dirty: Arc::new(Notify::new()),
            cancel: Arc::new(AtomicBool::new(false)),
            analysis: watch::channel(None).0,
        }
    }

    /// Applies the changes of one `didChange`, in order. A range change is
    /// applied at the exact offsets its positions name in `encoding`.
    pub fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&self.text);
                    let start = convert::offset(&self.text, &index, range.start, encoding);
                    let end = convert::offset(&self.text, &index, range.end, encoding).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
        }
        self.version = version;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(line: u32, from: u32, to: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_each_encoding() {
        let uri: Uri = "file:///tmp/a.txt".parse().unwrap();
        let mut doc = Document::new(
            uri.clone(),
            "héllo 👋 wörld\r\nsecond".into(),
            1,
            "plaintext",
        );
        // "wörld" starts at UTF-16 column 9 (👋 is two units), UTF-8 column 12.
        doc.apply(vec![change(0, 9, 14, "there")], 2, Encoding::Utf16);
        assert_eq!(doc.text, "héllo 👋 there\r\nsecond");
        doc.apply(vec![change(0, 12, 17, "world")], 3, Encoding::Utf8);
        assert_eq!(doc.text, "héllo 👋 world\r\nsecond");
        doc.apply(vec![change(1, 0, 0, "a ")], 4, Encoding::Utf16);
        assert_eq!(doc.text, "héllo 👋 world\r\na second");
        assert_eq!(doc.version, 4);
    }
}

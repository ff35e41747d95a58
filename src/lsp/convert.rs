//! Between byte spans and LSP positions, and from draftlint's types to LSP's.

use std::ops::Range;

use tower_lsp_server::ls_types::{self as lsp, Position};

use crate::diagnostic::Level;
use crate::line_index::{Encoding, LineIndex};

/// The byte offset of an LSP position (clamped into the text).
pub fn offset(text: &str, index: &LineIndex, position: Position, encoding: Encoding) -> usize {
    index.offset(
        text,
        position.line as usize,
        position.character as usize,
        encoding,
    )
}

/// The LSP position of a byte offset.
pub fn position(text: &str, index: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let (line, column) = index.position(text, offset, encoding);
    Position::new(line as u32, column as u32)
}

/// The LSP range of a byte span.
pub fn range(text: &str, index: &LineIndex, span: &Range<usize>, encoding: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(text, index, span.start, encoding),
        position(text, index, span.end, encoding),
    )
}

/// The LSP severity of a level.
pub fn severity(level: Level) -> lsp::DiagnosticSeverity {
    match level {
        Level::Error => lsp::DiagnosticSeverity::ERROR,
        Level::Warning => lsp::DiagnosticSeverity::WARNING,
        Level::Info => lsp::DiagnosticSeverity::INFORMATION,
        Level::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

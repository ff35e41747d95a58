//! The result of linting one version of a document, kept for the requests
//! that follow (code actions, hovers, the checklist): they are answered from
//! it, never by linting again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::checklist::{self, Item};
use crate::diagnostic::Diagnostic;
use crate::draft::{Draft, Format, FrontMatter};
use crate::line_index::{Encoding, LineIndex};
use crate::linter::{LintOptions, Linter};

/// What the server knows about one version of a document.
pub struct Analysis {
    pub version: i32,
    /// The rules generation it was made with (see the server's reloads).
    pub rules: u64,
    pub text: Arc<str>,
    pub index: LineIndex,
    pub encoding: Encoding,
    pub diagnostics: Vec<Diagnostic>,
    /// `diagnostics` in LSP form, in the same order.
    pub lsp: Vec<lsp::Diagnostic>,
    pub front: FrontMatter,
    pub checklist: Vec<Item>,
    pub linter: Arc<Linter>,
    /// How the text was read (plain text or Markdown), to lint it again
    /// when fixing.
    pub format: Format,
}

/// Where each rule's documentation page is written (see [`write_docs`]).
pub fn docs_dir() -> Option<std::path::PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    Some(base.join("draftlint").join("rules"))
}

fn page_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        + ".md"
}

/// Writes a Markdown page per rule, so the link on each diagnostic opens
/// the rule's documentation in the editor, offline.
pub fn write_docs(linter: &Linter) {
    let Some(dir) = docs_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    for rule in linter.rules() {
        let page = crate::docs::page(rule);
        let path = dir.join(page_name(&rule.id));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            let _ = crate::atomic::write(&path, &page);
        }
    }
}

fn doc_link(id: &str) -> Option<lsp::CodeDescription> {
    let path = docs_dir()?.join(page_name(id));
    path.is_file()
        .then(|| Uri::from_file_path(&path))
        .flatten()
        .map(|href| lsp::CodeDescription { href })
}

/// Lints `text` and prepares everything requests will need.
pub fn analyze(
    text: Arc<str>,
    version: i32,
    rules: u64,
    format: Format,
    linter: Arc<Linter>,
    encoding: Encoding,
) -> Analysis {
    let draft = Draft::parse(&text, format);
    let diagnostics = linter.lint(&draft, &LintOptions::default());
    let index = LineIndex::new(&text);
    // One link per rule, not per finding: a long draft has thousands.
    let mut links: HashMap<Arc<str>, Option<lsp::CodeDescription>> = HashMap::new();
    let lsp = diagnostics
        .iter()
        .map(|d| lsp::Diagnostic {
            range: convert::range(&text, &index, &d.span, encoding),
            severity: Some(convert::severity(d.level)),
            code: Some(lsp::NumberOrString::String(d.rule.to_string())),
            code_description: links
                .entry(d.rule.clone())
                .or_insert_with(|| doc_link(&d.rule))
                .clone(),
            source: Some("draftlint".into()),
            message: d.message.clone(),
            ..lsp::Diagnostic::default()
        })
        .collect();
    let checklist = checklist::items(&linter, &draft, &diagnostics);
    let front = draft.front.clone();
    drop(draft);
    Analysis {
        version,
        rules,
        index,
        encoding,
        diagnostics,
        lsp,
        front,
        checklist,
        linter,
        format,
        text,
    }
}

impl Analysis {
    pub fn range(&self, span: &std::ops::Range<usize>) -> lsp::Range {
        convert::range(&self.text, &self.index, span, self.encoding)
    }

    pub fn offset(&self, position: lsp::Position) -> usize {
        convert::offset(&self.text, &self.index, position, self.encoding)
    }
}

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
    /// A rule file, not a draft (see [`analyze_rule_file`]).
    pub rule_file: bool,
    /// For a rule file that reads, how many of its examples pass and fail.
    pub examples: Option<(usize, usize)>,
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
        .map(|d| {
            let link = links
                .entry(d.rule.clone())
                .or_insert_with(|| doc_link(&d.rule))
                .clone();
            to_lsp(&text, &index, d, encoding, link)
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
        rule_file: false,
        examples: None,
    }
}

/// `d` as the protocol has it, with a link to its rule's page.
fn to_lsp(
    text: &str,
    index: &LineIndex,
    d: &Diagnostic,
    encoding: Encoding,
    code_description: Option<lsp::CodeDescription>,
) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: convert::range(text, index, &d.span, encoding),
        severity: Some(convert::severity(d.level)),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        code_description,
        source: Some("draftlint".into()),
        message: d.message.clone(),
        ..lsp::Diagnostic::default()
    }
}

/// Is the document at `path`, holding `text`, a rule file? A `.toml` file
/// other than `draftlint.toml`, `classes.toml` and `pack.toml`, with a
/// top-level `kind = ` (so that `Cargo.toml` and friends are left alone).
pub fn is_rule_file(path: Option<&Path>, text: &str) -> bool {
    let Some(name) = path.and_then(Path::file_name).and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with(".toml")
        && ![
            crate::config::FILE_NAME,
            crate::rule::set::CLASSES_FILE,
            crate::rule::set::PACK_FILE,
        ]
        .contains(&name)
        && text
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['))
            .any(|l| l.trim_start().starts_with("kind =") || l.trim_start().starts_with("kind="))
}

/// Checks a rule file as it is typed: its problems at their place, and
/// each `[[example]]` that fails at its line, saying what was found or
/// not. The findings are the server's own (`rule-file`), with no fixes.
pub fn analyze_rule_file(
    text: Arc<str>,
    path: &Path,
    version: i32,
    rules: u64,
    linter: Arc<Linter>,
    encoding: Encoding,
) -> Analysis {
    let index = LineIndex::new(&text);
    let line_start = |line: usize| index.line_span(&text, line.saturating_sub(1)).start;
    let finding = |span: std::ops::Range<usize>, message: String| Diagnostic {
        rule: Arc::from(RULE_FILE),
        level: crate::diagnostic::Level::Error,
        span,
        message,
        fixes: Vec::new(),
    };
    let mut examples = None;
    let diagnostics: Vec<Diagnostic> = match crate::rule::set::parse_file(path, &text) {
        Ok(rule) => {
            let report = crate::examples::run(std::slice::from_ref(&rule));
            examples = Some((report.passed, report.failures.len()));
            let untested = report.untested.into_iter().map(|failure| Diagnostic {
                level: crate::diagnostic::Level::Warning,
                ..finding(line_start(1)..line_start(1), failure.message)
            });
            report
                .failures
                .into_iter()
                .map(|failure| {
                    let span = index.line_span(&text, failure.line.saturating_sub(1));
                    finding(span, failure.message)
                })
                .chain(untested)
                .collect()
        }
        Err(crate::Error::Invalid(problems)) => problems
            .into_iter()
            .filter(|p| p.path == path)
            .map(|p| {
                let at = index.offset(
                    &text,
                    p.line.saturating_sub(1),
                    p.column.saturating_sub(1),
                    Encoding::Utf32,
                );
                finding(at..at, p.message)
            })
            .collect(),
        Err(other) => vec![finding(line_start(1)..line_start(1), other.to_string())],
    };
    let lsp = diagnostics
        .iter()
        .map(|d| to_lsp(&text, &index, d, encoding, None))
        .collect();
    Analysis {
        version,
        rules,
        index,
        encoding,
        diagnostics,
        lsp,
        front: FrontMatter::default(),
        checklist: Vec::new(),
        linter,
        format: Format::Text,
        text,
        rule_file: true,
        examples,
    }
}

/// Where `offset` is in a rule file: the array of tables it is in
/// (`avoid`, `example`; `None` at the top), the key written at the start of
/// its line with the key's span, if any, and whether the line has its `=`
/// yet (a line without one is where a key is being typed).
pub struct KeyAt {
    pub table: Option<String>,
    pub key: Option<(String, std::ops::Range<usize>)>,
    pub has_value: bool,
}

pub fn key_at(text: &str, offset: usize) -> KeyAt {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[start..end];
    let indent = line.len() - line.trim_start().len();
    let name_len = line[indent..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len() - indent);
    let key = (name_len > 0).then(|| {
        (
            line[indent..indent + name_len].to_string(),
            start + indent..start + indent + name_len,
        )
    });
    // The nearest table header above: `[[avoid]]`, `[[example]]`.
    let table = text[..start].lines().rev().find_map(|l| {
        let l = l.trim();
        l.starts_with('[')
            .then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    });
    KeyAt {
        table,
        key,
        has_value: line.contains('='),
    }
}

/// The code of the diagnostics on a rule file.
pub const RULE_FILE: &str = "rule-file";

impl Analysis {
    pub fn range(&self, span: &std::ops::Range<usize>) -> lsp::Range {
        convert::range(&self.text, &self.index, span, self.encoding)
    }

    pub fn offset(&self, position: lsp::Position) -> usize {
        convert::offset(&self.text, &self.index, position, self.encoding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_their_table() {
        let text = "kind = \"avoid\"\nlev\n[[example]]\nbad = \"x\"\n";
        let place = key_at(text, text.find("lev").unwrap() + 2);
        assert_eq!(place.table, None);
        assert_eq!(place.key.map(|k| k.0).as_deref(), Some("lev"));
        assert!(!place.has_value);
        let place = key_at(text, text.find("bad").unwrap());
        assert_eq!(place.table.as_deref(), Some("example"));
        assert!(place.has_value);
        assert!(is_rule_file(Some(Path::new("/r/x.toml")), text));
        assert!(!is_rule_file(
            Some(Path::new("/r/Cargo.toml")),
            "[package]\nname = \"x\"\n"
        ));
        assert!(!is_rule_file(Some(Path::new("/r/draftlint.toml")), text));
    }
}

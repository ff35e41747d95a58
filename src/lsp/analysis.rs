//! The result of linting one version of a document, kept for the requests
//! that follow (code actions, hovers, the checklist): they are answered from
//! it, never by linting again.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert;
use crate::checklist::{self, Item};
use crate::diagnostic::{Diagnostic, Level};
use crate::draft::{Draft, Format, FrontMatter};
use crate::line_index::{Encoding, LineIndex};
use crate::linter::{LintOptions, Linter};
use crate::stop::{Stop, Stopped};

/// What an open document is, decided when it is opened (see [`Role::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A message being written: linted with the rules.
    Draft,
    /// A rule file: checked as one (see [`analyze_file`]).
    RuleFile,
    /// A `draftlint.toml`: checked as one (see [`analyze_file`]).
    Config,
}

impl Role {
    /// The role of the document at `path` that holds `text`.
    pub fn of(path: Option<&Path>, text: &str) -> Role {
        let name = path.and_then(Path::file_name).and_then(|n| n.to_str());
        if name == Some(crate::config::FILE_NAME) {
            Role::Config
        } else if is_rule_file(path, text) {
            Role::RuleFile
        } else {
            Role::Draft
        }
    }
}

/// What the server knows about one version of a document.
pub struct Analysis {
    /// The document version it was made from.
    pub version: i32,
    /// The rules generation it was made with ([`super::workspace::Workspace::generation`]).
    pub rules: u64,
    /// The text it was made from.
    pub text: Arc<str>,
    /// The line index of `text`.
    pub index: LineIndex,
    /// How the client counts columns.
    pub encoding: Encoding,
    /// The findings, with byte spans into `text`.
    pub diagnostics: Vec<Diagnostic>,
    /// `diagnostics` in LSP form, in the same order.
    pub lsp: Vec<lsp::Diagnostic>,
    /// The draft's front matter (empty for a rule file or config).
    pub front: FrontMatter,
    /// The draft's checklist (empty for a rule file or config, and when the
    /// lint ran out of time).
    pub checklist: Vec<Item>,
    /// The linter it was made with.
    pub linter: Arc<Linter>,
    /// How the text was read (plain text or Markdown), to lint it again
    /// when fixing.
    pub format: Format,
    /// What the document is: a draft, a rule file or a config.
    pub role: Role,
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

/// The id of the finding that stands for a lint stopped by its time limit.
pub const TIME_LIMIT: &str = "time-limit";

/// Lints `text` and prepares everything requests will need; `None` when
/// `stop` cancelled it. A lint out of time leaves one finding that says so
/// at the start of the document, and no checklist (it would be wrong).
pub fn analyze(
    text: Arc<str>,
    version: i32,
    rules: u64,
    format: Format,
    linter: Arc<Linter>,
    encoding: Encoding,
    stop: &Stop,
) -> Option<Analysis> {
    let draft = Draft::parse(&text, format);
    let (diagnostics, finished) = match linter.lint_until(&draft, &LintOptions::default(), stop) {
        Ok(diagnostics) => (diagnostics, true),
        Err(Stopped::Cancelled) => return None,
        Err(Stopped::OutOfTime) => {
            let start = draft.body_range().start;
            let notice = Diagnostic {
                rule: Arc::from(TIME_LIMIT),
                level: Level::Warning,
                span: start..start,
                message: format!(
                    "draftlint stopped: this document takes longer than {} to check as you \
                     type (`lint-time-limit-ms`). `draftlint check` checks it with no time limit.",
                    seconds(stop.budget())
                ),
                fixes: Vec::new(),
            };
            (vec![notice], false)
        }
    };
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
    let checklist = if finished {
        checklist::items(&linter, &draft, &diagnostics)
    } else {
        Vec::new()
    };
    let front = draft.front.clone();
    drop(draft);
    Some(Analysis {
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
        role: Role::Draft,
        examples: None,
    })
}

/// "2 s", "0.25 s".
pub fn seconds(budget: std::time::Duration) -> String {
    format!("{} s", budget.as_secs_f64())
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
            crate::ruleset::CLASSES_FILE,
            crate::ruleset::PACK_FILE,
        ]
        .contains(&name)
        && text
            .lines()
            .take_while(|l| !l.trim_start().starts_with('['))
            .any(|l| l.trim_start().starts_with("kind =") || l.trim_start().starts_with("kind="))
}

/// Checks a rule file or `draftlint.toml` (`role`) at `path` as it is
/// typed. The findings are the server's own (`rule-file`), with no fixes.
#[allow(clippy::too_many_arguments)]
pub fn analyze_file(
    role: Role,
    text: Arc<str>,
    path: &Path,
    version: i32,
    rules: u64,
    linter: Arc<Linter>,
    encoding: Encoding,
    settings: &crate::config::Config,
) -> Analysis {
    let index = LineIndex::new(&text);
    let (diagnostics, examples) = match role {
        Role::RuleFile => rule_file_findings(&text, &index, path),
        _ => (config_findings(&text, &index, path, settings), None),
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
        role,
        examples,
    }
}

/// A rule file's problems at their place, and each `[[example]]` that
/// fails at its line, saying what was found or not; with how many of its
/// examples pass and fail, when it reads.
fn rule_file_findings(
    text: &str,
    index: &LineIndex,
    path: &Path,
) -> (Vec<Diagnostic>, Option<(usize, usize)>) {
    let rule = match crate::ruleset::parse_file(path, text) {
        Ok(rule) => rule,
        Err(error) => return (problems_at(text, index, path, error), None),
    };
    let report = crate::examples::run(std::slice::from_ref(&rule));
    let examples = Some((report.passed, report.failures.len()));
    let untested = report.untested.into_iter().map(|failure| Diagnostic {
        level: crate::diagnostic::Level::Warning,
        ..file_finding(0..0, failure.message)
    });
    let findings = report
        .failures
        .into_iter()
        .map(|failure| {
            let span = index.line_span(text, failure.line.saturating_sub(1));
            file_finding(span, failure.message)
        })
        .chain(untested)
        .collect();
    (findings, examples)
}

/// A `draftlint.toml`'s problems at their place, read as `check` would
/// read it with the editor's `settings` on top (unknown keys and rule ids,
/// levels, impossible settings). Problems of the rule files it names are
/// shown on those files.
fn config_findings(
    text: &str,
    index: &LineIndex,
    path: &Path,
    settings: &crate::config::Config,
) -> Vec<Diagnostic> {
    let read = crate::config::Config::parse(path, text)
        .and_then(|config| crate::ruleset::build(&config.overlaid(settings), &[]));
    match read {
        Ok(_) => Vec::new(),
        Err(crate::Error::Invalid(problems)) if problems.iter().all(|p| p.path != path) => {
            // The trouble is in a rule file this config reads (shown on that
            // file): say so here, where `check` would stop.
            let first = problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            vec![file_finding(
                0..0,
                format!("the rules this config reads have problems: {first}"),
            )]
        }
        Err(error) => problems_at(text, index, path, error),
    }
}

/// The server's own finding on a rule file or config (code `rule-file`),
/// an error with no fixes.
fn file_finding(span: std::ops::Range<usize>, message: String) -> Diagnostic {
    Diagnostic {
        rule: Arc::from(RULE_FILE),
        level: crate::diagnostic::Level::Error,
        span,
        message,
        fixes: Vec::new(),
    }
}

/// The problems of `error` that are in the file at `path`, at their place
/// in its `text`; an error with no place goes at the start.
fn problems_at(text: &str, index: &LineIndex, path: &Path, error: crate::Error) -> Vec<Diagnostic> {
    match error {
        crate::Error::Invalid(problems) => problems
            .into_iter()
            .filter(|p| p.path == path)
            .map(|p| {
                let at = index.offset(
                    text,
                    p.line.saturating_sub(1),
                    p.column.saturating_sub(1),
                    Encoding::Utf32,
                );
                file_finding(at..at, p.message)
            })
            .collect(),
        other => vec![file_finding(0..0, other.to_string())],
    }
}

/// Where `offset` is in a rule file or config: the table it is in
/// (`avoid`, `example`, `rules`; `None` at the top), the key written at the start of
/// its line with the key's span, if any, and whether the line has its `=`
/// yet (a line without one is where a key is being typed).
pub struct KeyAt {
    /// The table it is in (`avoid`, `example`, `rules`); `None` at the top.
    pub table: Option<String>,
    /// The key written at the start of its line, with the key's span.
    pub key: Option<(String, std::ops::Range<usize>)>,
    /// Whether the line has its `=` yet.
    pub has_value: bool,
}

/// Where byte `offset` is in `text`, a rule file or config (see [`KeyAt`]).
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
        // `[rules] # mine`: the header without its comment.
        let l = l.split('#').next().unwrap_or_default().trim();
        l.starts_with('[')
            .then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    });
    KeyAt {
        table,
        key,
        has_value: line.contains('='),
    }
}

/// The code of the diagnostics on a rule file or a config.
pub const RULE_FILE: &str = "rule-file";

impl Analysis {
    /// The LSP range of byte `span` of the text.
    pub fn range(&self, span: &std::ops::Range<usize>) -> lsp::Range {
        convert::range(&self.text, &self.index, span, self.encoding)
    }

    /// The byte offset of LSP `position` in the text (clamped into it).
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

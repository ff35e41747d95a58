//! Rendering findings: for people (annotated source), JSON and SARIF.

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level as Style, Origin, Patch, Renderer, Snippet};
use draftlint::fix::FixKind;
use draftlint::line_index::LineIndex;
use draftlint::rule::Rule;
use draftlint::{Error, Level};
use serde_json::{Value, json};

use super::check::Checked;

fn style(level: Level) -> Style<'static> {
    match level {
        Level::Error => Style::ERROR,
        Level::Warning => Style::WARNING,
        Level::Info => Style::INFO,
        Level::Hint => Style::NOTE.with_name("hint"),
    }
}

/// The lines of `text` that hold `span`, and where they start.
/// Findings on lines longer than this many bytes say where they are
/// without showing the line.
const LONG: usize = 2000;

fn lines_around(
    text: &str,
    index: &LineIndex,
    span: &std::ops::Range<usize>,
) -> (usize, usize, usize) {
    let first = index.line_of(span.start);
    let last = index.line_of(span.end.saturating_sub(1).max(span.start));
    let start = index.line_span(text, first).start;
    let end = index
        .line_span(text, last)
        .end
        .max(span.end.min(text.len()));
    (first + 1, start, end)
}

/// Annotated source, like a compiler: the line, a caret under the span, the
/// message and the suggested rewrite; then a summary.
pub fn human(checked: &[Checked], quiet: bool) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    let (mut errors, mut warnings, mut others) = (0, 0, 0);
    let (mut edits, mut suggestions) = (0, 0);
    for file in checked {
        let index = LineIndex::new(&file.text);
        let path = file.path.display().to_string();
        for d in &file.diagnostics {
            match d.level {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
                _ => others += 1,
            }
            match d.fixes.first().map(|f| f.kind) {
                Some(FixKind::Edit) => edits += 1,
                Some(FixKind::Suggestion) => suggestions += 1,
                None => {}
            }
            let (line, start, end) = lines_around(&file.text, &index, &d.span);
            let title = style(d.level).primary_title(&d.message).id(&*d.rule);
            // A long line is not shown: printing all of it (or having it
            // laid out) for each finding made output quadratic in its
            // length. Where it is says enough.
            if end - start > LONG {
                let (line, column) = index.line_column(&file.text, d.span.start);
                let mut report =
                    vec![title.element(Origin::path(&path).line(line).char_column(column))];
                if let Some(fix) = d.fixes.first() {
                    report.push(Group::with_title(Style::HELP.secondary_title(&fix.title)));
                }
                let _ = writeln!(out, "{}\n", renderer.render(&report));
                continue;
            }
            let source = &file.text[start..end];
            let local = d.span.start - start..d.span.end.min(end) - start;
            let mut report = vec![
                title.element(
                    Snippet::source(source)
                        .line_start(line)
                        .path(&path)
                        .fold(true)
                        .annotation(AnnotationKind::Primary.span(local.clone())),
                ),
            ];
            if let Some(fix) = d.fixes.first() {
                // The fix is shown on the lines it changes: those of the
                // finding, or others (a sentence added at the end, after the
                // greeting), so that the reader sees where it goes.
                let inside = fix
                    .edits
                    .iter()
                    .all(|e| e.span.start >= start && e.span.end <= end);
                let (fix_line, fix_start, fix_end) = match (
                    fix.edits.iter().map(|e| e.span.start).min(),
                    fix.edits.iter().map(|e| e.span.end).max(),
                ) {
                    (Some(lo), Some(hi)) if !inside => lines_around(&file.text, &index, &(lo..hi)),
                    _ => (line, start, end),
                };
                let mut help = Group::with_title(Style::HELP.secondary_title(&fix.title));
                if !fix.edits.is_empty() && fix_end - fix_start <= LONG {
                    let patches: Vec<Patch> = fix
                        .edits
                        .iter()
                        .map(|e| {
                            Patch::new(
                                e.span.start - fix_start..e.span.end - fix_start,
                                e.text.as_str(),
                            )
                        })
                        .collect();
                    help = help.element(
                        Snippet::source(&file.text[fix_start..fix_end])
                            .line_start(fix_line)
                            .path(&path)
                            .patches(patches),
                    );
                }
                report.push(help);
            }
            let _ = writeln!(out, "{}\n", renderer.render(&report));
        }
    }
    if !quiet {
        let total = errors + warnings + others;
        let drafts = if checked.len() == 1 {
            "draft"
        } else {
            "drafts"
        };
        if total == 0 {
            let _ = writeln!(out, "No problems found in {} {drafts}.", checked.len());
        } else {
            let _ = write!(
                out,
                "Found {total} {} ({errors} {}, {warnings} {}, {others} other) in {} {drafts}.",
                plural(total, "problem"),
                plural(errors, "error"),
                plural(warnings, "warning"),
                checked.len()
            );
            match (edits, suggestions) {
                (0, 0) => {}
                (_, 0) => {
                    let _ = write!(out, " {edits} can be fixed with --fix.");
                }
                (0, _) => {
                    let _ = write!(
                        out,
                        " {suggestions} {} a sentence to add (--fix-suggestions).",
                        if suggestions == 1 {
                            "suggests"
                        } else {
                            "suggest"
                        }
                    );
                }
                _ => {
                    let _ = write!(
                        out,
                        " {edits} can be fixed with --fix, {suggestions} more with --fix-suggestions."
                    );
                }
            }
            out.push('\n');
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// One line per finding, `path:line:column: level[rule] message`, as
/// compilers and grep print them, for editors' quickfix lists and scripts.
pub fn concise(checked: &[Checked]) -> String {
    let mut out = String::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let (line, column) = index.line_column(&file.text, d.span.start);
            let _ = writeln!(
                out,
                "{}:{line}:{column}: {}[{}] {}",
                file.path.display(),
                d.level.as_str(),
                d.rule,
                d.message.replace('\n', " ")
            );
        }
    }
    out
}

/// The JSON document described in docs/json.md (schema version 1),
/// written to `out` as it is serialized: each finding goes out as it is
/// read, with no copy of the whole document in memory.
pub fn json(
    out: &mut impl std::io::Write,
    checked: &[Checked],
    problems: &[Error],
) -> std::io::Result<()> {
    use serde::Serialize;

    #[derive(Serialize)]
    struct Position {
        line: usize,
        column: usize,
        offset: usize,
    }
    #[derive(Serialize)]
    struct Edit<'a> {
        start: Position,
        end: Position,
        text: &'a str,
    }
    #[derive(Serialize)]
    struct Fix<'a> {
        title: &'a str,
        kind: &'static str,
        edits: Vec<Edit<'a>>,
    }
    #[derive(Serialize)]
    struct Finding<'a> {
        path: String,
        rule: &'a str,
        level: &'static str,
        message: &'a str,
        start: Position,
        end: Position,
        fixes: Vec<Fix<'a>>,
    }
    #[derive(Serialize)]
    struct Problem {
        message: String,
    }
    /// The findings of every draft, made one at a time as they are written.
    struct Findings<'a>(&'a [Checked]);
    impl Serialize for Findings<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().flat_map(|file| {
                let index = LineIndex::new(&file.text);
                let path = file.path.display().to_string();
                let at = move |offset: usize| {
                    let (line, column) = index.line_column(&file.text, offset);
                    Position {
                        line,
                        column,
                        offset,
                    }
                };
                file.diagnostics.iter().map(move |d| Finding {
                    path: path.clone(),
                    rule: &d.rule,
                    level: d.level.as_str(),
                    message: &d.message,
                    start: at(d.span.start),
                    end: at(d.span.end),
                    fixes: d
                        .fixes
                        .iter()
                        .map(|f| Fix {
                            title: &f.title,
                            kind: f.kind.as_str(),
                            edits: f
                                .edits
                                .iter()
                                .map(|e| Edit {
                                    start: at(e.span.start),
                                    end: at(e.span.end),
                                    text: &e.text,
                                })
                                .collect(),
                        })
                        .collect(),
                })
            }))
        }
    }
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        files: usize,
        diagnostics: Findings<'a>,
        errors: Vec<Problem>,
    }
    let document = Document {
        version: 1,
        files: checked.len(),
        diagnostics: Findings(checked),
        errors: problems
            .iter()
            .map(|p| Problem {
                message: p.to_string(),
            })
            .collect(),
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &document)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// What a relative URI may hold unescaped (RFC 3986 unreserved, and `/`).
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// SARIF 2.1.0 with columns in Unicode code points, written to `out` as
/// it is serialized: each result is made, written and dropped in turn.
pub fn sarif(
    out: &mut impl std::io::Write,
    checked: &[Checked],
    rules: &[Rule],
) -> std::io::Result<()> {
    use serde::Serialize;

    fn level(l: Level) -> &'static str {
        match l {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info | Level::Hint => "note",
        }
    }
    /// The results of every draft, one at a time as they are written.
    struct Results<'a>(&'a [Checked]);
    impl Serialize for Results<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().flat_map(|file| {
                let index = LineIndex::new(&file.text);
                let uri = percent_encoding::utf8_percent_encode(
                    &file.path.to_string_lossy().replace('\\', "/"),
                    URI_PATH,
                )
                .to_string();
                let region = move |span: &std::ops::Range<usize>| {
                    let (start_line, start_column) = index.line_column(&file.text, span.start);
                    let (end_line, end_column) = index.line_column(&file.text, span.end);
                    json!({
                        "startLine": start_line, "startColumn": start_column,
                        "endLine": end_line, "endColumn": end_column,
                        "byteOffset": span.start, "byteLength": span.len(),
                    })
                };
                file.diagnostics.iter().map(move |d| {
                    let fixes: Vec<Value> = d
                        .fixes
                        .iter()
                        .map(|f| {
                            json!({
                                "description": { "text": f.title },
                                "properties": { "kind": f.kind.as_str() },
                                "artifactChanges": [{
                                    "artifactLocation": { "uri": uri },
                                    "replacements": f.edits.iter().map(|e| json!({
                                        "deletedRegion": region(&e.span),
                                        "insertedContent": { "text": e.text },
                                    })).collect::<Vec<_>>(),
                                }],
                            })
                        })
                        .collect();
                    json!({
                        "ruleId": &*d.rule,
                        "level": level(d.level),
                        "message": { "text": d.message },
                        "locations": [{ "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": region(&d.span),
                        }}],
                        "fixes": fixes,
                    })
                })
            }))
        }
    }
    #[derive(Serialize)]
    struct Run<'a> {
        tool: Value,
        #[serde(rename = "columnKind")]
        column_kind: &'static str,
        results: Results<'a>,
    }
    #[derive(Serialize)]
    struct Log<'a> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: [Run<'a>; 1],
    }
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": &*r.id,
                "shortDescription": { "text": r.message },
                "fullDescription": { "text": r.why },
                "help": { "text": r.why, "markdown": r.why },
                "defaultConfiguration": { "level": level(r.level) },
                "properties": { "kind": r.kind.name(), "step": r.step },
            })
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "draftlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }}),
            column_kind: "unicodeCodePoints",
            results: Results(checked),
        }],
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &log)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

//! Rendering findings: for people (annotated source), one line each, JSON,
//! SARIF and GitHub Actions annotations.
//!
//! Each format is an [`Emitter`]: it hears of each draft in turn, as soon
//! as the draft is checked, writes what it has to say of it and forgets
//! it, keeping only counts; then it hears of the run's problems. So output
//! begins before the last draft is checked, and a run over many drafts
//! holds one at a time, whatever the format.

use std::fmt::Write as _;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level as Style, Origin, Patch, Renderer, Snippet};
use draftlint::fix::FixKind;
use draftlint::line_index::LineIndex;
use draftlint::rule::Rule;
use draftlint::{Error, Level};
use serde_json::{Value, json};

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

/// One checked draft, as every format is given it.
pub struct Checked {
    pub path: std::path::PathBuf,
    pub text: String,
    pub diagnostics: Vec<draftlint::Diagnostic>,
}

/// Every output format.
pub trait Emitter {
    /// Writes what the format says of one draft (called in the drafts'
    /// order).
    fn draft(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()>;
    /// Writes the end: a summary, or the problems of the run.
    fn finish(&mut self, out: &mut dyn Write, problems: &[Error]) -> io::Result<()>;
}

/// Writes nothing: for `--diff`, and for `--fix` of standard input, whose
/// output is the fixed text.
pub struct Silent;

impl Emitter for Silent {
    fn draft(&mut self, _: &mut dyn Write, _: &Checked) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &[Error]) -> io::Result<()> {
        Ok(())
    }
}

/// Annotated source, like a compiler: the line, a caret under the span, the
/// message and the suggested rewrite; then a summary.
pub struct Human {
    quiet: bool,
    drafts: usize,
    errors: usize,
    warnings: usize,
    others: usize,
    edits: usize,
    suggestions: usize,
}

impl Human {
    /// `quiet`: no summary line.
    pub fn new(quiet: bool) -> Human {
        Human {
            quiet,
            drafts: 0,
            errors: 0,
            warnings: 0,
            others: 0,
            edits: 0,
            suggestions: 0,
        }
    }
}

impl Emitter for Human {
    fn draft(&mut self, sink: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let renderer = Renderer::styled();
        let mut out = String::new();
        self.drafts += 1;
        let index = LineIndex::new(&file.text);
        let path = file.path.display().to_string();
        for d in &file.diagnostics {
            match d.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                _ => self.others += 1,
            }
            match d.fixes.first().map(|f| f.kind) {
                Some(FixKind::Edit) => self.edits += 1,
                Some(FixKind::Suggestion) => self.suggestions += 1,
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
        sink.write_all(out.as_bytes())
    }

    fn finish(&mut self, sink: &mut dyn Write, _: &[Error]) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let mut out = String::new();
        let (errors, warnings, others) = (self.errors, self.warnings, self.others);
        let (edits, suggestions) = (self.edits, self.suggestions);
        let total = errors + warnings + others;
        let drafts = if self.drafts == 1 { "draft" } else { "drafts" };
        if total == 0 {
            let _ = writeln!(out, "No problems found in {} {drafts}.", self.drafts);
        } else {
            let _ = write!(
                out,
                "Found {total} {} ({errors} {}, {warnings} {}, {others} other) in {} {drafts}.",
                plural(total, "problem"),
                plural(errors, "error"),
                plural(warnings, "warning"),
                self.drafts
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
        sink.write_all(out.as_bytes())
    }
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
pub struct Concise;

impl Emitter for Concise {
    fn draft(&mut self, sink: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let mut out = String::new();
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
        sink.write_all(out.as_bytes())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &[Error]) -> io::Result<()> {
        Ok(())
    }
}

/// GitHub Actions workflow commands, one per finding: in a workflow's log
/// each becomes an annotation on its line of the pull request
/// (`::warning title=...,file=...,line=...,col=...::message`).
pub struct Github;

impl Emitter for Github {
    fn draft(&mut self, sink: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let mut out = String::new();
        let index = LineIndex::new(&file.text);
        let path = file.path.display().to_string();
        for d in &file.diagnostics {
            let (line, column) = index.line_column(&file.text, d.span.start);
            let (end_line, end_column) = index.line_column(&file.text, d.span.end);
            let command = match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info | Level::Hint => "notice",
            };
            let _ = writeln!(
                out,
                "::{command} title={},file={},line={line},col={column},endLine={end_line},endColumn={end_column}::{}",
                github_property(&format!("draftlint ({})", d.rule)),
                github_property(&path),
                github_data(&d.message)
            );
        }
        sink.write_all(out.as_bytes())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &[Error]) -> io::Result<()> {
        Ok(())
    }
}

/// A workflow command's message, escaped as the runner reads it: a line
/// break would end the command.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property (`file=`, `title=`): escaped as a message
/// and, since `,` and `:` separate properties from each other and from the
/// message, those too.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A JSON array written an element at a time, inside a document that
/// `serde_json` lays out: the text before the array and after it come from
/// the whole document laid out with the array empty, and each element is
/// laid out alone and indented to its place. The result is what laying out
/// the whole document at once would give, byte for byte.
struct Streamed {
    /// How deep the line of the array's `[` is, in steps of two spaces;
    /// elements go one step deeper.
    depth: usize,
    written: usize,
}

/// What stands for the streamed array while the rest is laid out.
const PLACE: &str = "draftlint-streamed-array";

impl Streamed {
    /// The text of `document` up to its streamed array's `[` and from its
    /// `]`: `document` has [`PLACE`] as the value of `key`, where the array
    /// goes. Key and value are looked for together: a string of the user's
    /// (a rule's message) may be [`PLACE`], but no key is the user's.
    fn split(document: &impl serde::Serialize, key: &str) -> io::Result<(String, String)> {
        let text = serde_json::to_string_pretty(document)?;
        let place = format!("\"{key}\": \"{PLACE}\"");
        let at = text
            .find(&place)
            .ok_or_else(|| io::Error::other("the streamed array has no place"))?;
        Ok((
            format!("{}\"{key}\": [", &text[..at]),
            format!("]{}\n", &text[at + place.len()..]),
        ))
    }

    /// For an array whose `[` is on a line indented `depth` levels.
    fn new(depth: usize) -> Streamed {
        Streamed { depth, written: 0 }
    }

    fn element(&mut self, out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
        let indent = "  ".repeat(self.depth + 1);
        let laid_out = serde_json::to_string_pretty(value)?;
        // JSON strings hold no raw line breaks: each one starts a line.
        let laid_out = laid_out.replace('\n', &format!("\n{indent}"));
        let comma = if self.written == 0 { "" } else { "," };
        self.written += 1;
        write!(out, "{comma}\n{indent}{laid_out}")
    }

    fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.written > 0 {
            write!(out, "\n{}", "  ".repeat(self.depth))?;
        }
        Ok(())
    }
}

/// The JSON document described in docs/json.md (schema version 1): each
/// finding is written as its draft is checked; the number of files and the
/// problems come after them.
pub struct Json {
    findings: Streamed,
    files: usize,
    started: bool,
}

#[derive(serde::Serialize)]
struct JsonDocument {
    version: u32,
    diagnostics: &'static str,
    files: usize,
    errors: Vec<JsonProblem>,
}

#[derive(serde::Serialize)]
struct JsonProblem {
    message: String,
}

impl Json {
    pub fn new() -> Json {
        Json {
            findings: Streamed::new(1),
            files: 0,
            started: false,
        }
    }

    /// The document with the findings' place held, and `problems`.
    fn skeleton(&self, problems: &[Error]) -> io::Result<(String, String)> {
        Streamed::split(
            &JsonDocument {
                version: 1,
                diagnostics: PLACE,
                files: self.files,
                errors: problems
                    .iter()
                    .map(|p| JsonProblem {
                        message: p.to_string(),
                    })
                    .collect(),
            },
            "diagnostics",
        )
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            // What comes before the findings depends on nothing after them.
            out.write_all(self.skeleton(&[])?.0.as_bytes())?;
        }
        Ok(())
    }
}

impl Emitter for Json {
    fn draft(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
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
            path: &'a str,
            rule: &'a str,
            level: &'static str,
            message: &'a str,
            start: Position,
            end: Position,
            fixes: Vec<Fix<'a>>,
        }
        self.start(out)?;
        self.files += 1;
        let index = LineIndex::new(&file.text);
        let path = file.path.display().to_string();
        let at = |offset: usize| {
            let (line, column) = index.line_column(&file.text, offset);
            Position {
                line,
                column,
                offset,
            }
        };
        for d in &file.diagnostics {
            let finding = Finding {
                path: &path,
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
            };
            self.findings.element(out, &finding)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, problems: &[Error]) -> io::Result<()> {
        self.start(out)?;
        self.findings.close(out)?;
        out.write_all(self.skeleton(problems)?.1.as_bytes())?;
        out.flush()
    }
}

/// What a relative URI may hold unescaped (RFC 3986 unreserved, and `/`).
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// SARIF 2.1.0 with columns in Unicode code points: the rules first, then
/// each result as its draft is checked.
pub struct Sarif {
    results: Streamed,
    /// The log after its results.
    end: String,
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Hint => "note",
    }
}

impl Sarif {
    /// Writes the log up to its results: the tool and its `rules`.
    pub fn start(out: &mut dyn Write, rules: &[Rule]) -> io::Result<Sarif> {
        #[derive(serde::Serialize)]
        struct Run {
            tool: Value,
            #[serde(rename = "columnKind")]
            column_kind: &'static str,
            results: &'static str,
        }
        #[derive(serde::Serialize)]
        struct Log {
            #[serde(rename = "$schema")]
            schema: &'static str,
            version: &'static str,
            runs: [Run; 1],
        }
        let descriptors: Vec<Value> = rules
            .iter()
            .map(|r| {
                json!({
                    "id": &*r.id,
                    "shortDescription": { "text": r.message },
                    "fullDescription": { "text": r.why },
                    "help": { "text": r.why, "markdown": r.why },
                    "defaultConfiguration": { "level": sarif_level(r.level) },
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
                results: PLACE,
            }],
        };
        let (start, end) = Streamed::split(&log, "results")?;
        out.write_all(start.as_bytes())?;
        Ok(Sarif {
            results: Streamed::new(3),
            end,
        })
    }
}

impl Emitter for Sarif {
    fn draft(&mut self, out: &mut dyn Write, file: &Checked) -> io::Result<()> {
        let index = LineIndex::new(&file.text);
        let uri = percent_encoding::utf8_percent_encode(
            &file.path.to_string_lossy().replace('\\', "/"),
            URI_PATH,
        )
        .to_string();
        let region = |span: &std::ops::Range<usize>| {
            let (start_line, start_column) = index.line_column(&file.text, span.start);
            let (end_line, end_column) = index.line_column(&file.text, span.end);
            json!({
                "startLine": start_line, "startColumn": start_column,
                "endLine": end_line, "endColumn": end_column,
                "byteOffset": span.start, "byteLength": span.len(),
            })
        };
        for d in &file.diagnostics {
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
            let result = json!({
                "ruleId": &*d.rule,
                "level": sarif_level(d.level),
                "message": { "text": d.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region(&d.span),
                }}],
                "fixes": fixes,
            });
            self.results.element(out, &result)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &[Error]) -> io::Result<()> {
        self.results.close(out)?;
        out.write_all(self.end.as_bytes())?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runner reads `%XX` escapes: a line break would end the command,
    /// and in a property `,` and `:` would end the property.
    #[test]
    fn github_commands_escape_what_the_runner_would_misread() {
        assert_eq!(
            github_data("100% sure\r\nreally"),
            "100%25 sure%0D%0Areally"
        );
        assert_eq!(
            github_property("drafts/a, b: c%.txt"),
            "drafts/a%2C b%3A c%25.txt"
        );
    }
}

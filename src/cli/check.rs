//! `draftlint check`: lint drafts, print findings, optionally fix them.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use draftlint::fix::Apply;
use draftlint::{Diagnostic, Draft, Error, Format, Level, LintOptions};

use super::input::{self, Source};
use super::output::{self, Checked, Emitter};
use super::parallel;
use super::{Linters, RuleOptions};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Source lines with the finding underlined and the suggested rewrite.
    Human,
    /// One line per finding: `path:line:column: level[rule] message`.
    Concise,
    /// One JSON document (schema in docs/json.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions annotations: each finding shows on its line of a pull
    /// request.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Hint,
    Info,
    Warning,
    Error,
    /// Always exit 0 when the drafts could be linted.
    Never,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files, folders or - for stdin [default: .]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Exit 1 when a finding at or above this level remains.
    #[arg(long, value_enum, default_value_t = FailLevel::Warning)]
    fail_level: FailLevel,
    /// Apply each finding's preferred edit of your words and write the files
    /// (stdin: print the result). Sentences to add are left to --fix-suggestions.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Also add the sentences that rules suggest ("I'm sorry for the past.");
    /// alone it fixes as --fix does, with --diff it shows them.
    #[arg(long)]
    fix_suggestions: bool,
    /// Show the changes --fix would make, without writing.
    #[arg(long)]
    diff: bool,
    /// The name to report (and to find draftlint.toml from) for stdin.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Today's date for cooldown rules (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// Print findings only, no summary line.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    rules: RuleOptions,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

pub fn run(args: Args) -> Result<i32, Error> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let sources = input::expand(&paths, args.stdin_filename.as_deref())?;
    let mut linters = Linters::new(args.rules.clone());
    let options = LintOptions { today: args.today };
    let mut problems: Vec<Error> = Vec::new();
    let stdout = anstream::stdout();
    let raw = || -> Box<dyn Write> { Box::new(std::io::BufWriter::new(std::io::stdout())) };
    let fix = args.fix || (args.fix_suggestions && !args.diff);
    let choice = Apply {
        suggestions: args.fix_suggestions,
    };
    let mut tally = Tally::default();
    // The linter of each draft (configs are read in order, so that the
    // first broken one is the one reported), then the drafts linted on
    // every core, each written out in the order given as soon as it and
    // those before it are done, then dropped.
    let mut jobs = Vec::with_capacity(sources.len());
    for source in &sources {
        let dir = match source {
            Source::Stdin(_) if args.stdin_filename.is_none() => Path::new("."),
            _ => source
                .path()
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        };
        jobs.push((source, linters.for_dir(dir)?));
    }
    let job = Job {
        options: &options,
        choice,
        fix,
        diff: args.diff,
    };
    let threshold = match args.fail_level {
        FailLevel::Hint => Some(Level::Hint),
        FailLevel::Info => Some(Level::Info),
        FailLevel::Warning => Some(Level::Warning),
        FailLevel::Error => Some(Level::Error),
        FailLevel::Never => None,
    };
    let fixing_stdin = fix && sources.iter().any(|s| matches!(s, Source::Stdin(_)));
    // JSON and SARIF have no colours to strip: straight out, buffered.
    let (mut out, mut emitter): (Box<dyn Write>, Box<dyn Emitter>) =
        match (args.format, args.diff || fixing_stdin) {
            (_, true) => (Box::new(stdout), Box::new(output::Silent)),
            (OutputFormat::Human, _) => {
                (Box::new(stdout), Box::new(output::Human::new(args.quiet)))
            }
            (OutputFormat::Concise, _) => (Box::new(stdout), Box::new(output::Concise)),
            (OutputFormat::Github, _) => (Box::new(stdout), Box::new(output::Github)),
            (OutputFormat::Json, _) => (raw(), Box::new(output::Json::new())),
            (OutputFormat::Sarif, _) => {
                let mut out = raw();
                let sarif = output::Sarif::start(&mut out, &linters.all_rules());
                match sarif {
                    Ok(sarif) => (out, Box::new(sarif)),
                    // Standard output is closed: nothing more goes there.
                    Err(_) => (out, Box::new(output::Silent)),
                }
            }
        };
    // Once standard output is closed (`| head`), drafts are still fixed
    // and counted, not written.
    let mut closed = false;
    let (mut changes, mut failed) = (false, false);
    parallel::in_order(
        &jobs,
        |(source, linter)| job.run(source, linter),
        |outcomes| {
            for outcome in outcomes {
                let linted = match outcome {
                    Outcome::Failed(e) => {
                        problems.push(e);
                        continue;
                    }
                    Outcome::Linted(linted) => linted,
                };
                if let Some(diff) = &linted.diff {
                    let _ = write!(out, "{diff}");
                }
                match &linted.write {
                    Some(Output::File(file, text)) => {
                        if let Err(e) = draftlint::atomic::write(file, text) {
                            problems.push(e);
                            continue;
                        }
                    }
                    Some(Output::Stdout(text)) => {
                        let _ = out.write_all(text.as_bytes());
                    }
                    None => {}
                }
                tally.add(linted.tally);
                let found = &linted.checked.diagnostics;
                changes |= found.iter().any(|d| choice.preferred(&d.fixes).is_some());
                failed |= threshold.is_some_and(|t| found.iter().any(|d| d.level >= t));
                closed = closed || emitter.draft(&mut out, &linted.checked).is_err();
            }
        },
    );
    if !closed {
        let _ = emitter.finish(&mut out, &problems);
    }
    let _ = out.flush();
    drop(out);
    // The process ends with this command: freeing the rules' tables, made
    // of hundreds of thousands of allocations, would only cost time.
    std::mem::forget(jobs);
    std::mem::forget(linters);
    if args.diff {
        report_problems(&problems);
        return Ok(if !problems.is_empty() {
            2
        } else {
            i32::from(changes)
        });
    }
    if fix && !args.quiet {
        // On stderr: for stdin the fixed text is what stdout holds.
        anstream::eprintln!("{}", tally.summary());
    }
    report_problems(&problems);
    Ok(if !problems.is_empty() {
        2
    } else {
        i32::from(failed)
    })
}

/// How one draft is checked: the same for every draft of a run.
struct Job<'a> {
    options: &'a LintOptions,
    choice: Apply,
    /// Fix the draft (`--fix` or `--fix-suggestions`).
    fix: bool,
    /// Show what fixing would change, as a diff.
    diff: bool,
}

/// What checking one draft came to.
enum Outcome {
    /// It could not be read.
    Failed(Error),
    Linted(Linted),
}

struct Linted {
    checked: Checked,
    /// `--diff`: the unified diff of what fixing would change.
    diff: Option<String>,
    /// `--fix`: the fixed text, and where it goes.
    write: Option<Output>,
    tally: Tally,
}

enum Output {
    File(PathBuf, String),
    Stdout(String),
}

impl Job<'_> {
    fn run(&self, source: &Source, linter: &draftlint::Linter) -> Outcome {
        let path = source.path();
        let text = match input::read(source) {
            Ok(text) => text,
            Err(e) => return Outcome::Failed(e),
        };
        let format = Format::from_path(path);
        let diagnostics = linter.lint(&Draft::parse(&text, format), self.options);
        if !self.fix && !self.diff {
            return Outcome::Linted(Linted {
                checked: Checked {
                    path: path.to_path_buf(),
                    text,
                    diagnostics,
                },
                diff: None,
                write: None,
                tally: Tally::default(),
            });
        }
        let choice = self.choice;
        let fixed = linter.fix_linted(&text, diagnostics.clone(), format, self.options, choice);
        let suggested = |d: &&Diagnostic| {
            d.fixes
                .first()
                .is_some_and(|f| f.kind == draftlint::fix::FixKind::Suggestion)
        };
        let tally = Tally {
            fixed: fixed.applied,
            remaining: fixed.diagnostics.len(),
            suggestions: fixed
                .diagnostics
                .iter()
                .filter(|d| d.fixes.first().is_some_and(|f| !choice.takes(f.kind)))
                .count(),
            held: match fixed.held_by {
                Some(_) => fixed.diagnostics.iter().filter(suggested).count(),
                None => 0,
            },
            held_by: fixed.held_by.as_ref().map(|d| {
                let (line, column) = draftlint::line_index::LineIndex::new(&fixed.text)
                    .line_column(&fixed.text, d.span.start);
                format!(
                    "\"{}\" ({}, {}:{line}:{column})",
                    &fixed.text[d.span.clone()],
                    d.rule,
                    path.display()
                )
            }),
        };
        if self.diff {
            let diff = (fixed.text != text).then(|| {
                let name = path.display().to_string();
                coloured(
                    &similar::TextDiff::from_lines(&text, &fixed.text)
                        .unified_diff()
                        .header(&name, &name)
                        .context_radius(2)
                        .to_string(),
                )
            });
            return Outcome::Linted(Linted {
                checked: Checked {
                    path: path.to_path_buf(),
                    text,
                    diagnostics,
                },
                diff,
                write: None,
                tally,
            });
        }
        let write = match source {
            Source::Stdin(_) => Some(Output::Stdout(fixed.text.clone())),
            Source::File(file) if fixed.applied > 0 => {
                Some(Output::File(file.clone(), fixed.text.clone()))
            }
            Source::File(_) => None,
        };
        Outcome::Linted(Linted {
            checked: Checked {
                path: path.to_path_buf(),
                text: fixed.text,
                diagnostics: fixed.diagnostics,
            },
            diff: None,
            write,
            tally,
        })
    }
}

/// A unified diff in the colours of `git diff` (removed lines red, added
/// green, hunk headers cyan); the output stream drops them when it is not
/// a terminal or `--color never` says so.
fn coloured(diff: &str) -> String {
    use anstyle::{AnsiColor, Style};
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let style = if line.starts_with("+++") || line.starts_with("---") {
            Style::new().bold()
        } else if line.starts_with('+') {
            AnsiColor::Green.on_default()
        } else if line.starts_with('-') {
            AnsiColor::Red.on_default()
        } else if line.starts_with("@@") {
            AnsiColor::Cyan.on_default()
        } else {
            Style::new()
        };
        let body = line.strip_suffix('\n').unwrap_or(line);
        out.push_str(&format!("{style}{body}{style:#}"));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// What `--fix` did, over all drafts.
#[derive(Default)]
struct Tally {
    fixed: usize,
    /// Findings whose fix is a sentence to add, left for `--fix-suggestions`.
    suggestions: usize,
    /// Suggested sentences held back by words only the writer can change,
    /// and the first such finding, as `"words" (rule, path:line:col)`.
    held: usize,
    held_by: Option<String>,
    remaining: usize,
}

impl Tally {
    /// Adds one draft's tally to the run's.
    fn add(&mut self, draft: Tally) {
        self.fixed += draft.fixed;
        self.remaining += draft.remaining;
        self.suggestions += draft.suggestions;
        self.held += draft.held;
        self.held_by = self.held_by.take().or(draft.held_by);
    }

    /// "3 fixed (2 suggestions not applied), 4 remaining."
    fn summary(&self) -> String {
        let mut out = format!("draftlint: {} fixed", self.fixed);
        if self.suggestions > 0 {
            out.push_str(&format!(
                " ({} not applied: add --fix-suggestions to add {})",
                suggestions(self.suggestions),
                if self.suggestions == 1 { "it" } else { "them" },
            ));
        }
        if let Some(by) = &self.held_by {
            out.push_str(&format!(
                " ({} held back until you rewrite {by})",
                suggestions(self.held)
            ));
        }
        out.push_str(&format!(", {} remaining.", self.remaining));
        out
    }
}

/// "1 suggestion", "3 suggestions".
fn suggestions(n: usize) -> String {
    format!("{n} {}", if n == 1 { "suggestion" } else { "suggestions" })
}

fn report_problems(problems: &[Error]) {
    for problem in problems {
        anstream::eprintln!("draftlint: {problem}");
    }
}

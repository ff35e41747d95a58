//! `draftlint check`: lint drafts, print findings, optionally fix them.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use draftlint::fix::Apply;
use draftlint::{Diagnostic, Draft, Error, Format, Level, LintOptions};

use super::input::{self, Source};
use super::output;
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

/// One linted draft.
pub struct Checked {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
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
    let mut checked = Vec::new();
    let mut problems: Vec<Error> = Vec::new();
    let mut stdout = anstream::stdout();
    let fix = args.fix || (args.fix_suggestions && !args.diff);
    let choice = Apply {
        suggestions: args.fix_suggestions,
    };
    let mut tally = Tally::default();
    for source in &sources {
        let path = source.path();
        let dir = match source {
            Source::Stdin(_) if args.stdin_filename.is_none() => Path::new("."),
            _ => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        };
        let linter = linters.for_dir(dir)?;
        let text = match input::read(source) {
            Ok(text) => text,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let format = Format::from_path(path);
        let diagnostics = linter.lint(&Draft::parse(&text, format), &options);
        if fix || args.diff {
            let fixed = linter.fix_linted(&text, diagnostics.clone(), format, &options, choice);
            tally.fixed += fixed.applied;
            tally.remaining += fixed.diagnostics.len();
            tally.suggestions += fixed
                .diagnostics
                .iter()
                .filter(|d| d.fixes.first().is_some_and(|f| !choice.takes(f.kind)))
                .count();
            if args.diff {
                if fixed.text != text {
                    let name = path.display().to_string();
                    let diff = similar::TextDiff::from_lines(&text, &fixed.text);
                    let _ = write!(
                        stdout,
                        "{}",
                        diff.unified_diff().header(&name, &name).context_radius(2)
                    );
                }
                checked.push(Checked {
                    path: path.to_path_buf(),
                    text,
                    diagnostics,
                });
                continue;
            }
            match source {
                Source::Stdin(_) => {
                    let _ = stdout.write_all(fixed.text.as_bytes());
                }
                Source::File(file) if fixed.applied > 0 => {
                    if let Err(e) = draftlint::atomic::write(file, &fixed.text) {
                        problems.push(e);
                        continue;
                    }
                }
                Source::File(_) => {}
            }
            checked.push(Checked {
                path: path.to_path_buf(),
                text: fixed.text,
                diagnostics: fixed.diagnostics,
            });
            continue;
        }
        checked.push(Checked {
            path: path.to_path_buf(),
            text,
            diagnostics,
        });
    }
    let fixing_stdin = fix && sources.iter().any(|s| matches!(s, Source::Stdin(_)));
    if args.diff {
        let changes = checked.iter().any(|c| {
            c.diagnostics
                .iter()
                .any(|d| choice.preferred(&d.fixes).is_some())
        });
        report_problems(&problems);
        return Ok(if !problems.is_empty() {
            2
        } else {
            i32::from(changes)
        });
    }
    if !fixing_stdin {
        let out = match args.format {
            OutputFormat::Human => output::human(&checked, args.quiet),
            OutputFormat::Concise => output::concise(&checked),
            OutputFormat::Json => output::json(&checked, &problems),
            OutputFormat::Sarif => output::sarif(&checked, &linters.all_rules()),
        };
        let _ = stdout.write_all(out.as_bytes());
    }
    if fix && !args.quiet {
        // On stderr: for stdin the fixed text is what stdout holds.
        anstream::eprintln!("{}", tally.summary());
    }
    report_problems(&problems);
    let threshold = match args.fail_level {
        FailLevel::Hint => Some(Level::Hint),
        FailLevel::Info => Some(Level::Info),
        FailLevel::Warning => Some(Level::Warning),
        FailLevel::Error => Some(Level::Error),
        FailLevel::Never => None,
    };
    let failed = threshold.is_some_and(|t| {
        checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .any(|d| d.level >= t)
    });
    Ok(if !problems.is_empty() {
        2
    } else {
        i32::from(failed)
    })
}

/// What `--fix` did, over all drafts.
#[derive(Default)]
struct Tally {
    fixed: usize,
    /// Findings whose fix is a sentence to add, left for `--fix-suggestions`.
    suggestions: usize,
    remaining: usize,
}

impl Tally {
    /// "3 fixed (2 suggestions not applied), 4 remaining."
    fn summary(&self) -> String {
        let mut out = format!("draftlint: {} fixed", self.fixed);
        if self.suggestions > 0 {
            out.push_str(&format!(
                " ({} {} not applied: add --fix-suggestions to add {})",
                self.suggestions,
                if self.suggestions == 1 {
                    "suggestion"
                } else {
                    "suggestions"
                },
                if self.suggestions == 1 { "it" } else { "them" },
            ));
        }
        out.push_str(&format!(", {} remaining.", self.remaining));
        out
    }
}

fn report_problems(problems: &[Error]) {
    for problem in problems {
        anstream::eprintln!("draftlint: {problem}");
    }
}

//! Rule examples as tests: each `bad` example must be flagged by its rule
//! (and, with `fixed`, fix to exactly that text), each `good` one must not.
//! `draftlint test` and `cargo test` both run this.

use std::fmt;
use std::path::PathBuf;

use crate::draft::{Draft, Format};
use crate::fix;
use crate::linter::{LintOptions, Linter};
use crate::rule::{Expect, Params, Rule};

/// A failed example, shown as `path:line: rule: what went wrong`.
#[derive(Debug)]
pub struct Failure {
    /// The rule file.
    pub path: PathBuf,
    /// 1-based line of the `[[example]]` (1 for a rule with none).
    pub line: usize,
    /// The rule's id.
    pub rule: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.rule,
            self.message
        )
    }
}

/// The outcome of running the examples of some rules.
#[derive(Debug, Default)]
pub struct Report {
    /// How many examples passed.
    pub passed: usize,
    /// The examples that failed, in the order they ran.
    pub failures: Vec<Failure>,
    /// Rules with no example at all: untested, which `draftlint test`
    /// warns about (and fails with `--strict`).
    pub untested: Vec<Failure>,
}

/// Runs every example of every rule in `rules`, each against its rule alone.
pub fn run(rules: &[Rule]) -> Report {
    let mut report = Report::default();
    for rule in rules {
        // A rule without examples is untested: say so rather than pass it.
        if rule.examples.is_empty() {
            report.untested.push(Failure {
                path: rule.source.path.clone(),
                line: 1,
                rule: rule.id.to_string(),
                message: "no examples: add an [[example]] with `bad = \"...\"` the rule must flag and one with `good = \"...\"` it must not".into(),
            });
            continue;
        }
        let mut enabled = rule.clone();
        enabled.enabled = true;
        // Most examples use the rule as written: compile it once for them.
        let shared = Linter::new(vec![enabled]);
        for example in &rule.examples {
            let fail = |message: String| Failure {
                path: rule.source.path.clone(),
                line: example.line,
                rule: rule.id.to_string(),
                message,
            };
            let own;
            let linter = if example.with == Params::default() {
                &shared
            } else {
                let mut rule = rule.clone();
                rule.enabled = true;
                if let Err(message) = rule.apply(&example.with) {
                    report.failures.push(fail(format!("bad `with`: {message}")));
                    continue;
                }
                own = Linter::new(vec![rule]);
                &own
            };
            let linter = match linter {
                Ok(linter) => linter,
                Err(e) => {
                    report.failures.push(fail(e.to_string()));
                    continue;
                }
            };
            let options = LintOptions::default();
            let outcome = match &example.expect {
                Expect::Good(text) => {
                    let found = linter.lint(&Draft::parse(text, Format::Text), &options);
                    match found.first() {
                        None => Ok(()),
                        Some(d) => Err(format!(
                            "good example was flagged at {:?}: {}",
                            &text[d.span.clone()],
                            d.message
                        )),
                    }
                }
                Expect::Bad { text, fixed } => {
                    let found = linter.lint(&Draft::parse(text, Format::Text), &options);
                    if found.is_empty() {
                        Err(format!("bad example was not flagged: {text:?}"))
                    } else if let Some(fixed) = fixed {
                        let result = fix::apply(text, found.iter().filter_map(|d| d.fixes.first()));
                        if &result.text == fixed {
                            Ok(())
                        } else {
                            Err(format!(
                                "fix gave {:?}, the example says {fixed:?}",
                                result.text
                            ))
                        }
                    } else {
                        Ok(())
                    }
                }
            };
            match outcome {
                Ok(()) => report.passed += 1,
                Err(message) => report.failures.push(fail(message)),
            }
        }
    }
    report
}

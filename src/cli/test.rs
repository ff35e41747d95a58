//! `draftlint test`: run the examples in rule files.

use std::path::PathBuf;

use draftlint::Error;

/// Runs the examples; a rule without any is a warning, or with `strict` a
/// failure.
pub fn run(paths: &[PathBuf], strict: bool) -> Result<i32, Error> {
    let rules = if paths.is_empty() {
        draftlint::rule::pack::all()?
    } else {
        draftlint::rule::set::load_paths(paths)?
    };
    let report = draftlint::examples::run(&rules);
    for failure in &report.failures {
        anstream::eprintln!("FAIL {failure}");
    }
    for untested in &report.untested {
        let label = if strict { "FAIL" } else { "warning:" };
        anstream::eprintln!("{label} {untested}");
    }
    let examples: usize = rules.iter().map(|r| r.examples.len()).sum();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let untested = match report.untested.len() {
        0 => String::new(),
        1 => " (1 rule has no examples)".to_string(),
        n => format!(" ({n} rules have no examples)"),
    };
    anstream::println!(
        "{}, {}: {} passed, {} failed{untested}",
        plural(rules.len(), "rule"),
        plural(examples, "example"),
        report.passed,
        report.failures.len()
    );
    let failed = !report.failures.is_empty() || (strict && !report.untested.is_empty());
    Ok(i32::from(failed))
}

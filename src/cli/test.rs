//! `draftlint test`: run the examples in rule files.

use std::path::PathBuf;

use draftlint::Error;

pub fn run(paths: &[PathBuf]) -> Result<i32, Error> {
    let rules = if paths.is_empty() {
        draftlint::rule::pack::all()?
    } else {
        draftlint::rule::set::load_paths(paths)?
    };
    let report = draftlint::examples::run(&rules);
    for failure in &report.failures {
        anstream::eprintln!("FAIL {failure}");
    }
    let examples: usize = rules.iter().map(|r| r.examples.len()).sum();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    anstream::println!(
        "{}, {}: {} passed, {} failed",
        plural(rules.len(), "rule"),
        plural(examples, "example"),
        report.passed,
        report.failures.len()
    );
    Ok(i32::from(!report.failures.is_empty()))
}

//! `draftlint test`: run the examples in rule files.

use std::path::PathBuf;

use draftlint::Error;

/// Runs the examples, then with `watch` again whenever a rule file under
/// `paths` changes, until interrupted.
pub fn run(paths: &[PathBuf], strict: bool, watch: bool) -> Result<i32, Error> {
    if !watch {
        return run_once(paths, strict);
    }
    if paths.is_empty() {
        return Err(Error::Other(
            "--watch needs the rule files or folders to watch".into(),
        ));
    }
    let mut seen = stamps(paths);
    loop {
        // A broken file is reported like any other run, and watched on.
        if let Err(e) = run_once(paths, strict) {
            anstream::eprintln!("draftlint: {e}");
        }
        loop {
            std::thread::sleep(std::time::Duration::from_millis(300));
            let now = stamps(paths);
            if now != seen {
                seen = now;
                break;
            }
        }
        anstream::eprintln!("draftlint: rule files changed; testing again");
    }
}

/// What `--watch` compares: each rule file with its length and time of
/// change (polled: a handful of small files, no watcher needed).
fn stamps(paths: &[PathBuf]) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(draftlint::bounded::toml_files(path, &[]).unwrap_or_default());
        } else {
            files.push(path.clone());
        }
    }
    files
        .into_iter()
        .map(|f| {
            let meta = std::fs::metadata(&f).ok();
            let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let modified = meta.and_then(|m| m.modified().ok());
            (f, len, modified)
        })
        .collect()
}

/// Runs the examples once; a rule without any is a warning, or with
/// `strict` a failure.
fn run_once(paths: &[PathBuf], strict: bool) -> Result<i32, Error> {
    let rules = if paths.is_empty() {
        draftlint::rule::pack::all()?
    } else {
        draftlint::ruleset::load_paths(paths)?
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

//! Helpers shared by the integration tests: run the real binary in a
//! scratch folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `draftlint args...` in `dir` with colour off and `stdin` fed in.
pub fn draftlint_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("draftlint starts");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("write stdin");
    }
    drop(input);
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("draftlint runs");
    Run {
        code: status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// `draftlint check --no-config --rules rules --format <format> <path>` in
/// `dir`: a test's own rules, beside the built-in pack, on its own drafts.
pub fn check_with_rules(dir: &Path, format: &str, path: &str) -> Run {
    draftlint_in(
        dir,
        &[
            "check",
            "--no-config",
            "--rules",
            "rules",
            "--format",
            format,
            path,
        ],
        None,
    )
}

/// The repository root (where `examples/` and `rules/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs draftlint from the repository root.
pub fn draftlint(args: &[&str]) -> Run {
    draftlint_in(&root(), args, None)
}

/// A fresh scratch folder with `files` written into it.
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write file");
    }
    dir
}

/// Parses `--format json` output.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))
}

/// The fix property: on each of `texts`, `--fix` and `--fix-suggestions`
/// never make a rule fire that was quiet, and fixing the fixed text changes
/// nothing. Returns each failure, with the text before and after.
pub fn fix_problems(linter: &draftlint::Linter, texts: &[String]) -> Vec<String> {
    use draftlint::{Draft, Format, LintOptions};
    let options = LintOptions::default();
    let rules = |text: &str| {
        let mut ids: Vec<String> = linter
            .lint(&Draft::parse(text, Format::Text), &options)
            .iter()
            .map(|d| d.rule.to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut problems = Vec::new();
    for text in texts {
        for suggestions in [false, true] {
            let choice = draftlint::fix::Apply { suggestions };
            let before = rules(text);
            let fixed = linter.fix(text, Format::Text, &options, choice);
            let new: Vec<String> = rules(&fixed.text)
                .into_iter()
                .filter(|r| !before.contains(r))
                .collect();
            if !new.is_empty() {
                problems.push(format!(
                    "{new:?} fire after fixing:\n  {text}\n  -> {}",
                    fixed.text
                ));
            }
            let again = linter.fix(&fixed.text, Format::Text, &options, choice);
            if again.applied > 0 {
                problems.push(format!(
                    "fixing again changes:\n  {}\n  -> {}",
                    fixed.text, again.text
                ));
            }
        }
    }
    problems
}

/// The texts of every example of `rules`, bad and good.
pub fn example_texts(rules: &[draftlint::rule::Rule]) -> Vec<String> {
    rules
        .iter()
        .flat_map(|rule| &rule.examples)
        .map(|example| match &example.expect {
            draftlint::rule::Expect::Bad { text, .. } => text.clone(),
            draftlint::rule::Expect::Good(text) => text.clone(),
        })
        .collect()
}

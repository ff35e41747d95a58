//! The rule files shown in docs/rules.md's sections on word patterns and
//! classes are real: written to a folder as the page names them, they load
//! and every one of their examples passes `draftlint test`.

use crate::common;

use std::path::Path;

use common::{draftlint_in, root, scratch};

/// `(file name, TOML)` of each block in the sections of `doc` from the
/// heading `from` up to the heading `to`, named by the `my-rules/NAME`
/// line before it.
fn named_blocks(doc: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let start = doc.find(from).expect("section");
    let end = start + doc[start..].find(to).expect("end of section");
    let mut out = Vec::new();
    let mut name = None;
    let mut lines = doc[start..end].lines();
    while let Some(line) = lines.next() {
        if let Some(file) = line.strip_prefix("`my-rules/") {
            name = file.split('`').next().map(String::from);
        } else if line == "```toml" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            let file = name.take().expect("every block is named");
            out.push((file, block.join("\n") + "\n"));
        }
    }
    out
}

#[test]
fn word_pattern_and_class_examples_pass_their_tests() {
    let doc = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    let blocks = named_blocks(&doc, "## Word patterns", "## `avoid`");
    let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "answer-me.toml",
            "own-it.toml",
            "classes.toml",
            "brush-off.toml"
        ]
    );
    let files: Vec<(String, &str)> = blocks
        .iter()
        .map(|(name, text)| (format!("my-rules/{name}"), text.as_str()))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let dir = scratch(&files);
    let run = draftlint_in(dir.path(), &["test", "my-rules"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("3 rules, 14 examples: 14 passed, 0 failed"),
        "{}",
        run.stdout
    );
}

/// Copies the files of `from` into `to`, folders included.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs the page `doc` in `dir` as a reader would follow it, and returns
/// how many commands it ran. A block after a line that names a file
/// ("`my-rules/whatever.toml`:", "On this draft, `apology.txt`:") is
/// written there; in a `console` block, `$ cat FILE` writes the lines
/// shown as that file, and every other `$ ...` line runs in a shell (with
/// this build's `draftlint` first on `PATH`, output and errors together)
/// and must print exactly the lines below it. With `UPDATE_SNAPSHOTS=1`
/// the page is rewritten with what the commands print (read the diff).
fn run_page(doc: &str, dir: &Path) -> usize {
    let file = root().join("docs").join(doc);
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let bin = Path::new(env!("CARGO_BIN_EXE_draftlint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut before = "";
    let mut commands = 0;
    // (first line, end line, what was printed) of each output that differs.
    let mut differ: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some(lang) = line.strip_prefix("```") else {
            if !line.trim().is_empty() {
                before = line;
            }
            continue;
        };
        let start = i;
        while i < lines.len() && lines[i] != "```" {
            i += 1;
        }
        let block = &lines[start..i];
        i += 1;
        if lang == "console" {
            let mut at = 0;
            while at < block.len() {
                let command = block[at]
                    .strip_prefix("$ ")
                    .unwrap_or_else(|| panic!("{doc}: a command: {}", block[at]));
                let expected: Vec<&str> = block[at + 1..]
                    .iter()
                    .take_while(|l| !l.starts_with("$ "))
                    .copied()
                    .collect();
                let output_at = start + at + 1;
                at += 1 + expected.len();
                if let Some(name) = command.strip_prefix("cat ") {
                    write(dir, name, &(expected.join("\n") + "\n"));
                    continue;
                }
                if command.contains("| jq ") && !has_jq() {
                    // CI installs jq; a fresh machine may lack it.
                    assert!(std::env::var_os("CI").is_none(), "CI needs jq for {doc}");
                    eprintln!("{doc}: skipped without jq: $ {command}");
                    commands += 1;
                    continue;
                }
                let run = std::process::Command::new("sh")
                    .arg("-c")
                    .arg(format!("{{ {command}\n}} 2>&1"))
                    .current_dir(dir)
                    .env("PATH", &path)
                    .env("NO_COLOR", "1")
                    .output()
                    .expect("sh runs");
                let output = String::from_utf8_lossy(&run.stdout).trim_end().to_string();
                if output != expected.join("\n") {
                    differ.push((output_at, output_at + expected.len(), output));
                }
                commands += 1;
            }
        } else if before.ends_with("`:") {
            let name = before.rsplit('`').nth(1).expect("the file is named");
            write(dir, name, &(block.join("\n") + "\n"));
        }
    }
    if differ.is_empty() {
        return commands;
    }
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        for (from, to, printed) in &differ {
            out.extend(lines[next..*from].iter().map(|l| l.to_string()));
            out.extend(printed.lines().map(String::from));
            next = *to;
        }
        out.extend(lines[next..].iter().map(|l| l.to_string()));
        std::fs::write(&file, out.join("\n") + "\n").unwrap();
        return commands;
    }
    let report: Vec<String> = differ
        .iter()
        .map(|(from, to, printed)| {
            format!(
                "docs/{doc}:{}: the page says\n{}\nbut the command printed\n{printed}\n",
                from + 1,
                lines[*from..*to].join("\n")
            )
        })
        .collect();
    panic!("{}", report.join("\n"));
}

fn has_jq() -> bool {
    std::process::Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
}

/// Every console example of the docs runs as written and prints what the
/// page says. docs/config.md and docs/json.md continue from the files that
/// docs/rules.md has the reader write; the tutorial starts from nothing.
#[test]
fn every_console_example_in_the_docs_runs_as_written() {
    let rules = scratch(&[]);
    assert_eq!(run_page("rules.md", rules.path()), 20);
    for (doc, commands) in [("config.md", 8), ("json.md", 9)] {
        let dir = scratch(&[]);
        copy_tree(rules.path(), dir.path());
        // The drafts that cannot be read which the pages describe.
        std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 at six?\n").unwrap();
        if doc == "config.md" {
            write(dir.path(), "photo.txt", "\u{0}PNG");
            write(dir.path(), "big.txt", &"a".repeat(8 * 1024 * 1024 + 1));
        }
        assert_eq!(run_page(doc, dir.path()), commands, "{doc}");
    }
    let tutorial = scratch(&[]);
    assert_eq!(run_page("tutorial.md", tutorial.path()), 3);
    for doc in ["editors.md", "lsp.md", "labels.md"] {
        assert_eq!(run_page(doc, scratch(&[]).path()), 0, "{doc}");
    }
}

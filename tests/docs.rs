//! The rule files shown in docs/rules.md's sections on word patterns and
//! classes are real: written to a folder as the page names them, they load
//! and every one of their examples passes `draftlint test`.

mod common;

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
            .contains("3 rules, 11 examples: 11 passed, 0 failed"),
        "{}",
        run.stdout
    );
}

/// docs/tutorial.md runs as written: in a fresh folder, each file it shows
/// is written where it names it, when the reader would write it, and each
/// `$ draftlint ...` command prints exactly what the page says.
#[test]
fn the_tutorial_runs_as_written() {
    let doc = std::fs::read_to_string(root().join("docs/tutorial.md")).unwrap();
    let dir = scratch(&[]);
    let mut before = "";
    let mut lines = doc.lines();
    let mut commands = 0;
    while let Some(line) = lines.next() {
        let Some(lang) = line.strip_prefix("```").filter(|l| !l.is_empty()) else {
            if !line.trim().is_empty() {
                before = line;
            }
            continue;
        };
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        if lang == "console" {
            let mut at = 0;
            while at < block.len() {
                let command = block[at]
                    .strip_prefix("$ draftlint ")
                    .expect("a draftlint command");
                let expected: Vec<&str> = block[at + 1..]
                    .iter()
                    .take_while(|l| !l.starts_with("$ "))
                    .copied()
                    .collect();
                at += 1 + expected.len();
                let args: Vec<&str> = command.split_whitespace().collect();
                let run = draftlint_in(dir.path(), &args, None);
                let output = format!("{}{}", run.stdout, run.stderr);
                assert_eq!(
                    output.trim_end(),
                    expected.join("\n"),
                    "$ draftlint {command}"
                );
                commands += 1;
            }
        } else if before.ends_with(':') {
            // "`money/short-ask.toml`:" or "A first draft, `ask.txt`:"
            let name = before.rsplit('`').nth(1).expect("the file is named");
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, block.join("\n") + "\n").unwrap();
        }
    }
    assert_eq!(commands, 3);
}

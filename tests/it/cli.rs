//! The `draftlint` command line, run as a real process on real files.

use crate::common;

use common::{check_with_rules, draftlint, draftlint_in, json, scratch};

/// A custom rule pack used where a test needs rules it controls.
const WORD_RULE: &str = r#"
kind = "avoid"
message = "\"{match}\" found"
[[avoid]]
phrases = ["grumpy cat"]
replace = "happy cat"
"#;

const CALM: &str = "Hi Sam, how have you been?\n";

#[test]
fn exit_codes_follow_the_findings() {
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        (
            "draftlint.toml",
            "builtin = false\nrule-dirs = [\"rules\"]\n",
        ),
        ("calm.txt", CALM),
        ("grumpy.txt", "A grumpy cat.\n"),
    ]);
    let clean = draftlint_in(dir.path(), &["check", "calm.txt"], None);
    assert_eq!(clean.code, 0, "{}{}", clean.stdout, clean.stderr);
    assert!(clean.stdout.contains("No problems found"));
    let found = draftlint_in(dir.path(), &["check", "grumpy.txt"], None);
    assert_eq!(found.code, 1);
    assert!(
        found
            .stdout
            .contains("warning[grumpy]: \"grumpy cat\" found")
    );
    assert!(found.stdout.contains("grumpy.txt:1:3"), "{}", found.stdout);
    let lenient = draftlint_in(
        dir.path(),
        &["check", "--fail-level", "error", "grumpy.txt"],
        None,
    );
    assert_eq!(lenient.code, 0);
    let missing = draftlint_in(dir.path(), &["check", "nope.txt"], None);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nope.txt: no such file"),
        "{}",
        missing.stderr
    );
    let usage = draftlint_in(dir.path(), &["check", "--format", "xml"], None);
    assert_eq!(usage.code, 2);
}

#[test]
fn broken_config_exits_2_with_its_position() {
    let dir = scratch(&[
        ("draftlint.toml", "[rules]\nno-pressure = \"loud\"\n"),
        ("a.txt", CALM),
    ]);
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("draftlint.toml:2:15: unknown level `loud`"),
        "{}",
        run.stderr
    );
    let dir = scratch(&[
        ("draftlint.toml", "[rules]\nno-such-rule = \"off\"\n"),
        ("a.txt", CALM),
    ]);
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("draftlint.toml:2:1: no rule `no-such-rule`"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_changes_levels_and_parameters() {
    let long = "word ".repeat(30);
    let dir = scratch(&[
        (
            "draftlint.toml",
            "[rules]\nkeep-it-short = { max = 10, level = \"error\" }\n",
        ),
        ("long.txt", &long),
    ]);
    let out = json(&draftlint_in(
        dir.path(),
        &["check", "--format", "json", "long.txt"],
        None,
    ));
    let short = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "keep-it-short")
        .expect("keep-it-short fires at 10 words");
    assert_eq!(short["level"], "error");
    assert_eq!(short["start"]["column"], 51, "starts at the 11th word");
    let dir = scratch(&[
        ("draftlint.toml", "[rules]\nkeep-it-short = \"off\"\n"),
        ("long.txt", &"word ".repeat(400)),
    ]);
    let out = json(&draftlint_in(
        dir.path(),
        &["check", "--format", "json", "long.txt"],
        None,
    ));
    assert!(
        out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "keep-it-short")
    );
}

#[test]
fn json_output_has_positions_offsets_and_fixes() {
    let dir = scratch(&[("rules/grumpy.toml", WORD_RULE)]);
    let text = "Hi 👋 世界\r\nthe grumpy cat e\u{301}tait là\n";
    let run = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--rules",
            "rules",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "note.txt",
        ],
        Some(text.as_bytes()),
    );
    let out = json(&run);
    let d = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "grumpy")
        .expect("grumpy found")
        .clone();
    let start = text.find("grumpy").unwrap();
    assert_eq!(d["path"], "note.txt");
    assert_eq!(d["start"]["offset"], start);
    assert_eq!(d["end"]["offset"], start + "grumpy cat".len());
    assert_eq!(
        (d["start"]["line"].as_u64(), d["start"]["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(d["fixes"][0]["edits"][0]["text"], "happy cat");
    assert_eq!(out["version"], 1);
}

// Unix permission bits and hard links.
#[cfg(unix)]
#[test]
fn fix_rewrites_the_file_atomically_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        (
            "draftlint.toml",
            "builtin = false\nrule-dirs = [\"rules\"]\n",
        ),
        ("a.txt", "One grumpy cat, two GRUMPY CATS, a Grumpy cat.\n"),
    ]);
    let path = dir.path().join("a.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let diff = draftlint_in(dir.path(), &["check", "--diff", "a.txt"], None);
    assert_eq!(diff.code, 1);
    assert!(
        diff.stdout
            .contains("+One happy cat, two GRUMPY CATS, a Happy cat."),
        "{}",
        diff.stdout
    );
    assert!(
        std::fs::read_to_string(&path).unwrap().contains("grumpy"),
        "--diff writes nothing"
    );
    // In colour when asked (as on a terminal): removed lines red, added green.
    let coloured = draftlint_in(
        dir.path(),
        &["--color", "always", "check", "--diff", "a.txt"],
        None,
    );
    assert!(
        coloured
            .stdout
            .contains("\x1b[32m+One happy cat, two GRUMPY CATS, a Happy cat.\x1b[0m"),
        "{:?}",
        coloured.stdout
    );
    assert!(
        coloured.stdout.contains("\x1b[31m-One grumpy cat"),
        "{:?}",
        coloured.stdout
    );
    assert!(!diff.stdout.contains('\x1b'), "no colour when piped");
    let run = draftlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "One happy cat, two GRUMPY CATS, a Happy cat.\n"
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        (
            "draftlint.toml",
            "builtin = false\nrule-dirs = [\"rules\"]\n",
        ),
    ]);
    let run = draftlint_in(
        dir.path(),
        &["check", "--fix", "-"],
        Some(b"such a grumpy cat\n"),
    );
    assert_eq!(run.stdout, "such a happy cat\n");
}

#[test]
fn unreadable_files_are_reported_and_the_rest_still_linted() {
    let dir = scratch(&[
        ("good.txt", "a grumpy cat\n"),
        ("rules/grumpy.toml", WORD_RULE),
    ]);
    std::fs::write(dir.path().join("binary.txt"), b"GIF89a\x00\x01\x02").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9 ok\n").unwrap();
    let run = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--rules",
            "rules",
            "--format",
            "json",
            "binary.txt",
            "latin1.txt",
            "good.txt",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("binary.txt: looks like a binary file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("latin1.txt: not UTF-8 text (invalid byte 0xE9 at line 1, column 4)"),
        "{}",
        run.stderr
    );
    let out = json(&run);
    assert!(
        out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "good.txt")
    );
    assert_eq!(out["errors"].as_array().unwrap().len(), 2);
}

#[test]
fn oversized_drafts_are_refused() {
    let dir = scratch(&[]);
    let big = vec![b'a'; draftlint::MAX_DRAFT_BYTES + 10];
    std::fs::write(dir.path().join("big.txt"), big).unwrap();
    let run = draftlint_in(dir.path(), &["check", "--no-config", "big.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("big.txt: larger than 8 MiB"),
        "{}",
        run.stderr
    );
}

#[test]
fn folders_are_walked_for_drafts_honouring_gitignore() {
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        ("drafts/a.txt", "grumpy cat\n"),
        ("drafts/b.md", "grumpy cat\n"),
        ("drafts/c.rs", "grumpy cat\n"),
        ("drafts/old/ignored.txt", "grumpy cat\n"),
        ("drafts/.gitignore", "old/\n"),
    ]);
    let run = check_with_rules(dir.path(), "json", "drafts");
    let out = json(&run);
    let mut paths: Vec<String> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "grumpy")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, ["drafts/a.txt", "drafts/b.md"]);
}

#[test]
fn markdown_code_and_disable_comments_are_not_linted() {
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        (
            "note.md",
            "`grumpy cat`\n\n<!-- draftlint-disable-next-line grumpy -->\ngrumpy cat\n\ngrumpy cat\n",
        ),
    ]);
    let run = check_with_rules(dir.path(), "json", "note.md");
    let out = json(&run);
    let lines: Vec<u64> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "grumpy")
        .map(|d| d["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6]);
}

#[test]
fn sarif_is_valid_shape() {
    let dir = scratch(&[("rules/grumpy.toml", WORD_RULE), ("a.txt", "grumpy cat\n")]);
    let run = check_with_rules(dir.path(), "sarif", "a.txt");
    let out = json(&run);
    assert_eq!(out["version"], "2.1.0");
    let result = out["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "grumpy")
        .expect("a result")
        .clone();
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startColumn"],
        1
    );
    assert!(
        out["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "grumpy")
    );
}

/// JSON and SARIF are written a draft at a time inside a layout made with
/// a placeholder where the findings go; a rule whose message is that
/// placeholder's text must not be taken for it.
#[test]
fn streamed_json_and_sarif_hold_whatever_a_rule_says() {
    let rule = "kind = \"avoid\"\nmessage = \"draftlint-streamed-array\"\n\
                [[avoid]]\nphrases = [\"grumpy cat\"]\n";
    let dir = scratch(&[("rules/grumpy.toml", rule), ("a.txt", "grumpy cat\n")]);
    for format in ["json", "sarif"] {
        let run = check_with_rules(dir.path(), format, "a.txt");
        let out = json(&run);
        let findings = match format {
            "json" => out["diagnostics"].clone(),
            _ => out["runs"][0]["results"].clone(),
        };
        let grumpy: Vec<_> = findings
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["rule"] == "grumpy" || f["ruleId"] == "grumpy")
            .collect();
        assert_eq!(grumpy.len(), 1, "{format}: {out}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = scratch(&[("rules/grumpy.toml", WORD_RULE), ("a.txt", "grumpy cat\n")]);
    let plain = draftlint_in(
        dir.path(),
        &["check", "--no-config", "--rules", "rules", "a.txt"],
        None,
    );
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "piped output has no escape codes"
    );
    let coloured = draftlint_in(
        dir.path(),
        &[
            "--color",
            "always",
            "check",
            "--no-config",
            "--rules",
            "rules",
            "a.txt",
        ],
        None,
    );
    assert!(coloured.stdout.contains('\u{1b}'));
}

#[test]
fn rules_explain_and_init() {
    let rules = draftlint(&["rules"]);
    assert_eq!(rules.code, 0);
    for id in ["cooling-off", "no-pressure", "propose-follow-up"] {
        assert!(rules.stdout.contains(id), "{id} listed");
    }
    let explain = draftlint(&["explain", "no-blame"]);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("## Why"));
    assert_eq!(draftlint(&["explain", "nope"]).code, 2);
    let dir = scratch(&[]);
    assert_eq!(draftlint_in(dir.path(), &["init"], None).code, 0);
    let written = std::fs::read_to_string(dir.path().join("draftlint.toml")).unwrap();
    assert!(written.contains("# keep-it-short = { level ="));
    // The written file is a valid config, and init does not overwrite it.
    std::fs::write(dir.path().join("a.txt"), CALM).unwrap();
    assert_ne!(draftlint_in(dir.path(), &["check", "a.txt"], None).code, 2);
    assert_eq!(draftlint_in(dir.path(), &["init"], None).code, 2);
    assert!(written.contains("packs = [\"gentle\"]"), "{written}");
    assert!(
        explain.stdout.contains("of the `gentle` pack"),
        "{}",
        explain.stdout
    );
    assert!(rules.stdout.contains("pack gentle"), "{}", rules.stdout);
    // Messages read as sentences, not templates.
    let cooling = draftlint(&["explain", "cooling-off"]);
    assert!(
        cooling
            .stdout
            .contains("since you last talked to them; give it at least 7 days"),
        "{}",
        cooling.stdout
    );
    assert!(!cooling.stdout.contains("{to|"), "{}", cooling.stdout);
    // init never writes through a symbolic link, even with --force.
    #[cfg(unix)]
    {
        let dir = scratch(&[]);
        let elsewhere = dir.path().join("elsewhere.toml");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("draftlint.toml")).unwrap();
        let run = draftlint_in(dir.path(), &["init", "--force"], None);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(!elsewhere.exists());
    }
}

#[test]
fn test_subcommand_names_failing_examples() {
    let dir = scratch(&[(
        "rules/wrong.toml",
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"grumpy\"]\n\n[[example]]\ngood = \"so grumpy\"\n",
    )]);
    let run = draftlint_in(dir.path(), &["test", "rules"], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("rules/wrong.toml:6: wrong: good example was flagged"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("0 passed, 1 failed"));
    let builtin = draftlint(&["test"]);
    assert_eq!(builtin.code, 0, "{}{}", builtin.stdout, builtin.stderr);
}

#[test]
fn a_rules_own_unless_excuses_the_matches_of_every_entry() {
    let rule = "kind = \"avoid\"\nmessage = \"sharp: {match}\"\n\
                unless = [\"(he|she) ...3 _\"]\n\
                [[avoid]]\nphrases = [\"so lazy\"]\n\
                [[avoid]]\nregex = '\\bgrow up\\b'\nunless = [\"kids grow up\"]\n";
    let dir = scratch(&[
        ("rules/sharp.toml", rule),
        (
            "draft.txt",
            "You are so lazy. She is so lazy. Grow up. He said grow up. Kids grow up fast.\n",
        ),
    ]);
    let run = check_with_rules(dir.path(), "concise", "draft.txt");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("sharp:"))
        .collect();
    assert_eq!(found.len(), 2, "{}", run.stdout);
    assert!(found[0].starts_with("draft.txt:1:9:"), "{}", run.stdout);
    assert!(found[1].starts_with("draft.txt:1:34:"), "{}", run.stdout);
}

#[test]
fn a_pattern_that_ends_at_the_end_of_the_draft_keeps_its_last_line_break() {
    let rule = "kind = \"avoid\"\nmessage = \"curt: {match}\"\n\
                [[avoid]]\npatterns = [\"answer me (.|!|$)\"]\n\
                replace = \"answer when you can$1\"\n";
    let dir = scratch(&[
        ("rules/curt.toml", rule),
        (
            "rules/loud.toml",
            "kind = \"avoid\"\nmessage = \"loud: {match}\"\n\
             [[avoid]]\npatterns = [\"CALL me (.|!|$)\"]\n\
             replace = \"call when you can$1\"\n",
        ),
        ("caps.txt", "Please CALL me \r\n"),
        ("ends.txt", "Please just answer me\r\n\r\n"),
        ("stop.txt", "Answer me! I mean it.\n"),
        ("goes-on.txt", "Answer me this: which train?\n"),
    ]);
    let run = check_with_rules(dir.path(), "concise", ".");
    let found: Vec<&str> = run.stdout.lines().filter(|l| l.contains("curt:")).collect();
    assert_eq!(found.len(), 2, "{}", run.stdout);
    assert!(
        found
            .iter()
            .any(|l| l.contains("ends.txt:1:13:") && l.contains("curt: answer me"))
    );
    assert!(found.iter().any(|l| l.contains("stop.txt:1:1:")));
    let fixed = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--rules",
            "rules",
            "--fix",
            "ends.txt",
            "stop.txt",
            "caps.txt",
        ],
        None,
    );
    assert_eq!(fixed.code, 1, "{}", fixed.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
    assert_eq!(read("ends.txt"), "Please just answer when you can\r\n\r\n");
    assert_eq!(read("stop.txt"), "Answer when you can! I mean it.\n");
    // The group that took the end of a draft in capitals takes no line break.
    assert_eq!(read("caps.txt"), "Please Call when you can \r\n");
}

/// The JSON for the rough example draft, compared with the reviewed copy in
/// `tests/snapshots/`. After an intended change, run the tests with
/// `UPDATE_SNAPSHOTS=1` and review the diff of the snapshot.
#[test]
fn json_snapshot_of_the_rough_draft() {
    let run = draftlint(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "examples/first-message.txt",
    ]);
    assert_eq!(run.code, 1);
    assert_snapshot("first-message.json", &run.stdout);
}

/// Every output format, for one draft with an edit and a suggestion under
/// two rules of the test's own (so that a change to the built-in pack does
/// not touch these), compared with the reviewed copies in
/// `tests/snapshots/formats.*`.
#[test]
fn every_format_matches_its_snapshot() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    std::fs::write(
        dir.path().join("a.txt"),
        "Hello.\nSuch a grumpy cat, 100% grumpy.\n",
    )
    .unwrap();
    for (format, file) in [
        ("human", "formats.human.txt"),
        ("concise", "formats.concise.txt"),
        ("json", "formats.json"),
        ("sarif", "formats.sarif.json"),
        ("github", "formats.github.txt"),
    ] {
        let run = draftlint_in(dir.path(), &["check", "--format", format, "a.txt"], None);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert_snapshot(file, &run.stdout);
    }
}

/// `text` is the reviewed copy in `tests/snapshots/name` (which
/// `UPDATE_SNAPSHOTS=1` writes anew).
fn assert_snapshot(name: &str, text: &str) {
    let path = common::root().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let expected =
        std::fs::read_to_string(&path).expect("snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(
        text, expected,
        "{name} changed; rerun with UPDATE_SNAPSHOTS=1 if intended"
    );
}

#[test]
fn the_readme_commands_work() {
    let rough = draftlint(&["check", "examples/first-message.txt"]);
    assert_eq!(rough.code, 1);
    assert!(rough.stdout.contains("warning[no-pressure]"));
    assert!(rough.stdout.contains("can be fixed with --fix"));
    let good = draftlint(&["check", "examples/good-first-message.txt"]);
    assert_eq!(good.code, 0, "{}", good.stdout);
}

#[test]
fn config_is_found_above_a_relative_path_and_rule_folders_are_not_counted_twice() {
    let dir = scratch(&[
        (
            "draftlint.toml",
            "builtin = false\nrule-dirs = [\"rules\"]\n",
        ),
        ("rules/grumpy.toml", WORD_RULE),
        ("rules/draftlint.toml", "[rules]\n"),
        ("sub/deeper/a.txt", "grumpy cat\n"),
    ]);
    let deeper = dir.path().join("sub/deeper");
    let run = draftlint_in(&deeper, &["check", "a.txt"], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("warning[grumpy]"));
    let run = draftlint_in(
        dir.path(),
        &["check", "--rules", "rules", "sub/deeper/a.txt"],
        None,
    );
    assert_eq!(
        run.code, 1,
        "the same folder twice is no duplicate: {}",
        run.stderr
    );
}

#[test]
fn front_matter_dates_that_cannot_be_right_are_reported() {
    let dir = scratch(&[
        ("future.txt", "---\nlast-contact: 2026-12-01\n---\nHi.\n"),
        ("bad.txt", "---\ndate: someday\n---\nHi.\n"),
    ]);
    let run = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--today",
            "2026-11-28",
            "--format",
            "json",
            "future.txt",
            "bad.txt",
        ],
        None,
    );
    let out = json(&run);
    let messages: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "cooling-off" || d["rule"] == "front-matter")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"`last-contact: 2026-12-01` is after today (2026-11-28); is the date right?"
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`date: someday` is not a date (write YYYY-MM-DD)"),
        "{messages:?}"
    );
}

#[test]
fn fixing_twice_changes_nothing_more() {
    let dir = scratch(&[(
        "a.txt",
        "Sam,\n\nYou never listen!!! Call me right now.\n\nBest,\nAlex\n",
    )]);
    let first = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--today",
            "2026-11-28",
            "--fix",
            "a.txt",
        ],
        None,
    );
    assert_ne!(first.code, 2, "{}", first.stderr);
    let once = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(
        once.ends_with("\n\nBest,\nAlex\n"),
        "insertions go before the sign-off: {once}"
    );
    let mut text = once.clone();
    for _ in 0..4 {
        draftlint_in(
            dir.path(),
            &["check", "--no-config", "--fix", "a.txt"],
            None,
        );
        text = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    }
    let again = draftlint_in(
        dir.path(),
        &["check", "--no-config", "--fix", "a.txt"],
        None,
    );
    let last = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(last, text, "fixes reach a fixed point: {}", again.stdout);
}

#[test]
fn sarif_uris_are_escaped() {
    let dir = scratch(&[
        ("rules/grumpy.toml", WORD_RULE),
        ("sp ace#1.txt", "grumpy cat\n"),
    ]);
    let run = check_with_rules(dir.path(), "sarif", "sp ace#1.txt");
    let out = json(&run);
    let uri = &out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "sp%20ace%231.txt");
}

/// A rule that rewrites the writer's words and one that adds a sentence.
const EDIT_AND_SUGGESTION: &[(&str, &str)] = &[
    ("rules/grumpy.toml", WORD_RULE),
    (
        "rules/thanks.toml",
        "kind = \"require\"\nmessage = \"Say thanks\"\nphrases = [\"thanks\"]\ninsert = \"Thanks for reading.\"\n",
    ),
    (
        "draftlint.toml",
        "builtin = false\nrule-dirs = [\"rules\"]\n",
    ),
    ("a.txt", "Such a grumpy cat.\n"),
];

/// `--fix` rewrites the writer's words only and says what it left;
/// `--fix-suggestions` also adds the sentence; a second run changes nothing.
#[test]
fn fix_applies_edits_and_suggestions_only_when_asked() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    let path = dir.path().join("a.txt");
    let run = draftlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Such a happy cat.\n"
    );
    assert_eq!(
        run.stderr.trim(),
        "draftlint: 1 fixed (1 suggestion not applied: add --fix-suggestions to add it), 1 remaining."
    );
    assert!(run.stdout.contains("thanks"), "{}", run.stdout);

    let run = draftlint_in(dir.path(), &["check", "--fix-suggestions", "a.txt"], None);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Such a happy cat. Thanks for reading.\n"
    );
    assert_eq!(run.stderr.trim(), "draftlint: 1 fixed, 0 remaining.");
    assert_eq!(run.code, 0);

    let again = draftlint_in(dir.path(), &["check", "--fix-suggestions", "a.txt"], None);
    assert_eq!(again.stderr.trim(), "draftlint: 0 fixed, 0 remaining.");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Such a happy cat. Thanks for reading.\n"
    );
}

/// Kind sentences are not added around words only the writer can change
/// (an ultimatum): the file stays as it was and the report says why.
#[test]
fn fix_suggestions_hold_back_around_an_ultimatum() {
    let text = "Answer me or we're done. I mean it.\n";
    let dir = scratch(&[("a.txt", text)]);
    let run = draftlint_in(
        dir.path(),
        &["check", "--no-config", "--fix-suggestions", "a.txt"],
        None,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        text
    );
    let report = run.stderr.trim();
    assert!(
        report.starts_with("draftlint: 0 fixed (6 suggestions held back until you rewrite \"or we're done\" (no-pressure, a.txt:1:11)), "),
        "{report}"
    );
}

/// On stdin the fixed text is all of stdout; the report goes to stderr.
#[test]
fn fix_on_stdin_reports_on_stderr() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    let run = draftlint_in(
        dir.path(),
        &["check", "--fix", "-"],
        Some(b"a grumpy cat\n"),
    );
    assert_eq!(run.stdout, "a happy cat\n");
    assert!(
        run.stderr.contains("1 fixed (1 suggestion not applied"),
        "{}",
        run.stderr
    );
    let run = draftlint_in(
        dir.path(),
        &["check", "--diff", "--fix-suggestions", "a.txt"],
        None,
    );
    assert!(
        run.stdout
            .contains("+Such a happy cat. Thanks for reading."),
        "{}",
        run.stdout
    );
}

/// The human summary, JSON and SARIF say which fixes are edits and which
/// are suggestions.
#[test]
fn outputs_name_the_kind_of_each_fix() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    let human = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert!(
        human
            .stdout
            .contains("1 can be fixed with --fix, 1 more with --fix-suggestions."),
        "{}",
        human.stdout
    );
    let out = json(&draftlint_in(
        dir.path(),
        &["check", "--format", "json", "a.txt"],
        None,
    ));
    let kind = |rule: &str| {
        out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .map(|d| d["fixes"][0]["kind"].clone())
    };
    assert_eq!(kind("grumpy"), Some("edit".into()));
    assert_eq!(kind("thanks"), Some("suggestion".into()));
    let sarif = json(&draftlint_in(
        dir.path(),
        &["check", "--format", "sarif", "a.txt"],
        None,
    ));
    let kinds: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["fixes"][0]["properties"]["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"edit".into()) && kinds.contains(&"suggestion".into()));
}

/// `--format concise`: one line per finding, path:line:column: level[rule].
#[test]
fn concise_format_is_one_line_per_finding() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    std::fs::write(dir.path().join("a.txt"), "Hello.\nSuch a grumpy cat.\n").unwrap();
    let run = draftlint_in(dir.path(), &["check", "--format", "concise", "a.txt"], None);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines.contains(&"a.txt:2:8: warning[grumpy] \"grumpy cat\" found"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("a.txt:") && l.contains(": warning[thanks] Say thanks")),
        "{lines:?}"
    );
}

/// `--format github`: a GitHub Actions annotation per finding, at its place
/// from start to end, with the characters the runner would misread escaped.
#[test]
fn github_format_is_an_annotation_per_finding() {
    let dir = scratch(EDIT_AND_SUGGESTION);
    std::fs::write(dir.path().join("a, b.txt"), "Hello.\nSuch a grumpy cat.\n").unwrap();
    let run = draftlint_in(
        dir.path(),
        &["check", "--format", "github", "a, b.txt"],
        None,
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines.contains(&"::warning title=draftlint (grumpy),file=a%2C b.txt,line=2,col=8,endLine=2,endColumn=18::\"grumpy cat\" found"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l
            .starts_with("::warning title=draftlint (thanks),file=a%2C b.txt,line=")
            && l.ends_with("::Say thanks")),
        "{lines:?}"
    );
}

/// A front-matter key nothing reads gets a warning with a did-you-mean, at
/// the key; keys compare without regard to case (`To:` names the reader).
#[test]
fn unknown_front_matter_keys_are_reported_and_case_does_not_matter() {
    let dir = scratch(&[(
        "a.txt",
        "---\nTo: Sam\nlast_contact: 2026-11-20\nmood: low\n---\nHi Sam, how have you been?\n",
    )]);
    let run = draftlint_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "a.txt"],
        None,
    );
    let out = json(&run);
    let front: Vec<(String, u64)> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "front-matter")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        front.contains(&(
            "draftlint does not read `last_contact` in the front matter (did you mean `last-contact`?)"
                .to_string(),
            3
        )),
        "{front:?}"
    );
    assert!(
        front
            .iter()
            .any(|(m, line)| m.starts_with("draftlint does not read `mood`") && *line == 4),
        "{front:?}"
    );
    assert_eq!(front.len(), 2, "`To` is `to`: {front:?}");
    // `To: Sam` fills {to} in the messages.
    let human = draftlint_in(dir.path(), &["check", "--no-config", "a.txt"], None);
    assert!(
        human.stdout.contains("Ask Sam about their life"),
        "{}",
        human.stdout
    );
}

/// `--fix` never betrays a file: a read-only one, or one with other hard
/// links, is reported (exit 2) and left as it was; a byte-order mark stays
/// first; a file named twice is linted and fixed once.
// Unix permission bits and hard links.
#[cfg(unix)]
#[test]
fn fix_respects_files() {
    use std::os::unix::fs::PermissionsExt;
    let mut files = EDIT_AND_SUGGESTION.to_vec();
    files[1] = (
        "rules/thanks.toml",
        "kind = \"require\"\nmessage = \"Say thanks\"\nphrases = [\"thanks\"]\ninsert = \"Thanks for reading.\"\ninsert-at = \"start\"\n",
    );
    let dir = scratch(&files);
    let path = dir.path().join("a.txt");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = draftlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a.txt: the file is read-only; not rewritten"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Such a grumpy cat.\n"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    let link = dir.path().join("b.txt");
    std::fs::hard_link(&path, &link).unwrap();
    let run = draftlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("it has 2 hard links"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        "Such a grumpy cat.\n"
    );
    std::fs::remove_file(&link).unwrap();

    std::fs::write(&path, "\u{feff}Such a grumpy cat.\n").unwrap();
    let run = draftlint_in(
        dir.path(),
        &["check", "--fix-suggestions", "a.txt", "./a.txt", "a.txt"],
        None,
    );
    assert_eq!(run.stderr.trim(), "draftlint: 2 fixed, 0 remaining.");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "\u{feff}Thanks for reading. Such a happy cat.\n"
    );
}

/// Many drafts are linted on every core, and reported in the order they
/// were given (files of a folder in name order), the same on every run;
/// `--fix` fixes each of them.
#[test]
fn many_drafts_are_linted_in_parallel_and_reported_in_order() {
    const ROUGH: &str = "You never listen!!! Call me right now.\n";
    let names: Vec<String> = (0..40).map(|i| format!("d{:02}.txt", 39 - i)).collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), if i % 2 == 0 { ROUGH } else { CALM }))
        .collect();
    let dir = scratch(&files);
    let run = draftlint_in(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let paths = |out: &serde_json::Value| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for d in out["diagnostics"].as_array().unwrap() {
            let path = d["path"].as_str().unwrap().to_string();
            if seen.last() != Some(&path) {
                seen.push(path);
            }
        }
        seen
    };
    let first = paths(&common::json(&run));
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted, "in name order");
    for (name, text) in &files {
        if *text == ROUGH {
            assert!(first.iter().any(|p| p.ends_with(name)), "{name} reported");
        }
    }
    let again = draftlint_in(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(again.stdout, run.stdout, "the same on every run");
    let fixed = draftlint_in(dir.path(), &["check", "--fix", "--quiet", "."], None);
    assert_ne!(fixed.code, 2, "{}", fixed.stderr);
    for (name, text) in &files {
        let now = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(now != *text, *text == ROUGH, "{name} fixed only if rough");
    }
}

/// `new-rule` starts a rule of each kind that passes its own examples as
/// written, and works on a draft; it never overwrites a file.
#[test]
fn new_rule_writes_a_rule_that_passes_its_tests() {
    let dir = scratch(&[("d.txt", "You never really listen to me. Why? Who? When?\n")]);
    for kind in ["avoid", "require", "limit", "cooldown"] {
        let id = format!("my-{kind}");
        let run = draftlint_in(
            dir.path(),
            &["new-rule", &id, "--kind", kind, "--dir", "mine"],
            None,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = std::fs::read_to_string(dir.path().join(format!("mine/{id}.toml"))).unwrap();
        assert!(text.contains(&format!("kind = \"{kind}\"")));
        assert!(text.starts_with(&format!(
            "#:schema ./rule.schema.json\n# {id}: a rule of your own."
        )));
    }
    let test = draftlint_in(dir.path(), &["test", "mine"], None);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(
        test.stdout
            .contains("4 rules, 8 examples: 8 passed, 0 failed"),
        "{}",
        test.stdout
    );
    let run = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--rules",
            "mine",
            "d.txt",
        ],
        None,
    );
    let out = common::json(&run);
    let rules: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for id in ["my-avoid", "my-require", "my-limit"] {
        assert!(rules.contains(&id), "{id} in {rules:?}");
    }
    let again = draftlint_in(dir.path(), &["new-rule", "my-avoid", "--dir", "mine"], None);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    let bad = draftlint_in(dir.path(), &["new-rule", "No Blame"], None);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not a rule id"), "{}", bad.stderr);
}

/// A draft of one very long line with a finding every few words: each
/// finding says where it is (the right column, however far along) without
/// printing the line again, so the output grows with the findings, not with
/// findings times the line.
#[test]
fn findings_on_a_very_long_line_do_not_repeat_it() {
    let text = "You never listen. ".repeat(20_000) + "\n";
    let dir = scratch(&[("long.txt", text.as_str())]);
    let run = draftlint_in(dir.path(), &["check", "long.txt"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.stdout.matches("warning[no-blame]").count();
    assert_eq!(findings, 20_000);
    assert!(
        run.stdout.len() < 400 * findings,
        "{} bytes for {findings} findings",
        run.stdout.len()
    );
    // The 1,001st sentence starts at character 1,000 * 18 + 1.
    assert!(
        run.stdout.contains("--> long.txt:1:18001\n"),
        "columns count from the line's start"
    );
    let json = draftlint_in(dir.path(), &["check", "--format", "json", "long.txt"], None);
    let out = common::json(&json);
    let columns: Vec<u64> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "no-blame")
        .map(|d| d["start"]["column"].as_u64().unwrap())
        .collect();
    assert_eq!(columns.len(), 20_000);
    assert_eq!(columns[19_999], 19_999 * 18 + 1);
}

/// When a fix goes on another line than its finding (a sentence after the
/// greeting), the human output shows it there.
#[test]
fn a_fix_on_another_line_is_shown_where_it_goes() {
    let dir = scratch(&[(
        "a.txt",
        "Hi Sam,\n\nI hope you are well.\n\nYou never listen to me.\n\nBest,\nAlex\n",
    )]);
    let run = draftlint_in(dir.path(), &["check", "--no-config", "a.txt"], None);
    let opener = run
        .stdout
        .split("\n\n")
        .skip_while(|block| !block.starts_with("warning[caring-opener]"))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n\n");
    assert!(opener.contains(" --> a.txt:1:1"), "{opener}");
    assert!(
        opener.contains("3 | How have you been? I hope you are well."),
        "{opener}"
    );
}

/// `draftlint test --watch` tests again when a rule file changes: a new
/// failing example shows in the next summary, without restarting it.
#[test]
fn test_watch_runs_again_when_a_rule_changes() {
    use std::io::BufRead;
    let rule = "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"meh\"]\n[[example]]\nbad = \"meh\"\n";
    let dir = scratch(&[("rules/meh.toml", rule)]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_draftlint"))
        .args(["test", "--watch", "rules"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("draftlint starts");
    let stdout = child.stdout.take().expect("stdout");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let wait = std::time::Duration::from_secs(30);
    let first = lines.recv_timeout(wait);
    // A second example, which fails: the phrase is not in it.
    std::fs::write(
        dir.path().join("rules/meh.toml"),
        format!("{rule}[[example]]\nbad = \"fine\"\n"),
    )
    .unwrap();
    let second = lines.recv_timeout(wait);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        first.as_deref(),
        Ok("1 rule, 1 example: 1 passed, 0 failed")
    );
    assert_eq!(
        second.as_deref(),
        Ok("1 rule, 2 examples: 1 passed, 1 failed")
    );
}

/// A misspelt rule id or rule path is answered with the name that was
/// probably meant, and exit status 2.
#[test]
fn misspelt_ids_and_rule_paths_get_a_did_you_mean() {
    let dir = scratch(&[
        (
            "my-rules/cold.toml",
            "kind = \"avoid\"\nmessage = \"cold\"\n[[avoid]]\nphrases = [\"whatever\"]\n[[example]]\nbad = \"Whatever.\"\n",
        ),
        ("d.txt", "See you at six.\n"),
    ]);
    let said = |args: &[&str]| {
        let run = draftlint_in(dir.path(), args, None);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        run.stderr.trim_end().to_string()
    };
    assert_eq!(
        said(&["explain", "no-blam"]),
        "draftlint: no rule `no-blam` (did you mean `no-blame`?); `draftlint rules` lists them"
    );
    assert_eq!(
        said(&["explain", "cld", "--rules", "my-rules"]),
        "draftlint: no rule `cld` (did you mean `cold`?); `draftlint rules` lists them"
    );
    assert_eq!(
        said(&["check", "--rules", "my-rule", "d.txt"]),
        "draftlint: rule path `my-rule` does not exist (did you mean `my-rules`?)"
    );
    assert_eq!(
        said(&["test", "my-rules/cold.tml"]),
        "draftlint: rule path `my-rules/cold.tml` does not exist (did you mean `my-rules/cold.toml`?)"
    );
}

//! Every class of broken rule file gets `path:line:column: what is wrong`.

use crate::common;

use std::path::Path;

use common::{check_with_rules, draftlint_in, scratch};

/// The first error for a rule file with `text`, as the user sees it.
fn error(text: &str) -> String {
    match draftlint::rule::parse(Path::new("mine.toml"), text, false) {
        Ok(_) => panic!("accepted a broken rule:\n{text}"),
        Err(found) => found[0].to_string(),
    }
}

/// Every error for a rule file with `text`, a line each.
fn errors(text: &str) -> String {
    match draftlint::rule::parse(Path::new("mine.toml"), text, false) {
        Ok(_) => panic!("accepted a broken rule:\n{text}"),
        Err(found) => found
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn assert_starts(text: &str, expected: &str) {
    let got = error(text);
    assert!(
        got.starts_with(expected),
        "expected `{expected}…`, got `{got}`"
    );
}

#[test]
fn toml_syntax() {
    assert_starts("kind = \"avoid\"\nmessage = \"x\n", "mine.toml:2:");
    assert_starts("kind = avoid\n", "mine.toml:1:8: ");
}

#[test]
fn unknown_key() {
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\nlevle = \"info\"\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:3:1: unknown key `levle` (did you mean `level`?)",
    );
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrase = [\"a\"]\n",
        "mine.toml:4:1: unknown key `phrase` (did you mean `phrases`?)",
    );
}

#[test]
fn unknown_keys_are_said_with_the_keys_of_their_kind() {
    let out = errors("kind = \"limit\"\nmessage = \"x\"\ncount = \"words\"\nmax = 5\nmaxx = 6\n");
    assert_eq!(
        out,
        "mine.toml:5:1: unknown key `maxx` (did you mean `max`?); use `id`, `kind`, `level`, `step`, `checklist`, `message`, `why`, `channels`, `example`, `count`, `min`, `max`"
    );
    // A misspelt key that leaves one missing: the misspelling is the news.
    assert_eq!(
        errors("kind = \"limit\"\nmesage = \"x\"\ncount = \"words\"\nmax = 5\n")
            .lines()
            .count(),
        1
    );
    // An unknown kind and an unknown key are both said.
    let both = errors("kind = \"avod\"\nmessage = \"x\"\nfoo = 1\n");
    assert!(
        both.starts_with("mine.toml:1:8: unknown kind `avod`"),
        "{both}"
    );
    assert!(
        both.contains("\nmine.toml:3:1: unknown key `foo`;"),
        "{both}"
    );
}

#[test]
fn wrong_type() {
    assert_starts(
        "kind = \"limit\"\nmessage = \"x\"\ncount = \"words\"\nmax = \"ten\"\n",
        "mine.toml:4:7: expected a whole number, found the text \"ten\"",
    );
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = \"not a list\"\n",
        "mine.toml:4:11: expected a list (`[...]`)",
    );
}

#[test]
fn bad_regex() {
    // The error is placed at the `(` that is never closed, in the file and
    // under the regex.
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = '\\byou (never|always'\n",
        "mine.toml:4:16: bad regex: unclosed group\n    \\byou (never|always\n          ^",
    );
    // In a "..." string, `\\` is one backslash: the column is still the `(`'s.
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = \"\\\\bno (way\"\n",
        "mine.toml:4:16: bad regex: unclosed group",
    );
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = 'a*'\n",
        "mine.toml:4:9: regex matches empty text",
    );
}

#[test]
fn unknown_kind_and_level() {
    assert_starts(
        "kind = \"forbid\"\nmessage = \"x\"\n",
        "mine.toml:1:8: unknown kind `forbid`; use `avoid`, `require`, `limit`, `cooldown`",
    );
    assert_starts(
        "kind = \"avoid\"\nlevel = \"loud\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:2:9: unknown level `loud`; use `hint`, `info`, `warning`, `error`",
    );
}

#[test]
fn curly_quotes_are_named() {
    assert_starts(
        "kind = \u{201c}avoid\u{201d}\nmessage = \"x\"\n",
        "mine.toml:1:8: string values must be quoted, expected literal string (the quotes here are curly, “ ” or ‘ ’: TOML needs straight ones, \" or ')",
    );
}

#[test]
fn impossible_limits() {
    assert_starts(
        "kind = \"limit\"\nmessage = \"x\"\ncount = \"words\"\nmin = 10\nmax = 5\n",
        "mine.toml:4:7: impossible limit: min (10) is above max (5)",
    );
    assert_starts(
        "kind = \"limit\"\nmessage = \"x\"\ncount = \"sms-segments\"\nmax = 0\n",
        "mine.toml:4:7: impossible limit",
    );
    assert_starts(
        "kind = \"limit\"\nmessage = \"x\"\ncount = \"syllables\"\nmax = 5\n",
        "mine.toml:3:9: unknown value `syllables`",
    );
    assert_starts(
        "kind = \"cooldown\"\nmessage = \"x\"\ndays = 0\n",
        "mine.toml:3:8: impossible cooldown",
    );
    // A place in the draft is checked in a rule file as in a config.
    assert_starts(
        "kind = \"require\"\nmessage = \"x\"\nphrases = [\"a\"]\nin-last = 0\n",
        "mine.toml:4:11: `in-first`/`in-last` count sentences and must be at least 1",
    );
    assert_starts(
        "kind = \"require\"\nmessage = \"x\"\nphrases = [\"a\"]\nin-first = 1\nin-last = 2\n",
        "mine.toml:4:12: set `in-first` or `in-last`, not both",
    );
}

#[test]
fn fields_of_another_kind_and_missing_fields() {
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\nmax = 3\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:3:7: `max` is not a field of `avoid` rules",
    );
    assert_starts(
        "kind = \"require\"\nmessage = \"x\"\n",
        "mine.toml:1:8: a `require` rule needs `phrases`, `patterns` or `regexes`",
    );
    assert_starts("kind = \"avoid\"\n", "mine.toml:1:1: missing key `message`");
    assert_starts(
        "kind = \"avoid\"\nmessage = \"unclosed {match\"\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:2:21: unclosed `{`",
    );
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let text =
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = '('\n[[avoid]]\nregex = ')'\n";
    let found = draftlint::rule::parse(Path::new("mine.toml"), text, false).unwrap_err();
    let lines: Vec<usize> = found.iter().map(|f| f.line).collect();
    assert_eq!(lines, [4, 6]);
}

#[test]
fn duplicate_ids_through_the_cli() {
    let rule = "id = \"same\"\nkind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"a\"]\n";
    let dir = scratch(&[
        ("rules/one.toml", rule),
        ("rules/two.toml", rule),
        ("a.txt", "a\n"),
    ]);
    let run = draftlint_in(dir.path(), &["check", "--rules", "rules", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rules/two.toml:1:1: duplicate rule id `same`: rules/one.toml has it too"),
        "{}",
        run.stderr
    );
    let run = draftlint_in(dir.path(), &["test", "rules"], None);
    assert_eq!(run.code, 2);
}

#[test]
fn a_user_rule_replaces_the_builtin_with_its_id() {
    let rule = "kind = \"avoid\"\nmessage = \"mine\"\n[[avoid]]\nphrases = [\"zebra\"]\n";
    let dir = scratch(&[
        ("rules/no-blame.toml", rule),
        ("a.txt", "You never listen. A zebra.\n"),
    ]);
    let run = draftlint_in(
        dir.path(),
        &["check", "--rules", "rules", "--format", "json", "a.txt"],
        None,
    );
    let out: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let blame: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "no-blame")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(blame, ["mine"]);
}

#[test]
fn template_errors_point_into_multi_line_and_escaped_strings() {
    assert_starts(
        "kind = \"avoid\"\nmessage = \"\"\"\nCareful with {match here.\"\"\"\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:3:14: unclosed `{`",
    );
    assert_starts(
        "kind = \"avoid\"\nmessage = \"\\\"{match}\\\" sounds {tone.\"\n[[avoid]]\nphrases = [\"a\"]\n",
        "mine.toml:2:31: unclosed `{`",
    );
}

#[test]
fn config_settings_that_cannot_work_are_errors() {
    let dir = scratch(&[
        ("draftlint.toml", "[rules]\ncooling-off = { days = 0 }\n"),
        ("a.txt", "Hi.\n"),
    ]);
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("draftlint.toml:2:15: impossible cooldown"),
        "{}",
        run.stderr
    );
}

/// A rule file with one `[[avoid]]` entry whose `patterns` is `list`.
fn with_patterns(list: &str) -> String {
    format!("kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\npatterns = [{list}]\n")
}

#[test]
fn broken_patterns_point_into_the_pattern() {
    // Line 4 is `patterns = [...]`; its first string's quote is column 13.
    assert_starts(
        &with_patterns("'you @contact-verbs me'"),
        "mine.toml:4:18: no word class `@contact-verbs` (did you mean `@contact-verb`?)",
    );
    assert_starts(
        &with_patterns("'ok', 'you ...12 me'"),
        "mine.toml:4:24: a gap is 1 to 8 words",
    );
    assert_starts(
        &with_patterns("'you (never|always listen'"),
        "mine.toml:4:18: `(` is never closed",
    );
    assert_starts(
        &with_patterns("'you nev*r'"),
        "mine.toml:4:21: `*` has no meaning in a pattern",
    );
    assert_starts(
        &with_patterns("'really? (so|very)?'"),
        "mine.toml:4:14: everything in this pattern is optional",
    );
    // In a basic string with escapes, the column is still the character's.
    assert_starts(
        &with_patterns("\"say \\u0068i @nope\""),
        "mine.toml:4:26: no word class `@nope`",
    );
}

#[test]
fn regexes_too_big_or_broken_are_refused_where_written() {
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = '\\w{1000}{1000}'\n",
        "mine.toml:4:9: regex too big",
    );
    assert_starts(
        "kind = \"require\"\nmessage = \"x\"\nregexes = ['ok', '\\w{250}{250}']\n",
        "mine.toml:3:18: regex too big",
    );
}

#[test]
fn broken_patterns_and_classes_stop_check_and_test() {
    let dir = scratch(&[
        ("rules/ask.toml", &with_patterns("'@nope me'")),
        ("a.txt", "Hi.\n"),
    ]);
    for command in ["check", "test"] {
        let args: &[&str] = if command == "check" {
            &["check", "--rules", "rules", "a.txt"]
        } else {
            &["test", "rules"]
        };
        let run = draftlint_in(dir.path(), args, None);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("rules/ask.toml:4:14: no word class `@nope`"),
            "{command}: {}",
            run.stderr
        );
    }
    let dir = scratch(&[
        (
            "rules/classes.toml",
            "greeting = [\"hi\", \"hello (\"]\nbad = 3\n",
        ),
        ("rules/ask.toml", &with_patterns("'@greeting'")),
        ("a.txt", "Hi.\n"),
    ]);
    let run = draftlint_in(dir.path(), &["check", "--rules", "rules", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rules/classes.toml:2:7: `bad` must be a list of words in quotes"),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("rules/classes.toml"),
        "greeting = [\"hi\", \"hello (\"]\n",
    )
    .unwrap();
    let run = draftlint_in(dir.path(), &["check", "--rules", "rules", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rules/classes.toml:1:26: `(` is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_s_classes_serve_its_rules() {
    let dir = scratch(&[
        (
            "rules/classes.toml",
            "brush-off = [\"whatever\", \"do what you want~\"]\n",
        ),
        ("rules/brush-off.toml", &with_patterns("'@brush-off'")),
        ("a.txt", "Fine. Do what u wanted.\n"),
    ]);
    let run = check_with_rules(dir.path(), "json", "a.txt");
    let out = common::json(&run);
    let found: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "brush-off")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["x"], "{}", run.stdout);
    // A rule file given on its own uses the classes beside it.
    let run = draftlint_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--rules",
            "rules/brush-off.toml",
            "a.txt",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// A cloned repository cannot make draftlint hang, read the rest of the
/// disk or quote what it finds there: its rule folder is walked without
/// leaving it (links out, loops, a FIFO and /dev/zero are passed over) and
/// its config may not name folders outside its own.
#[cfg(unix)]
#[test]
fn a_hostile_workspace_neither_hangs_nor_leaks() {
    use std::os::unix::fs::symlink;
    let outside =
        common::scratch(&[("secret.toml", "kind = \"SECRET-abc123\"\nmessage = \"m\"\n")]);
    let dir = common::scratch(&[
        ("draftlint.toml", "rule-dirs = [\"rules\"]\n"),
        (
            "rules/brush-off.toml",
            "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"whatever\"]\n",
        ),
        ("a.txt", "Whatever, fine.\n"),
    ]);
    let rules = dir.path().join("rules");
    symlink(".", rules.join("loop")).unwrap();
    symlink("/dev/zero", rules.join("zero.toml")).unwrap();
    symlink(outside.path(), rules.join("away")).unwrap();
    symlink(
        outside.path().join("secret.toml"),
        rules.join("secret.toml"),
    )
    .unwrap();
    let fifo = rules.join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let run = draftlint_in(dir.path(), &["check", "--format", "json", "a.txt"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = common::json(&run);
    assert!(
        out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "brush-off")
    );
    assert!(!run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"));
    // The rule folder itself a link out of the repository, with the config
    // found in the current folder: refused, not read.
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "rule-dirs = [\"away\"]\n",
    )
    .unwrap();
    symlink(outside.path(), dir.path().join("away")).unwrap();
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("draftlint.toml:1:14: rule folder `away` is outside"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"));
    // A config that names a folder outside its own is refused, at its place.
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "rule-dirs = [\"rules\", \"../..\"]\n",
    )
    .unwrap();
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("draftlint.toml:1:23: rule folder `../..` is outside"),
        "{}",
        run.stderr
    );
    // A FIFO as the config is refused, not waited on.
    std::fs::remove_file(dir.path().join("draftlint.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("draftlint.toml"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

/// Mistakes a rule author makes are named in the file's words: a misspelt
/// key or rule id gets a did-you-mean, a `\b` in a "..." string (a
/// backspace there) is refused, and a rule without examples fails its test.
#[test]
fn authors_mistakes_are_named_plainly() {
    assert_starts(
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nregex = \"\\bper my last email\\b\"\n",
        "mine.toml:4:9: this regex holds a backspace",
    );
    let dir = scratch(&[
        (
            "rules/untested.toml",
            "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"meh\"]\n",
        ),
        ("draftlint.toml", "[rules]\nno-blam = \"off\"\n"),
        ("a.txt", "Hello.\n"),
    ]);
    // A rule without examples is a warning; `--strict` fails it.
    let run = draftlint_in(dir.path(), &["test", "rules"], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("warning: rules/untested.toml:1: untested: no examples"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("1 rule, 0 examples: 0 passed, 0 failed (1 rule has no examples)"),
        "{}",
        run.stdout
    );
    let run = draftlint_in(dir.path(), &["test", "--strict", "rules"], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("FAIL rules/untested.toml:1: untested: no examples"),
        "{}",
        run.stderr
    );
    let run = draftlint_in(dir.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("draftlint.toml:2:1: no rule `no-blam` (did you mean `no-blame`?)"),
        "{}",
        run.stderr
    );
}

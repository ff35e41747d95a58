//! The JSON Schemas in schemas/ (generated from the types the files are
//! read into: src/schema.rs) accept every file of the built-in packs and
//! every rule file, `classes.toml`, `pack.toml` and `draftlint.toml` shown
//! in the docs, and refuse broken ones. They are checked with Python's
//! `jsonschema`, a validator independent of the code that made them; the
//! files are read with `tomllib`.

use crate::common;

use common::{draftlint, draftlint_in, root, scratch};
use serde_json::{Value, json};

/// Which schema a TOML text is checked against.
fn schema_of(name: &str, text: &str) -> &'static str {
    if name.ends_with("classes.toml") {
        "classes"
    } else if name.ends_with("pack.toml") {
        "pack"
    } else if name.ends_with("draftlint.toml") {
        "draftlint"
    } else if text.lines().any(|l| l.starts_with("kind =")) || text.starts_with("[[example]]") {
        "rule"
    } else {
        "draftlint"
    }
}

/// The ```toml blocks of a Markdown file, each with the line before it.
fn toml_blocks(path: &str) -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(root().join(path)).expect("the doc is there");
    let mut out = Vec::new();
    let mut before = "";
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line == "```toml" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            out.push((before.to_string(), block.join("\n") + "\n"));
        } else if !line.trim().is_empty() {
            before = line;
        }
    }
    out
}

/// Is Python's `jsonschema` there? Without it the tests below are skipped
/// with a note (`pip install jsonschema`), except on CI, where they fail.
fn have_validator() -> bool {
    let found = std::process::Command::new("python3")
        .args(["-c", "import jsonschema, tomllib"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let message = "skipped: python3 with jsonschema not found; pip install jsonschema";
        assert!(
            std::env::var_os("CI").is_none(),
            "{message} (CI is set, so it must be installed)"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "tests/it/schema.rs: {message}");
    }
    found
}

/// Checks each `(name, schema, toml, partial)`: returns, for each, the
/// validator's first error or null. `partial` drops `required`, for a
/// fragment of a file.
fn validate(items: &[(String, &str, String, bool)]) -> Vec<Value> {
    let script = r#"
import json, sys, tomllib
from jsonschema import Draft7Validator
root, items = json.load(sys.stdin)
schemas = {}
out = []
for name, schema, text, partial in items:
    if schema not in schemas:
        with open(f"{root}/schemas/{schema}.schema.json") as f:
            schemas[schema] = json.load(f)
    s = dict(schemas[schema])
    if partial:
        s.pop("required", None)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        out.append(f"{name}: not TOML: {e}")
        continue
    errors = sorted(Draft7Validator(s).iter_errors(data), key=lambda e: list(e.path))
    out.append(f"{name}: {'/'.join(map(str, errors[0].path))}: {errors[0].message}" if errors else None)
print(json.dumps(out))
"#;
    let input = json!([root().display().to_string(), items]);
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the schema test needs it, with `pip install jsonschema`)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(input.to_string().as_bytes())
            .expect("python3 reads the files");
    }
    let output = child.wait_with_output().expect("python3 finishes");
    assert!(
        output.status.success(),
        "the validator failed (is `jsonschema` installed?): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the validator prints JSON")
}

#[test]
fn every_pack_file_and_docs_example_fits_its_schema() {
    if !have_validator() {
        return;
    }
    let mut items: Vec<(String, &str, String, bool)> = Vec::new();
    for pack in std::fs::read_dir(root().join("rules")).expect("rules/") {
        let pack = pack.expect("a pack folder").path();
        for file in std::fs::read_dir(&pack).expect("a pack folder") {
            let path = file.expect("a file").path();
            let name = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            let text = std::fs::read_to_string(&path).expect("a rule file");
            let schema = schema_of(&name, &text);
            // Each declares its schema for taplo and Even Better TOML.
            assert_eq!(
                text.lines().next(),
                Some(format!("#:schema ../../schemas/{schema}.schema.json").as_str()),
                "{name}"
            );
            items.push((name.clone(), schema, text, false));
        }
    }
    let packs = items.len();
    // Deliberately broken in the docs (docs/rules.md, "Errors in rule files").
    let broken = ["A misspelt key, in `typo.toml`:"];
    let mut refused = Vec::new();
    for doc in [
        "README.md",
        "docs/rules.md",
        "docs/config.md",
        "docs/tutorial.md",
    ] {
        for (before, text) in toml_blocks(doc) {
            let name = format!("{doc}, after {before:?}");
            let schema = if before.contains("`my-rules/classes.toml`") {
                "classes"
            } else if before.contains("`pack.toml`") {
                "pack"
            } else {
                schema_of(&before, &text)
            };
            if broken.contains(&before.as_str()) {
                refused.push(items.len());
            }
            items.push((name, schema, text.clone(), text.starts_with("[[example]]")));
        }
    }
    assert!(
        packs > 40 && items.len() > packs + 15,
        "{} files",
        items.len()
    );
    let results = validate(&items);
    let mut problems = Vec::new();
    for (i, result) in results.iter().enumerate() {
        match (refused.contains(&i), result.is_null()) {
            (false, false) => problems.push(result.to_string()),
            (true, true) => problems.push(format!("{} is accepted", items[i].0)),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn broken_files_are_refused_at_the_key_that_breaks_them() {
    if !have_validator() {
        return;
    }
    let rule = "kind = \"avoid\"\nmessage = \"x\"\n";
    let cases = [
        (
            "a misspelt key",
            "rule",
            format!("{rule}mesage = \"y\"\n"),
            "Additional properties",
        ),
        (
            "an unknown kind",
            "rule",
            "kind = \"forbid\"\nmessage = \"x\"\n".to_string(),
            "kind: 'forbid'",
        ),
        (
            "a level as a number",
            "rule",
            format!("{rule}level = 3\n"),
            "level: 3",
        ),
        (
            "a missing message",
            "rule",
            "kind = \"avoid\"\n".to_string(),
            "'message' is a required property",
        ),
        (
            "a max as text",
            "rule",
            format!("{rule}max = \"100\"\n"),
            "max: '100'",
        ),
        (
            "phrases not a list",
            "rule",
            format!("{rule}[[avoid]]\nphrases = \"oops\"\n"),
            "avoid/0/phrases",
        ),
        (
            "an unknown insert-at",
            "rule",
            format!("{rule}insert-at = \"middle\"\n"),
            "insert-at",
        ),
        (
            "a level of `warn`",
            "draftlint",
            "[rules]\nno-blame = \"warn\"\n".to_string(),
            "rules/no-blame",
        ),
        (
            "a misspelt config key",
            "draftlint",
            "rule-dir = [\"x\"]\n".to_string(),
            "Additional properties",
        ),
        (
            "a class that is no list",
            "classes",
            "ends = \"bye\"\n".to_string(),
            "ends",
        ),
    ];
    let items: Vec<(String, &str, String, bool)> = cases
        .iter()
        .map(|(name, schema, text, _)| (name.to_string(), *schema, text.clone(), false))
        .collect();
    let results = validate(&items);
    for ((name, _, _, expected), result) in cases.iter().zip(results) {
        let message = result
            .as_str()
            .unwrap_or_else(|| panic!("{name} is accepted"));
        assert!(message.contains(expected), "{name}: {message}");
    }
}

/// `draftlint schema` prints the committed schemas; `init` and `new-rule`
/// put the schema beside what they write and point to it with `#:schema`,
/// and what they write fits it.
#[test]
fn init_and_new_rule_write_their_schema_beside_them() {
    for (file, name) in [
        ("rule", "rule"),
        ("classes", "classes"),
        ("pack", "pack"),
        ("config", "draftlint"),
    ] {
        let run = draftlint(&["schema", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let committed =
            std::fs::read_to_string(root().join(format!("schemas/{name}.schema.json"))).unwrap();
        assert_eq!(run.stdout, committed, "draftlint schema {file}");
    }
    let dir = scratch(&[]);
    let init = draftlint_in(dir.path(), &["init"], None);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let new = draftlint_in(
        dir.path(),
        &["new-rule", "no-sarcasm", "--dir", "my-rules"],
        None,
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    let read = |path: &str| std::fs::read_to_string(dir.path().join(path)).unwrap();
    let config = read("draftlint.toml");
    let rule = read("my-rules/no-sarcasm.toml");
    assert!(
        config.starts_with("#:schema ./draftlint.schema.json\n"),
        "{config}"
    );
    assert!(rule.starts_with("#:schema ./rule.schema.json\n"), "{rule}");
    assert_eq!(
        read("draftlint.schema.json"),
        std::fs::read_to_string(root().join("schemas/draftlint.schema.json")).unwrap()
    );
    assert_eq!(
        read("my-rules/rule.schema.json"),
        std::fs::read_to_string(root().join("schemas/rule.schema.json")).unwrap()
    );
    // The rule folder still holds one rule: the schema is no rule file.
    let test = draftlint_in(dir.path(), &["test", "my-rules"], None);
    assert!(
        test.stdout.contains("1 rule, 2 examples: 2 passed"),
        "{}",
        test.stdout
    );
    if have_validator() {
        let results = validate(&[
            ("init's draftlint.toml".into(), "draftlint", config, false),
            ("new-rule's rule".into(), "rule", rule, false),
        ]);
        assert!(results.iter().all(Value::is_null), "{results:?}");
    }
}

/// The VS Code extension's `draftlint.rules` setting, as its manifest
/// declares it: every rule of every built-in pack, described from the
/// rule's own data, with the settings its kind takes (`min`/`max`, `days`,
/// `in-first`/`in-last`). The extension passes camelCase and kebab-case
/// spellings to the server alike.
fn rules_setting() -> Value {
    use draftlint::rule::{Kind, pack};
    let levels = json!({
        "type": "string",
        "enum": ["off", "error", "warning", "info", "hint"],
        "enumDescriptions": [
            "Switch the rule off.",
            "Show findings as errors.",
            "Show findings as warnings.",
            "Show findings as information.",
            "Show findings as hints (no squiggle)."
        ],
    });
    let level = {
        let mut level = levels.clone();
        level["description"] = json!("The rule's level, or \"off\".");
        level
    };
    let number = |minimum: u64, description: String| json!({ "type": "integer", "minimum": minimum, "description": description });
    let within = |params: &mut serde_json::Map<String, Value>, first: String, last: String| {
        params.insert("inFirst".into(), number(1, first));
        params.insert("inLast".into(), number(1, last));
        params.insert(
            "in-first".into(),
            number(1, "Same as `inFirst`, spelled as in draftlint.toml.".into()),
        );
        params.insert(
            "in-last".into(),
            number(1, "Same as `inLast`, spelled as in draftlint.toml.".into()),
        );
    };
    let mut rules = pack::all().expect("the packs parse");
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut properties = serde_json::Map::new();
    for rule in &rules {
        let mut params = serde_json::Map::new();
        params.insert("level".into(), level.clone());
        match &rule.kind {
            Kind::Limit(limit) => {
                let noun = limit.count.noun();
                let default =
                    |v: Option<u64>| v.map_or(String::new(), |v| format!(" (default {v})"));
                params.insert(
                    "min".into(),
                    number(
                        0,
                        format!("The fewest {noun} allowed{}.", default(limit.min)),
                    ),
                );
                params.insert(
                    "max".into(),
                    number(0, format!("The most {noun} allowed{}.", default(limit.max))),
                );
            }
            Kind::Cooldown(cooldown) => {
                params.insert(
                    "days".into(),
                    number(0, format!("Days that must have passed since the front-matter date `{}` (default {}).", cooldown.field, cooldown.days)),
                );
            }
            Kind::Require(_) => within(
                &mut params,
                "The match must stand in the first N sentences (`in-first`).".into(),
                "The match must stand in the last N sentences (`in-last`).".into(),
            ),
            Kind::Avoid(_) => {}
        }
        let pack = rule.pack.as_deref().unwrap_or("gentle");
        let step = rule.step.map_or(String::new(), |s| format!(", step {s}"));
        // What a finding says, as `explain` shows it, then what the rule is.
        let description = format!(
            "{} `{}` rule of the `{pack}` pack{step}, `{}` by default.",
            // `<the words found>` would be read as an HTML tag.
            draftlint::docs::readable(rule, &rule.message)
                .replace('<', "\\<")
                .replace('>', "\\>"),
            rule.kind.name(),
            rule.level,
        );
        properties.insert(
            rule.id.to_string(),
            json!({
                "markdownDescription": description,
                "anyOf": [levels, { "type": "object", "properties": params, "additionalProperties": false }],
            }),
        );
    }
    let mut any = serde_json::Map::new();
    any.insert("level".into(), level.clone());
    any.insert(
        "min".into(),
        number(0, "`limit` rules: the smallest count allowed.".into()),
    );
    any.insert(
        "max".into(),
        number(0, "`limit` rules: the largest count allowed.".into()),
    );
    any.insert(
        "days".into(),
        number(0, "`cooldown` rules: days that must have passed.".into()),
    );
    within(
        &mut any,
        "`require` rules: within the first N sentences (`in-first`).".into(),
        "`require` rules: within the last N sentences (`in-last`).".into(),
    );
    json!({
        "properties": properties,
        "additionalProperties": {
            "anyOf": [levels, { "type": "object", "properties": any, "additionalProperties": false }],
        },
    })
}

/// The VS Code manifest's per-rule settings come from the rules themselves:
/// a rule added to a pack, or a default changed, shows in the editor's
/// settings (`UPDATE_SNAPSHOTS=1 cargo test --test it schema::` writes them).
#[test]
fn vscode_rule_settings_come_from_the_rules() {
    let path = root().join("editors/vscode/package.json");
    let text = std::fs::read_to_string(&path).expect("package.json");
    let mut manifest: Value = serde_json::from_str(&text).expect("package.json is JSON");
    let generated = rules_setting();
    let setting = &mut manifest["contributes"]["configuration"]["properties"]["draftlint.rules"];
    for key in ["properties", "additionalProperties"] {
        setting[key] = generated[key].clone();
    }
    let mut expected = serde_json::to_string_pretty(&manifest).expect("JSON");
    expected.push('\n');
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &expected).expect("package.json is written");
        return;
    }
    assert!(
        text == expected,
        "editors/vscode/package.json's draftlint.rules is out of date: rerun with UPDATE_SNAPSHOTS=1"
    );
}

//! The language server, run as a real process over stdio.

use crate::client;
use crate::common;

use std::path::Path;

use client::{Client, apply_edits, capabilities, edits_of, uri};
use serde_json::{Value, json};

const ROUGH: &str = "---\nto: Sam\nlast-contact: 2026-11-01\ndate: 2026-11-28\n---\nSam,\n\nYou never listen!!! Call me right now.\n";

fn rules_of(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn start(dir: &Path) -> Client {
    let mut client = Client::start(dir, &[]);
    client.initialize(dir, capabilities(), json!(null));
    client
}

#[test]
fn diagnostics_carry_rule_source_severity_link_and_version() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    client.open(&path, "plaintext", ROUGH);
    let diagnostics = client.diagnostics(&path, 1);
    let blame = diagnostics
        .iter()
        .find(|d| d["code"] == "no-blame")
        .expect("no-blame reported");
    assert_eq!(blame["source"], "draftlint");
    assert_eq!(blame["severity"], 2, "warning");
    assert_eq!(
        blame["range"]["start"],
        json!({ "line": 7, "character": 0 })
    );
    assert_eq!(blame["range"]["end"], json!({ "line": 7, "character": 16 }));
    let href = blame["codeDescription"]["href"]
        .as_str()
        .expect("a docs link");
    let page = href.strip_prefix("file://").expect("a file link");
    let text = std::fs::read_to_string(page).expect("the linked page exists");
    assert!(text.contains("# no-blame") && text.contains("## Why"));
    assert!(rules_of(&diagnostics).contains(&"propose-follow-up".to_string()));
}

#[test]
fn each_code_action_does_what_it_says() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    client.open(&path, "plaintext", ROUGH);
    let diagnostics = client.diagnostics(&path, 1);
    let blame = diagnostics
        .iter()
        .find(|d| d["code"] == "no-blame")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": blame["range"],
            "context": { "diagnostics": [blame] },
        }),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Disable no-blame in this draft"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Disable no-blame in this workspace"),
        "{titles:?}"
    );
    // The preferred quick fix rewrites the blame.
    let preferred = actions
        .iter()
        .find(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "no-blame")
        .expect("a preferred fix");
    let edit = &preferred["edit"];
    assert_eq!(
        edit["documentChanges"][0]["textDocument"]["version"], 1,
        "versioned edit"
    );
    let fixed = apply_edits(ROUGH, &edits_of(edit));
    assert!(fixed.contains("I didn't always feel heard!!!"), "{fixed}");
    // Disable in this draft edits the front matter; the rule then goes quiet.
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable no-blame in this draft")
        .unwrap();
    let disabled = apply_edits(ROUGH, &edits_of(&disable["edit"]));
    assert!(
        disabled.starts_with(
            "---\nto: Sam\nlast-contact: 2026-11-01\ndate: 2026-11-28\ndisable: [no-blame]\n---\n"
        ),
        "{disabled}"
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 2 }, "contentChanges": [{ "text": disabled }] }),
    );
    let after = client.diagnostics(&path, 2);
    assert!(!rules_of(&after).contains(&"no-blame".to_string()));
    // Fix all applies every preferred edit of the writer's words at once,
    // and adds no sentence unless a setting says so (it runs on save).
    let fix_all = |client: &mut Client, text: &str| {
        let all = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri(&path) },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [], "only": ["source.fixAll.draftlint"] },
            }),
        );
        let fix_all = all.as_array().unwrap()[0].clone();
        assert_eq!(fix_all["kind"], "source.fixAll.draftlint");
        apply_edits(text, &edits_of(&fix_all["edit"]))
    };
    let edits_only = fix_all(&mut client, &disabled);
    assert!(
        edits_only.contains("Call me whenever you're ready."),
        "{edits_only}"
    );
    assert!(!edits_only.contains("How have you been?"), "{edits_only}");
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "draftlint": { "fix-all-suggestions": true } } }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| p["version"] == 2);
    // Shouting has no rewrite, and no sentence is added around it.
    let held = fix_all(&mut client, &disabled);
    assert!(!held.contains("How have you been?"), "{held}");
    let calm = disabled.replace("listen!!!", "listen.");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 3 }, "contentChanges": [{ "text": calm }] }),
    );
    client.diagnostics(&path, 3);
    let everything = fix_all(&mut client, &calm);
    assert!(
        everything.contains("Call me whenever you're ready."),
        "{everything}"
    );
    assert!(everything.contains("How have you been?"), "{everything}");
    assert!(
        everything.contains("Can I call you this weekend?"),
        "{everything}"
    );
    // Disable in this workspace writes draftlint.toml and re-lints.
    let workspace = actions
        .iter()
        .find(|a| a["title"] == "Disable no-blame in this workspace")
        .unwrap();
    let command = &workspace["command"];
    client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let config =
        std::fs::read_to_string(dir.path().join("draftlint.toml")).expect("config written");
    assert_eq!(config, "[rules]\nno-blame = \"off\"\n");
}

#[test]
fn stale_edits_cannot_be_applied() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    client.open(&path, "plaintext", ROUGH);
    client.diagnostics(&path, 1);
    let text = format!("{ROUGH}Hello.\n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 7 }, "contentChanges": [{ "text": text }] }),
    );
    // Asked right after the change, the actions are built for version 7.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": { "start": { "line": 7, "character": 0 }, "end": { "line": 7, "character": 3 } },
            "context": { "diagnostics": [] },
        }),
    );
    for action in actions.as_array().unwrap() {
        if let Some(changes) = action["edit"]["documentChanges"].as_array() {
            assert_eq!(changes[0]["textDocument"]["version"], 7, "{action}");
        }
    }
}

#[test]
fn hover_explains_the_rule_with_the_guide_and_an_example() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.md");
    let mut client = start(dir.path());
    client.open(&path, "markdown", ROUGH);
    client.diagnostics(&path, 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 7, "character": 4 } }),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown");
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(value.contains("`no-blame`"), "{value}");
    assert!(value.contains("guide"), "{value}");
    assert!(value.contains("✗ ") && value.contains("✓ "), "{value}");
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 5, "character": 1 } }),
    );
    assert!(
        nothing.is_null()
            || !nothing["contents"]["value"]
                .as_str()
                .unwrap_or("")
                .contains("no-blame")
    );
}

#[test]
fn checklist_as_code_lens_inlay_hint_and_request() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    client.open(&path, "plaintext", ROUGH);
    client.diagnostics(&path, 1);
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&path) } }),
    );
    let title = lenses[0]["command"]["title"].as_str().unwrap().to_string();
    assert_eq!(
        title,
        "✗ calm · ✗ opener · ✗ feeling · ✗ apology · ✗ ask · ✓ short (8 words) · ✗ no pressure · ✗ follow-up"
    );
    // A draft that apologizes but asks nothing: the ✗ says what is missing.
    let sorry = dir.path().join("sorry.txt");
    client.open(
        &sorry,
        "plaintext",
        "Hi Sam, how have you been? I'm sorry for how I acted.\n",
    );
    client.diagnostics(&sorry, 1);
    let checklist = client.request("draftlint/checklist", json!({ "uri": uri(&sorry) }));
    let summary = checklist["summary"].as_str().unwrap();
    assert!(summary.contains("✓ apology · ✗ ask"), "{summary}");
    let good =
        std::fs::read_to_string(common::root().join("examples/good-first-message.txt")).unwrap();
    let good_path = dir.path().join("good.txt");
    client.open(&good_path, "plaintext", &good);
    client.diagnostics(&good_path, 1);
    let checklist = client.request("draftlint/checklist", json!({ "uri": uri(&good_path) }));
    assert_eq!(checklist["done"], checklist["total"]);
    assert!(
        checklist["summary"]
            .as_str()
            .unwrap()
            .starts_with("✓ calm · ✓ opener")
    );

    // A client without code lenses gets the checklist as an inlay hint.
    let mut caps = capabilities();
    caps["textDocument"]
        .as_object_mut()
        .unwrap()
        .remove("codeLens");
    let mut plain = Client::start(dir.path(), &[]);
    let init = plain.initialize(dir.path(), caps, json!(null));
    assert!(init["capabilities"]["codeLensProvider"].is_null());
    plain.open(&path, "plaintext", ROUGH);
    plain.diagnostics(&path, 1);
    let hints = plain.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri(&path) }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } }),
    );
    assert_eq!(hints[0]["label"], json!(title));
    assert_eq!(hints[0]["position"], json!({ "line": 0, "character": 3 }));
}

#[test]
fn configuration_from_initialization_and_changes() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = Client::start(dir.path(), &[]);
    client.initialize(
        dir.path(),
        capabilities(),
        json!({ "rules": { "no-blame": "off", "keep-it-short": { "max": 5 } } }),
    );
    client.open(&path, "plaintext", ROUGH);
    let first = rules_of(&client.diagnostics(&path, 1));
    assert!(!first.contains(&"no-blame".to_string()));
    assert!(first.contains(&"keep-it-short".to_string()));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "draftlint": { "rules": { "no-pressure": "off" } } } }),
    );
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        let rules = rules_of(p["diagnostics"].as_array().unwrap());
        rules.contains(&"no-blame".to_string()) && !rules.contains(&"no-pressure".to_string())
    });
    assert_eq!(params["version"], 1);
    // Documents in other languages are not linted; the language list is a setting.
    let rust = dir.path().join("main.rs");
    client.open(&rust, "rust", "// you never listen\n");
    client.open(
        &path.with_extension("md"),
        "markdown",
        "You never listen.\n",
    );
    client.diagnostics(&path.with_extension("md"), 1);
    assert!(
        client
            .seen("textDocument/publishDiagnostics")
            .iter()
            .all(|p| p["uri"] != json!(uri(&rust)))
    );
}

#[test]
fn rule_files_reload_and_broken_ones_are_shown_where_they_break() {
    let dir = common::scratch(&[
        ("draftlint.toml", "rule-dirs = [\"rules\"]\n"),
        (
            "rules/grumpy.toml",
            "kind = \"avoid\"\nmessage = \"grumpy\"\n[[avoid]]\nphrases = [\"grumpy cat\"]\n",
        ),
    ]);
    let path = dir.path().join("draft.txt");
    let rule_path = dir.path().join("rules/grumpy.toml");
    let mut client = start(dir.path());
    client.wait_for_registration();
    client.open(&path, "plaintext", "A grumpy cat and a sleepy dog.\n");
    assert!(rules_of(&client.diagnostics(&path, 1)).contains(&"grumpy".to_string()));
    // A new phrase: reloaded on the watched-file notification.
    std::fs::write(
        &rule_path,
        "kind = \"avoid\"\nmessage = \"sleepy\"\n[[avoid]]\nphrases = [\"sleepy dog\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&rule_path), "type": 2 }] }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"] == "sleepy")
    });
    // Broken: a diagnostic on the rule file at the exact place, one message,
    // and the draft keeps the last good rules.
    std::fs::write(
        &rule_path,
        "kind = \"avoid\"\nmessage = \"sleepy\"\n[[avoid]]\nregex = '(unclosed'\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&rule_path), "type": 2 }] }),
    );
    let on_file = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri(&rule_path))
    });
    let problem = &on_file["diagnostics"][0];
    assert_eq!(
        problem["range"]["start"],
        json!({ "line": 3, "character": 9 })
    );
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .starts_with("bad regex"),
        "{problem}"
    );
    let shown = client.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .unwrap_or("")
            .contains("grumpy.toml:4:10: bad regex: unclosed group")
    });
    assert_eq!(shown["type"], 1);
    let still = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri(&path))
    });
    assert!(
        still["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"] == "sleepy"),
        "last good rules: {still}"
    );
    // Fixed: the file's diagnostic clears.
    std::fs::write(
        &rule_path,
        "kind = \"avoid\"\nmessage = \"fixed\"\n[[avoid]]\nphrases = [\"grumpy cat\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&rule_path), "type": 2 }] }),
    );
    client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri(&rule_path)) && p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert_eq!(client.seen("window/showMessage").len(), 0, "said once");
}

#[test]
fn a_broken_pattern_is_shown_at_its_place_in_the_rule_file() {
    let dir = common::scratch(&[
        ("draftlint.toml", "rule-dirs = [\"rules\"]\n"),
        (
            "rules/classes.toml",
            "brush-off = [\"whatever\", \"do what you want~\"]\n",
        ),
        (
            "rules/brush-off.toml",
            "kind = \"avoid\"\nmessage = \"brush-off\"\n[[avoid]]\npatterns = ['@brush-off']\n",
        ),
    ]);
    let path = dir.path().join("draft.txt");
    let rule_path = dir.path().join("rules/brush-off.toml");
    let mut client = start(dir.path());
    client.wait_for_registration();
    client.open(&path, "plaintext", "Fine. Do what you wanted.\n");
    assert!(rules_of(&client.diagnostics(&path, 1)).contains(&"brush-off".to_string()));
    std::fs::write(
        &rule_path,
        "kind = \"avoid\"\nmessage = \"brush-off\"\n[[avoid]]\npatterns = ['you @brushoff']\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&rule_path), "type": 2 }] }),
    );
    let on_file = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == json!(uri(&rule_path))
    });
    let problem = &on_file["diagnostics"][0];
    assert_eq!(
        problem["range"]["start"],
        json!({ "line": 3, "character": 17 })
    );
    assert_eq!(
        problem["message"],
        "no word class `@brushoff` (did you mean `@brush-off`?)"
    );
}

fn positions_in(encoding: &str) {
    let dir = common::scratch(&[(
        "rules/x.toml",
        "kind = \"avoid\"\nmessage = \"x\"\n[[avoid]]\nphrases = [\"grumpy cat\"]\n",
    )]);
    std::fs::write(
        dir.path().join("draftlint.toml"),
        "builtin = false\nrule-dirs = [\"rules\"]\n",
    )
    .unwrap();
    let path = dir.path().join("draft.txt");
    let mut caps = capabilities();
    caps["general"]["positionEncodings"] = json!([encoding]);
    let mut client = Client::start(dir.path(), &[]);
    let init = client.initialize(dir.path(), caps, json!(null));
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    let text = "Hi 👋 世界\r\ncafe\u{301} grumpy cat\rend grumpy cat\n";
    client.open(&path, "plaintext", text);
    let diagnostics = client.diagnostics(&path, 1);
    let starts: Vec<&Value> = diagnostics.iter().map(|d| &d["range"]["start"]).collect();
    let second_line_col = if encoding == "utf-8" { 7 } else { 6 };
    assert_eq!(
        starts,
        [
            &json!({ "line": 1, "character": second_line_col }),
            &json!({ "line": 2, "character": 4 })
        ]
    );
    // An incremental edit in the same encoding lands exactly: replace 世界 with "there".
    let (from, to) = if encoding == "utf-8" { (8, 14) } else { (6, 8) };
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&path), "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": 0, "character": from }, "end": { "line": 0, "character": to } }, "text": "grumpy cat" }],
        }),
    );
    let after = client.diagnostics(&path, 2);
    let first = &after[0]["range"];
    assert_eq!(first["start"], json!({ "line": 0, "character": from }));
    let end = if encoding == "utf-8" { 18 } else { 16 };
    assert_eq!(first["end"], json!({ "line": 0, "character": end }));
}

#[test]
fn positions_in_utf16() {
    positions_in("utf-16");
}

#[test]
fn positions_in_utf8() {
    positions_in("utf-8");
}

#[test]
fn a_burst_of_changes_ends_with_diagnostics_for_the_final_version() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    client.open(&path, "plaintext", "Hi Sam,\n");
    client.diagnostics(&path, 1);
    let mut text = String::from("Hi Sam,\n");
    for version in 2..=201 {
        let line = text.matches('\n').count();
        let addition = if version == 201 {
            "You never listen.\n"
        } else {
            "a\n"
        };
        text.push_str(addition);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(&path), "version": version },
                "contentChanges": [{ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": addition }],
            }),
        );
    }
    let last = client.diagnostics(&path, 201);
    let blame = last
        .iter()
        .find(|d| d["code"] == "no-blame")
        .expect("the final text is linted");
    assert_eq!(blame["range"]["start"]["line"], 200);
    let versions: Vec<i64> = client
        .seen("textDocument/publishDiagnostics")
        .iter()
        .filter(|p| p["uri"] == json!(uri(&path)))
        .filter_map(|p| p["version"].as_i64())
        .collect();
    assert!(
        versions.len() < 50,
        "coalesced, not one lint per keystroke: {versions:?}"
    );
    // Nothing stale arrives after the final version.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let late: Vec<i64> = client
        .seen("textDocument/publishDiagnostics")
        .iter()
        .filter_map(|p| p["version"].as_i64())
        .collect();
    assert!(
        late.iter().all(|v| *v == 201 || versions.contains(v)),
        "{late:?}"
    );
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them_and_no_pushes() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut caps = capabilities();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let mut client = Client::start(dir.path(), &[]);
    let init = client.initialize(dir.path(), caps.clone(), json!(null));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "draftlint"
    );
    client.open(&path, "plaintext", ROUGH);
    let target = uri(&path);
    let pull = |client: &mut Client| {
        let report = client.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": target } }),
        );
        assert_eq!(report["kind"], "full");
        rules_of(report["items"].as_array().unwrap())
    };
    assert!(pull(&mut client).contains(&"no-blame".to_string()));
    // After a settings change, a pull answers with the new rules only.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "rules": { "no-blame": "off" } } }),
    );
    assert!(!pull(&mut client).contains(&"no-blame".to_string()));
    assert!(
        client.seen("textDocument/publishDiagnostics").is_empty(),
        "not reported twice"
    );

    // A client that cannot be asked to pull again gets pushed diagnostics.
    caps["workspace"]["diagnostics"] = json!({});
    let mut pushed = Client::start(dir.path(), &[]);
    let init = pushed.initialize(dir.path(), caps, json!(null));
    assert!(init["capabilities"]["diagnosticProvider"].is_null());
    pushed.open(&path, "plaintext", ROUGH);
    assert!(rules_of(&pushed.diagnostics(&path, 1)).contains(&"no-blame".to_string()));
}

#[test]
fn empty_or_broken_settings_do_not_stop_the_server() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    // Lua clients send empty tables as JSON arrays.
    let mut client = Client::start(dir.path(), &[]);
    client.initialize(dir.path(), capabilities(), json!([]));
    client.open(&path, "plaintext", ROUGH);
    assert!(!client.diagnostics(&path, 1).is_empty());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "draftlint": { "rules": [] } } }),
    );
    let mut broken = Client::start(dir.path(), &[]);
    broken.initialize(
        dir.path(),
        capabilities(),
        json!({ "rules": { "no-blame": "loud" } }),
    );
    let said = broken.wait_for("window/showMessage", |p| p["type"] == 1);
    assert!(
        said["message"].as_str().unwrap().contains("rules.no-blame"),
        "{said}"
    );
    broken.open(&path, "plaintext", ROUGH);
    assert!(
        rules_of(&broken.diagnostics(&path, 1)).contains(&"no-blame".to_string()),
        "defaults apply"
    );
    assert!(
        client.seen("window/showMessage").is_empty(),
        "empty settings are fine"
    );
}

#[test]
fn a_panic_while_linting_is_contained() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("boom.txt");
    let good = dir.path().join("good.txt");
    let mut client = Client::start(dir.path(), &[("DRAFTLINT_TEST_PANIC", "1")]);
    client.initialize(dir.path(), capabilities(), json!(null));
    client.open(&path, "plaintext", "draftlint-test-panic\n");
    let logged = client.wait_for("window/logMessage", |p| p["type"] == 1);
    assert!(
        logged["message"].as_str().unwrap().contains("linting"),
        "{logged}"
    );
    client.open(&good, "plaintext", ROUGH);
    assert!(
        !client.diagnostics(&good, 1).is_empty(),
        "the server lives on"
    );
}

#[test]
fn a_huge_document_does_not_hold_up_a_small_one() {
    let dir = common::scratch(&[]);
    let big = dir.path().join("big.txt");
    let small = dir.path().join("small.txt");
    let mut client = Client::start(dir.path(), &[]);
    // Time enough for the whole lint of the big draft, however slow the
    // machine: what is tested here is that it runs beside the small one.
    client.initialize(
        dir.path(),
        capabilities(),
        json!({ "lint-time-limit-ms": 600_000 }),
    );
    let text =
        "You never listen. I miss our walks by the river and the quiet evenings.\n".repeat(70_000);
    assert!(text.len() > 5_000_000);
    client.open(&big, "plaintext", &text);
    client.open(&small, "plaintext", ROUGH);
    client.diagnostics(&small, 1);
    let before_big = client
        .seen("textDocument/publishDiagnostics")
        .iter()
        .all(|p| p["uri"] != json!(uri(&big)));
    assert!(before_big, "the small draft's diagnostics came first");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&small) }, "position": { "line": 7, "character": 4 } }),
    );
    assert!(!hover.is_null());
    let big_diags = client.diagnostics(&big, 1);
    assert!(big_diags.len() > 1000);
    // Fixing all of the big draft lints it again, pass after pass, on a lint
    // thread: a hover on the small draft meanwhile is answered at once.
    let fix_all = json!(9_001);
    client.send(json!({
        "jsonrpc": "2.0", "id": fix_all, "method": "textDocument/codeAction",
        "params": {
            "textDocument": { "uri": uri(&big) },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        },
    }));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&small) }, "position": { "line": 7, "character": 4 } }),
    );
    assert!(!hover.is_null());
    assert!(
        !client.answered(&fix_all),
        "the hover was answered first, while fix all was still at work"
    );
}

#[test]
fn a_lint_over_its_time_limit_stops_and_says_so_and_others_go_on() {
    let dir = common::scratch(&[]);
    let small = dir.path().join("small.txt");
    let mut client = Client::start(dir.path(), &[]);
    client.initialize(
        dir.path(),
        capabilities(),
        json!({ "draftlint": { "lint-time-limit-ms": 1000 } }),
    );
    // Many seconds of work each (a small draft takes milliseconds), more
    // than there are lint threads on most machines: the small draft waits
    // for a thread until a limit runs out.
    let text = "I never said you were wrong, you always twist it!! Answer me now. \
                Why do you never call?? I'm sorry if you were hurt.\n"
        .repeat(40_000);
    let bigs: Vec<_> = (0..3)
        .map(|n| dir.path().join(format!("big{n}.txt")))
        .collect();
    for big in &bigs {
        client.open(big, "plaintext", &text);
    }
    client.open(&small, "plaintext", ROUGH);
    let found = rules_of(&client.diagnostics(&small, 1));
    assert!(found.contains(&"no-pressure".to_string()), "{found:?}");
    for big in &bigs {
        let stopped = client.diagnostics(big, 1);
        assert_eq!(rules_of(&stopped), ["time-limit"], "{stopped:#?}");
        let message = stopped[0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("longer than 1 s") && message.contains("draftlint check"),
            "{message}"
        );
        assert_eq!(stopped[0]["severity"], 2);
        assert_eq!(
            stopped[0]["range"]["start"],
            json!({ "line": 0, "character": 0 })
        );
    }
    // Cut down to a short draft, the same document is linted in full.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&bigs[0]), "version": 2 },
            "contentChanges": [{ "text": ROUGH }],
        }),
    );
    let found = rules_of(&client.diagnostics(&bigs[0], 2));
    assert!(found.contains(&"no-pressure".to_string()), "{found:?}");
    let checklist = client.request("draftlint/checklist", json!({ "uri": uri(&bigs[1]) }));
    assert_eq!(
        checklist["total"], 0,
        "no checklist for a lint cut short: {checklist}"
    );
}

/// Editors list the rules and show a rule's page by asking the server, so
/// what they show is what the document is linted with, editor settings
/// included.
#[test]
fn the_rules_and_a_rules_page_come_from_the_server() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = Client::start(dir.path(), &[]);
    client.initialize(
        dir.path(),
        capabilities(),
        json!({ "draftlint": { "rules": { "no-blame": "off" } } }),
    );
    client.open(&path, "plaintext", ROUGH);
    client.diagnostics(&path, 1);
    let listed = client.request("draftlint/rules", json!({ "uri": uri(&path) }));
    let rules = listed["rules"].as_array().expect("rules");
    let find = |id: &str| rules.iter().find(|r| r["id"] == id).cloned();
    assert!(find("no-blame").is_none(), "turned off in the settings");
    let pressure = find("no-pressure").expect("no-pressure");
    assert_eq!(pressure["level"], "warning");
    assert_eq!(pressure["from"], "pack gentle");
    assert_eq!(pressure["step"], 5);

    let page = client.request(
        "draftlint/explain",
        json!({ "uri": uri(&path), "rule": "no-pressure" }),
    );
    let markdown = page["markdown"].as_str().unwrap_or_default();
    assert!(markdown.starts_with("# no-pressure"), "{markdown}");
    let wrong = client.request_raw(
        "draftlint/explain",
        json!({ "uri": uri(&path), "rule": "no-presure" }),
    );
    let message = wrong["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("did you mean `no-pressure`"), "{wrong}");
    let closed = client.request_raw(
        "draftlint/rules",
        json!({ "uri": uri(&dir.path().join("elsewhere.txt")) }),
    );
    assert!(
        closed["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open"))
    );
}

#[test]
fn shutdown_and_exit_follow_the_spec_and_closed_stdin_ends_the_server() {
    let dir = common::scratch(&[]);
    let mut client = start(dir.path());
    assert_eq!(client.request("shutdown", json!(null)), Value::Null);
    client.notify("exit", json!(null));
    let status = client
        .exit_status(std::time::Duration::from_secs(10))
        .expect("exits after exit");
    assert!(status.success());
    // `exit` without `shutdown` first: exit code 1, as the protocol says.
    let mut client = start(dir.path());
    client.notify("exit", json!(null));
    let status = client
        .exit_status(std::time::Duration::from_secs(10))
        .expect("exits after exit");
    assert_eq!(status.code(), Some(1));
    let client = start(dir.path());
    let status = client.close();
    assert!(status.code().is_some(), "ends when stdin closes");
}

/// A malformed message gets a JSON-RPC error and the server reads on: the
/// client's next request is answered and a draft opened after the garbage
/// gets its diagnostics.
#[test]
fn malformed_messages_get_errors_and_the_server_keeps_serving() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draft.txt");
    let mut client = start(dir.path());
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    // Not JSON; JSON but no message; a batch; a request with a bad method
    // (answered with its own id); a header without Content-Length; a
    // Content-Length that is no number.
    let mut stream = String::new();
    stream += &frame("{not json");
    stream += &frame("{}");
    stream += &frame(r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#);
    stream += &frame(r#"{"jsonrpc":"2.0","id":"bad-1","method":5}"#);
    stream += "Content-Type: application/json\r\n\r\n{}";
    stream += "Content-Length: many\r\n\r\n";
    client.send_bytes(stream.as_bytes());
    let answer = client.response_to(&json!("bad-1"));
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let mut codes = Vec::new();
    for _ in 0..5 {
        let answer = client.response_to(&Value::Null);
        codes.push(answer["error"]["code"].as_i64().expect("an error"));
    }
    codes.sort();
    assert_eq!(codes, [-32700, -32700, -32700, -32600, -32600]);
    client.open(&path, "plaintext", ROUGH);
    let diagnostics = client.diagnostics(&path, 1);
    assert!(rules_of(&diagnostics).contains(&"no-blame".to_string()));
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 7, "character": 4 } }),
    );
    assert!(!hover.is_null());
}

/// A document over the size limit is not linted, and the person hears so
/// once, not at every keystroke; once it is small again it is linted.
#[test]
fn an_oversized_document_is_announced_once() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("huge.txt");
    let mut client = start(dir.path());
    let huge = "You never listen. ".repeat(8 * 1024 * 1024 / 18 + 1);
    client.open(&path, "plaintext", &huge);
    for version in 2..=3 {
        let change = json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" });
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(&path), "version": version }, "contentChanges": [change] }),
        );
    }
    // Answered after the changes were handled.
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": 0, "character": 0 } }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 4 }, "contentChanges": [{ "text": ROUGH }] }),
    );
    let diagnostics = client.diagnostics(&path, 4);
    assert!(rules_of(&diagnostics).contains(&"no-blame".to_string()));
    let notices: Vec<_> = client
        .seen("window/showMessage")
        .into_iter()
        .filter(|m| m["message"].as_str().unwrap_or("").contains("not linted"))
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
}

/// A rule file open in the editor is checked as it is typed: a failing
/// `[[example]]` is reported at its line with what went wrong, a broken
/// regex at its column; fixed, the diagnostics clear. Drafts are linted
/// as before.
#[test]
fn rule_files_are_checked_as_you_type() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("my-rules/sleepy.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut client = start(dir.path());
    let text = "kind = \"avoid\"\nmessage = \"sleepy\"\n[[avoid]]\nphrases = [\"sleepy dog\"]\n\n\
                [[example]]\nbad = \"A sleepy dog.\"\n\n[[example]]\nbad = \"A tired cat.\"\n\n\
                [[example]]\ngood = \"My sleepy dog snores.\"\n";
    client.open(&path, "toml", text);
    let found = client.diagnostics(&path, 1);
    let at: Vec<(u64, String)> = found
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(at.len(), 2, "{found:?}");
    assert_eq!(at[0].0, 8, "{found:?}");
    assert!(
        at[0]
            .1
            .contains("bad example was not flagged: \"A tired cat.\""),
        "{found:?}"
    );
    assert_eq!(at[1].0, 11, "{found:?}");
    assert!(
        at[1]
            .1
            .contains("good example was flagged at \"sleepy dog\""),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|d| d["code"] == "rule-file" && d["severity"] == 1)
    );
    // Nothing to disable on a rule file: no front matter goes into TOML.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": { "start": { "line": 8, "character": 0 }, "end": { "line": 8, "character": 3 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(actions, json!([]), "{actions}");

    // A code lens says how the examples fare.
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&path) } }),
    );
    assert_eq!(
        lenses[0]["command"]["title"], "✗ 2 of 3 examples fail",
        "{lenses}"
    );

    // Hover on a key shows its documentation, inside `[[avoid]]` too.
    let hover =
        |client: &mut Client, line: u32, character: u32| hover_at(client, &path, line, character);
    let kind = hover(&mut client, 0, 2);
    assert!(
        kind.contains("**`kind`**") && kind.contains("`\"avoid\"`, `\"require\"`"),
        "{kind}"
    );
    let phrases = hover(&mut client, 3, 3);
    assert!(phrases.contains("Phrases to flag"), "{phrases}");
    // Completion: the keys of the table the cursor is in, then values.
    let complete =
        |client: &mut Client, line: u32, character: u32| labels_at(client, &path, line, character);
    // The blank line 4 is in the `[[avoid]]` table.
    let in_avoid = complete(&mut client, 4, 0);
    assert_eq!(
        in_avoid,
        [
            "phrases", "regex", "patterns", "unless", "replace", "message"
        ]
    );
    assert_eq!(
        complete(&mut client, 0, 8),
        ["\"avoid\"", "\"require\"", "\"limit\"", "\"cooldown\""]
    );

    // A regex that does not parse: at the `(`, before anything is saved.
    let broken = "kind = \"avoid\"\nmessage = \"sleepy\"\n[[avoid]]\nregex = 'so (sleepy'\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 2 }, "contentChanges": [{ "text": broken }] }),
    );
    let found = client.diagnostics(&path, 2);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]["range"]["start"],
        json!({ "line": 3, "character": 12 })
    );
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("bad regex: unclosed group")
    );

    let fixed = "kind = \"avoid\"\nmessage = \"sleepy\"\n[[avoid]]\nphrases = [\"sleepy dog\"]\n\n\
                 [[example]]\nbad = \"A sleepy dog.\"\n\n[[example]]\ngood = \"A tired cat.\"\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 3 }, "contentChanges": [{ "text": fixed }] }),
    );
    assert!(client.diagnostics(&path, 3).is_empty());
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&path) } }),
    );
    assert_eq!(
        lenses[0]["command"]["title"], "✓ 2 examples pass",
        "{lenses}"
    );

    // In a pattern, after `@`: the word classes.
    let typing = format!("{fixed}\n[[avoid]]\npatterns = [\"@con\"]\n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 4 }, "contentChanges": [{ "text": typing }] }),
    );
    client.diagnostics(&path, 4);
    let line = typing.lines().count() as u32 - 1;
    let classes = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri(&path) }, "position": { "line": line, "character": 16 } }),
    );
    let names: Vec<&str> = classes
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"contact-verb"), "{names:?}");
}

/// A `draftlint.toml` open in the editor is checked as it is typed, and
/// explains and completes what it names: its keys, the rule ids in
/// `[rules]` (with the rule's reason) and levels.
#[test]
fn config_files_are_checked_as_you_type() {
    let dir = common::scratch(&[]);
    let path = dir.path().join("draftlint.toml");
    let mut client = start(dir.path());
    let text = "builtin = true\n\n[rules]\nno-blam = \"off\"\nkeep-it-short = { max = 90, level = \"warn\" }\n";
    client.open(&path, "toml", text);
    let problems = |client: &mut Client, version: i64| -> Vec<(Value, String)> {
        client
            .diagnostics(&path, version)
            .iter()
            .map(|d| {
                assert_eq!(d["code"], "rule-file");
                (
                    d["range"]["start"].clone(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // A value that does not read stops the reading, as in `check`.
    assert_eq!(
        problems(&mut client, 1),
        [(
            json!({ "line": 4, "character": 16 }),
            "unknown level `warn` (did you mean `warning`?); use `off`, `hint`, `info`, `warning`, `error`".to_string()
        )]
    );
    let typing = text.replace("\"warn\"", "\"warning\"");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 2 }, "contentChanges": [{ "text": typing }] }),
    );
    assert_eq!(
        problems(&mut client, 2),
        [(
            json!({ "line": 3, "character": 0 }),
            "no rule `no-blam` (did you mean `no-blame`?)".to_string()
        )]
    );
    // Nothing to disable in a config.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(&path) },
            "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 20 } },
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(actions, json!([]), "{actions}");

    let fixed = "builtin = true\n\n[rules]\nno-blame = \"off\"\nkeep-it-short = { max = 90, level = \"warning\" }\n\n";
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 3 }, "contentChanges": [{ "text": fixed }] }),
    );
    assert!(client.diagnostics(&path, 3).is_empty());

    let hover =
        |client: &mut Client, line: u32, character: u32| hover_at(client, &path, line, character);
    // A rule id: the rule, its message and why it exists.
    let rule = hover(&mut client, 3, 4);
    assert!(rule.starts_with("**`no-blame`** · avoid · step"), "{rule}");
    assert!(rule.contains("the guide"), "{rule}");
    // A key: its documentation.
    let builtin = hover(&mut client, 0, 2);
    assert!(builtin.contains("Use the built-in packs"), "{builtin}");

    let complete =
        |client: &mut Client, line: u32, character: u32| labels_at(client, &path, line, character);
    // At the top: the config's keys.
    assert_eq!(
        complete(&mut client, 1, 0),
        ["builtin", "packs", "rule-dirs", "rules"]
    );
    // In `[rules]`: the ids of the rules in effect.
    let ids = complete(&mut client, 5, 0);
    assert!(
        ids.iter().any(|i| i == "no-blame") && ids.iter().any(|i| i == "apologize"),
        "{ids:?}"
    );
    // After `id =`: a level.
    let levels = [
        "\"off\"",
        "\"hint\"",
        "\"info\"",
        "\"warning\"",
        "\"error\"",
    ];
    assert_eq!(complete(&mut client, 3, 11), levels);
    // Inside `{ ... }`: a rule's settings, and a level after `level =`.
    assert_eq!(
        complete(&mut client, 4, 28),
        ["level", "min", "max", "days", "in-first", "in-last"]
    );
    assert_eq!(complete(&mut client, 4, 36), levels);

    // Its own lines are fine, but a rule file it reads is broken: the
    // config says so (the rule file shows where).
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/cold.toml"), "kind = \"avoid\"\n").unwrap();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&path), "version": 4 }, "contentChanges": [{ "text": "rule-dirs = [\"mine\"]\n" }] }),
    );
    let found = problems(&mut client, 4);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .starts_with("the rules this config reads have problems: ")
            && found[0].1.contains("cold.toml:1:1: missing key `message`"),
        "{found:?}"
    );
}

/// The text of the hover at `line`:`character` of the file at `path`.
fn hover_at(client: &mut Client, path: &Path, line: u32, character: u32) -> String {
    client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(path) }, "position": { "line": line, "character": character } }),
    )["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// The labels of the completions at `line`:`character` of the file at `path`.
fn labels_at(client: &mut Client, path: &Path, line: u32, character: u32) -> Vec<String> {
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri(path) }, "position": { "line": line, "character": character } }),
    );
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["label"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

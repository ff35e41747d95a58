//! Fuzzing that stays: random drafts, rule files, configs, editor edits and
//! language-server message streams, thrown at the real code for a fixed
//! time. Nothing may panic or hang, spans stay inside the text, edits land
//! where they were aimed, and the server keeps answering.
//!
//! Each target runs for `DRAFTLINT_FUZZ_SECS` seconds (default 2) from the
//! seed `DRAFTLINT_FUZZ_SEED` (default: the clock, printed on failure, so a
//! failing run can be repeated exactly). CI runs it longer; for a night:
//!
//! ```sh
//! DRAFTLINT_FUZZ_SECS=3600 cargo test --release --test it fuzz:: -- --test-threads 1 --nocapture
//! ```

use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use draftlint::fix::Apply;
use draftlint::line_index::Encoding;
use draftlint::lsp::document::Document;
use draftlint::{Draft, Format, LintOptions, Linter};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// No single input may take longer than this (a debug build on a busy
/// machine included): past it, the input is reported as a hang.
const HANG: Duration = Duration::from_secs(60);

use crate::rng;
use rng::Rng;

/// Runs `target` on fresh inputs for the time budget. `target` says what
/// it is working on through the `Mutex` first, so that a panic or a hang
/// names the input.
fn fuzz(name: &str, target: impl Fn(&mut Rng, &Mutex<String>) + Send + 'static) {
    let secs: u64 = std::env::var("DRAFTLINT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let seed: u64 = std::env::var("DRAFTLINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    let current = Arc::new(Mutex::new(String::new()));
    let (beat, beats) = mpsc::channel::<()>();
    let shared = current.clone();
    let worker = std::thread::spawn(move || {
        let mut rng = Rng(seed);
        let end = Instant::now() + Duration::from_secs(secs);
        let mut runs = 0u64;
        while Instant::now() < end {
            target(&mut rng, &shared);
            runs += 1;
            if beat.send(()).is_err() {
                break;
            }
        }
        runs
    });
    loop {
        match beats.recv_timeout(HANG) {
            Ok(()) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let input = current.lock().map(|s| s.clone()).unwrap_or_default();
                panic!("{name}: no answer in {HANG:?} (seed {seed}) on:\n{input:?}");
            }
        }
    }
    match worker.join() {
        Ok(runs) => eprintln!("{name}: {runs} inputs in {secs} s, seed {seed}"),
        Err(_) => {
            let input = current.lock().map(|s| s.clone()).unwrap_or_default();
            panic!("{name}: panicked (seed {seed}) on:\n{input:?}");
        }
    }
}

/// Pieces of drafts: the pack's words, punctuation, every kind of line
/// break, front matter and Markdown, scripts and marks that change widths.
const PIECES: &[&str] = &[
    "you",
    "never",
    "always",
    "listen",
    "sorry",
    "I'm sorry if",
    "but",
    "call me",
    "now",
    "right now",
    "!!",
    "??",
    "?!",
    "ASAP",
    "I'll",
    "hurt myself",
    "your fault",
    "whatever",
    "Fine.",
    "Hi Sam,",
    "How have you been?",
    "Can we talk on Sunday?",
    "miss you",
    "OK",
    "WHY",
    "u",
    "ur",
    "dont",
    "2",
    "I HAVE to",
    "Love,\nAlex",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "—",
    "’",
    "'",
    "\"",
    "“",
    "”",
    "👋🏽",
    "🙂",
    "你好",
    "e\u{301}",
    "\u{feff}",
    "\u{2028}",
    "\u{a0}",
    "\u{200b}",
    ".",
    "?",
    "!",
    ",",
    "...",
    ";",
    ":",
    "---\n",
    "+++\n",
    "to: Sam\n",
    "channel: sms\n",
    "disable: [no-blame]\n",
    "pack: workplace\n",
    "<!-- draftlint-disable no-blame -->",
    "<!-- draftlint-enable -->",
    "`code`",
    "[link](http://x.y/z)",
    "```\n",
    "# ",
    "> ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\\",
    "@",
    "~",
];

fn draft_text(rng: &mut Rng) -> String {
    let n = rng.below(60);
    let mut text = String::new();
    for _ in 0..n {
        text.push_str(rng.pick::<&str>(PIECES));
        if rng.chance(60) {
            text.push(' ');
        }
    }
    text
}

/// Every span of `diagnostics` lies inside `text` on character boundaries,
/// and so does every edit of their fixes.
fn spans_are_sound(text: &str, diagnostics: &[draftlint::Diagnostic]) {
    let inside = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for d in diagnostics {
        assert!(inside(&d.span), "{}: {:?} in {text:?}", d.rule, d.span);
        for edit in d.fixes.iter().flat_map(|f| &f.edits) {
            assert!(
                inside(&edit.span),
                "{}: edit {:?} in {text:?}",
                d.rule,
                edit.span
            );
        }
    }
}

fn gentle() -> Linter {
    Linter::from_config(None, None, &[]).expect("the built-in pack loads")
}

#[test]
fn drafts() {
    fuzz("drafts", |rng, current| {
        thread_local!(static LINTER: Linter = gentle());
        let text = draft_text(rng);
        *current.lock().unwrap() = text.clone();
        let format = *rng.pick(&[Format::Text, Format::Markdown]);
        LINTER.with(|linter| {
            let found = linter.lint(&Draft::parse(&text, format), &LintOptions::default());
            spans_are_sound(&text, &found);
            let choice = Apply {
                suggestions: rng.chance(50),
            };
            let fixed = linter.fix(&text, format, &LintOptions::default(), choice);
            spans_are_sound(&fixed.text, &fixed.diagnostics);
        });
    });
}

/// Tokens that break rule files and patterns in interesting ways.
const RULE_TOKENS: &[&str] = &[
    "[",
    "]",
    "[[avoid]]",
    "[[example]]",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "{",
    "}",
    "(",
    ")",
    "|",
    "\\",
    "\\b",
    "@",
    "@contact-verb",
    "@nope",
    "~",
    "...",
    "=",
    "\n",
    ",",
    "#",
    "kind = \"limit\"",
    "kind = \"require\"",
    "kind = \"cooldown\"",
    "regex = '",
    "patterns = [\"",
    "phrases = [\"",
    "\\w{1000}",
    "{2,}",
    "{999999}",
    "(a+)+",
    "99999999999999999999",
    "-1",
    "0",
    "level = \"warn\"",
    "count = \"words\"",
    "max = 0",
    "insert = \"",
    "replace = \"",
    "unless = [\"",
    "bad = \"",
    "good = \"",
    "fixed = \"",
    "{match}",
    "{to|them}",
    "{",
    "_",
    "you ... never",
    "\u{201c}",
    "é",
];

/// The rule files of the built-in packs, and the schema's first lines, as
/// seeds to mutate.
fn rule_seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut seeds = Vec::new();
    for pack in std::fs::read_dir(root).expect("rules/") {
        let Ok(pack) = pack else { continue };
        for file in std::fs::read_dir(pack.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".toml") && name != "classes.toml" && name != "pack.toml" {
                seeds.push(std::fs::read_to_string(file.path()).unwrap_or_default());
            }
        }
    }
    seeds
}

/// `seed`, changed in one to four places: a stretch cut, repeated or moved,
/// or a token put in; always on character boundaries.
fn mutate(rng: &mut Rng, seed: &str, tokens: &[&str]) -> String {
    let mut text = seed.to_string();
    for _ in 0..rng.below(4) + 1 {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let a = *rng.pick(&boundaries);
        let b = *rng.pick(&boundaries);
        let (a, b) = (a.min(b), a.max(b).min(a + 200));
        let b = boundaries
            .iter()
            .copied()
            .filter(|&x| x <= b)
            .max()
            .unwrap_or(a);
        match rng.below(3) {
            0 => text.replace_range(a..b, ""),
            1 => {
                let piece = text[a..b].to_string();
                text.insert_str(b, &piece);
            }
            _ => text.insert_str(a, rng.pick::<&str>(tokens)),
        }
    }
    text
}

#[test]
fn rule_files() {
    let seeds = rule_seeds();
    assert!(seeds.len() > 20, "the packs' rule files are the seeds");
    fuzz("rule files", move |rng, current| {
        let seed = rng.pick(&seeds).clone();
        let text = mutate(rng, &seed, RULE_TOKENS);
        *current.lock().unwrap() = text.clone();
        let Ok(rule) = draftlint::rule::parse(Path::new("fuzz.toml"), &text, false) else {
            return;
        };
        let Ok(linter) = Linter::new(vec![rule]) else {
            return;
        };
        let sample = draft_text(rng);
        let found = linter.lint(
            &Draft::parse(&sample, Format::Text),
            &LintOptions::default(),
        );
        spans_are_sound(&sample, &found);
    });
}

/// A rule file to mutate in server sessions, with a class, a gap and
/// examples, so that hovers and completions land on every kind of line.
const RULE_SEED: &str = "kind = \"avoid\"\nlevel = \"warning\"\nmessage = \"\\\"{match}\\\" sounds cold.\"\n\n[[avoid]]\npatterns = [\"@contact-verb me ... now\"]\nreplace = \"when you can\"\n\n[[example]]\nbad = \"Call me right now.\"\n\n[[example]]\ngood = \"Call me when you can.\"\n";

const CONFIG_SEEDS: &[&str] = &[
    "builtin = true\npacks = [\"gentle\"]\n\n[rules]\nno-blame = \"error\"\nkeep-it-short = { max = 120, level = \"info\" }\ncaring-opener = { in-first = 2 }\ncooling-off = { days = 3 }\n",
    "builtin = false\nrule-dirs = [\"my-rules\"]\n[rules]\napologize = \"off\"\n",
    "packs = [\"coparenting\", \"workplace\"]\n[rules]\nno-pressure = { level = \"hint\" }\n",
];

const CONFIG_TOKENS: &[&str] = &[
    "[rules]",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "=",
    ",",
    "\n",
    "off",
    "\"warn\"",
    "max = ",
    "min = 900",
    "in-last = 0",
    "days = -1",
    "rule-dirs = [\"/\"]",
    "rule-dirs = [\"../..\"]",
    "packs = [\"nope\"]",
    "no-such-rule = \"off\"",
    "99999999999999999999",
    "builtin = 1",
    "#",
    "\u{201c}",
    "level = ",
];

#[test]
fn configs() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("my-rules")).expect("mkdir");
    let path = dir.path().join("draftlint.toml");
    fuzz("configs", move |rng, current| {
        let seed = *rng.pick(CONFIG_SEEDS);
        let text = mutate(rng, seed, CONFIG_TOKENS);
        *current.lock().unwrap() = text.clone();
        if let Ok(config) = draftlint::config::Config::parse(&path, &text) {
            let _ = draftlint::ruleset::build(&config, &[]);
        }
    });
}

/// The LSP position of byte `at` of `text` (lines broken by `\n` only),
/// its character counted in UTF-16 units.
fn position(text: &str, at: usize) -> Position {
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[start..].encode_utf16().count();
    Position::new(line as u32, character as u32)
}

#[test]
fn incremental_edits() {
    fuzz("incremental edits", |rng, current| {
        let uri: Uri = "file:///tmp/fuzz.txt".parse().expect("uri");
        let mut model = draft_text(rng).replace('\r', "");
        let mut doc = Document::new(uri, model.clone(), 1, "plaintext");
        for version in 2..40 {
            let boundaries: Vec<usize> = model
                .char_indices()
                .map(|(i, _)| i)
                .chain([model.len()])
                .collect();
            let a = *rng.pick(&boundaries);
            let b = *rng.pick(&boundaries);
            let (a, b) = (a.min(b), a.max(b));
            let insert = if rng.chance(70) {
                rng.pick(PIECES).replace('\r', "")
            } else {
                String::new()
            };
            *current.lock().unwrap() = format!("{model:?} [{a}..{b}] <- {insert:?}");
            if rng.chance(10) {
                // Out of range, or inside a surrogate pair: clamped, never a panic.
                let wild = Position::new(rng.below(80) as u32, rng.below(200) as u32);
                let change = TextDocumentContentChangeEvent {
                    range: Some(Range::new(wild, wild)),
                    range_length: None,
                    text: insert,
                };
                doc.apply(vec![change], version, Encoding::Utf16);
                model = doc.text.clone();
                continue;
            }
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(position(&model, a), position(&model, b))),
                range_length: None,
                text: insert.clone(),
            };
            doc.apply(vec![change], version, Encoding::Utf16);
            model.replace_range(a..b, &insert);
            assert_eq!(doc.text, model);
            assert_eq!(doc.version, version);
        }
    });
}

/// One framed message.
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// A session with the real server: open a draft, change it, ask for
/// everything, with malformed messages in between, then shut down. The
/// server must read it all and answer the shutdown.
#[test]
fn server_sessions() {
    fuzz("server sessions", |rng, current| {
        // A draft, a config or a rule file: each is checked, hovered and
        // completed by code of its own.
        let (uri, language, text) = match rng.below(3) {
            0 => {
                let seed = *rng.pick(CONFIG_SEEDS);
                (
                    "file:///tmp/fuzz/draftlint.toml",
                    "toml",
                    mutate(rng, seed, CONFIG_TOKENS),
                )
            }
            1 => (
                "file:///tmp/fuzz/rules/mine.toml",
                "toml",
                mutate(rng, RULE_SEED, RULE_TOKENS),
            ),
            _ => ("file:///tmp/fuzz/session.txt", "plaintext", draft_text(rng)),
        };
        let init =
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
        let mut stream = Vec::new();
        stream.extend(frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        let text = serde_json::to_string(&text).expect("json");
        stream.extend(frame(&format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"{language}","version":1,"text":{text}}}}}}}"#
        )));
        let mut id = 10;
        for version in 2..rng.below(12) as i32 + 2 {
            let (line, ch) = (rng.below(5), rng.below(40));
            let message = match rng.below(9) {
                0 => "not json at all".to_string(),
                1 => "{}".to_string(),
                2 => "[]".to_string(),
                3 => {
                    // A header that cannot be read, and stray bytes: the
                    // server reads on from the next `Content-Length`.
                    let header = *rng.pick(&[
                        "Content-Length: many\r\n\r\n{",
                        "Content-Type: text/plain\r\n\r\n",
                        "garbage\r\n",
                    ]);
                    stream.extend(header.as_bytes());
                    continue;
                }
                4 => {
                    let piece = serde_json::to_string(rng.pick(PIECES)).expect("json");
                    format!(
                        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":{version}}},"contentChanges":[{{"range":{{"start":{{"line":{line},"character":{ch}}},"end":{{"line":{line},"character":{}}}}},"text":{piece}}}]}}}}"#,
                        ch + rng.below(5)
                    )
                }
                5 => {
                    id += 1;
                    format!(
                        r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"{uri}"}},"position":{{"line":{line},"character":{ch}}}}}}}"#
                    )
                }
                6 => {
                    id += 1;
                    format!(
                        r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/codeAction","params":{{"textDocument":{{"uri":"{uri}"}},"range":{{"start":{{"line":0,"character":0}},"end":{{"line":{line},"character":{ch}}}}},"context":{{"diagnostics":[]}}}}}}"#
                    )
                }
                7 => {
                    id += 1;
                    format!(
                        r#"{{"jsonrpc":"2.0","id":{id},"method":"draftlint/checklist","params":{{"uri":"{uri}"}}}}"#
                    )
                }
                _ => {
                    id += 1;
                    format!(
                        r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/completion","params":{{"textDocument":{{"uri":"{uri}"}},"position":{{"line":{line},"character":{ch}}}}}}}"#
                    )
                }
            };
            stream.extend(frame(&message));
        }
        stream.extend(frame(r#"{"jsonrpc":"2.0","id":999,"method":"shutdown"}"#));
        stream.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        *current.lock().unwrap() = String::from_utf8_lossy(&stream).into_owned();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (served, output) = runtime.block_on(async {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut client, server_in) = tokio::io::duplex(1 << 16);
            let (server_out, mut replies) = tokio::io::duplex(1 << 16);
            let server = tokio::spawn(draftlint::lsp::serve(server_in, server_out));
            // As an editor does: the rest only once `initialize` is answered.
            let mut output = Vec::new();
            let mut chunk = vec![0; 1 << 16];
            client.write_all(&init).await.expect("write");
            while !String::from_utf8_lossy(&output).contains(r#""id":1"#) {
                let read = replies.read(&mut chunk).await.expect("read");
                assert!(read > 0, "the server ended before answering initialize");
                output.extend_from_slice(&chunk[..read]);
            }
            let writer = tokio::spawn(async move {
                client.write_all(&stream).await.expect("write");
                client
            });
            replies.read_to_end(&mut output).await.expect("read");
            drop(writer.await);
            (server.await.expect("the server task"), output)
        });
        runtime.shutdown_background();
        let output = String::from_utf8_lossy(&output);
        assert!(served.is_ok(), "{served:?}");
        // Every request is answered, the shutdown last.
        for asked in (11..=id).chain([999]) {
            assert!(
                output.contains(&format!(r#""id":{asked}}}"#))
                    || output.contains(&format!(r#""id":{asked},"#)),
                "request {asked} was answered: {output}"
            );
        }
        assert!(!output.contains("not initialized"), "{output}");
    });
}

//! A small, synchronous LSP client for the tests: it starts the real
//! `draftlint lsp` process, speaks JSON-RPC over its stdio, answers the
//! server's own requests, and keeps every notification for inspection.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications (and answered server requests) not yet looked at.
    pub inbox: VecDeque<Value>,
    /// Edits the server asked the client to apply (`workspace/applyEdit`).
    pub applied_edits: Vec<Value>,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts `draftlint lsp` in `dir` with extra environment variables.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_draftlint"));
        command
            .arg("lsp")
            .current_dir(dir)
            .env("XDG_CACHE_HOME", dir.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("draftlint lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            next_id: 1,
            inbox: VecDeque::new(),
            applied_edits: Vec::new(),
        }
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
        stdin.flush().expect("flush");
    }

    /// Writes `bytes` to the server as they are, framing and all.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    /// Whether the response to request `id` has come (without waiting).
    pub fn answered(&mut self, id: &Value) -> bool {
        while let Ok(message) = self.incoming.try_recv() {
            self.inbox.push_back(message);
        }
        self.inbox
            .iter()
            .any(|m| m.get("id") == Some(id) && m.get("method").is_none())
    }

    /// Waits for the next response (a message with an id and no method)
    /// whose id is `id`.
    pub fn response_to(&mut self, id: &Value) -> Value {
        let is_it = |m: &Value| m.get("id") == Some(id) && m.get("method").is_none();
        if let Some(i) = self.inbox.iter().position(is_it) {
            return self.inbox.remove(i).expect("in the inbox");
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no response with id {id} within {WAIT:?}"));
            if is_it(&message) {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Takes the next message from the server, answering its requests.
    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.incoming.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        if let (Some(id), Some(method)) = (
            message.get("id"),
            message.get("method").and_then(Value::as_str),
        ) {
            let result = match method {
                "workspace/applyEdit" => {
                    self.applied_edits.push(message["params"]["edit"].clone());
                    json!({ "applied": true })
                }
                "workspace/configuration" => json!([null]),
                _ => Value::Null,
            };
            let id = id.clone();
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        }
        Some(message)
    }

    /// Sends a request and waits for its response; panics on an error answer.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    /// Sends a request and returns the whole response (result or error).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + WAIT;
        loop {
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no answer to {method} within {WAIT:?}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    /// Waits for a notification `method` whose params satisfy `accept`,
    /// removing it (and only it) from the inbox.
    pub fn wait_for(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(method, &accept, WAIT).unwrap_or_else(|| {
            panic!(
                "no {method} as expected within {WAIT:?}; inbox: {:#?}",
                self.inbox
            )
        })
    }

    pub fn try_wait_for(
        &mut self,
        method: &str,
        accept: &dyn Fn(&Value) -> bool,
        wait: Duration,
    ) -> Option<Value> {
        let matches = |m: &Value| {
            m.get("method").and_then(Value::as_str) == Some(method) && accept(&m["params"])
        };
        if let Some(i) = self.inbox.iter().position(matches) {
            return self.inbox.remove(i).map(|m| m["params"].clone());
        }
        let deadline = Instant::now() + wait;
        while let Some(message) = self.receive(deadline) {
            if matches(&message) {
                return Some(message["params"].clone());
            }
            self.inbox.push_back(message);
        }
        None
    }

    /// Every notification `method` received so far (kept in the inbox).
    pub fn seen(&mut self, method: &str) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.inbox.push_back(message);
        }
        self.inbox
            .iter()
            .filter(|m| m.get("method").and_then(Value::as_str) == Some(method))
            .map(|m| m["params"].clone())
            .collect()
    }

    /// `initialize` + `initialized` with `capabilities` and `options`.
    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "root" }],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, path: &Path, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": language, "version": 1, "text": text } }),
        );
    }

    /// Waits for diagnostics of `path` at `version`.
    pub fn diagnostics(&mut self, path: &Path, version: i64) -> Vec<Value> {
        let target = uri(path);
        let params = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == json!(target) && p["version"] == json!(version)
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Closes stdin and waits for the process to end.
    pub fn close(mut self) -> std::process::ExitStatus {
        self.stdin.take();
        self.child.wait().expect("server exits")
    }

    pub fn exit_status(&mut self, wait: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Capabilities of a typical modern client (VS Code-like, push diagnostics).
pub fn capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "codeLens": {},
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "codeAction": { "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "source"] } } },
            "publishDiagnostics": { "versionSupport": true },
        },
        "workspace": {
            "workspaceEdit": { "documentChanges": true },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "applyEdit": true,
        },
    })
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut at = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                let mut units = 0;
                for (j, c) in l.char_indices() {
                    if units >= character {
                        return at + j;
                    }
                    units += c.len_utf16();
                }
                return at + l.trim_end_matches(['\n', '\r']).len();
            }
            at += l.len();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Stable by start: insertions at one point keep their order.
    spans.sort_by_key(|s| s.0);
    let mut out = String::new();
    let mut at = 0;
    for (start, end, new) in spans {
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// The text edits of a workspace edit for one document (documentChanges or changes).
pub fn edits_of(edit: &Value) -> Vec<Value> {
    if let Some(changes) = edit["documentChanges"].as_array() {
        return changes
            .iter()
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect();
    }
    edit["changes"]
        .as_object()
        .map(|m| {
            m.values()
                .flat_map(|v| v.as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

impl Client {
    /// Waits until the server registered its file watchers.
    pub fn wait_for_registration(&mut self) {
        let deadline = Instant::now() + WAIT;
        let registered = |m: &Value| {
            m.get("method").and_then(Value::as_str) == Some("client/registerCapability")
        };
        if self.inbox.iter().any(registered) {
            return;
        }
        while let Some(message) = self.receive(deadline) {
            let done = registered(&message);
            self.inbox.push_back(message);
            if done {
                return;
            }
        }
        panic!("no client/registerCapability within {WAIT:?}");
    }
}

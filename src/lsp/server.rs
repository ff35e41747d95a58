//! The protocol handlers.
//!
//! Ordering: `tower-lsp-server` runs handlers concurrently, so every
//! notification updates the document store synchronously, before its first
//! `.await`, and changes are applied strictly in arrival order.
//!
//! Linting: each open document has one task that waits on a [`Notify`]. A
//! change stores the new text and wakes it; permits coalesce, so a burst of
//! changes causes at most one lint in flight and one after it, and the last
//! edit is always linted. Lints run on their own threads ([`pool`]), each
//! within its time limit and cancelled by the next change, so a huge
//! document holds up another by one time limit at most; a panic in one is
//! caught and logged. Results are published only if their version is
//! still the document's version.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

use super::actions;
use super::analysis::{self, Analysis, Role};
use super::capabilities::{self, Caps};
use super::document::Document;
use super::features;
use super::files;
use super::pool::{self, Pool};
use super::workspace::{self, Lookup, Settings, Workspace};
use crate::checklist;
use crate::error::Located;
use crate::line_index::{Encoding, LineIndex};
use crate::linter::Linter;

use capabilities::{CMD_CHECKLIST, CMD_DISABLE_IN_WORKSPACE, CMD_FIX_ALL};
/// How long a request waits for the lint of the current version.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);

/// A lint ended because its document changed.
struct Cancelled;

/// The key of the notice that document `uri` is too large to lint.
fn too_large(uri: &Uri) -> String {
    format!("too large: {}", uri.as_str())
}

pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Set once the client has asked the server to shut down.
    shut_down: Arc<AtomicBool>,
}

struct State {
    client: Client,
    caps: OnceLock<Caps>,
    docs: Mutex<HashMap<Uri, Document>>,
    workspace: Mutex<Workspace>,
    /// Linters from before the last reload, used while a rebuild fails.
    previous: Mutex<HashMap<Option<PathBuf>, Arc<Linter>>>,
    /// Files that have rule-file problems published on them.
    broken: Mutex<HashSet<PathBuf>>,
    /// Problems already announced with `window/showMessage`.
    announced: Mutex<HashSet<String>>,
    /// The threads lints run on.
    pool: Arc<Pool>,
    /// Counts rule reloads; an analysis made with older rules is stale.
    rules: AtomicU64,
    /// A problem with the settings given at `initialize`, said once the
    /// client is ready to hear it.
    settings_problem: Mutex<Option<String>>,
}

/// Locks a mutex even if a panicking thread poisoned it: the data behind
/// these locks is always left consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    fn caps(&self) -> &Caps {
        static DEFAULT: Caps = Caps {
            encoding: None,
            pull_diagnostics: false,
            code_lens: false,
            document_changes: false,
            watch_dynamic: false,
            code_lens_refresh: false,
        };
        self.caps.get().unwrap_or(&DEFAULT)
    }

    fn encoding(&self) -> Encoding {
        self.caps().encoding.unwrap_or(Encoding::Utf16)
    }

    /// Lints the current version of `uri`'s document and delivers the result.
    async fn lint(self: &Arc<Self>, uri: &Uri) -> bool {
        let snapshot = {
            let mut docs = lock(&self.docs);
            let Some(doc) = docs.get_mut(uri) else {
                return false;
            };
            // Set by the next change: this version's lint is then of no use.
            let cancel = Arc::new(AtomicBool::new(false));
            doc.cancel = cancel.clone();
            (
                Arc::<str>::from(doc.text.as_str()),
                doc.version,
                doc.format,
                doc.path.clone(),
                doc.role,
                cancel,
            )
        };
        let (text, version, format, path, role, cancel) = snapshot;
        let rules = self.rules.load(Ordering::SeqCst);
        let state = self.clone();
        let encoding = self.encoding();
        let budget = lock(&self.workspace).settings.lint_time_limit;
        let job = self.pool.run(move || {
            let lookup = lock(&state.workspace).lookup(path.as_deref());
            let linter = match lookup {
                Lookup::Ready(linter) => linter,
                Lookup::Build {
                    key,
                    settings,
                    generation,
                } => {
                    let built = workspace::build(key.as_deref(), &settings);
                    let previous = lock(&state.previous).get(&key).cloned();
                    lock(&state.workspace).store(key, generation, built, previous)
                }
            };
            if text.len() > crate::MAX_DRAFT_BYTES {
                return None;
            }
            #[cfg(debug_assertions)]
            if text.contains("draftlint-test-panic")
                && std::env::var_os("DRAFTLINT_TEST_PANIC").is_some()
            {
                panic!("draftlint-test-panic: a panic injected by the test suite");
            }
            if let (Role::RuleFile | Role::Config, Some(path)) = (role, path.as_deref()) {
                let settings = lock(&state.workspace).settings.config.clone();
                return Some(Ok(analysis::analyze_file(
                    role, text, path, version, rules, linter, encoding, &settings,
                )));
            }
            let stop = crate::Stop::within(budget, cancel);
            Some(
                analysis::analyze(text, version, rules, format, linter, encoding, &stop)
                    .ok_or(Cancelled),
            )
        });
        let analysis = match job.await {
            Ok(Some(Ok(analysis))) => {
                lock(&self.announced).remove(&too_large(uri));
                Arc::new(analysis)
            }
            // A newer version is waiting: its lint comes next.
            Ok(Some(Err(Cancelled))) => return true,
            Ok(None) => {
                // Once per document, not at every keystroke.
                if lock(&self.announced).insert(too_large(uri)) {
                    self.client
                        .show_message(
                            lsp::MessageType::WARNING,
                            format!(
                                "draftlint: {} is larger than {} MiB and is not linted",
                                uri.as_str(),
                                crate::MAX_DRAFT_BYTES >> 20
                            ),
                        )
                        .await;
                }
                return true;
            }
            Err(pool::Panicked) => {
                let message = format!(
                    "draftlint: linting {} failed (a bug: please report it)",
                    uri.as_str()
                );
                self.client
                    .log_message(lsp::MessageType::ERROR, message)
                    .await;
                return true;
            }
        };
        self.report_problems().await;
        let (current, new_rules) = {
            let docs = lock(&self.docs);
            match docs.get(uri) {
                Some(doc) if doc.version == analysis.version => {
                    let old = doc.analysis.send_replace(Some(analysis.clone()));
                    (true, old.is_some_and(|old| old.rules < analysis.rules))
                }
                Some(_) => (false, false),
                None => return false,
            }
        };
        if !current {
            return true;
        }
        if self.caps().pull_diagnostics {
            if new_rules {
                // Now that the result for the new rules is there, ask the
                // client to pull again (not awaited: see `initialized`).
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
        } else {
            self.client
                .publish_diagnostics(uri.clone(), analysis.lsp.clone(), Some(analysis.version))
                .await;
        }
        if new_rules && self.caps().code_lens_refresh {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.code_lens_refresh().await;
            });
        }
        true
    }

    /// Waits for the analysis of `uri`'s current version (or a later one)
    /// made with the current rules.
    async fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let rules = self.rules.load(Ordering::SeqCst);
        let (version, mut receiver) = {
            let docs = lock(&self.docs);
            let doc = docs.get(uri)?;
            (doc.version, doc.analysis.subscribe())
        };
        let wait = async {
            loop {
                if let Some(a) = receiver.borrow_and_update().clone()
                    && a.version >= version
                    && a.rules >= rules
                {
                    return Some(a);
                }
                receiver.changed().await.ok()?;
            }
        };
        tokio::time::timeout(ANALYSIS_WAIT, wait)
            .await
            .ok()
            .flatten()
    }

    /// Publishes rule-file and config problems on their files, clears them
    /// where they were fixed, and says once that rules are broken.
    async fn report_problems(&self) {
        let mut by_file = lock(&self.workspace).problems_by_file();
        // A rule file or config open in the editor has its own diagnostics,
        // from the text being typed, which are newer than the file on disk.
        {
            let docs = lock(&self.docs);
            by_file.retain(|path, _| {
                !docs
                    .values()
                    .any(|d| d.role != Role::Draft && d.path.as_deref() == Some(path.as_path()))
            });
        }
        let cleared: Vec<PathBuf> = {
            let mut broken = lock(&self.broken);
            let gone = broken
                .iter()
                .filter(|p| !by_file.contains_key(*p))
                .cloned()
                .collect();
            *broken = by_file.keys().cloned().collect();
            gone
        };
        for path in cleared {
            if let Some(uri) = Uri::from_file_path(&path) {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
        for (path, problems) in by_file {
            let fresh: Vec<&Located> = {
                let mut announced = lock(&self.announced);
                problems
                    .iter()
                    .filter(|p| announced.insert(p.to_string()))
                    .collect()
            };
            if let Some(first) = fresh.first() {
                self.client
                    .show_message(
                        lsp::MessageType::ERROR,
                        format!("draftlint: a rule file or config is broken, so the last good rules stay in use: {first}"),
                    )
                    .await;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let index = LineIndex::new(&text);
            let encoding = self.encoding();
            let diagnostics = problems
                .iter()
                .map(|p| {
                    let line = p.line.saturating_sub(1) as u32;
                    let char_col = p.column.saturating_sub(1);
                    let offset = index.offset(&text, line as usize, char_col, Encoding::Utf32);
                    let at = super::convert::position(&text, &index, offset, encoding);
                    lsp::Diagnostic {
                        range: lsp::Range::new(at, at),
                        severity: Some(lsp::DiagnosticSeverity::ERROR),
                        source: Some("draftlint".into()),
                        message: p.message.clone(),
                        ..lsp::Diagnostic::default()
                    }
                })
                .collect();
            if let Some(uri) = Uri::from_file_path(&path) {
                self.client
                    .publish_diagnostics(uri, diagnostics, None)
                    .await;
            }
        }
    }

    /// Rules, config or settings changed: rebuild and lint every open draft.
    async fn reload(self: &Arc<Self>) {
        self.rules.fetch_add(1, Ordering::SeqCst);
        let old = lock(&self.workspace).invalidate();
        {
            let mut previous = lock(&self.previous);
            previous.extend(old);
        }
        lock(&self.announced).clear();
        let wake: Vec<Arc<Notify>> = lock(&self.docs).values().map(|d| d.dirty.clone()).collect();
        for dirty in wake {
            dirty.notify_one();
        }
    }

    fn apply_settings(&self, value: &Value) -> std::result::Result<(), String> {
        let mut workspace = lock(&self.workspace);
        let base = workspace
            .roots
            .first()
            .cloned()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let settings = Settings::from_json(value, &base).map_err(|e| e.to_string())?;
        workspace.settings = settings;
        Ok(())
    }

    /// A workspace edit for `uri` at `version`, versioned when the client
    /// supports it, so an edit built for an old version cannot be applied.
    /// What `check --fix` makes of the document (edits only unless the
    /// settings say `fix-all-suggestions`: fix-all runs on save, where an
    /// added sentence the writer never saw would be a surprise), as one edit
    /// over the stretch that changed. Going through [`Linter::fix_linted`]
    /// makes the editor's fix-all and the command line agree, passes and all.
    ///
    /// It lints again, maybe several times: on the lint threads, not on
    /// the server's own, within the lint time limit, and no longer than
    /// the document stays as it was. (A lint that ran out of time left no
    /// fixes, so fixing it lints nothing.)
    ///
    /// [`Linter::fix_linted`]: crate::linter::Linter::fix_linted
    async fn fix_all(&self, uri: &Uri, analysis: &Arc<Analysis>) -> Option<lsp::WorkspaceEdit> {
        let (choice, budget) = {
            let settings = &lock(&self.workspace).settings;
            let choice = crate::fix::Apply {
                suggestions: settings.fix_all_suggestions,
            };
            (choice, settings.lint_time_limit)
        };
        let cancel = lock(&self.docs).get(uri)?.cancel.clone();
        let linted = analysis.clone();
        let fixed = self
            .pool
            .run(move || {
                linted.linter.fix_linted_until(
                    &linted.text,
                    linted.diagnostics.clone(),
                    linted.format,
                    &crate::linter::LintOptions::default(),
                    choice,
                    &crate::Stop::within(budget, cancel),
                )
            })
            .await
            .ok()?;
        let fixed = match fixed {
            Ok(fixed) => fixed,
            Err(crate::Stopped::Cancelled) => return None,
            Err(crate::Stopped::OutOfTime) => {
                self.client
                    .show_message(
                        lsp::MessageType::WARNING,
                        format!(
                            "draftlint: fixing {} takes longer than {} (`lint-time-limit-ms`), so nothing was changed; `draftlint check --fix` fixes it with no time limit",
                            uri.as_str(),
                            analysis::seconds(budget),
                        ),
                    )
                    .await;
                return None;
            }
        };
        let edit = features::whole_edit(analysis, &fixed.text)?;
        Some(features::workspace_edit(
            uri,
            analysis.version,
            vec![edit],
            self.caps().document_changes,
        ))
    }
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>, pool: Arc<Pool>) -> Backend {
        let state = Arc::new(State {
            client: client.clone(),
            pool,
            caps: OnceLock::new(),
            docs: Mutex::new(HashMap::new()),
            workspace: Mutex::new(Workspace::default()),
            previous: Mutex::new(HashMap::new()),
            broken: Mutex::new(HashSet::new()),
            announced: Mutex::new(HashSet::new()),
            rules: AtomicU64::new(0),
            settings_problem: Mutex::new(None),
        });
        Backend {
            client,
            state,
            shut_down,
        }
    }

    /// `draftlint/checklist`: the checklist of a document, for clients that
    /// show it themselves (the VS Code status bar).
    pub async fn checklist_request(&self, params: lsp::TextDocumentIdentifier) -> Result<Value> {
        let analysis = self
            .state
            .analysis(&params.uri)
            .await
            .ok_or_else(|| RpcError::invalid_params("document is not open in draftlint"))?;
        let items: Vec<Value> = analysis
            .checklist
            .iter()
            .map(|i| json!({ "label": i.label, "done": i.done, "rules": i.open.iter().map(|r| &**r).collect::<Vec<_>>() }))
            .collect();
        Ok(json!({
            "version": analysis.version,
            "summary": checklist::summary(&analysis.checklist),
            "done": analysis.checklist.iter().filter(|i| i.done).count(),
            "total": analysis.checklist.len(),
            "items": items,
        }))
    }

    fn spawn_lint_task(&self, uri: Uri, dirty: Arc<Notify>) {
        let state = self.state.clone();
        tokio::spawn(async move {
            loop {
                dirty.notified().await;
                if !state.lint(&uri).await {
                    break;
                }
            }
        });
    }
}

/// Runs `f`, turning a panic into an error answer (the server lives on).
fn guard<T>(client: &Client, what: &str, f: impl FnOnce() -> T) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(_) => {
            let client = client.clone();
            let message = format!("draftlint: {what} failed (a bug: please report it)");
            tokio::spawn(async move { client.log_message(lsp::MessageType::ERROR, message).await });
            Err(RpcError::internal_error())
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let caps = capabilities::negotiate(&params);
        let encoding = caps.encoding.unwrap_or(Encoding::Utf16);
        let pull = caps.pull_diagnostics;
        let code_lens = caps.code_lens;
        let _ = self.state.caps.set(caps);
        {
            let mut workspace = lock(&self.state.workspace);
            #[allow(deprecated)]
            let roots: Vec<PathBuf> = match (&params.workspace_folders, &params.root_uri) {
                (Some(folders), _) => folders
                    .iter()
                    .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                    .collect(),
                (None, Some(root)) => root
                    .to_file_path()
                    .map(|p| p.into_owned())
                    .into_iter()
                    .collect(),
                (None, None) => Vec::new(),
            };
            workspace.roots = roots;
        }
        if let Some(options) = &params.initialization_options
            && let Err(message) = self.state.apply_settings(options)
        {
            *lock(&self.state.settings_problem) = Some(message);
        }
        Ok(lsp::InitializeResult {
            server_info: Some(lsp::ServerInfo {
                name: "draftlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: capabilities::server(encoding, pull, code_lens),
            ..lsp::InitializeResult::default()
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let problem = lock(&self.state.settings_problem).take();
        if let Some(message) = problem {
            self.client
                .show_message(
                    lsp::MessageType::ERROR,
                    format!("{message} (using the defaults)"),
                )
                .await;
        }
        if !self.state.caps().watch_dynamic {
            return;
        }
        let watchers = ["**/draftlint.toml", "**/*.toml"]
            .into_iter()
            .map(|glob| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "draftlint-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        // Not awaited here: a handler that waits on the client would keep
        // the server from exiting if the client never answers.
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(e) = client.register_capability(vec![registration]).await {
                client
                    .log_message(
                        lsp::MessageType::WARNING,
                        format!("draftlint: cannot watch rule files: {e}"),
                    )
                    .await;
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let dirty = {
            let doc = Document::new(item.uri.clone(), item.text, item.version, &item.language_id);
            // A rule file or config is checked whatever the draft languages are.
            let wanted = {
                let workspace = lock(&self.state.workspace);
                if doc.role != Role::Draft {
                    !workspace.excluded(doc.path.as_deref())
                } else {
                    workspace.wants(&item.language_id, doc.path.as_deref())
                }
            };
            if !wanted {
                return;
            }
            let dirty = doc.dirty.clone();
            lock(&self.state.docs).insert(item.uri.clone(), doc);
            dirty
        };
        self.spawn_lint_task(item.uri, dirty.clone());
        dirty.notify_one();
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let encoding = self.state.encoding();
        let mut docs = lock(&self.state.docs);
        if let Some(doc) = docs.get_mut(&params.text_document.uri) {
            doc.apply(
                params.content_changes,
                params.text_document.version,
                encoding,
            );
            doc.cancel.store(true, Ordering::Relaxed);
            doc.dirty.notify_one();
        }
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let removed = lock(&self.state.docs).remove(&params.text_document.uri);
        lock(&self.state.announced).remove(&too_large(&params.text_document.uri));
        if let Some(doc) = removed {
            // Wakes the lint task, which finds the document gone and ends.
            doc.cancel.store(true, Ordering::Relaxed);
            doc.dirty.notify_one();
            if !self.state.caps().pull_diagnostics {
                self.client
                    .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                    .await;
            }
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        match self.state.apply_settings(&params.settings) {
            Ok(()) => self.state.reload().await,
            Err(message) => {
                self.client
                    .show_message(lsp::MessageType::ERROR, message)
                    .await;
            }
        }
    }

    async fn did_change_watched_files(&self, _: lsp::DidChangeWatchedFilesParams) {
        self.state.reload().await;
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        {
            let mut workspace = lock(&self.state.workspace);
            let path = |f: &lsp::WorkspaceFolder| f.uri.to_file_path().map(|p| p.into_owned());
            let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(path).collect();
            workspace.roots.retain(|r| !removed.contains(r));
            workspace
                .roots
                .extend(params.event.added.iter().filter_map(path));
        }
        self.state.reload().await;
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReportResult> {
        let items = match self.state.analysis(&params.text_document.uri).await {
            Some(analysis) => analysis.lsp.clone(),
            None => Vec::new(),
        };
        Ok(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let position = params.text_document_position_params;
        let Some(analysis) = self.state.analysis(&position.text_document.uri).await else {
            return Ok(None);
        };
        guard(&self.client, "hover", || {
            features::hover(&analysis, position.position)
        })
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let Some(analysis) = self.state.analysis(&uri).await else {
            return Ok(None);
        };
        let at = analysis.offset(params.text_document_position.position);
        Ok(files::completion(&analysis, at, &uri).map(lsp::CompletionResponse::Array))
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.state.analysis(&uri).await else {
            return Ok(None);
        };
        let only = params.context.only.as_deref();
        let fix_all = match features::wants_fix_all(only) {
            true => self.state.fix_all(&uri, &analysis).await,
            false => None,
        };
        let document_changes = self.state.caps().document_changes;
        guard(&self.client, "code actions", || {
            Some(features::code_actions(
                &analysis,
                &uri,
                params.range,
                only,
                fix_all,
                document_changes,
            ))
        })
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.state.analysis(&uri).await else {
            return Ok(None);
        };
        Ok(Some(features::code_lens(&analysis, &uri)))
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        let Some(analysis) = self.state.analysis(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(Some(features::inlay_hints(&analysis, params.range)))
    }

    async fn execute_command(&self, params: lsp::ExecuteCommandParams) -> Result<Option<Value>> {
        let arg = |i: usize| {
            params
                .arguments
                .get(i)
                .and_then(Value::as_str)
                .map(String::from)
        };
        let uri = arg(0)
            .and_then(|u| u.parse::<Uri>().ok())
            .ok_or_else(|| RpcError::invalid_params("the first argument is the document's URI"))?;
        match params.command.as_str() {
            CMD_CHECKLIST => {
                let analysis = self
                    .state
                    .analysis(&uri)
                    .await
                    .ok_or_else(|| RpcError::invalid_params("document is not open"))?;
                self.client
                    .show_message(
                        lsp::MessageType::INFO,
                        checklist::details(&analysis.checklist),
                    )
                    .await;
                Ok(None)
            }
            CMD_FIX_ALL => {
                let analysis = self
                    .state
                    .analysis(&uri)
                    .await
                    .ok_or_else(|| RpcError::invalid_params("document is not open"))?;
                if let Some(edit) = self.state.fix_all(&uri, &analysis).await {
                    self.client.apply_edit(edit).await.map_err(|e| {
                        RpcError::invalid_params(format!("the editor did not apply the fixes: {e}"))
                    })?;
                }
                Ok(None)
            }
            CMD_DISABLE_IN_WORKSPACE => {
                let rule = arg(1).ok_or_else(|| {
                    RpcError::invalid_params("the second argument is the rule id")
                })?;
                let path = self.config_for(&uri);
                let current = std::fs::read_to_string(&path).unwrap_or_default();
                let updated = actions::disable_in_config(&current, &rule);
                crate::atomic::write(&path, &updated).map_err(|e| {
                    RpcError::invalid_params(format!("cannot write {}: {e}", path.display()))
                })?;
                self.state.reload().await;
                Ok(Some(json!(path.display().to_string())))
            }
            other => Err(RpcError::invalid_params(format!("unknown command {other}"))),
        }
    }
}

impl Backend {
    /// The `draftlint.toml` that applies to `uri`, or where a new one goes:
    /// the workspace folder holding the document, else its own folder.
    fn config_for(&self, uri: &Uri) -> PathBuf {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let dir = path.as_deref().and_then(std::path::Path::parent);
        if let Some(found) = dir.and_then(crate::config::Config::find) {
            return found;
        }
        let workspace = lock(&self.state.workspace);
        let root = path
            .as_deref()
            .and_then(|p| workspace.roots.iter().find(|r| p.starts_with(r)))
            .cloned()
            .or_else(|| dir.map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        root.join(crate::config::FILE_NAME)
    }
}

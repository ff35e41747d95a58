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

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

use super::actions;
use super::analysis::{self, Role};
use super::capabilities;
use super::document::Document;
use super::ext;
use super::features;
use super::files;
use super::pool::Pool;
use super::state::{State, lock, too_large};
use crate::checklist;
use crate::line_index::Encoding;

use capabilities::{CMD_CHECKLIST, CMD_DISABLE_IN_WORKSPACE, CMD_FIX_ALL};
/// The language server: its client, and the state of the workspace and its
/// open documents.
pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Set once the client has asked the server to shut down.
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    /// A server for `client` that lints on `pool`'s threads and sets
    /// `shut_down` when the client asks it to shut down.
    pub fn new(client: Client, shut_down: Arc<AtomicBool>, pool: Arc<Pool>) -> Backend {
        Backend {
            state: Arc::new(State::new(client.clone(), pool)),
            client,
            shut_down,
        }
    }

    /// The analysis of open document `uri`, or the error a request gets.
    async fn open(&self, uri: &Uri) -> Result<Arc<analysis::Analysis>> {
        self.state
            .analysis(uri)
            .await
            .ok_or_else(|| RpcError::invalid_params("document is not open in draftlint"))
    }

    /// `draftlint/checklist` (see [`ext`]).
    pub async fn checklist_request(&self, params: ext::DocumentParams) -> Result<ext::Checklist> {
        Ok(ext::checklist(&*self.open(&params.uri).await?))
    }

    /// `draftlint/rules` (see [`ext`]).
    pub async fn rules_request(&self, params: ext::DocumentParams) -> Result<ext::Rules> {
        Ok(ext::rules(&*self.open(&params.uri).await?))
    }

    /// `draftlint/explain` (see [`ext`]).
    pub async fn explain_request(&self, params: ext::ExplainParams) -> Result<ext::Explanation> {
        ext::explain(&*self.open(&params.uri).await?, &params.rule)
            .map_err(RpcError::invalid_params)
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
        lock(&self.state.workspace).roots = capabilities::roots(&params);
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
        let registration = capabilities::watch_rule_files();
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
                let path = self.state.config_for(&uri);
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

//! What client and server can do: the client's capabilities read once at
//! `initialize`, and the server's, which depend on them.

use std::path::PathBuf;

use tower_lsp_server::ls_types as lsp;

use crate::line_index::Encoding;

/// The code action kind of draftlint's fix all, for `codeActionsOnSave`.
pub const FIX_ALL_KIND: &str = "source.fixAll.draftlint";
/// `workspace/executeCommand`: the checklist of a document, as a message.
pub const CMD_CHECKLIST: &str = "draftlint.checklist";
/// `workspace/executeCommand`: fix all in a document.
pub const CMD_FIX_ALL: &str = "draftlint.fixAll";
/// `workspace/executeCommand`: turn a rule off in the workspace's
/// `draftlint.toml`.
pub const CMD_DISABLE_IN_WORKSPACE: &str = "draftlint.disableInWorkspace";

/// What the client can do, decided once at `initialize`.
#[derive(Debug, Default)]
pub struct Caps {
    /// How positions count columns: UTF-8 when the client offers it, else
    /// UTF-16 (`None` before `initialize`).
    pub encoding: Option<Encoding>,
    /// Whether the client pulls diagnostics and can be asked to pull again;
    /// else the server publishes them.
    pub pull_diagnostics: bool,
    /// Whether the client shows code lenses (else the checklist is an inlay hint).
    pub code_lens: bool,
    /// Whether workspace edits may be versioned document changes.
    pub document_changes: bool,
    /// Whether the client registers file watchers dynamically (for rule files
    /// and configs).
    pub watch_dynamic: bool,
    /// Whether the client can be asked to refresh its code lenses.
    pub code_lens_refresh: bool,
}

/// What the client that sent `params` can do.
pub fn negotiate(params: &lsp::InitializeParams) -> Caps {
    let caps = &params.capabilities;
    let text = caps.text_document.as_ref();
    let workspace = caps.workspace.as_ref();
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    Caps {
        encoding: Some(if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }),
        // Pull only from clients that can be asked to pull again after the
        // rules change; others would show stale findings until the next edit.
        pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some()
            && workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        code_lens: text.and_then(|t| t.code_lens.as_ref()).is_some(),
        document_changes: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false),
        watch_dynamic: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        code_lens_refresh: workspace
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
    }
}

/// The workspace folders of `params` (or its root, from older clients).
pub fn roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    #[allow(deprecated)]
    match (&params.workspace_folders, &params.root_uri) {
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
    }
}

/// The registration that asks a client to tell of changes to rule files
/// and configs, for clients that register watchers dynamically.
pub fn watch_rule_files() -> lsp::Registration {
    let watchers = ["**/draftlint.toml", "**/*.toml"]
        .into_iter()
        .map(|glob| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.into()),
            kind: None,
        })
        .collect();
    let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
    lsp::Registration {
        id: "draftlint-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}

/// The server's capabilities for a client that positions in `encoding`,
/// pulls diagnostics when `pull`, and shows code lenses when `code_lens`
/// (inlay hints otherwise, for the checklist).
pub fn server(encoding: Encoding, pull: bool, code_lens: bool) -> lsp::ServerCapabilities {
    let position_encoding = match encoding {
        Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        _ => lsp::PositionEncodingKind::UTF16,
    };
    lsp::ServerCapabilities {
        position_encoding: Some(position_encoding),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..lsp::TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        // Keys and their values in rule files.
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), "@".into()]),
            ..lsp::CompletionOptions::default()
        }),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::SOURCE_FIX_ALL,
                    lsp::CodeActionKind::new(FIX_ALL_KIND),
                ]),
                ..lsp::CodeActionOptions::default()
            },
        )),
        code_lens_provider: code_lens.then_some(lsp::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        inlay_hint_provider: (!code_lens).then_some(lsp::OneOf::Left(true)),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![
                CMD_CHECKLIST.into(),
                CMD_FIX_ALL.into(),
                CMD_DISABLE_IN_WORKSPACE.into(),
            ],
            ..lsp::ExecuteCommandOptions::default()
        }),
        diagnostic_provider: pull.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some("draftlint".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..lsp::DiagnosticOptions::default()
            })
        }),
        workspace: Some(lsp::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..lsp::ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(capabilities: serde_json::Value) -> lsp::InitializeParams {
        serde_json::from_value(serde_json::json!({ "capabilities": capabilities }))
            .expect("initialize params")
    }

    #[test]
    fn a_bare_client_gets_utf16_pushed_diagnostics_and_inlay_hints() {
        let caps = negotiate(&client(serde_json::json!({})));
        assert_eq!(caps.encoding, Some(Encoding::Utf16));
        assert!(!caps.pull_diagnostics && !caps.code_lens && !caps.document_changes);
        let server = server(Encoding::Utf16, caps.pull_diagnostics, caps.code_lens);
        assert_eq!(
            server.position_encoding,
            Some(lsp::PositionEncodingKind::UTF16)
        );
        assert!(server.diagnostic_provider.is_none());
        assert!(server.code_lens_provider.is_none());
        assert!(server.inlay_hint_provider.is_some());
    }

    #[test]
    fn a_capable_client_gets_utf8_pulled_diagnostics_and_code_lenses() {
        let caps = negotiate(&client(serde_json::json!({
            "general": { "positionEncodings": ["utf-16", "utf-8"] },
            "textDocument": { "diagnostic": {}, "codeLens": {} },
            "workspace": {
                "diagnostics": { "refreshSupport": true },
                "workspaceEdit": { "documentChanges": true },
                "codeLens": { "refreshSupport": true },
                "didChangeWatchedFiles": { "dynamicRegistration": true },
            },
        })));
        assert_eq!(caps.encoding, Some(Encoding::Utf8));
        assert!(caps.pull_diagnostics && caps.code_lens && caps.document_changes);
        assert!(caps.watch_dynamic && caps.code_lens_refresh);
        let server = server(Encoding::Utf8, caps.pull_diagnostics, caps.code_lens);
        assert_eq!(
            server.position_encoding,
            Some(lsp::PositionEncodingKind::UTF8)
        );
        assert!(server.diagnostic_provider.is_some());
        assert!(server.code_lens_provider.is_some());
        assert!(server.inlay_hint_provider.is_none());
        let Some(lsp::CodeActionProviderCapability::Options(actions)) = server.code_action_provider
        else {
            panic!("code action options");
        };
        assert!(
            actions
                .code_action_kinds
                .is_some_and(|k| k.contains(&lsp::CodeActionKind::new(FIX_ALL_KIND)))
        );
    }

    #[test]
    fn roots_are_the_workspace_folders_or_else_the_root() {
        let folders: lsp::InitializeParams = serde_json::from_value(serde_json::json!({
            "capabilities": {},
            "rootUri": "file:///old",
            "workspaceFolders": [
                { "uri": "file:///a", "name": "a" },
                { "uri": "file:///b", "name": "b" },
            ],
        }))
        .expect("params");
        assert_eq!(roots(&folders), [PathBuf::from("/a"), PathBuf::from("/b")]);
        let root: lsp::InitializeParams = serde_json::from_value(serde_json::json!({
            "capabilities": {},
            "rootUri": "file:///old",
        }))
        .expect("params");
        assert_eq!(roots(&root), [PathBuf::from("/old")]);
        assert!(roots(&client(serde_json::json!({}))).is_empty());
    }

    #[test]
    fn rule_files_and_configs_are_watched() {
        let registration = watch_rule_files();
        assert_eq!(registration.method, "workspace/didChangeWatchedFiles");
        let globs = registration.register_options.expect("options")["watchers"]
            .as_array()
            .expect("watchers")
            .iter()
            .map(|w| w["globPattern"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>();
        assert_eq!(globs, ["**/draftlint.toml", "**/*.toml"]);
    }

    #[test]
    fn diagnostics_are_pulled_only_by_clients_that_can_be_asked_again() {
        let caps = negotiate(&client(serde_json::json!({
            "textDocument": { "diagnostic": {} },
        })));
        assert!(!caps.pull_diagnostics);
    }
}

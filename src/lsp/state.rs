//! The server's state: open documents, the workspace's linters, and the
//! lint of each document version, run on the lint pool and delivered to
//! the client (see `server.rs` for how handlers use it).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::analysis::{self, Analysis, Role};
use super::capabilities::Caps;
use super::document::Document;
use super::features;
use super::pool::{self, Pool};
use super::workspace::{self, Lookup, Settings, Workspace};
use crate::error::Located;
use crate::line_index::{Encoding, LineIndex};
use crate::linter::Linter;

/// How long a request waits for the lint of the current version.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);

/// A lint ended because its document changed.
pub(super) struct Cancelled;

/// The key of the notice that document `uri` is too large to lint.
pub(super) fn too_large(uri: &Uri) -> String {
    format!("too large: {}", uri.as_str())
}

pub(super) struct State {
    pub(super) client: Client,
    pub(super) caps: OnceLock<Caps>,
    pub(super) docs: Mutex<HashMap<Uri, Document>>,
    pub(super) workspace: Mutex<Workspace>,
    /// Linters from before the last reload, used while a rebuild fails.
    pub(super) previous: Mutex<HashMap<Option<PathBuf>, Arc<Linter>>>,
    /// Files that have rule-file problems published on them.
    pub(super) broken: Mutex<HashSet<PathBuf>>,
    /// Problems already announced with `window/showMessage`.
    pub(super) announced: Mutex<HashSet<String>>,
    /// The threads lints run on.
    pub(super) pool: Arc<Pool>,
    /// A problem with the settings given at `initialize`, said once the
    /// client is ready to hear it.
    pub(super) settings_problem: Mutex<Option<String>>,
}

/// Locks a mutex even if a panicking thread poisoned it: the data behind
/// these locks is always left consistent between statements.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    /// The `draftlint.toml` that applies to `uri`, or where a new one goes:
    /// the workspace folder holding the document, else its own folder.
    pub fn config_for(&self, uri: &Uri) -> PathBuf {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let dir = path.as_deref().and_then(std::path::Path::parent);
        if let Some(found) = dir.and_then(crate::config::Config::find) {
            return found;
        }
        let workspace = lock(&self.workspace);
        let root = path
            .as_deref()
            .and_then(|p| workspace.roots.iter().find(|r| p.starts_with(r)))
            .cloned()
            .or_else(|| dir.map(std::path::Path::to_path_buf))
            .unwrap_or_default();
        root.join(crate::config::FILE_NAME)
    }

    pub(super) fn new(client: Client, pool: Arc<Pool>) -> State {
        State {
            client,
            pool,
            caps: OnceLock::new(),
            docs: Mutex::new(HashMap::new()),
            workspace: Mutex::new(Workspace::default()),
            previous: Mutex::new(HashMap::new()),
            broken: Mutex::new(HashSet::new()),
            announced: Mutex::new(HashSet::new()),
            settings_problem: Mutex::new(None),
        }
    }

    pub(super) fn caps(&self) -> &Caps {
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

    pub(super) fn encoding(&self) -> Encoding {
        self.caps().encoding.unwrap_or(Encoding::Utf16)
    }

    /// Lints the current version of `uri`'s document and delivers the result.
    pub(super) async fn lint(self: &Arc<Self>, uri: &Uri) -> bool {
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
        let rules = lock(&self.workspace).generation();
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
    pub(super) async fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let rules = lock(&self.workspace).generation();
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
    pub(super) async fn report_problems(&self) {
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
    pub(super) async fn reload(self: &Arc<Self>) {
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

    pub(super) fn apply_settings(&self, value: &Value) -> std::result::Result<(), String> {
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
    pub(super) async fn fix_all(
        &self,
        uri: &Uri,
        analysis: &Arc<Analysis>,
    ) -> Option<lsp::WorkspaceEdit> {
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

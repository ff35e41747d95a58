//! Rules and settings for the documents of a workspace: editor settings,
//! the `draftlint.toml` nearest each document, linters built once per config
//! and kept while they are good, and the problems of broken rule files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;
use crate::error::{Error, Located};
use crate::linter::Linter;

/// Language ids linted unless the settings say otherwise.
pub const DEFAULT_LANGUAGES: &[&str] = &["plaintext", "text", "markdown"];

/// Editor settings beyond the `draftlint.toml` keys.
#[derive(Debug)]
pub struct Settings {
    /// The `draftlint.toml` keys, applied over each document's config.
    pub config: Config,
    /// Language ids of the documents to lint (by default [`DEFAULT_LANGUAGES`]).
    pub languages: Vec<String>,
    /// Paths not to lint (`exclude` globs), matched against the whole path
    /// and against the path inside each workspace root.
    pub exclude: GlobSet,
    /// Whether fix-all (and so fix-on-save) also adds the sentences rules
    /// suggest; by default it applies edits of the writer's words only.
    pub fix_all_suggestions: bool,
    /// How long one lint of a draft may take (`lint-time-limit-ms`).
    pub lint_time_limit: Duration,
}

/// The time limit of a lint unless the settings give one: a draft that
/// takes longer is too long to check as it is typed.
pub const LINT_TIME_LIMIT: Duration = Duration::from_secs(2);

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            config: Config::default(),
            languages: DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect(),
            exclude: GlobSet::empty(),
            fix_all_suggestions: false,
            lint_time_limit: LINT_TIME_LIMIT,
        }
    }
}

impl Settings {
    /// Reads settings sent by the editor; `draftlint` may wrap them
    /// (`{"draftlint": {...}}`, as VS Code sends them).
    pub fn from_json(value: &serde_json::Value, base: &Path) -> Result<Settings, Error> {
        let value = value.get("draftlint").unwrap_or(value);
        // Lua clients send an empty table as `[]`: empty is empty.
        let empty = |v: &serde_json::Value| {
            v.is_null()
                || v.as_array().is_some_and(Vec::is_empty)
                || v.as_object().is_some_and(|o| o.is_empty())
        };
        if empty(value) {
            return Ok(Settings::default());
        }
        let mut value = value.clone();
        if let Some(object) = value.as_object_mut() {
            object.retain(|_, v| !empty(v));
        }
        let value = &value;
        let config = Config::from_settings(value, base)?;
        let strings = |key: &str| -> Option<Vec<String>> {
            value.get(key)?.as_array().map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
        };
        let languages = strings("languages")
            .unwrap_or_else(|| DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect());
        let mut exclude = GlobSetBuilder::new();
        for pattern in strings("exclude").unwrap_or_default() {
            let glob = Glob::new(&pattern).map_err(|e| {
                Error::Other(format!(
                    "draftlint settings: exclude pattern `{pattern}`: {e}"
                ))
            })?;
            exclude.add(glob);
        }
        let lint_time_limit = match value.get("lint-time-limit-ms") {
            None => LINT_TIME_LIMIT,
            Some(ms) => match ms.as_u64().filter(|&ms| ms > 0) {
                Some(ms) => Duration::from_millis(ms),
                None => {
                    return Err(Error::Other(format!(
                        "draftlint settings: `lint-time-limit-ms` is {ms}; \
                         give a whole number of milliseconds above 0"
                    )));
                }
            },
        };
        Ok(Settings {
            config,
            languages,
            lint_time_limit,
            fix_all_suggestions: value
                .get("fix-all-suggestions")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            exclude: exclude
                .build()
                .map_err(|e| Error::Other(format!("draftlint settings: {e}")))?,
        })
    }
}

/// The answer of [`Workspace::lookup`].
pub enum Lookup {
    /// A linter is ready.
    Ready(Arc<Linter>),
    /// One must be built (with [`build`], outside the workspace lock) and
    /// handed to [`Workspace::store`].
    Build {
        /// The config file that applies (`None`: none).
        key: Option<PathBuf>,
        /// The editor's settings, to apply over it.
        settings: Config,
        /// The workspace's generation when asked, for [`Workspace::store`].
        generation: u64,
    },
}

/// The workspace: its folders, the editor's settings, and a linter per config
/// file.
#[derive(Default)]
pub struct Workspace {
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// The editor's settings.
    pub settings: Settings,
    /// Linters by config file (`None`: no file applies).
    linters: HashMap<Option<PathBuf>, Arc<Linter>>,
    /// Counts invalidations (rule, config or settings changes), so a build
    /// that raced one is not cached and an analysis made before one is
    /// known to be stale.
    generation: u64,
    /// Problems of the last build, by config file.
    pub problems: HashMap<Option<PathBuf>, Vec<Located>>,
}

/// Builds the linter for the config file `key` (or none) with the editor
/// `settings` on top, and writes its rules' pages for the diagnostics'
/// links. Slow (reads files, compiles patterns, writes pages): call it
/// without holding the workspace lock.
pub fn build(key: Option<&Path>, settings: &Config) -> Result<Linter, Error> {
    let linter = Linter::from_config(key, Some(settings), &[])?;
    super::analysis::write_docs(&linter);
    Ok(linter)
}

impl Workspace {
    /// Should a document with this language and path be linted?
    pub fn wants(&self, language: &str, path: Option<&Path>) -> bool {
        self.settings.languages.iter().any(|l| l == language) && !self.excluded(path)
    }

    /// Does the `exclude` setting leave out the document at `path`?
    pub fn excluded(&self, path: Option<&Path>) -> bool {
        path.is_some_and(|p| {
            self.settings.exclude.is_match(p)
                || self
                    .roots
                    .iter()
                    .filter_map(|r| p.strip_prefix(r).ok())
                    .any(|rel| self.settings.exclude.is_match(rel))
        })
    }

    /// How many times the rules have changed (see [`Workspace::invalidate`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Forgets every linter so the next request rebuilds from the files
    /// (after a rule file, a config or the settings changed). Returns them:
    /// the last good linters stay in use until a rebuild succeeds.
    pub fn invalidate(&mut self) -> HashMap<Option<PathBuf>, Arc<Linter>> {
        self.generation += 1;
        std::mem::take(&mut self.linters)
    }

    /// The linter for a document at `path`, or what to build for it.
    pub fn lookup(&self, path: Option<&Path>) -> Lookup {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.roots.first().cloned());
        let key = dir.as_deref().and_then(Config::find);
        match self.linters.get(&key) {
            Some(linter) => Lookup::Ready(linter.clone()),
            None => Lookup::Build {
                key,
                settings: self.settings.config.clone(),
                generation: self.generation,
            },
        }
    }

    /// Takes the outcome of [`build`]: caches a good linter, or records the
    /// problems and falls back to `previous` (the last good linter for this
    /// config), else the built-in pack.
    pub fn store(
        &mut self,
        key: Option<PathBuf>,
        generation: u64,
        built: Result<Linter, Error>,
        previous: Option<Arc<Linter>>,
    ) -> Arc<Linter> {
        let linter = match built {
            Ok(linter) => {
                self.problems.remove(&key);
                Arc::new(linter)
            }
            Err(error) => {
                let problems = match error {
                    Error::Invalid(found) => found,
                    other => vec![Located {
                        path: key.clone().unwrap_or_else(|| PathBuf::from("draftlint")),
                        line: 0,
                        column: 0,
                        message: other.to_string(),
                    }],
                };
                self.problems.insert(key.clone(), problems);
                previous
                    .or_else(fallback)
                    .unwrap_or_else(|| Arc::new(Linter::empty()))
            }
        };
        if generation == self.generation {
            self.linters.insert(key, linter.clone());
        }
        linter
    }

    /// Every current problem, grouped by file.
    pub fn problems_by_file(&self) -> HashMap<PathBuf, Vec<Located>> {
        let mut out: HashMap<PathBuf, Vec<Located>> = HashMap::new();
        for problem in self.problems.values().flatten() {
            out.entry(problem.path.clone())
                .or_default()
                .push(problem.clone());
        }
        out
    }
}

/// The built-in pack alone, when nothing better can be built.
fn fallback() -> Option<Arc<Linter>> {
    let rules = crate::rule::pack::gentle().ok()?;
    Linter::new(rules).ok().map(Arc::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lint_time_limit_is_whole_milliseconds_above_zero() {
        let limit = |value: serde_json::Value| {
            Settings::from_json(&value, Path::new(".")).map(|s| s.lint_time_limit)
        };
        assert_eq!(limit(serde_json::json!({})).ok(), Some(LINT_TIME_LIMIT));
        assert_eq!(
            limit(serde_json::json!({ "draftlint": { "lint-time-limit-ms": 250 } })).ok(),
            Some(Duration::from_millis(250))
        );
        for bad in [
            serde_json::json!(0),
            serde_json::json!(-5),
            serde_json::json!("2s"),
        ] {
            let error = limit(serde_json::json!({ "lint-time-limit-ms": bad }))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.contains("`lint-time-limit-ms` is"), "{bad}: {error}");
        }
    }
}

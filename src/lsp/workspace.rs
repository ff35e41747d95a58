//! Rules and settings for the documents of a workspace: editor settings,
//! the `draftlint.toml` nearest each document, linters built once per config
//! and kept while they are good, and the problems of broken rule files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;
use crate::error::{Error, Located};
use crate::linter::Linter;

/// Language ids linted unless the settings say otherwise.
pub const DEFAULT_LANGUAGES: &[&str] = &["plaintext", "text", "markdown"];

/// Editor settings beyond the `draftlint.toml` keys.
#[derive(Debug)]
pub struct Settings {
    pub config: Config,
    pub languages: Vec<String>,
    pub exclude: GlobSet,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            config: Config::default(),
            languages: DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect(),
            exclude: GlobSet::empty(),
        }
    }
}

impl Settings {
    /// Reads settings sent by the editor; `draftlint` may wrap them
    /// (`{"draftlint": {...}}`, as VS Code sends them).
    pub fn from_json(value: &serde_json::Value, base: &Path) -> Result<Settings, Error> {
        let value = value.get("draftlint").unwrap_or(value);
        if value.is_null() {
            return Ok(Settings::default());
        }
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
        Ok(Settings {
            config,
            languages,
            exclude: exclude
                .build()
                .map_err(|e| Error::Other(format!("draftlint settings: {e}")))?,
        })
    }
}

/// What applies to a document, and problems met while building it.
pub struct Resolved {
    pub linter: Arc<Linter>,
    /// The config in effect (its path is the cache key).
    pub key: Option<PathBuf>,
}

#[derive(Default)]
pub struct Workspace {
    pub roots: Vec<PathBuf>,
    pub settings: Settings,
    /// Linters by config file (`None`: no file applies).
    linters: HashMap<Option<PathBuf>, Arc<Linter>>,
    /// Problems of the last build, by config file.
    pub problems: HashMap<Option<PathBuf>, Vec<Located>>,
}

impl Workspace {
    /// Should a document with this language and path be linted?
    pub fn wants(&self, language: &str, path: Option<&Path>) -> bool {
        self.settings.languages.iter().any(|l| l == language)
            && !path.is_some_and(|p| {
                self.settings.exclude.is_match(p)
                    || self
                        .roots
                        .iter()
                        .filter_map(|r| p.strip_prefix(r).ok())
                        .any(|rel| self.settings.exclude.is_match(rel))
            })
    }

    /// Forgets every linter so the next request rebuilds from the files
    /// (after a rule file, a config or the settings changed). The last good
    /// linters stay in use until a rebuild succeeds.
    pub fn invalidate(&mut self) -> HashMap<Option<PathBuf>, Arc<Linter>> {
        std::mem::take(&mut self.linters)
    }

    /// The linter for a document at `path`; `previous` are the linters from
    /// before the last [`Workspace::invalidate`], used when a rebuild fails.
    pub fn resolve(
        &mut self,
        path: Option<&Path>,
        previous: &HashMap<Option<PathBuf>, Arc<Linter>>,
    ) -> Resolved {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.roots.first().cloned());
        let key = dir.as_deref().and_then(Config::find);
        if let Some(linter) = self.linters.get(&key) {
            return Resolved {
                linter: linter.clone(),
                key,
            };
        }
        let built = self.build(key.as_deref());
        let linter = match built {
            Ok(linter) => {
                self.problems.remove(&key);
                super::analysis::write_docs(&linter);
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
                    .get(&key)
                    .cloned()
                    .or_else(|| self.fallback())
                    .unwrap_or_else(|| Arc::new(Linter::empty()))
            }
        };
        self.linters.insert(key.clone(), linter.clone());
        Resolved { linter, key }
    }

    /// The built-in pack alone, when nothing better can be built.
    fn fallback(&self) -> Option<Arc<Linter>> {
        let rules = crate::rule::pack::gentle().ok()?;
        Linter::new(rules).ok().map(Arc::new)
    }

    fn build(&self, config_path: Option<&Path>) -> Result<Linter, Error> {
        let file = match config_path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let config = file.overlaid(&self.settings.config);
        let rules = crate::rule::set::build(&config, &[])?;
        Linter::new(rules)
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

//! `draftlint.toml`: finding it and reading it.
//!
//! ```toml
//! builtin = true                 # use the built-in `gentle` pack (default)
//! rule-dirs = ["rules"]          # more rule files, relative to this file
//!
//! [rules]
//! no-pressure = "off"            # switch a rule off, or set its level
//! keep-it-short = { max = 200 }  # change a parameter
//! cooling-off = { level = "error", days = 3 }
//! ```
//!
//! The nearest `draftlint.toml` in the draft's folder or above it applies;
//! `--config` names one explicitly.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Located};
use crate::rule::{Params, Setting};

/// The file name looked for.
pub const FILE_NAME: &str = "draftlint.toml";

/// A rule's settings from the config, with where they were written.
#[derive(Clone, Debug)]
pub struct RuleConfig {
    pub id: String,
    pub params: Params,
    pub span: Range<usize>,
}

/// A read config. The default is the built-in pack with no changes.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, with its text (for error positions).
    pub origin: Option<(PathBuf, String)>,
    pub builtin: bool,
    /// Rule folders, resolved against the config file's folder, with the span
    /// of each entry.
    pub rule_dirs: Vec<(PathBuf, Range<usize>)>,
    pub rules: Vec<RuleConfig>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            origin: None,
            builtin: true,
            rule_dirs: Vec::new(),
            rules: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    builtin: Option<bool>,
    rule_dirs: Option<Vec<Spanned<String>>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

impl Config {
    /// The nearest `draftlint.toml` at or above `dir`.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads the config file at `path`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Config::parse(path, &text)
    }

    /// Parses `text`, the content of the config file `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            Located::at(
                path,
                text,
                e.span().map_or(0, |s| s.start),
                e.message().trim(),
            )
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for (id, value) in raw.rules.unwrap_or_default() {
            let span = value.span();
            match params(value.into_inner()) {
                Ok(params) => rules.push(RuleConfig {
                    id: id.into_inner(),
                    params,
                    span,
                }),
                Err(message) => problems.push(Located::at(path, text, span.start, message)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Config {
            origin: Some((path.to_path_buf(), text.to_string())),
            builtin: raw.builtin.unwrap_or(true),
            rule_dirs: raw
                .rule_dirs
                .unwrap_or_default()
                .into_iter()
                .map(|d| {
                    let span = d.span();
                    (base.join(d.into_inner()), span)
                })
                .collect(),
            rules,
        })
    }

    /// A located error about the config at `span`, or a plain one when the
    /// config did not come from a file.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Located {
        match &self.origin {
            Some((path, text)) => Located::at(path, text, span.start, message),
            None => Located {
                path: PathBuf::from("<config>"),
                line: 1,
                column: 1,
                message: message.into(),
            },
        }
    }
}

/// Reads a rule's entry: a level string (or "off"), or a table of parameters.
fn params(value: toml::Value) -> Result<Params, String> {
    match value {
        toml::Value::String(s) => {
            let setting = Setting::deserialize(toml::Value::String(s.clone())).map_err(|_| {
                format!("unknown level `{s}`: use off, hint, info, warning or error")
            })?;
            Ok(Params {
                level: Some(setting),
                ..Params::default()
            })
        }
        toml::Value::Table(table) => Params::deserialize(toml::Value::Table(table))
            .map_err(|e| e.message().trim().to_string()),
        other => Err(format!(
            "expected a level (\"off\", \"warning\", ...) or a table of settings, found {}",
            other.type_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_params() {
        let text = "rule-dirs = [\"mine\"]\n[rules]\nno-pressure = \"off\"\nkeep-it-short = { max = 200 }\n";
        let config = Config::parse(Path::new("/x/draftlint.toml"), text).unwrap();
        assert_eq!(config.rule_dirs[0].0, Path::new("/x/mine"));
        assert_eq!(config.rules.len(), 2);
        let short = config
            .rules
            .iter()
            .find(|r| r.id == "keep-it-short")
            .unwrap();
        assert_eq!(short.params.max, Some(200));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let text = "[rules]\nno-pressure = \"loud\"\n";
        let err = Config::parse(Path::new("draftlint.toml"), text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("draftlint.toml:2:15: unknown level `loud`"),
            "{err}"
        );
        let text = "colour = true\n";
        let err = Config::parse(Path::new("draftlint.toml"), text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("draftlint.toml:1:1: unknown field `colour`"),
            "{err}"
        );
    }
}

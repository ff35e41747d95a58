//! `draftlint.toml`: finding it and reading it.
//!
//! ```toml
//! packs = ["gentle"]             # the built-in packs that apply (default: gentle)
//! builtin = true                 # false: no built-in rules at all
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
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Located};
use crate::rule::{Params, Setting};

/// The file name looked for.
pub const FILE_NAME: &str = "draftlint.toml";

/// Resolves a rule folder as written: `~/` is the home folder, a relative
/// path is relative to `base`.
fn rule_dir(base: &Path, dir: &str) -> PathBuf {
    match (dir.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => base.join(dir),
    }
}

/// A rule's settings from the config, with where they were written.
#[derive(Clone, Debug)]
pub struct RuleConfig {
    /// The id of the rule it sets.
    pub id: String,
    /// What it sets: a level (or `off`) and the rule's limits.
    pub params: Params,
    /// Where the setting stands (its message is empty).
    pub at: Located,
    /// Where its rule id is written, for "no rule `x`".
    pub id_at: Located,
}

/// A read config. The default is the built-in pack with no changes.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Whether built-in rules apply at all (`builtin = false`: none do).
    pub builtin: bool,
    /// The built-in packs whose rules apply to a draft that names none in
    /// its front matter (`pack:`); `None`: [`crate::rule::pack::DEFAULT`].
    pub packs: Option<Vec<String>>,
    /// Rule folders, resolved against the config file's folder, with where
    /// each entry stands.
    pub rule_dirs: Vec<(PathBuf, Located)>,
    /// The `[rules]` settings, applied in order: a later one wins where two set
    /// the same thing.
    pub rules: Vec<RuleConfig>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            builtin: true,
            packs: None,
            rule_dirs: Vec::new(),
            rules: Vec::new(),
        }
    }
}

/// Editor settings: the keys of `draftlint.toml`, as JSON.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawSettings {
    builtin: Option<bool>,
    packs: Option<Vec<String>>,
    #[serde(default)]
    rule_dirs: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, serde_json::Value>,
}

/// draftlint's configuration: which rules apply to the drafts in this
/// folder and below, and how. See docs/config.md.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(title = "draftlint.toml"))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    /// Use the built-in packs (default true). False leaves only the rules of `rule-dirs`.
    builtin: Option<bool>,
    /// The built-in packs whose rules apply: `gentle` (the default), `coparenting`, `workplace`. A draft may choose its own with `pack:` in its front matter.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    packs: Option<Vec<Spanned<String>>>,
    /// Folders of your own rule files, relative to this file and inside its folder; read recursively for `*.toml`.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    rule_dirs: Option<Vec<Spanned<String>>>,
    /// Settings by rule id: a level (`"off"`, `"error"`, `"warning"`, `"info"`, `"hint"`) or a table with `level` and the rule's limits (`min`, `max`, `days`, `in-first`, `in-last`).
    #[cfg_attr(test, schemars(with = "Option<BTreeMap<String, RuleSetting>>"))]
    rules: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

/// One rule's setting in `[rules]`: a level or `off`, or a table.
#[cfg(test)]
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum RuleSetting {
    Level(Setting),
    Params(Params),
}

impl Config {
    /// The nearest `draftlint.toml` at or above `dir` (anything by that
    /// name: one that is not a regular file is refused when it is read).
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.exists())
    }

    /// Reads the config file at `path`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = crate::bounded::read_to_string(path)?;
        Config::parse(path, &text)
    }

    /// Parses `text`, the content of the config file `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (at, message) = crate::suggest::toml_error(&e, text);
            Located::at(path, text, at, message)
        })?;
        // `draftlint.toml` alone has the parent "", which is the current folder.
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut problems = Vec::new();
        let mut rules = Vec::new();
        for (id, value) in raw.rules.unwrap_or_default() {
            let at = Located::at(path, text, value.span().start, "");
            let id_at = Located::at(path, text, id.span().start, "");
            match params(value.into_inner()) {
                Ok(params) => rules.push(RuleConfig {
                    id: id.into_inner(),
                    params,
                    at,
                    id_at,
                }),
                Err(message) => problems.push(Located { message, ..at }),
            }
        }
        // A repository's config may only name folders inside it: a cloned
        // repository must not make draftlint read the rest of the disk.
        let mut rule_dirs = Vec::new();
        for d in raw.rule_dirs.unwrap_or_default() {
            let at = Located::at(path, text, d.span().start, "");
            let dir = rule_dir(base, d.get_ref());
            if inside(base, &dir) {
                rule_dirs.push((dir, at));
            } else {
                problems.push(Located {
                    message: format!(
                        "rule folder `{}` is outside the folder of this draftlint.toml: a config may only name folders inside its own (use --rules or the editor's settings for others)",
                        d.get_ref()
                    ),
                    ..at
                });
            }
        }
        let packs = raw.packs.map(|packs| {
            packs
                .into_iter()
                .filter_map(|name| match known_pack(name.get_ref()) {
                    Ok(()) => Some(name.into_inner()),
                    Err(message) => {
                        problems.push(Located::at(path, text, name.span().start, message));
                        None
                    }
                })
                .collect()
        });
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            builtin: raw.builtin.unwrap_or(true),
            packs,
            rule_dirs,
            rules,
        })
    }

    /// Reads editor settings (`initializationOptions` or
    /// `workspace/didChangeConfiguration`): the keys of `draftlint.toml` as
    /// JSON. Relative rule folders are resolved against `base`.
    pub fn from_settings(value: &serde_json::Value, base: &Path) -> Result<Config, Error> {
        let origin = Path::new("editor settings");
        let place = |message: String| Located {
            path: origin.to_path_buf(),
            line: 0,
            column: 0,
            message,
        };
        let raw: RawSettings = serde_json::from_value(value.clone())
            .map_err(|e| place(format!("draftlint settings: {e}")))?;
        let mut rules = Vec::new();
        let mut problems = Vec::new();
        for (id, value) in raw.rules {
            let parsed = match value {
                serde_json::Value::String(s) => params(toml::Value::String(s)),
                other => serde_json::from_value::<Params>(other).map_err(|e| e.to_string()),
            };
            match parsed {
                Ok(params) => rules.push(RuleConfig {
                    id,
                    params,
                    at: place(String::new()),
                    id_at: place(String::new()),
                }),
                Err(message) => problems.push(place(format!("rules.{id}: {message}"))),
            }
        }
        for name in raw.packs.iter().flatten() {
            if let Err(message) = known_pack(name) {
                problems.push(place(format!("packs: {message}")));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Config {
            path: None,
            builtin: raw.builtin.unwrap_or(true),
            packs: raw.packs,
            rule_dirs: raw
                .rule_dirs
                .into_iter()
                .map(|d| (rule_dir(base, &d), place(String::new())))
                .collect(),
            rules,
        })
    }

    /// The built-in packs that apply to a draft that names none.
    pub fn packs(&self) -> Vec<String> {
        match (&self.packs, self.builtin) {
            (_, false) => Vec::new(),
            (Some(packs), true) => packs.clone(),
            (None, true) => vec![crate::rule::pack::DEFAULT.to_string()],
        }
    }

    /// This config with `over`'s settings applied on top: its rule settings
    /// come later (and so win), its rule folders are added, and its `builtin`
    /// and `packs` decide when they differ from the default.
    pub fn overlaid(mut self, over: &Config) -> Config {
        if !over.builtin {
            self.builtin = false;
        }
        if over.packs.is_some() {
            self.packs = over.packs.clone();
        }
        self.rule_dirs.extend(over.rule_dirs.iter().cloned());
        self.rules.extend(over.rules.iter().cloned());
        self
    }
}

/// Is `dir` inside `base` (or `base` itself), both as written (`..` taken
/// into account) and, where it exists, where it really is (links followed)?
fn inside(base: &Path, dir: &Path) -> bool {
    let absolute = |p: &Path| match std::env::current_dir() {
        Ok(cwd) if p.is_relative() => cwd.join(p),
        _ => p.to_path_buf(),
    };
    let lexical = |p: &Path| {
        let mut out = PathBuf::new();
        for part in absolute(p).components() {
            match part {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    if !lexical(dir).starts_with(lexical(base)) {
        return false;
    }
    match (std::fs::canonicalize(dir), std::fs::canonicalize(base)) {
        (Ok(real), Ok(real_base)) => real.starts_with(real_base),
        // A folder that is not there is reported as missing when it is read.
        (Err(_), _) => true,
        // A folder that is there, under a base that cannot be resolved:
        // where it leads cannot be checked, so it is not trusted.
        (Ok(_), Err(_)) => false,
    }
}

/// Is `name` a built-in pack? If not, the error that says so.
pub fn known_pack(name: &str) -> Result<(), String> {
    if crate::rule::pack::names().any(|n| n == name) {
        return Ok(());
    }
    let names: Vec<&str> = crate::rule::pack::names().collect();
    Err(match crate::suggest::closest(name, names.iter().copied()) {
        Some(close) => format!("no built-in pack `{name}` (did you mean `{close}`?)"),
        None => format!("no built-in pack `{name}`: there are {}", names.join(", ")),
    })
}

/// Reads a rule's entry: a level string (or "off"), or a table of parameters.
fn params(value: toml::Value) -> Result<Params, String> {
    match value {
        toml::Value::String(s) => {
            let setting = Setting::deserialize(toml::Value::String(s))
                .map_err(|e| crate::suggest::plain(e.message()))?;
            Ok(Params {
                level: Some(setting),
                ..Params::default()
            })
        }
        toml::Value::Table(table) => Params::deserialize(toml::Value::Table(table))
            .map_err(|e| crate::suggest::plain(e.message())),
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
    fn rule_folders_stay_inside_the_config_folder() {
        for outside in ["~/mine", "/", "../..", "mine/../../other"] {
            let text = format!("rule-dirs = [\"{outside}\"]\n");
            let err = Config::parse(Path::new("/x/y/draftlint.toml"), &text).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("/x/y/draftlint.toml:1:14: rule folder `"),
                "{outside}: {err}"
            );
        }
        let text = "rule-dirs = [\"mine\", \"a/../b\", \".\"]\n";
        let config = Config::parse(Path::new("/x/y/draftlint.toml"), text).unwrap();
        assert_eq!(config.rule_dirs.len(), 3);
        // Editor settings are the person's own: they may point anywhere.
        let settings = serde_json::json!({ "rule-dirs": ["~/mine"] });
        let config = Config::from_settings(&settings, Path::new("/x")).unwrap();
        let home = PathBuf::from(std::env::var_os("HOME").unwrap());
        assert_eq!(config.rule_dirs[0].0, home.join("mine"));
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
        let text = "[rules]\nno-blame = \u{201c}off\u{201d}\n";
        let err = Config::parse(Path::new("draftlint.toml"), text).unwrap_err();
        assert!(
            err.to_string().contains("TOML needs straight ones"),
            "{err}"
        );
        // A level reads the same alone and in a table, as in rule files.
        let text = "[rules]\nno-pressure = \"warn\"\nno-blame = { level = \"warn\" }\n";
        let err = Config::parse(Path::new("draftlint.toml"), text).unwrap_err();
        let said = "unknown level `warn` (did you mean `warning`?); use `off`, `hint`, `info`, `warning`, `error`";
        assert_eq!(
            err.to_string(),
            format!("draftlint.toml:3:12: {said}\ndraftlint.toml:2:15: {said}"),
        );
        let text = "colour = true\n";
        let err = Config::parse(Path::new("draftlint.toml"), text).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("draftlint.toml:1:1: unknown key `colour`"),
            "{err}"
        );
    }
}

//! Rules: what a rule file says, validated.
//!
//! A rule is data. [`file`] turns a TOML rule file into a [`Rule`] (or into
//! `path:line:column` errors): the keys every rule has, then its [`kind`]'s
//! own, each kind one module; [`reader`] checks the values they share
//! (phrases, regexes, word patterns, templates). [`pack`] holds the built-in
//! packs. The format is documented for users in `docs/rules.md`.

pub mod file;
pub mod kind;
pub mod pack;
pub mod reader;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Level;

pub use file::parse;
pub use kind::Kind;

/// A validated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule's id, unique among the rules in effect.
    pub id: Arc<str>,
    /// What it checks, with its kind's settings.
    pub kind: Kind,
    /// How serious its findings are.
    pub level: Level,
    /// Set to false by `level = "off"` in a config.
    pub enabled: bool,
    /// The built-in pack the rule comes from (`None`: a user's rule).
    pub pack: Option<Arc<str>>,
    /// The step of the guide the rule comes from (built-in pack).
    pub step: Option<u8>,
    /// Its own item on the checklist, instead of its step's (`checklist =
    /// "ask"`), so that an item names what is missing.
    pub checklist: Option<String>,
    /// What a finding says: a template with placeholders (`{match}`,
    /// front-matter fields, the rule's settings).
    pub message: String,
    /// Markdown: why the rule exists (built-ins quote the guide).
    pub why: String,
    /// The rule runs only for drafts whose `channel:` is one of these.
    pub channels: Vec<String>,
    /// Its examples, which `draftlint test` runs.
    pub examples: Vec<Example>,
    /// The file it was read from.
    pub source: Arc<Source>,
}

/// Where a rule came from, for error positions and `draftlint test`.
#[derive(Debug)]
pub struct Source {
    /// The file's path (`rules/<pack>/<file>` for a built-in rule).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Whether it is a file of a built-in pack.
    pub builtin: bool,
}

/// An example from a rule file; `draftlint test` runs them.
#[derive(Clone, Debug)]
pub struct Example {
    /// What the rule must do with it.
    pub expect: Expect,
    /// Settings for this example only, as `draftlint.toml` would set them.
    pub with: Params,
    /// 1-based line of the `[[example]]` in the rule file.
    pub line: usize,
}

/// What an example expects of its rule.
#[derive(Clone, Debug)]
pub enum Expect {
    /// A draft the rule must flag.
    Bad {
        /// The draft.
        text: String,
        /// The text after applying the preferred fix of every finding, if
        /// the example says.
        fixed: Option<String>,
    },
    /// A draft the rule must not flag.
    Good(String),
}

/// A level, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// The rule does not run.
    Off,
    /// The rule runs at level `hint`.
    Hint,
    /// The rule runs at level `info`.
    Info,
    /// The rule runs at level `warning`.
    Warning,
    /// The rule runs at level `error`.
    Error,
}

impl Setting {
    /// The level it sets; `None` for `off`.
    pub fn level(self) -> Option<Level> {
        match self {
            Setting::Off => None,
            Setting::Hint => Some(Level::Hint),
            Setting::Info => Some(Level::Info),
            Setting::Warning => Some(Level::Warning),
            Setting::Error => Some(Level::Error),
        }
    }
}

/// Parameters that a config (or an example's `with`) may change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// The rule's level, or `off`.
    pub level: Option<Setting>,
    /// `limit` rules: the least allowed.
    pub min: Option<u64>,
    /// `limit` rules: the most allowed.
    pub max: Option<u64>,
    /// `cooldown` rules: the days that must have passed.
    pub days: Option<u32>,
    /// `require` rules: within the first N sentences.
    #[cfg_attr(test, schemars(range(min = 1)))]
    pub in_first: Option<usize>,
    /// `require` rules: within the last N sentences.
    #[cfg_attr(test, schemars(range(min = 1)))]
    pub in_last: Option<usize>,
}

impl Params {
    /// The settings it sets besides `level`, as written in a config.
    pub fn keys(&self) -> Vec<&'static str> {
        [
            ("min", self.min.is_some()),
            ("max", self.max.is_some()),
            ("days", self.days.is_some()),
            ("in-first", self.in_first.is_some()),
            ("in-last", self.in_last.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
    }
}

impl std::fmt::Display for Params {
    /// `max = 12, level = "off"`, as written in a config.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = self.level.map(|l| match l.level() {
            Some(level) => format!("\"{level}\""),
            None => "\"off\"".to_string(),
        });
        let numbers = [
            ("min", self.min),
            ("max", self.max),
            ("days", self.days.map(u64::from)),
            ("in-first", self.in_first.map(|n| n as u64)),
            ("in-last", self.in_last.map(|n| n as u64)),
        ];
        let parts: Vec<String> = level
            .map(|l| format!("level = {l}"))
            .into_iter()
            .chain(
                numbers
                    .iter()
                    .filter_map(|(k, v)| v.map(|v| format!("{k} = {v}"))),
            )
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Rule {
    /// Applies `params`; says what does not fit this rule's kind.
    pub fn apply(&mut self, params: &Params) -> Result<(), String> {
        if let Some(setting) = params.level {
            match setting.level() {
                Some(level) => {
                    self.level = level;
                    self.enabled = true;
                }
                None => self.enabled = false,
            }
        }
        self.kind.apply(params)
    }
}

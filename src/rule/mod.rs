//! Rules: what a rule file says, validated.
//!
//! A rule is data. [`file`] turns a TOML rule file into a [`Rule`] (or into
//! `path:line:column` errors), [`pack`] holds the built-in `gentle` pack, and
//! [`set`] puts built-in and user rules together. The format is documented
//! for users in `docs/rules.md`.

pub mod file;
pub mod pack;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Level;
use crate::expr::Expr;

pub use file::parse;

/// A validated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: Arc<str>,
    pub kind: Kind,
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
    pub message: String,
    /// Markdown: why the rule exists (built-ins quote the guide).
    pub why: String,
    /// The rule runs only for drafts whose `channel:` is one of these.
    pub channels: Vec<String>,
    pub examples: Vec<Example>,
    pub source: Arc<Source>,
}

/// Where a rule came from, for error positions and `draftlint test`.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    pub builtin: bool,
}

#[derive(Clone, Debug)]
pub enum Kind {
    Avoid(Vec<AvoidEntry>),
    Require(Require),
    Limit(Limit),
    Cooldown(Cooldown),
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Avoid(_) => "avoid",
            Kind::Require(_) => "require",
            Kind::Limit(_) => "limit",
            Kind::Cooldown(_) => "cooldown",
        }
    }
}

/// One `[[avoid]]` entry.
#[derive(Clone, Debug)]
pub struct AvoidEntry {
    pub pattern: Pattern,
    /// Rewrites, best first; `""` deletes the match.
    pub replace: Vec<String>,
    /// Overrides the rule's message for this entry.
    pub message: Option<String>,
    /// A match that overlaps a match of one of these (word patterns) is no
    /// finding.
    pub unless: Vec<Expr>,
}

#[derive(Clone, Debug)]
pub enum Pattern {
    /// Literal phrases: case-insensitive, whole words.
    Phrases(Vec<String>),
    /// A regular expression (case-insensitive unless it says `(?-i)`).
    Regex(Expr),
    /// Word patterns (see [`crate::pattern`]), compiled to regexes over
    /// the folded text.
    Words(Vec<Expr>),
}

#[derive(Clone, Debug, Default)]
pub struct Require {
    pub phrases: Vec<String>,
    /// Regexes and word patterns.
    pub regexes: Vec<Expr>,
    /// Occurrences inside these do not count ("sorry to hear" is no apology).
    pub except: Vec<String>,
    pub except_regexes: Vec<Expr>,
    pub within: Option<Within>,
    /// The sentence offered as a fix when nothing matches.
    pub insert: Option<String>,
    pub insert_at: InsertAt,
}

/// Where a required phrase must stand, in sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    First(usize),
    Last(usize),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum InsertAt {
    /// Before the first sentence.
    Start,
    /// After a short greeting sentence such as "Hi Sam," or at the start.
    AfterGreeting,
    /// In the body, before its close: a closing question, the proposal of
    /// a time ([`InsertAt::End`] rules' matches near the end), a sign-off.
    BeforeClose,
    /// After the last sentence (and an emoji that ends it), before a sign-off.
    #[default]
    End,
}

#[derive(Clone, Debug)]
pub struct Limit {
    pub count: Count,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// What a `limit` rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Count {
    Words,
    /// User-perceived characters (grapheme clusters).
    Characters,
    Sentences,
    Questions,
    Exclamations,
    /// Checked for each sentence.
    WordsPerSentence,
    /// SMS segments: GSM-7 160/153 characters, UCS-2 70/67 code units.
    SmsSegments,
}

impl Count {
    pub fn noun(self) -> &'static str {
        match self {
            Count::Words | Count::WordsPerSentence => "words",
            Count::Characters => "characters",
            Count::Sentences => "sentences",
            Count::Questions => "questions",
            Count::Exclamations => "exclamation marks",
            Count::SmsSegments => "SMS segments",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Cooldown {
    /// The front-matter field holding the date of last contact.
    pub field: String,
    pub days: u32,
}

/// An example from a rule file; `draftlint test` runs them.
#[derive(Clone, Debug)]
pub struct Example {
    pub expect: Expect,
    pub with: Params,
    /// 1-based line of the `[[example]]` in the rule file.
    pub line: usize,
}

#[derive(Clone, Debug)]
pub enum Expect {
    Bad { text: String, fixed: Option<String> },
    Good(String),
}

/// A level, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl Setting {
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
        let kind = self.kind.name();
        let misplaced = |key: &str| format!("`{key}` does not apply to `{kind}` rules");
        match &mut self.kind {
            Kind::Limit(limit) => {
                if params.min.is_some() {
                    limit.min = params.min;
                }
                if params.max.is_some() {
                    limit.max = params.max;
                }
                if let (Some(min), Some(max)) = (limit.min, limit.max)
                    && min > max
                {
                    return Err(format!(
                        "impossible limit: min ({min}) is above max ({max})"
                    ));
                }
                if limit.count == Count::SmsSegments && limit.max == Some(0) {
                    return Err("impossible limit: a message has at least one SMS segment".into());
                }
            }
            _ if params.min.is_some() => return Err(misplaced("min")),
            _ if params.max.is_some() => return Err(misplaced("max")),
            _ => {}
        }
        match &mut self.kind {
            Kind::Cooldown(cooldown) => {
                if let Some(days) = params.days {
                    if days == 0 {
                        return Err("impossible cooldown: `days` must be at least 1".into());
                    }
                    cooldown.days = days;
                }
            }
            _ if params.days.is_some() => return Err(misplaced("days")),
            _ => {}
        }
        match &mut self.kind {
            Kind::Require(require) => match (params.in_first, params.in_last) {
                (Some(_), Some(_)) => return Err("set `in-first` or `in-last`, not both".into()),
                (Some(0), _) | (_, Some(0)) => {
                    return Err(
                        "`in-first`/`in-last` count sentences and must be at least 1".into(),
                    );
                }
                (Some(n), None) => require.within = Some(Within::First(n)),
                (None, Some(n)) => require.within = Some(Within::Last(n)),
                (None, None) => {}
            },
            _ if params.in_first.is_some() => return Err(misplaced("in-first")),
            _ if params.in_last.is_some() => return Err(misplaced("in-last")),
            _ => {}
        }
        Ok(())
    }
}

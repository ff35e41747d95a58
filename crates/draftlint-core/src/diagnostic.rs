//! The one result type shared by every front end.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::fix::Fix;

/// How serious a finding is. Ordered: `Hint < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A gentle suggestion; editors show it faintly.
    Hint,
    /// Worth knowing; it does not fail a run by default.
    Info,
    /// Worth changing before you send (the default level of a rule).
    Warning,
    /// Should not be sent as it is.
    Error,
}

impl Level {
    /// The level as rule files and output write it (`warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Hint => "hint",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One finding: a rule, a level, an exact byte span in the original draft
/// text, a rendered message and the suggested rewrites (best first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The id of the rule that found it.
    pub rule: Arc<str>,
    /// How serious it is.
    pub level: Level,
    /// Where it is: byte offsets into the original draft text.
    pub span: Range<usize>,
    /// The rule's message, its placeholders filled in.
    pub message: String,
    /// The suggested rewrites, best first; may be none.
    pub fixes: Vec<Fix>,
}

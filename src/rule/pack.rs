//! The built-in rule packs, embedded at build time from `rules/`.

use std::path::Path;

use super::Rule;
use crate::error::Error;

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The names of the built-in packs.
pub const PACKS: &[&str] = &["gentle"];

/// Parses the `gentle` pack. Its files are tested on every build, so an error
/// here means a broken build, but it is still reported, not panicked on.
pub fn gentle() -> Result<Vec<Rule>, Error> {
    let mut rules = Vec::with_capacity(GENTLE.len());
    let mut problems = Vec::new();
    for (path, text) in GENTLE {
        match super::parse(Path::new(path), text, true) {
            Ok(rule) => rules.push(rule),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(Error::Invalid(problems))
    }
}

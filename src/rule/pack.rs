//! The built-in rule packs, embedded at build time from `rules/`.

use std::path::Path;
use std::sync::LazyLock;

use super::Rule;
use crate::error::{Error, Located};
use crate::pattern::Classes;

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The names of the built-in packs.
pub const PACKS: &[&str] = &["gentle"];

/// The built-in word classes (`rules/gentle/classes.toml`), which every
/// rule may use.
pub fn classes() -> &'static Result<Classes, Vec<Located>> {
    static CLASSES: LazyLock<Result<Classes, Vec<Located>>> = LazyLock::new(|| {
        let (path, text) = GENTLE_CLASSES;
        Classes::load(Path::new(path), text, &Classes::default())
    });
    &CLASSES
}

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

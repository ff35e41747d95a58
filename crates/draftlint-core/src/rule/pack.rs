//! The built-in rule packs, embedded at build time from `rules/<pack>/`.
//!
//! A pack is a folder of rule files with a `pack.toml` that names it, says
//! what messages it is for and where its advice comes from, and lists the
//! items of its checklist:
//!
//! ```toml
//! name = "coparenting"
//! description = "Messages to a co-parent about the children."
//! source = "Bill Eddy's BIFF Response (Brief, Informative, Friendly, Firm)."
//!
//! [[checklist]]
//! label = "brief ({words})"   # {words}: the draft's length, "84 words"
//! step = 1                    # done when no rule of step 1 has a finding
//! kinds = ["limit"]           # optional: only rules of these kinds
//! ```
//!
//! Every pack may use the word classes of `gentle` (`rules/gentle/classes.toml`)
//! and adds those of its own `classes.toml`.

use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;

use super::Rule;
use crate::error::{Error, Located};
use crate::pattern::Classes;

/// The files of one built-in pack: `(path, text)` each.
pub struct Embedded {
    /// The pack's name: its folder under `rules/`.
    pub name: &'static str,
    /// Its `pack.toml`.
    pub manifest: (&'static str, &'static str),
    /// Its `classes.toml`, if it has one.
    pub classes: Option<(&'static str, &'static str)>,
    /// Its rule files, in file-name order.
    pub rules: &'static [(&'static str, &'static str)],
}

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The pack used when a config names none.
pub const DEFAULT: &str = "gentle";

/// A pack's `pack.toml`: what the pack is for, where its advice comes from
/// and its checklist.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(
    test,
    derive(schemars::JsonSchema),
    schemars(title = "draftlint pack.toml")
)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// The pack's name, as `packs = [...]` and `pack:` write it.
    pub name: String,
    /// One sentence on the situation the pack is for.
    pub description: String,
    /// The method or guide the rules come from.
    pub source: String,
    /// The checklist shown in editors, in order.
    #[serde(default)]
    pub checklist: Vec<Item>,
}

/// An item of a pack's checklist.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The item's label; `{words}` becomes the draft's length.
    pub label: String,
    /// The step whose rules the item stands for: done when none has a finding.
    pub step: u8,
    /// Only rules of these kinds (`avoid`, `require`, `limit`, `cooldown`);
    /// all when empty.
    #[serde(default)]
    pub kinds: Vec<String>,
}

impl Item {
    /// Does the item stand for `rule` (which has no label of its own)?
    pub fn covers(&self, rule: &Rule) -> bool {
        rule.step == Some(self.step)
            && (self.kinds.is_empty() || self.kinds.iter().any(|k| k == rule.kind.name()))
    }
}

/// The names of the built-in packs.
pub fn names() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|p| p.name)
}

/// The `pack.toml` of built-in pack `name`.
pub fn info(name: &str) -> Option<&'static Pack> {
    let at = EMBEDDED.iter().position(|p| p.name == name)?;
    manifests()[at].as_ref().ok()
}

/// Every built-in pack's `pack.toml`, read once, in [`EMBEDDED`]'s order.
fn manifests() -> &'static [Result<Pack, Located>] {
    static PACKS: LazyLock<Vec<Result<Pack, Located>>> = LazyLock::new(|| {
        EMBEDDED
            .iter()
            .map(|p| {
                let (path, text) = p.manifest;
                toml::from_str::<Pack>(text).map_err(|e| {
                    let (at, message) = crate::suggest::toml_error(&e, text);
                    Located::at(Path::new(path), text, at, message)
                })
            })
            .collect()
    });
    &PACKS
}

/// The built-in word classes (`rules/gentle/classes.toml`), which every
/// rule may use.
pub fn classes() -> &'static Result<Classes, Vec<Located>> {
    static CLASSES: LazyLock<Result<Classes, Vec<Located>>> = LazyLock::new(|| {
        let gentle = EMBEDDED.iter().find(|p| p.name == DEFAULT);
        match gentle.and_then(|p| p.classes) {
            Some((path, text)) => Classes::load(Path::new(path), text, &Classes::default()),
            None => Ok(Classes::default()),
        }
    });
    &CLASSES
}

/// Parses built-in pack `name`: its rules, each knowing its pack. Its files
/// are tested on every build, so an error here means a broken build, but it
/// is still reported, not panicked on.
pub fn rules(name: &str) -> Result<Vec<Rule>, Error> {
    parse(&[name])
}

/// Every built-in pack's rules.
pub fn all() -> Result<Vec<Rule>, Error> {
    parse(&names().collect::<Vec<_>>())
}

/// The rules of the packs `names`, in order, their files parsed on every
/// core (see [`crate::parallel`]).
fn parse(names: &[&str]) -> Result<Vec<Rule>, Error> {
    let base = classes().as_ref().map_err(|p| Error::Invalid(p.clone()))?;
    let mut problems = Vec::new();
    let mut packs = Vec::new();
    for &name in names {
        let Some(at) = EMBEDDED.iter().position(|p| p.name == name) else {
            return Err(Error::Other(format!("no built-in pack `{name}`")));
        };
        let pack = &EMBEDDED[at];
        if let Err(problem) = &manifests()[at] {
            problems.push(problem.clone());
        }
        let own = match pack.classes {
            Some((path, text)) if name != DEFAULT => {
                Some(Classes::load(Path::new(path), text, base).map_err(Error::Invalid)?)
            }
            _ => None,
        };
        packs.push((pack, Arc::<str>::from(name), own));
    }
    // Every file of every pack, the biggest first so that no thread is
    // left with one big file at the end.
    let mut files: Vec<_> = packs
        .iter()
        .flat_map(|(pack, label, own)| {
            let classes = own.as_ref().unwrap_or(base);
            pack.rules.iter().map(move |file| (file, label, classes))
        })
        .enumerate()
        .collect();
    files.sort_by_key(|(_, ((_, text), _, _))| std::cmp::Reverse(text.len()));
    let mut parsed = crate::parallel::map(&files, |(at, ((path, text), label, classes))| {
        let parsed = super::file::parse_with(Path::new(path), text, true, classes);
        (
            *at,
            parsed.map(|rule| Rule {
                pack: Some(Arc::clone(label)),
                ..rule
            }),
        )
    });
    parsed.sort_unstable_by_key(|(at, _)| *at);
    let mut rules = Vec::with_capacity(parsed.len());
    for (_, parsed) in parsed {
        match parsed {
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

/// Parses the `gentle` pack.
pub fn gentle() -> Result<Vec<Rule>, Error> {
    rules(DEFAULT)
}

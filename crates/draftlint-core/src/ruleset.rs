//! Putting a rule set together: built-in pack, rule folders, config changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Located};
use crate::pattern::Classes;
use crate::rule::Rule;

/// The file of a rule folder that defines word classes, not a rule.
pub const CLASSES_FILE: &str = "classes.toml";

/// The file of a pack's folder that describes the pack (`rules/*/pack.toml`),
/// not a rule: a pack's folder can be given as a rule folder.
pub const PACK_FILE: &str = "pack.toml";

/// Reads every `*.toml` rule file below `dir` (sorted, so the order is
/// stable; never outside `dir`, see [`crate::bounded`]), with the word
/// classes of the `classes.toml` files below it. `pack.toml` files are
/// skipped.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, Error> {
    let files = crate::bounded::toml_files(dir, &[crate::config::FILE_NAME, PACK_FILE])?;
    let (class_files, files): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|f| f.file_name().is_some_and(|n| n == CLASSES_FILE));
    let mut classes = builtin_classes()?.clone();
    for file in &class_files {
        let text = crate::bounded::read_to_string(file)?;
        classes = Classes::load(file, &text, &classes).map_err(Error::Invalid)?;
    }
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match load_file_with(&file, &classes) {
            Ok(rule) => rules.push(rule),
            Err(Error::Invalid(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Reads one rule file, with the built-in word classes and those of a
/// `classes.toml` beside it.
pub fn load_file(path: &Path) -> Result<Rule, Error> {
    parse_file(path, &crate::bounded::read_to_string(path)?)
}

/// Reads the rule file `path` as an editor holds it (`text`, perhaps not
/// saved), with the word classes of a `classes.toml` beside it on disk.
pub fn parse_file(path: &Path, text: &str) -> Result<Rule, Error> {
    crate::rule::file::parse_with(path, text, false, &classes_for(path)?).map_err(Error::Invalid)
}

/// The word classes a rule file at `path` can use: the built-in ones and
/// those of a `classes.toml` beside it.
pub fn classes_for(path: &Path) -> Result<Classes, Error> {
    let beside = path.with_file_name(CLASSES_FILE);
    let mut classes = builtin_classes()?.clone();
    if beside.is_file() && beside != path {
        let text = crate::bounded::read_to_string(&beside)?;
        classes = Classes::load(&beside, &text, &classes).map_err(Error::Invalid)?;
    }
    Ok(classes)
}

fn load_file_with(path: &Path, classes: &Classes) -> Result<Rule, Error> {
    let text = crate::bounded::read_to_string(path)?;
    crate::rule::file::parse_with(path, &text, false, classes).map_err(Error::Invalid)
}

fn builtin_classes() -> Result<&'static Classes, Error> {
    crate::rule::pack::classes()
        .as_ref()
        .map_err(|problems| Error::Invalid(problems.clone()))
}

/// Rule files that were given on their own (a file) or as folders.
pub fn load_paths(paths: &[PathBuf]) -> Result<Vec<Rule>, Error> {
    let mut rules = Vec::new();
    for path in paths {
        if path
            .symlink_metadata()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return Err(Error::Other(format!(
                "rule path {}",
                crate::suggest::missing_path(path)
            )));
        }
        if path.is_dir() {
            rules.extend(load_dir(path)?);
        } else {
            rules.push(load_file(path)?);
        }
    }
    check_unique(&rules)?;
    Ok(rules)
}

/// Two user rules with one id are an error (which one would win?).
fn check_unique(rules: &[Rule]) -> Result<(), Error> {
    let mut seen: HashMap<&str, &Rule> = HashMap::new();
    let mut problems = Vec::new();
    for rule in rules {
        if let Some(first) = seen.insert(&rule.id, rule) {
            let source = &rule.source;
            let at = source
                .text
                .find("id =")
                .or_else(|| source.text.find("id="))
                .unwrap_or(0);
            problems.push(Located::at(
                &source.path,
                &source.text,
                at,
                format!(
                    "duplicate rule id `{}`: {} has it too",
                    rule.id,
                    first.source.path.display()
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Puts built-in rules (every pack's, when `config.builtin`: a draft may
/// choose its pack), the config's rule folders and `extra` rule paths
/// together: a user rule with a built-in's id replaces it. Then applies the
/// config's per-rule settings.
pub fn build(config: &Config, extra: &[PathBuf]) -> Result<Vec<Rule>, Error> {
    let mut rules = if config.builtin {
        crate::rule::pack::all()?
    } else {
        Vec::new()
    };
    let mut user = Vec::new();
    for (dir, at) in &config.rule_dirs {
        if !dir.is_dir() {
            return Err(Located {
                message: format!("rule folder `{}` does not exist", dir.display()),
                ..at.clone()
            }
            .into());
        }
        user.extend(load_dir(dir)?);
    }
    user.extend(load_paths(extra)?);
    // The same file reached twice (a folder both in `rule-dirs` and given
    // with `--rules`) is one rule, not a duplicate.
    let mut seen = std::collections::HashSet::new();
    user.retain(|r| {
        seen.insert(std::fs::canonicalize(&r.source.path).unwrap_or_else(|_| r.source.path.clone()))
    });
    check_unique(&user)?;
    for rule in user {
        match rules.iter_mut().find(|r| r.id == rule.id) {
            Some(slot) => *slot = rule,
            None => rules.push(rule),
        }
    }
    let mut problems = Vec::new();
    for setting in &config.rules {
        match rules.iter_mut().find(|r| *r.id == *setting.id) {
            Some(rule) => {
                if let Err(message) = rule.apply(&setting.params) {
                    problems.push(Located {
                        message,
                        ..setting.at.clone()
                    });
                }
            }
            None => problems.push(Located {
                message: match crate::suggest::closest(&setting.id, rules.iter().map(|r| &*r.id)) {
                    Some(close) => format!("no rule `{}` (did you mean `{close}`?)", setting.id),
                    None => format!(
                        "no rule `{}` (see `draftlint rules` for the ids)",
                        setting.id
                    ),
                },
                ..setting.id_at.clone()
            }),
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(Error::Invalid(problems))
    }
}

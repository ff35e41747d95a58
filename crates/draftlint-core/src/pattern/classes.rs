//! Word classes: named lists of words and phrases, defined once and used by
//! many patterns as `@name`.
//!
//! A class file (`classes.toml` in a rule folder) gives each class a list of
//! entries; each entry is itself a pattern, so it may use `word~`, `(a|b)`,
//! optional words and classes defined before it:
//!
//! ```toml
//! contact-verb = ["call~", "text~", "reply~", "get~ back to", "write~ back"]
//! ```
//!
//! The built-in pack's classes are there for every rule; a user's class with
//! the same name replaces it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::Hir;

use toml::Spanned;

use super::Dialect;
use crate::error::Located;

/// One class: its name, its entries as written, and their regex over the
/// folded text (and, made when a pattern in capitals first needs it, over
/// the original text).
#[derive(Clone, Debug)]
pub struct Class {
    /// The class's name, as `@name` uses it.
    pub name: String,
    /// Its entries (word patterns), as written.
    pub entries: Vec<String>,
    regex: Arc<ClassRegex>,
    original: OnceLock<String>,
    /// Its leads, found when a pattern first uses it.
    pub(super) leads: super::leads::Memo,
    /// Its needs, found when a pattern first uses it.
    pub(super) needs: super::needs::Memo,
}

/// A class's regex over the folded text, and the same parsed, once a
/// pattern's automaton first needs it (see [`super::Skeleton`]); shared by
/// every pattern that uses the class.
#[derive(Debug)]
pub struct ClassRegex {
    source: String,
    hir: OnceLock<Option<Hir>>,
}

impl ClassRegex {
    /// The parsed regex, or `None` if it does not parse (a class read
    /// without errors always does).
    pub fn hir(&self) -> Option<&Hir> {
        self.hir
            .get_or_init(|| super::parse_folded(&self.source))
            .as_ref()
    }
}

impl PartialEq for ClassRegex {
    fn eq(&self, other: &ClassRegex) -> bool {
        self.source == other.source
    }
}

impl Eq for ClassRegex {}

/// The classes a rule's patterns may use, in the order they were defined.
#[derive(Clone, Debug, Default)]
pub struct Classes {
    list: Vec<Class>,
}

type RawClasses = HashMap<String, Spanned<Vec<Spanned<String>>>>;

impl Classes {
    /// The regex of class `name` in `dialect`.
    pub fn get(&self, name: &str, dialect: Dialect) -> Option<&str> {
        let class = self.class(name)?;
        Some(match dialect {
            Dialect::Folded => class.regex.source.as_str(),
            Dialect::Original => class.original.get_or_init(|| {
                // The entries compiled in the folded dialect when the class
                // was read, so they compile here too.
                ordered(&class.entries)
                    .filter_map(|e| super::compile_fragment(e, self, Dialect::Original).ok())
                    .collect::<Vec<_>>()
                    .join("|")
            }),
        })
    }

    /// The folded regex of class `name`, to be parsed once for every
    /// pattern that uses it.
    pub(super) fn folded(&self, name: &str) -> Option<Arc<ClassRegex>> {
        Some(Arc::clone(&self.class(name)?.regex))
    }

    /// Class `name`, with its entries.
    pub fn class(&self, name: &str) -> Option<&Class> {
        self.list.iter().find(|c| c.name == name)
    }

    /// The classes' names, in the order they were defined.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|c| c.name.as_str())
    }

    /// Whether there are no classes.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `base` with the classes of the class file `path` (text `text`) added;
    /// a class of the file replaces a class of `base` with its name.
    pub fn load(path: &Path, text: &str, base: &Classes) -> Result<Classes, Vec<Located>> {
        let raw: RawClasses = toml::from_str(text).map_err(|e| not_lists(path, text, e))?;
        let mut entries: Vec<_> = raw.into_iter().collect();
        // In file order, so a class may use the ones above it.
        entries.sort_by_key(|(_, value)| value.span().start);
        let mut out = base.clone();
        let mut problems = Vec::new();
        for (name, value) in entries {
            let span = value.span();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                problems.push(Located::at(
                    path,
                    text,
                    span.start,
                    format!("class name `{name}`: use lower-case letters, digits and `-`"),
                ));
                continue;
            }
            let list = value.into_inner();
            if list.is_empty() {
                problems.push(Located::at(
                    path,
                    text,
                    span.start,
                    format!("class `{name}` is empty"),
                ));
                continue;
            }
            let mut regexes = Vec::new();
            let mut by_length: Vec<&Spanned<String>> = list.iter().collect();
            by_length.sort_by_key(|entry| std::cmp::Reverse(entry.get_ref().len()));
            for entry in by_length {
                match super::compile_fragment(entry.get_ref(), &out, Dialect::Folded) {
                    Ok(regex) => regexes.push(regex),
                    Err(e) => problems.push(Located::at(
                        path,
                        text,
                        super::offset_in_file(text, entry.span(), entry.get_ref(), e.offset),
                        e.message,
                    )),
                }
            }
            let class = Class {
                name: name.clone(),
                entries: list.into_iter().map(Spanned::into_inner).collect(),
                regex: Arc::new(ClassRegex {
                    source: regexes.join("|"),
                    hir: OnceLock::new(),
                }),
                original: OnceLock::new(),
                leads: Default::default(),
                needs: Default::default(),
            };
            match out.list.iter_mut().find(|c| c.name == name) {
                Some(slot) => *slot = class,
                None => out.list.push(class),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            problems.sort_by_key(|p| (p.line, p.column));
            Err(problems)
        }
    }
}

/// A class's entries, longest first: the regex takes the first alternative
/// that matches, so "at 3:30" wins over "at 3".
fn ordered(entries: &[String]) -> impl Iterator<Item = &str> {
    let mut by_length: Vec<&str> = entries.iter().map(String::as_str).collect();
    by_length.sort_by_key(|entry| std::cmp::Reverse(entry.len()));
    by_length.into_iter()
}

/// The error for a class file that is TOML but not lists of strings: each
/// value that is not, in plain words.
fn not_lists(path: &Path, text: &str, error: toml::de::Error) -> Vec<Located> {
    let Ok(values) = toml::from_str::<HashMap<String, Spanned<toml::Value>>>(text) else {
        let (at, message) = crate::suggest::toml_error(&error, text);
        return vec![Located::at(path, text, at, message)];
    };
    let mut found: Vec<(usize, String)> = values
        .into_iter()
        .filter(|(_, value)| {
            !matches!(value.get_ref(), toml::Value::Array(items)
                if items.iter().all(toml::Value::is_str))
        })
        .map(|(name, value)| {
            let message =
                format!("`{name}` must be a list of words in quotes: {name} = [\"...\", \"...\"]");
            (value.span().start, message)
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(at, message)| Located::at(path, text, at, message))
        .collect()
}

impl Classes {
    /// Classes from `text` alone (tests).
    #[cfg(test)]
    pub fn parse_str(text: &str) -> Result<Classes, Vec<Located>> {
        Classes::load(Path::new("classes.toml"), text, &Classes::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_use_earlier_classes_and_report_places() {
        let classes = Classes::parse_str(
            "reply = [\"reply~\", \"respond~\"]\ncontact = [\"@reply\", \"call~\"]\n",
        )
        .unwrap();
        assert_eq!(classes.names().collect::<Vec<_>>(), ["reply", "contact"]);
        let errors =
            Classes::parse_str("a = [\"call\"]\nb = [\"x @nope\"]\nC = [\"y\"]\n").unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(2, 9), (3, 5)], "{errors:?}");
        let errors = Classes::parse_str("a = [\"call\"]\nd = 3\ne = [1]\n").unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(2, 5), (3, 5)], "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains("must be a list of words in quotes")
        );
    }
}

//! Reading one rule file: TOML into a [`Rule`], or errors at `line:column`.
//!
//! Deserialisation is strict (unknown keys are errors) and keeps the span of
//! every value, so each problem found while validating points at the exact
//! place in the file. All problems of a file are reported, not only the first.

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::kind::{Kind, KindName};
use super::reader::Reader;
use super::{Example, Expect, Params, Rule, Source};
use crate::diagnostic::Level;
use crate::error::Located;
use crate::pattern::Classes;

/// The keys every rule has, whatever its kind.
pub(crate) const COMMON: &[&str] = &[
    "id",
    "kind",
    "level",
    "step",
    "checklist",
    "message",
    "why",
    "channels",
    "example",
];

/// The keys of a rule file that every rule has ([`COMMON`]); its kind reads
/// the others.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawRule {
    /// The rule's id; by default the file name without `.toml`.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    id: Option<Spanned<String>>,
    /// What the rule checks: `avoid`, `require`, `limit` or `cooldown`.
    #[cfg_attr(test, schemars(with = "KindName"))]
    kind: Spanned<KindName>,
    /// How serious a finding is: `error`, `warning` (the default), `info` or `hint`.
    level: Option<Level>,
    /// The step of the pack's guide the rule belongs to, from 1; findings at one place follow the steps, and the checklist groups rules by step.
    #[cfg_attr(test, schemars(with = "Option<u8>", range(min = 1)))]
    step: Option<Spanned<u8>>,
    /// The rule's label in the checklist, when it has no step.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    checklist: Option<Spanned<String>>,
    /// What a finding says. Placeholders: `{match}`, front-matter fields such as `{to|them}`, and the rule's settings (`{max}`, `{days}`).
    #[cfg_attr(test, schemars(with = "String"))]
    message: Spanned<String>,
    /// Why the rule exists, in Markdown: shown by `draftlint explain` and in hovers.
    why: Option<String>,
    /// Check only drafts whose front matter says `channel:` one of these (`sms`, `email`, ...).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    channels: Option<Vec<Spanned<String>>>,
    /// Examples that run as tests (`draftlint test`): each has `bad` (with an optional `fixed`) or `good`.
    #[cfg_attr(test, schemars(with = "Option<Vec<RawExample>>"))]
    example: Option<Vec<Spanned<RawExample>>>,
}

/// An example: `bad` text the rule must flag (and `fixed`, what fixing gives) or `good` text it must not.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExample {
    /// A draft the rule must flag.
    bad: Option<String>,
    /// The text after applying the preferred fix of every finding in `bad`.
    fixed: Option<String>,
    /// A draft the rule must not flag.
    good: Option<String>,
    /// Settings for this example only, as `draftlint.toml` would set them.
    with: Option<Params>,
}

/// Parses and validates the rule file `path` whose content is `text`, with
/// the built-in pack's word classes.
pub fn parse(path: &Path, text: &str, builtin: bool) -> Result<Rule, Vec<Located>> {
    match super::pack::classes() {
        Ok(classes) => parse_with(path, text, builtin, classes),
        Err(problems) => Err(problems.clone()),
    }
}

/// [`parse`], with the word classes `classes`.
pub fn parse_with(
    path: &Path,
    text: &str,
    builtin: bool,
    classes: &Classes,
) -> Result<Rule, Vec<Located>> {
    let located = |e: toml::de::Error| {
        let (at, message) = crate::suggest::toml_error(&e, text);
        vec![Located::at(path, text, at, message)]
    };
    let document = DeTable::parse(text).map_err(located)?;
    // The keys every rule has are read here, the rest by the rule's kind.
    let span = document.span();
    let (mut common, mut own) = (DeTable::new(), DeTable::new());
    for (key, value) in document.into_inner() {
        if COMMON.contains(&key.get_ref().as_ref()) {
            common.insert(key, value);
        } else {
            own.insert(key, value);
        }
    }
    let kind = common.get("kind").and_then(|kind| kind.get_ref().as_str());
    let (own, wrong) = super::kind::own_keys(kind, own, COMMON);
    let raw = RawRule::deserialize(toml::de::Deserializer::from(Spanned::new(
        span.clone(),
        common,
    )));
    let raw = match raw {
        Ok(raw) => raw,
        Err(e) => {
            let mut found: Vec<Located> = wrong
                .into_iter()
                .map(|(span, message)| Located::at(path, text, span.start, message))
                .collect();
            // A key missing beside a misspelt one is the key it was meant as.
            if found.is_empty() || !e.message().starts_with("missing field") {
                found.extend(located(e));
                found.sort_by_key(|l| (l.line, l.column));
            }
            return Err(found);
        }
    };
    let mut reader = Reader::new(path, text, classes, !builtin);
    let id: Arc<str> = match &raw.id {
        Some(id) => {
            let value = id.get_ref();
            if value.is_empty() || value.contains(char::is_whitespace) {
                reader.at(id.span(), "`id` must be a non-empty name without spaces");
            }
            value.as_str().into()
        }
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default()
            .as_ref()
            .into(),
    };
    if let Some(step) = &raw.step
        && *step.get_ref() == 0
    {
        reader.at(step.span(), "`step` counts from 1");
    }
    reader.template(&raw.message);
    for (span, message) in wrong {
        reader.at(span, message);
    }
    let kind = Kind::read(raw.kind.clone(), Spanned::new(span, own), &mut reader);
    let examples = examples(&mut reader, &raw);
    let kind = reader.finish(kind)?;
    Ok(Rule {
        id,
        kind,
        level: raw.level.unwrap_or(Level::Warning),
        enabled: true,
        pack: None,
        step: raw.step.map(|s| s.into_inner()),
        checklist: raw
            .checklist
            .map(|c| c.into_inner().trim().to_string())
            .filter(|c| !c.is_empty()),
        message: raw.message.into_inner(),
        why: raw.why.unwrap_or_default().trim().to_string(),
        channels: raw
            .channels
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.into_inner().to_lowercase())
            .collect(),
        examples,
        source: Arc::new(Source {
            path: path.to_path_buf(),
            text: text.to_string(),
            builtin,
        }),
    })
}

fn examples(reader: &mut Reader, raw: &RawRule) -> Vec<Example> {
    let mut out = Vec::new();
    for example in raw.example.iter().flatten() {
        let span = example.span();
        let line = reader.locate(span.start, "").line;
        let e = example.get_ref();
        let expect = match (&e.bad, &e.good, &e.fixed) {
            (Some(bad), None, fixed) => Expect::Bad {
                text: bad.clone(),
                fixed: fixed.clone(),
            },
            (None, Some(good), None) => Expect::Good(good.clone()),
            (None, Some(_), Some(_)) => {
                reader.at(span, "`fixed` goes with `bad`, not with `good`");
                continue;
            }
            _ => {
                reader.at(span, "an [[example]] has exactly one of `bad` or `good`");
                continue;
            }
        };
        out.push(Example {
            expect,
            with: e.with.clone().unwrap_or_default(),
            line,
        });
    }
    out
}

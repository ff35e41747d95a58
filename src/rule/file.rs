//! Reading one rule file: TOML into a [`Rule`], or errors at `line:column`.
//!
//! Deserialisation is strict (unknown keys are errors) and keeps the span of
//! every value, so each problem found while validating points at the exact
//! place in the file. All problems of a file are reported, not only the first.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{
    AvoidEntry, Cooldown, Count, Example, Expect, InsertAt, Kind, Limit, Params, Pattern, Require,
    Rule, Source, Within,
};
use crate::diagnostic::Level;
use crate::error::Located;
use crate::expr::{Expr, Haystack};
use crate::line_index::LineIndex;
use crate::pattern::{self, Classes};
use crate::template;
use crate::text::fold_phrase;

/// What the rule checks.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub(crate) enum KindName {
    /// Words, phrases or patterns that should not be in the draft.
    Avoid,
    /// Something that must be in the draft (or in its first or last sentences).
    Require,
    /// A count that must stay between `min` and `max`.
    Limit,
    /// A front-matter date that must be at least `days` ago.
    Cooldown,
}

type Strings = Spanned<Vec<Spanned<String>>>;

/// A draftlint rule file: one rule, its message, its rationale and its
/// examples. See docs/rules.md.
#[derive(Deserialize)]
#[cfg_attr(
    test,
    derive(schemars::JsonSchema),
    schemars(title = "draftlint rule file")
)]
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
    /// `avoid` rules: the entries, each with phrases, a regex or patterns, and an optional rewrite.
    #[cfg_attr(test, schemars(with = "Option<Vec<RawAvoid>>"))]
    avoid: Option<Spanned<Vec<Spanned<RawAvoid>>>>,
    /// `require` rules: phrases, one of which must be there (case-insensitive, whole words).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    phrases: Option<Strings>,
    /// `require` rules: regexes, one of which must match. Write them in single quotes.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    regexes: Option<Strings>,
    /// `require` rules: word patterns (`I ...2 apologize~`), one of which must match.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    patterns: Option<Strings>,
    /// `require` rules: phrases inside which a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except: Option<Strings>,
    /// `require` rules: regexes inside whose matches a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except_regexes: Option<Strings>,
    /// `require` rules: word patterns inside whose matches a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except_patterns: Option<Strings>,
    /// `require` rules: the match must start within the first N sentences.
    #[cfg_attr(test, schemars(with = "Option<u32>", range(min = 1)))]
    in_first: Option<Spanned<usize>>,
    /// `require` rules: the match must start within the last N sentences (before a sign-off).
    #[cfg_attr(test, schemars(with = "Option<u32>", range(min = 1)))]
    in_last: Option<Spanned<usize>>,
    /// `require` rules: the sentence offered as a fix when nothing matches.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    insert: Option<Spanned<String>>,
    /// `require` rules: where the sentence goes.
    #[cfg_attr(test, schemars(with = "Option<InsertAt>"))]
    insert_at: Option<Spanned<InsertAt>>,
    /// `limit` rules: what is counted.
    #[cfg_attr(test, schemars(with = "Option<Count>"))]
    count: Option<Spanned<Count>>,
    /// `limit` rules: the least allowed.
    #[cfg_attr(test, schemars(with = "Option<u64>"))]
    min: Option<Spanned<u64>>,
    /// `limit` rules: the most allowed.
    #[cfg_attr(test, schemars(with = "Option<u64>"))]
    max: Option<Spanned<u64>>,
    /// `cooldown` rules: the front-matter field with the date (`YYYY-MM-DD`) to count from.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    field: Option<Spanned<String>>,
    /// `cooldown` rules: the days that must have passed since that date.
    #[cfg_attr(test, schemars(with = "Option<u32>"))]
    days: Option<Spanned<u32>>,
    /// Examples that run as tests (`draftlint test`): each has `bad` (with an optional `fixed`) or `good`.
    #[cfg_attr(test, schemars(with = "Option<Vec<RawExample>>"))]
    example: Option<Vec<Spanned<RawExample>>>,
}

/// One entry of an `avoid` rule: exactly one of `phrases`, `regex` and `patterns`.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAvoid {
    /// Phrases to flag: case-insensitive, whole words, any quotes and spacing.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    phrases: Option<Strings>,
    /// A regex to flag, case-insensitive unless it says `(?-i)`. Write it in single quotes.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    regex: Option<Spanned<String>>,
    /// Word patterns to flag (`you never listen~`, `@contact-verb me`).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    patterns: Option<Strings>,
    /// Word patterns that excuse a match they overlap.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    unless: Option<Strings>,
    /// The rewrite offered as a fix (`$1` for a group, `""` to delete), or several, the first preferred.
    #[cfg_attr(test, schemars(with = "Option<OneOrMany>"))]
    replace: Option<Spanned<OneOrMany>>,
    /// This entry's own message, instead of the rule's.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    message: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(String),
    Many(Vec<String>),
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

/// Collects problems while validating one file.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    found: Vec<Located>,
    classes: &'a Classes,
    /// Compile every regex now, to refuse what fails here with its place
    /// (the built-in pack's are tested, and compile on first use).
    eager: bool,
    /// Lines of `text`, built at the first place located.
    lines: OnceCell<LineIndex>,
}

impl Problems<'_> {
    fn locate(&self, offset: usize, message: impl Into<String>) -> Located {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        Located::indexed(self.path, self.text, lines, offset, message)
    }

    fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let found = self.locate(span.start, message);
        self.found.push(found);
    }
}

/// Checks a rule regex the way the matcher reads it (case-insensitive by
/// default): it must parse and must not match empty text. An error says
/// where in the regex it is (a byte offset), and shows it with a caret.
pub fn check_regex(pattern: &str) -> Result<(), (String, Option<usize>)> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| {
            let (kind, at) = match &e {
                regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span().start.offset),
                regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span().start.offset),
                other => (other.to_string(), 0),
            };
            let mut message = format!("bad regex: {kind}");
            if !pattern.contains(['\n', '\r']) {
                let before = pattern.get(..at).map_or(0, |s| s.chars().count());
                message.push_str(&format!("\n    {pattern}\n    {}^", " ".repeat(before)));
            }
            (message, Some(at))
        })?;
    if hir.properties().minimum_len() == Some(0) {
        return Err((
            "regex matches empty text, so it would flag every draft".into(),
            None,
        ));
    }
    Ok(())
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
    let raw: RawRule = toml::from_str(text).map_err(|e| {
        let (at, message) = crate::suggest::toml_error(&e, text);
        vec![Located::at(path, text, at, message)]
    })?;
    let mut problems = Problems {
        path,
        text,
        found: Vec::new(),
        classes,
        eager: !builtin,
        lines: OnceCell::new(),
    };
    let id: Arc<str> = match &raw.id {
        Some(id) => {
            let value = id.get_ref();
            if value.is_empty() || value.contains(char::is_whitespace) {
                problems.at(id.span(), "`id` must be a non-empty name without spaces");
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
        problems.at(step.span(), "`step` counts from 1");
    }
    check_template(&mut problems, &raw.message);
    let kind_name = *raw.kind.get_ref();
    misplaced_fields(&mut problems, &raw, kind_name);
    let kind = match kind_name {
        KindName::Avoid => avoid(&mut problems, &raw),
        KindName::Require => require(&mut problems, &raw),
        KindName::Limit => limit(&mut problems, &raw),
        KindName::Cooldown => cooldown(&mut problems, &raw),
    };
    let examples = examples(&mut problems, &raw);
    if !problems.found.is_empty() {
        return Err(problems.found);
    }
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

fn check_template(problems: &mut Problems, template: &Spanned<String>) {
    if let Err((offset, message)) = template::validate(template.get_ref()) {
        // Find the faulty part in the file as written (the string may be
        // multi-line or hold escapes, so offsets in the value do not carry).
        let span = template.span();
        let fragment: String = template.get_ref()[offset..]
            .chars()
            .take_while(|c| !matches!(c, '\n' | '"' | '\\' | '\''))
            .take(24)
            .collect();
        let at = problems.text[span.clone()]
            .find(&fragment)
            .map_or(span.start, |i| span.start + i);
        problems.at(at..at, message);
    }
}

/// Reports fields that belong to another kind of rule.
fn misplaced_fields(problems: &mut Problems, raw: &RawRule, kind: KindName) {
    let fields: [(&str, KindName, Option<Range<usize>>); 16] = [
        (
            "avoid",
            KindName::Avoid,
            raw.avoid.as_ref().map(|a| a.span()),
        ),
        (
            "phrases",
            KindName::Require,
            raw.phrases.as_ref().map(|a| a.span()),
        ),
        (
            "regexes",
            KindName::Require,
            raw.regexes.as_ref().map(|a| a.span()),
        ),
        (
            "patterns",
            KindName::Require,
            raw.patterns.as_ref().map(|a| a.span()),
        ),
        (
            "except",
            KindName::Require,
            raw.except.as_ref().map(|a| a.span()),
        ),
        (
            "except-patterns",
            KindName::Require,
            raw.except_patterns.as_ref().map(|a| a.span()),
        ),
        (
            "except-regexes",
            KindName::Require,
            raw.except_regexes.as_ref().map(|a| a.span()),
        ),
        ("in-first", KindName::Require, span(&raw.in_first)),
        ("in-last", KindName::Require, span(&raw.in_last)),
        ("insert", KindName::Require, span(&raw.insert)),
        ("insert-at", KindName::Require, span(&raw.insert_at)),
        ("count", KindName::Limit, span(&raw.count)),
        ("min", KindName::Limit, span(&raw.min)),
        ("max", KindName::Limit, span(&raw.max)),
        ("days", KindName::Cooldown, span(&raw.days)),
        ("field", KindName::Cooldown, span(&raw.field)),
    ];
    for (name, owner, at) in fields {
        if let Some(at) = at
            && owner != kind
        {
            problems.at(
                at,
                format!("`{name}` is not a field of `{}` rules", kind_label(kind)),
            );
        }
    }
}

fn span<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
    value.as_ref().map(Spanned::span)
}

fn kind_label(kind: KindName) -> &'static str {
    match kind {
        KindName::Avoid => "avoid",
        KindName::Require => "require",
        KindName::Limit => "limit",
        KindName::Cooldown => "cooldown",
    }
}

fn phrases(problems: &mut Problems, list: &Strings) -> Vec<String> {
    let mut out = Vec::new();
    for phrase in list.get_ref() {
        let folded = fold_phrase(phrase.get_ref());
        if folded.is_empty() {
            problems.at(phrase.span(), "empty phrase");
        } else {
            out.push(phrase.get_ref().clone());
        }
    }
    out
}

/// A regex as written in a rule, checked and (for user rules) compiled.
fn regex(problems: &mut Problems, pattern: &Spanned<String>) -> Option<Expr> {
    // In a "..." string `\b` is a backspace, so the regex would look for
    // one and never match.
    if pattern.get_ref().contains(['\u{8}', '\u{c}']) {
        problems.at(
            pattern.span(),
            "this regex holds a backspace or form feed: in a \"...\" string `\\b` and `\\f` are those characters; write regexes in single quotes ('\\bword\\b')",
        );
        return None;
    }
    if let Err((message, offset)) = check_regex(pattern.get_ref()) {
        let at = offset.map_or(pattern.span().start, |offset| {
            pattern::offset_in_file(problems.text, pattern.span(), pattern.get_ref(), offset)
        });
        problems.at(at..at, message);
        return None;
    }
    built(
        problems,
        pattern.span(),
        Expr::new(pattern.get_ref().as_str(), Haystack::Original),
    )
}

/// `expr`, once it has compiled within the size limit (when compiling now).
fn built(problems: &mut Problems, span: Range<usize>, expr: Expr) -> Option<Expr> {
    if problems.eager
        && let Err(message) = expr.build()
    {
        problems.at(span, message);
        return None;
    }
    Some(expr)
}

fn regexes(problems: &mut Problems, list: &Strings) -> Vec<Expr> {
    list.get_ref()
        .iter()
        .filter_map(|pattern| regex(problems, pattern))
        .collect()
}

/// Word patterns, compiled to regexes over folded text.
fn patterns(problems: &mut Problems, list: &Strings) -> Vec<Expr> {
    let mut out = Vec::new();
    for written in list.get_ref() {
        match pattern::compile(written.get_ref(), problems.classes) {
            Ok(compiled) => out.extend(built(problems, written.span(), Expr::pattern(compiled))),
            Err(e) => {
                let at = pattern::offset_in_file(
                    problems.text,
                    written.span(),
                    written.get_ref(),
                    e.offset,
                );
                problems.at(at..at, e.message);
            }
        }
    }
    out
}

fn avoid(problems: &mut Problems, raw: &RawRule) -> Kind {
    let Some(entries) = &raw.avoid else {
        problems.at(
            raw.kind.span(),
            "an `avoid` rule needs at least one [[avoid]] entry with `phrases` or `regex`",
        );
        return Kind::Avoid(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.get_ref() {
        let span = entry.span();
        let entry = entry.get_ref();
        let given = [
            entry.phrases.as_ref().map(|l| l.span()),
            entry.regex.as_ref().map(|r| r.span()),
            entry.patterns.as_ref().map(|l| l.span()),
        ];
        if let Some(second) = given.iter().flatten().nth(1) {
            problems.at(
                second.clone(),
                "an [[avoid]] entry has one of `phrases`, `patterns` or `regex` (split it in two)",
            );
            continue;
        }
        let pattern = if let Some(list) = &entry.phrases {
            if list.get_ref().is_empty() {
                problems.at(list.span(), "`phrases` is empty");
            }
            Pattern::Phrases(phrases(problems, list))
        } else if let Some(list) = &entry.patterns {
            if list.get_ref().is_empty() {
                problems.at(list.span(), "`patterns` is empty");
            }
            Pattern::Words(patterns(problems, list))
        } else if let Some(written) = &entry.regex {
            match regex(problems, written) {
                Some(expr) => Pattern::Regex(expr),
                None => continue,
            }
        } else {
            problems.at(
                span,
                "an [[avoid]] entry needs `phrases`, `patterns` or `regex`",
            );
            continue;
        };
        let replace = match entry.replace.as_ref().map(|r| r.get_ref()) {
            None => Vec::new(),
            Some(OneOrMany::One(one)) => vec![one.clone()],
            Some(OneOrMany::Many(many)) => many.clone(),
        };
        if let Some(message) = &entry.message {
            check_template(problems, message);
        }
        let unless = entry
            .unless
            .as_ref()
            .map(|list| patterns(problems, list))
            .unwrap_or_default();
        out.push(AvoidEntry {
            pattern,
            replace,
            message: entry.message.as_ref().map(|m| m.get_ref().clone()),
            unless,
        });
    }
    if entries.get_ref().is_empty() {
        problems.at(entries.span(), "`avoid` has no entries");
    }
    Kind::Avoid(out)
}

fn require(problems: &mut Problems, raw: &RawRule) -> Kind {
    let phrase_list = |problems: &mut Problems, l: &Option<Strings>| match l {
        Some(l) => phrases(problems, l),
        None => Vec::new(),
    };
    let regex_list = |problems: &mut Problems, r: &Option<Strings>, p: &Option<Strings>| {
        let mut out = r.as_ref().map(|r| regexes(problems, r)).unwrap_or_default();
        out.extend(
            p.as_ref()
                .map(|p| patterns(problems, p))
                .unwrap_or_default(),
        );
        out
    };
    let req = Require {
        phrases: phrase_list(problems, &raw.phrases),
        regexes: regex_list(problems, &raw.regexes, &raw.patterns),
        except: phrase_list(problems, &raw.except),
        except_regexes: regex_list(problems, &raw.except_regexes, &raw.except_patterns),
        within: match (&raw.in_first, &raw.in_last) {
            (Some(first), Some(_)) => {
                problems.at(first.span(), "set `in-first` or `in-last`, not both");
                None
            }
            (Some(n), None) | (None, Some(n)) if *n.get_ref() == 0 => {
                problems.at(n.span(), "counts sentences, so it must be at least 1");
                None
            }
            (Some(n), None) => Some(Within::First(*n.get_ref())),
            (None, Some(n)) => Some(Within::Last(*n.get_ref())),
            (None, None) => None,
        },
        insert: raw.insert.as_ref().map(|i| i.get_ref().clone()),
        insert_at: raw
            .insert_at
            .as_ref()
            .map(|i| *i.get_ref())
            .unwrap_or_default(),
    };
    if let Some(insert) = &raw.insert {
        check_template(problems, insert);
    }
    if raw.phrases.is_none() && raw.regexes.is_none() && raw.patterns.is_none() {
        problems.at(
            raw.kind.span(),
            "a `require` rule needs `phrases`, `patterns` or `regexes` (at least one must occur)",
        );
    }
    Kind::Require(req)
}

fn limit(problems: &mut Problems, raw: &RawRule) -> Kind {
    let count = match &raw.count {
        Some(count) => *count.get_ref(),
        None => {
            problems.at(
                raw.kind.span(),
                "a `limit` rule needs `count` (words, characters, sentences, questions, exclamations, words-per-sentence or sms-segments)",
            );
            Count::Words
        }
    };
    let (min, max) = (
        raw.min.as_ref().map(|m| *m.get_ref()),
        raw.max.as_ref().map(|m| *m.get_ref()),
    );
    match (&raw.min, &raw.max) {
        (None, None) => problems.at(raw.kind.span(), "a `limit` rule needs `min`, `max` or both"),
        (Some(lo), Some(hi)) if lo.get_ref() > hi.get_ref() => problems.at(
            lo.span(),
            format!(
                "impossible limit: min ({}) is above max ({})",
                lo.get_ref(),
                hi.get_ref()
            ),
        ),
        (_, Some(hi)) if *hi.get_ref() == 0 && count == Count::SmsSegments => problems.at(
            hi.span(),
            "impossible limit: a message has at least one SMS segment",
        ),
        _ => {}
    }
    Kind::Limit(Limit { count, min, max })
}

fn cooldown(problems: &mut Problems, raw: &RawRule) -> Kind {
    let days = match &raw.days {
        Some(days) if *days.get_ref() == 0 => {
            problems.at(
                days.span(),
                "impossible cooldown: `days` must be at least 1",
            );
            0
        }
        Some(days) => *days.get_ref(),
        None => {
            problems.at(raw.kind.span(), "a `cooldown` rule needs `days`");
            0
        }
    };
    Kind::Cooldown(Cooldown {
        field: raw
            .field
            .as_ref()
            .map_or_else(|| "last-contact".to_string(), |f| f.get_ref().clone()),
        days,
    })
}

fn examples(problems: &mut Problems, raw: &RawRule) -> Vec<Example> {
    let mut out = Vec::new();
    for example in raw.example.iter().flatten() {
        let span = example.span();
        let line = problems.locate(span.start, "").line;
        let e = example.get_ref();
        let expect = match (&e.bad, &e.good, &e.fixed) {
            (Some(bad), None, fixed) => Expect::Bad {
                text: bad.clone(),
                fixed: fixed.clone(),
            },
            (None, Some(good), None) => Expect::Good(good.clone()),
            (None, Some(_), Some(_)) => {
                problems.at(span, "`fixed` goes with `bad`, not with `good`");
                continue;
            }
            _ => {
                problems.at(span, "an [[example]] has exactly one of `bad` or `good`");
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

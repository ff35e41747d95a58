//! `avoid`: phrases, word patterns and regexes that should not be in the
//! draft, with rewrites as fixes.

use std::ops::Range;
use std::sync::Arc;

use foldhash::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Context, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::expr::{Expr, Haystack};
use crate::fix::Fix;
use crate::matcher::{Hit, Matcher, Role, Use};
use crate::rule::Rule;
use crate::rule::reader::{Reader, Strings};

/// An `avoid` rule: its `[[avoid]]` entries.
#[derive(Clone, Debug)]
pub struct Avoid {
    /// Its entries, in the order written.
    pub entries: Vec<AvoidEntry>,
    /// The rule's own `unless`: a match of any entry that overlaps a match
    /// of one of these is no finding, as if each entry listed them.
    pub unless: Vec<Expr>,
    /// The entries' own `unless` patterns, each once however many entries
    /// list it: one that twenty entries share is matched once, not twenty
    /// times (and its matches are held once on a long draft).
    pub excuses: Vec<Expr>,
}

/// One `[[avoid]]` entry.
#[derive(Clone, Debug)]
pub struct AvoidEntry {
    /// What the entry flags.
    pub pattern: Pattern,
    /// Rewrites, best first; `""` deletes the match.
    pub replace: Vec<String>,
    /// Overrides the rule's message for this entry.
    pub message: Option<String>,
    /// A match that overlaps a match of one of these (indices into
    /// [`Avoid::excuses`]) is no finding.
    pub excused_by: Vec<usize>,
}

/// What an entry flags.
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

/// The keys of an `avoid` rule.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// `avoid` rules: the entries, each with phrases, a regex or patterns, and an optional rewrite.
    #[cfg_attr(test, schemars(with = "Option<Vec<RawEntry>>"))]
    avoid: Option<Spanned<Vec<Spanned<RawEntry>>>>,
    /// `avoid` rules: word patterns that excuse a match of any entry they overlap (each entry may add its own).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    unless: Option<Strings>,
}

/// One entry of an `avoid` rule: exactly one of `phrases`, `regex` and `patterns`.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(rename = "RawAvoid"))]
#[serde(deny_unknown_fields)]
struct RawEntry {
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
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl RuleKind for Avoid {
    type Keys = Keys;
    const NAME: &'static str = "avoid";
    const KEYS: &'static [&'static str] = &["avoid", "unless"];
    const PARAMS: &'static [&'static str] = &[];
    const ALWAYS: bool = false;

    fn read(keys: Keys, reader: &mut Reader, kind: Range<usize>) -> Avoid {
        let Some(entries) = &keys.avoid else {
            reader.at(
                kind,
                "an `avoid` rule needs at least one [[avoid]] entry with `phrases` or `regex`",
            );
            return Avoid {
                entries: Vec::new(),
                unless: Vec::new(),
                excuses: Vec::new(),
            };
        };
        if entries.get_ref().is_empty() {
            reader.at(entries.span(), "`avoid` has no entries");
        }
        let mut excuses = ExcuseNumbers::default();
        let entries = entries
            .get_ref()
            .iter()
            .filter_map(|entry| read_entry(reader, entry, &mut excuses))
            .collect();
        let unless = reader.patterns_of(&keys.unless);
        Avoid {
            entries,
            unless,
            excuses: excuses.list,
        }
    }

    fn uses<'r>(&'r self, out: &mut dyn FnMut(Use<'r>, Role)) {
        for (i, entry) in self.entries.iter().enumerate() {
            let role = Role::Avoid(i);
            match &entry.pattern {
                Pattern::Phrases(list) => list.iter().for_each(|p| out(Use::Phrase(p), role)),
                Pattern::Regex(r) => out(Use::Regex(r), role),
                Pattern::Words(list) => list.iter().for_each(|r| out(Use::Regex(r), role)),
            }
        }
        for (k, r) in self.excuses.iter().enumerate() {
            out(Use::Regex(r), Role::Unless(Some(k)));
        }
        for r in &self.unless {
            out(Use::Regex(r), Role::Unless(None));
        }
    }

    fn templates(&self) -> Vec<&str> {
        self.entries
            .iter()
            .flat_map(|e| {
                e.message
                    .as_deref()
                    .into_iter()
                    .chain(e.replace.iter().map(String::as_str))
            })
            .collect()
    }

    fn summary(&self) -> String {
        let patterns: usize = self
            .entries
            .iter()
            .map(|e| match &e.pattern {
                Pattern::Phrases(p) => p.len(),
                Pattern::Regex(_) => 1,
                Pattern::Words(w) => w.len(),
            })
            .sum();
        format!("Flags {patterns} phrases and patterns in the draft.")
    }

    fn check(
        &self,
        ctx: &Context,
        rule: &Rule,
        hits: &[Hit],
        matcher: &Matcher,
        out: &mut Vec<Diagnostic>,
    ) {
        check(ctx, rule, self, hits, matcher, out);
    }
}

/// The entries' `unless` patterns as they are read, each numbered once.
#[derive(Default)]
struct ExcuseNumbers {
    list: Vec<Expr>,
    numbers: HashMap<(Arc<str>, Haystack), usize>,
}

impl ExcuseNumbers {
    /// The number of `expr`, given at its first listing.
    fn number(&mut self, expr: Expr) -> usize {
        let list = &mut self.list;
        *self
            .numbers
            .entry((Arc::clone(&expr.source), expr.haystack))
            .or_insert_with(|| {
                list.push(expr);
                list.len() - 1
            })
    }
}

/// One `[[avoid]]` entry, validated, its `unless` patterns numbered in
/// `excuses`; `None` when it cannot be built.
fn read_entry(
    reader: &mut Reader,
    entry: &Spanned<RawEntry>,
    excuses: &mut ExcuseNumbers,
) -> Option<AvoidEntry> {
    let span = entry.span();
    let entry = entry.get_ref();
    let given = [
        entry.phrases.as_ref().map(|l| l.span()),
        entry.regex.as_ref().map(|r| r.span()),
        entry.patterns.as_ref().map(|l| l.span()),
    ];
    if let Some(second) = given.iter().flatten().nth(1) {
        reader.at(
            second.clone(),
            "an [[avoid]] entry has one of `phrases`, `patterns` or `regex` (split it in two)",
        );
        return None;
    }
    let pattern = if let Some(list) = &entry.phrases {
        if list.get_ref().is_empty() {
            reader.at(list.span(), "`phrases` is empty");
        }
        Pattern::Phrases(reader.phrases(list))
    } else if let Some(list) = &entry.patterns {
        if list.get_ref().is_empty() {
            reader.at(list.span(), "`patterns` is empty");
        }
        Pattern::Words(reader.patterns(list))
    } else if let Some(written) = &entry.regex {
        Pattern::Regex(reader.regex(written)?)
    } else {
        reader.at(
            span,
            "an [[avoid]] entry needs `phrases`, `patterns` or `regex`",
        );
        return None;
    };
    let replace = match entry.replace.as_ref().map(|r| r.get_ref()) {
        None => Vec::new(),
        Some(OneOrMany::One(one)) => vec![one.clone()],
        Some(OneOrMany::Many(many)) => many.clone(),
    };
    if let Some(message) = &entry.message {
        reader.template(message);
    }
    Some(AvoidEntry {
        pattern,
        replace,
        message: entry.message.as_ref().map(|m| m.get_ref().clone()),
        excused_by: reader
            .patterns_of(&entry.unless)
            .into_iter()
            .map(|expr| excuses.number(expr))
            .collect(),
    })
}

/// Reports `hits` (this rule's). Where the rule's own matches overlap, the
/// first and longest wins (of two alike, one with a rewrite); a match that overlaps
/// a match of its entry's `unless` patterns, or of the rule's, is no finding.
fn check(
    ctx: &Context,
    rule: &Rule,
    avoid: &Avoid,
    hits: &[Hit],
    matcher: &Matcher,
    out: &mut Vec<Diagnostic>,
) {
    let entries = &avoid.entries;
    let unless = Excuses::new(hits);
    // Where two entries match the same words, the one with a rewrite wins.
    let mut order: Vec<&Hit> = hits.iter().collect();
    order.sort_by_key(|h| {
        let rewrites = match h.owner.role {
            Role::Avoid(e) => entries.get(e).is_some_and(|e| !e.replace.is_empty()),
            _ => false,
        };
        (h.span.start, std::cmp::Reverse(h.span.end), !rewrites)
    });
    let mut covered_to = 0;
    for (i, hit) in order.into_iter().enumerate() {
        if ctx.stop.is_due_at(i) {
            return;
        }
        let Role::Avoid(entry) = hit.owner.role else {
            continue;
        };
        let Some(entry) = entries.get(entry) else {
            continue;
        };
        if hit.span.start < covered_to
            || unless.overlap(&entry.excused_by, &hit.span)
            || ctx.draft.is_quoted(&hit.span)
        {
            continue;
        }
        covered_to = hit.span.end;
        let text = ctx.draft.text();
        let matched = &text[hit.span.clone()];
        let fixes = entry
            .replace
            .iter()
            .filter_map(|replacement| fix(ctx, hit, matched, replacement, matcher))
            .collect();
        let template = entry.message.as_deref().unwrap_or(&rule.message);
        out.push(ctx.report(
            rule,
            hit.span.clone(),
            template,
            &[("match", matched)],
            fixes,
        ));
    }
}

/// The matches of each of the entries' `unless` patterns (numbered as in
/// [`Avoid::excuses`]; under `None`, the rule's), to ask in O(log n) whether
/// a span overlaps one: `(excuse, start, the furthest end of this and every
/// earlier match of the excuse)`, sorted.
struct Excuses(Vec<(Option<usize>, usize, usize)>);

impl Excuses {
    fn new(hits: &[Hit]) -> Excuses {
        let mut found: Vec<(Option<usize>, usize, usize)> = hits
            .iter()
            .filter_map(|h| match h.owner.role {
                Role::Unless(excuse) => Some((excuse, h.span.start, h.span.end)),
                _ => None,
            })
            .collect();
        found.sort_unstable();
        for i in 1..found.len() {
            if found[i].0 == found[i - 1].0 {
                found[i].2 = found[i].2.max(found[i - 1].2);
            }
        }
        Excuses(found)
    }

    /// Does `span`, a match of an entry excused by `excuses`, overlap a
    /// match of one of those or of the rule's own `unless`?
    fn overlap(&self, excuses: &[usize], span: &std::ops::Range<usize>) -> bool {
        excuses.iter().any(|&k| self.overlap_of(Some(k), span)) || self.overlap_of(None, span)
    }

    fn overlap_of(&self, excuse: Option<usize>, span: &std::ops::Range<usize>) -> bool {
        // The excuse's matches that start before `span` ends; the last of
        // them knows the furthest end among them all.
        let before = self
            .0
            .partition_point(|&(e, start, _)| (e, start) < (excuse, span.end));
        before > 0 && {
            let (e, _, furthest) = self.0[before - 1];
            e == excuse && furthest > span.start
        }
    }
}

fn fix(
    ctx: &Context,
    hit: &Hit,
    matched: &str,
    replacement: &str,
    matcher: &Matcher,
) -> Option<Fix> {
    let mut new = match hit.regex {
        Some(_) => matcher.expand(ctx.draft, hit, replacement)?,
        None => replacement.to_string(),
    };
    new = ctx.render(&new, &[("match", matched)]);
    if matched.chars().next().is_some_and(char::is_uppercase) {
        new = capitalize(&new);
    }
    if new == matched {
        return None;
    }
    if new.is_empty() {
        let (span, text) = tidy_deletion(ctx.draft.text(), hit.span.clone());
        return Some(Fix::replace(span, text, format!("Remove \"{matched}\"")));
    }
    let title = format!("Replace with \"{new}\"");
    Some(Fix::replace(hit.span.clone(), new, title))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What deleting `span` from `text` should really replace, and with what,
/// so that the sentence left reads as if the words were never there: the
/// spaces and the comma that went with them go too ("Honestly, the file"
/// -> "The file", "fine, honestly." -> "fine.", "I, obviously, forgot" ->
/// "I forgot"), and a sentence that now starts with a small letter gets its
/// capital back.
fn tidy_deletion(text: &str, span: Range<usize>) -> (Range<usize>, String) {
    let blank = |c: char| c == ' ' || c == '\t';
    let spaces_after = text[span.end..].len() - text[span.end..].trim_start_matches(blank).len();
    let spaces_before = text[..span.start].len() - text[..span.start].trim_end_matches(blank).len();
    let next = text[span.end + spaces_after..].chars().next();
    let previous = text[..span.start - spaces_before].chars().next_back();
    let sentence_start = text[..span.start]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'))
        || text[..span.start - spaces_before].ends_with('\n');
    let sentence_end = next.is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '\r'));
    let (start, end) = match (previous, next) {
        // "I, obviously, forgot": both commas go, one space stays.
        (Some(','), Some(',')) => (span.start - spaces_before - 1, span.end + spaces_after + 1),
        // "Honestly, the file" or "and honestly, it": the comma after goes.
        (_, Some(',')) => {
            let after = span.end + spaces_after + 1;
            let more = text[after..].len() - text[after..].trim_start_matches(blank).len();
            (span.start, after + more)
        }
        // "fine, honestly." and "fine honestly.": what led up to it goes.
        (Some(','), _) if sentence_end => (span.start - spaces_before - 1, span.end),
        _ if sentence_end => (span.start - spaces_before, span.end),
        _ if spaces_after > 0 => (span.start, span.end + spaces_after),
        _ => (span.start - spaces_before, span.end),
    };
    // The word that now starts the sentence gets its capital.
    if sentence_start
        && start == span.start
        && let Some(first) = text[end..].chars().next().filter(|c| c.is_lowercase())
    {
        return (
            start..end + first.len_utf8(),
            first.to_uppercase().collect(),
        );
    }
    (start..end, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Owner;

    fn hit(role: Role, span: std::ops::Range<usize>) -> Hit {
        Hit {
            owner: Owner { rule: 0, role },
            span,
            regex: None,
            folded: None,
        }
    }

    /// Deleting a word leaves a sentence that reads as if it was never
    /// there, wherever the word stood.
    #[test]
    fn deletions_take_their_commas_and_restore_capitals() {
        let cases = [
            (
                "Honestly, the file is late.",
                "Honestly",
                "The file is late.",
            ),
            (
                "Honestly the file is late.",
                "Honestly",
                "The file is late.",
            ),
            (
                "Sorry. Honestly, it was late.",
                "Honestly",
                "Sorry. It was late.",
            ),
            (
                "I, obviously, forgot the file.",
                "obviously",
                "I forgot the file.",
            ),
            (
                "I obviously forgot the file.",
                "obviously",
                "I forgot the file.",
            ),
            ("It was fine, honestly.", "honestly", "It was fine."),
            ("It was fine honestly!", "honestly", "It was fine!"),
            (
                "It was late, but honestly, who cares",
                "honestly",
                "It was late, but who cares",
            ),
            (
                "Hi Sam,\nhonestly, I miss you.",
                "honestly",
                "Hi Sam,\nI miss you.",
            ),
            ("honestly", "honestly", ""),
        ];
        for (text, word, expected) in cases {
            let start = text.find(word).unwrap();
            let (span, new) = tidy_deletion(text, start..start + word.len());
            let out = format!("{}{new}{}", &text[..span.start], &text[span.end..]);
            assert_eq!(out, expected, "{word} in {text:?}");
        }
    }

    #[test]
    fn excuses_find_overlaps_of_the_same_excuse_only() {
        let hits = [
            hit(Role::Unless(Some(0)), 0..30),
            hit(Role::Unless(Some(0)), 5..8),
            hit(Role::Unless(Some(1)), 40..50),
        ];
        let excuses = Excuses::new(&hits);
        assert!(
            excuses.overlap(&[0], &(20..35)),
            "the long one reaches past the short one"
        );
        assert!(!excuses.overlap(&[0], &(30..35)));
        assert!(!excuses.overlap(&[0], &(40..45)), "another excuse's");
        assert!(excuses.overlap(&[1], &(45..60)));
        assert!(excuses.overlap(&[0, 1], &(45..60)), "an entry with both");
        assert!(!excuses.overlap(&[1], &(0..40)));
        assert!(!excuses.overlap(&[2], &(0..100)));
        assert!(!excuses.overlap(&[], &(0..100)), "an entry with none");
    }

    #[test]
    fn the_rules_own_excuses_cover_every_entry() {
        let hits = [
            hit(Role::Unless(Some(1)), 0..10),
            hit(Role::Unless(None), 20..30),
        ];
        let excuses = Excuses::new(&hits);
        assert!(excuses.overlap(&[], &(25..40)));
        assert!(excuses.overlap(&[7], &(15..21)));
        assert!(!excuses.overlap(&[0], &(5..15)), "excuse 1's own");
        assert!(excuses.overlap(&[1], &(5..15)));
        assert!(!excuses.overlap(&[0], &(30..40)));
    }
}

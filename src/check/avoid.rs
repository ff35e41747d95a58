//! `avoid`: phrases and regexes that should not be in the draft, with
//! rewrites as fixes.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::matcher::{Hit, Matcher, Role};
use crate::rule::{AvoidEntry, Rule};

use super::Context;

/// Reports `hits` (this rule's). Where the rule's own matches overlap, the
/// first and longest wins (of two alike, one with a rewrite); a match that overlaps
/// a match of its entry's `unless` patterns is no finding.
pub fn check(
    ctx: &Context,
    rule: &Rule,
    entries: &[AvoidEntry],
    hits: &[Hit],
    matcher: &Matcher,
    out: &mut Vec<Diagnostic>,
) {
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
        if hit.span.start < covered_to
            || unless.overlap(entry, &hit.span)
            || ctx.draft.is_quoted(&hit.span)
        {
            continue;
        }
        covered_to = hit.span.end;
        let Some(entry) = entries.get(entry) else {
            continue;
        };
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

/// The matches of each entry's `unless` patterns, to ask in O(log n)
/// whether a span overlaps one: `(entry, start, the furthest end of this and
/// every earlier match of the entry)`, sorted.
struct Excuses(Vec<(usize, usize, usize)>);

impl Excuses {
    fn new(hits: &[Hit]) -> Excuses {
        let mut found: Vec<(usize, usize, usize)> = hits
            .iter()
            .filter_map(|h| match h.owner.role {
                Role::Unless(entry) => Some((entry, h.span.start, h.span.end)),
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

    fn overlap(&self, entry: usize, span: &std::ops::Range<usize>) -> bool {
        // The entry's matches that start before `span` ends; the last of
        // them knows the furthest end among them all.
        let before = self
            .0
            .partition_point(|&(e, start, _)| (e, start) < (entry, span.end));
        before > 0 && {
            let (e, _, furthest) = self.0[before - 1];
            e == entry && furthest > span.start
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
    fn excuses_find_overlaps_of_the_same_entry_only() {
        let hits = [
            hit(Role::Unless(0), 0..30),
            hit(Role::Unless(0), 5..8),
            hit(Role::Unless(1), 40..50),
        ];
        let excuses = Excuses::new(&hits);
        assert!(
            excuses.overlap(0, &(20..35)),
            "the long one reaches past the short one"
        );
        assert!(!excuses.overlap(0, &(30..35)));
        assert!(!excuses.overlap(0, &(40..45)), "another entry's");
        assert!(excuses.overlap(1, &(45..60)));
        assert!(!excuses.overlap(1, &(0..40)));
        assert!(!excuses.overlap(2, &(0..100)));
    }
}

//! `avoid`: phrases and regexes that should not be in the draft, with
//! rewrites as fixes.

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
    for hit in order {
        let Role::Avoid(entry) = hit.owner.role else {
            continue;
        };
        if hit.span.start < covered_to || unless.overlap(entry, &hit.span) {
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
        let span = tidy_deletion(ctx.draft.text(), hit.span.clone());
        return Some(Fix::replace(span, "", format!("Remove \"{matched}\"")));
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

/// Widens a deletion over the spaces that separate it from its neighbours,
/// so removing a phrase does not leave a double space behind.
fn tidy_deletion(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let after = text[span.end..].len() - text[span.end..].trim_start_matches([' ', '\t']).len();
    if after > 0 {
        return span.start..span.end + after;
    }
    let before = text[..span.start].len() - text[..span.start].trim_end_matches([' ', '\t']).len();
    span.start - before..span.end
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

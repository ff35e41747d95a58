//! `avoid`: phrases and regexes that should not be in the draft, with
//! rewrites as fixes.

use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::matcher::{Hit, Matcher, Role};
use crate::rule::{AvoidEntry, Rule};

use super::Context;

/// Reports `hits` (this rule's, sorted by start then longest first). Where
/// the rule's own matches overlap, the longest wins.
pub fn check(
    ctx: &Context,
    rule: &Rule,
    entries: &[AvoidEntry],
    hits: &[Hit],
    matcher: &Matcher,
    out: &mut Vec<Diagnostic>,
) {
    let mut covered_to = 0;
    for hit in hits {
        let Role::Avoid(entry) = hit.owner.role else {
            continue;
        };
        if hit.span.start < covered_to {
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

fn fix(
    ctx: &Context,
    hit: &Hit,
    matched: &str,
    replacement: &str,
    matcher: &Matcher,
) -> Option<Fix> {
    let mut new = match hit.regex {
        Some(index) => matcher.expand(index, ctx.draft.body(), &hit.span, replacement)?,
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

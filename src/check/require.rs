//! `require`: at least one phrase or regex must occur (optionally within the
//! first or last sentences); the fix inserts a suggested sentence.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::draft::Draft;
use crate::fix::Fix;
use crate::matcher::{Hit, Role};
use crate::rule::{InsertAt, Require, Rule, Within};
use crate::text::is_word_char;

use super::Context;

pub fn check(ctx: &Context, rule: &Rule, req: &Require, hits: &[Hit], out: &mut Vec<Diagnostic>) {
    let draft = ctx.draft;
    let sentences = draft.sentences();
    let region = match req.within {
        None => draft.body_range(),
        Some(Within::First(n)) => match sentences.get(n.saturating_sub(1)).or(sentences.last()) {
            Some(last) => draft.body_range().start..last.end,
            None => draft.body_range(),
        },
        Some(Within::Last(n)) => {
            // Count from the last sentence before a sign-off, where an
            // inserted sentence goes too: otherwise a fix would never count.
            let end = ctx.content_end();
            match sentences.get((end + 1).saturating_sub(n)) {
                Some(first) => first.start..draft.body_range().end,
                None => draft.body_range(),
            }
        }
    };
    let excepts: Vec<&Range<usize>> = hits
        .iter()
        .filter(|h| h.owner.role == Role::Except)
        .map(|h| &h.span)
        .collect();
    let found = hits.iter().any(|h| {
        h.owner.role == Role::Require
            && region.contains(&h.span.start)
            && !excepts
                .iter()
                .any(|e| e.start < h.span.end && h.span.start < e.end)
    });
    if found {
        return;
    }
    let at = insertion(ctx, req.insert_at);
    let span = match req.within {
        Some(Within::First(_)) => sentences.first().cloned(),
        Some(Within::Last(_)) => sentences.last().cloned(),
        None => at.sentence.clone(),
    }
    .unwrap_or(at.offset..at.offset);
    let fixes = req
        .insert
        .iter()
        .map(|template| {
            let sentence = ctx.render(template, &[]);
            let text = format!("{}{sentence}{}", at.before, at.after);
            Fix::suggest(at.offset, text, format!("Add \"{sentence}\""))
        })
        .collect();
    out.push(ctx.report(rule, span, &rule.message, &[], fixes));
}

/// Where an inserted sentence goes, what separates it from its neighbours,
/// and the sentence it stands beside (for the diagnostic's span).
struct Insertion {
    offset: usize,
    before: &'static str,
    after: &'static str,
    sentence: Option<Range<usize>>,
}

fn insertion(ctx: &Context, at: InsertAt) -> Insertion {
    let draft = ctx.draft;
    let sentences = draft.sentences();
    let text = draft.text();
    let Some(first) = sentences.first() else {
        return Insertion {
            offset: draft.body_range().start,
            before: "",
            after: "",
            sentence: None,
        };
    };
    match at {
        InsertAt::AfterGreeting if is_greeting(&text[first.clone()]) => match sentences.get(1) {
            Some(next) => Insertion {
                offset: next.start,
                before: "",
                after: " ",
                sentence: Some(next.clone()),
            },
            None => Insertion {
                offset: first.end,
                before: " ",
                after: "",
                sentence: Some(first.clone()),
            },
        },
        InsertAt::Start | InsertAt::AfterGreeting => Insertion {
            offset: first.start,
            before: "",
            after: " ",
            sentence: Some(first.clone()),
        },
        InsertAt::End => {
            // Go in before a sign-off ("Take care,", "Alex") when there is one.
            let sentence = sentences[ctx.content_end()].clone();
            // "sorry" typed without a full stop gets one, so that the new
            // sentence does not run on from it ("sorry I'd like to ...").
            let open = text[sentence.clone()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            Insertion {
                offset: sentence.end,
                before: if open { ". " } else { " " },
                after: "",
                sentence: Some(sentence),
            }
        }
    }
}

/// The index of the last sentence before any sign-off lines (0 when there
/// are no sentences).
pub fn content_end(draft: &Draft) -> usize {
    let sentences = draft.sentences();
    let mut last = sentences.len().saturating_sub(1);
    while last > 0 && is_sign_off(&draft.text()[sentences[last].clone()]) {
        last -= 1;
    }
    last
}

/// Has `s` at most `n` words? (Stops counting past `n`.)
fn at_most_words(s: &str, n: usize) -> bool {
    s.split(|c: char| !is_word_char(c) && c != '\'')
        .filter(|w| !w.is_empty())
        .nth(n)
        .is_none()
}

/// "Hi Sam," or "Dear Alex, I wanted to write." — a first sentence that
/// greets; a caring question goes after it.
fn is_greeting(sentence: &str) -> bool {
    let lower = sentence.trim().to_lowercase();
    let opener = [
        "hi",
        "hey",
        "hello",
        "dear",
        "hiya",
        "good morning",
        "good evening",
        "morning",
    ]
    .iter()
    .any(|g| {
        lower
            .strip_prefix(g)
            .is_some_and(|rest| !rest.starts_with(is_word_char))
    });
    opener || (lower.ends_with(',') && at_most_words(&lower, 4))
}

/// A short closing line without final punctuation: "Take care,", "Alex".
fn is_sign_off(sentence: &str) -> bool {
    let s = sentence.trim();
    !s.ends_with(['.', '?', '!', '…']) && at_most_words(s, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_and_sign_offs() {
        assert!(is_greeting("Hi Sam,"));
        assert!(is_greeting("Dear Alex"));
        assert!(is_greeting("Hi Sam, I wanted to write."));
        assert!(is_greeting("Sam,"));
        assert!(!is_greeting("Sam, it has been a long time."));
        assert!(!is_greeting("Highlights from the week."));
        assert!(is_sign_off("Take care,"));
        assert!(is_sign_off("Alex"));
        assert!(!is_sign_off("See you."));
    }
}

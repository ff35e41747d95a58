//! Prose views of a draft that several checks share: which sentence greets,
//! which lines sign off, where the message itself ends, what asks a
//! question. Heuristics on plain sentences, with no rule behind them.

use super::Draft;
use crate::text::is_word_char;

/// Does `sentence` ask something? ("Free Sunday?", "Is that ok?)")
pub fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .ends_with('?')
}

/// The index of the last sentence of `draft` before any sign-off lines (0
/// when there are no sentences); [`Draft::content_end`] keeps it.
pub(super) fn content_end(draft: &Draft) -> usize {
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
pub fn is_greeting(sentence: &str) -> bool {
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

/// A short closing line without final punctuation: "Take care,", "Alex";
/// not a short line about the writer ("I miss you").
pub fn is_sign_off(sentence: &str) -> bool {
    let s = sentence.trim();
    !s.ends_with(['.', '?', '!', '…'])
        && at_most_words(s, 3)
        && !s
            .split(|c: char| !is_word_char(c) && c != '\'' && c != '’')
            .any(|w| w == "I" || w.starts_with("I'") || w.starts_with("I’"))
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
        assert!(!is_sign_off("I miss you"));
        assert!(!is_sign_off("I'm sorry"));
        assert!(is_sign_off("Miss you,"));
        assert!(is_question("Free Sunday?") && is_question("Is that ok?)"));
        assert!(!is_question("Call me."));
    }

    #[test]
    fn the_message_ends_before_its_sign_off() {
        let draft = Draft::parse(
            "Hi Sam,\n\nI'm sorry. Can we talk?\n\nTake care,\nAlex\n",
            super::super::Format::Text,
        );
        let end = draft.content_end();
        assert_eq!(
            &draft.text()[draft.sentences()[end].clone()],
            "Can we talk?"
        );
    }
}

//! Exact positions in drafts with emoji, CJK, combining marks, curly quotes
//! and every kind of line break.

use draftlint::line_index::{Encoding, LineIndex};
use draftlint::{Draft, Format, LintOptions, Linter};

fn linter() -> Linter {
    let rule = r#"
kind = "avoid"
message = "found {match}"
[[avoid]]
phrases = ["I'm sorry if", "café crème", "你好", "never listen"]
"#;
    let rule = draftlint::rule::parse(std::path::Path::new("t.toml"), rule, false).unwrap();
    Linter::new(vec![rule]).unwrap()
}

fn found(text: &str) -> Vec<&str> {
    linter()
        .lint(&Draft::parse(text, Format::Text), &LintOptions::default())
        .into_iter()
        .map(|d| &text[d.span])
        .collect()
}

#[test]
fn spans_are_exact_after_emoji_cjk_and_combining_marks() {
    let text = "👋🏽 Hi! 世界 — I’M SORRY IF that hurt. Cafe\u{301}? No: café crème. 你好!";
    assert_eq!(found(text), ["I’M SORRY IF", "café crème", "你好"]);
}

#[test]
fn phrases_match_across_line_breaks_of_every_kind() {
    for text in [
        "you never\nlisten",
        "you never\r\nlisten",
        "you never\rlisten",
        "you  never \t listen",
    ] {
        let hits = found(text);
        assert_eq!(hits.len(), 1, "{text:?}");
        assert!(hits[0].starts_with("never") && hits[0].ends_with("listen"));
    }
}

#[test]
fn whole_words_only_in_any_script() {
    assert!(found("forever listening").is_empty());
    assert!(
        found("你好吗").len() == 1,
        "CJK has no spaces between words: substring match is expected"
    );
    assert!(found("éclairnever listen").is_empty());
}

#[test]
fn positions_in_each_encoding_after_emoji_and_crlf() {
    let text = "line one\r\n😀 你好 ok\rthird";
    let start = text.find("你好").unwrap();
    let index = LineIndex::new(text);
    assert_eq!(index.position(text, start, Encoding::Utf16), (1, 3));
    assert_eq!(index.position(text, start, Encoding::Utf8), (1, 5));
    assert_eq!(index.position(text, start, Encoding::Utf32), (1, 2));
    let third = text.find("third").unwrap();
    assert_eq!(index.position(text, third, Encoding::Utf16), (2, 0));
    assert_eq!(found(text), ["你好"]);
}

//! Quotations: the spans between quotation marks, double or single, whose
//! words `avoid` rules do not judge.

use std::ops::Range;

/// Words that an apostrophe at their start shortens ("'cause", "'til"):
/// that apostrophe opens no quotation.
const ELISIONS: &[&str] = &[
    "bout",
    "cause",
    "coz",
    "cuz",
    "em",
    "fraid",
    "kay",
    "member",
    "n",
    "nuff",
    "round",
    "scuse",
    "specially",
    "sup",
    "til",
    "till",
    "tis",
    "twas",
];

/// Does the single quote mark at `line[i]` open a quotation: after a space,
/// the line's start or an opening bracket, before a letter that does not
/// begin an elision? (An apostrophe inside a word, "don't", has letters on
/// both sides; one that ends a word, "the kids' room", a letter before it.)
fn opens_single(line: &str, i: usize, c: char) -> bool {
    let before = line[..i].chars().next_back();
    let after = &line[i + c.len_utf8()..];
    let word: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    before.is_none_or(|b| b.is_whitespace() || "([{'\"\u{201c}".contains(b))
        && !word.is_empty()
        && !ELISIONS.contains(&word.as_str())
}

/// Does the single quote mark at `line[i]` close a quotation: after a
/// letter or punctuation, before a space, punctuation or the line's end?
fn closes_single(line: &str, i: usize, c: char) -> bool {
    let before = line[..i].chars().next_back();
    let after = line[i + c.len_utf8()..].chars().next();
    before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric())
}

/// The spans between quotation marks in `text[within]`, each on one line and
/// sorted by end: straight double quotes pair up in order along a line (an
/// odd one out quotes nothing); a curly or angle opening mark pairs with the
/// next closing one; a single quote mark that opens (see [`opens_single`])
/// pairs with the next that closes.
pub(super) fn quoted(text: &str, within: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = within.start;
    for line in text[within].split_inclusive('\n') {
        let mut straight: Option<usize> = None;
        let mut curly: Option<usize> = None;
        let mut single: Option<usize> = None;
        for (i, c) in line.char_indices() {
            let here = at + i;
            match c {
                '\'' | '\u{2018}' | '\u{2019}' => match single {
                    Some(open) if c != '\u{2018}' && closes_single(line, i, c) => {
                        out.push(open..here + c.len_utf8());
                        single = None;
                    }
                    None if c != '\u{2019}' && opens_single(line, i, c) => single = Some(here),
                    _ => {}
                },
                '"' => match straight.take() {
                    Some(open) => out.push(open..here + 1),
                    None => straight = Some(here),
                },
                '\u{201c}' | '\u{ab}' => curly = Some(here),
                '\u{201d}' | '\u{bb}' => {
                    if let Some(open) = curly.take() {
                        out.push(open..here + c.len_utf8());
                    }
                }
                _ => {}
            }
        }
        at += line.len();
    }
    out.sort_by_key(|q| (q.end, q.start));
    out
}

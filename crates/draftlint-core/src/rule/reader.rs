//! Reading the values of a rule file: phrases, regexes, word patterns and
//! message templates, each checked where it is written. [`file`](super::file)
//! reads the keys every rule has and each [kind](super::kind) reads its own
//! with the same [`Reader`], so a problem points at its `line:column` however
//! deep in the file it is, and every problem of a file is reported.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::error::Located;
use crate::expr::{Expr, Haystack};
use crate::line_index::LineIndex;
use crate::pattern::{self, Classes};
use crate::template;
use crate::text::fold_phrase;

/// A list of strings, each with its place.
pub type Strings = Spanned<Vec<Spanned<String>>>;

/// One rule file being read: its text, the word classes its patterns may
/// name, and the problems found so far.
pub struct Reader<'a> {
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

impl<'a> Reader<'a> {
    /// A reader of `text`, the content of `path`; a user's file (`eager`)
    /// has its regexes compiled as they are read.
    pub fn new(path: &'a Path, text: &'a str, classes: &'a Classes, eager: bool) -> Self {
        Reader {
            path,
            text,
            found: Vec::new(),
            classes,
            eager,
            lines: OnceCell::new(),
        }
    }

    /// The file's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// `message` at byte `offset` of the file.
    pub fn locate(&self, offset: usize, message: impl Into<String>) -> Located {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        Located::indexed(self.path, self.text, lines, offset, message)
    }

    /// Records a problem at `span`.
    pub fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let found = self.locate(span.start, message);
        self.found.push(found);
    }

    /// `value`, what was read, unless a problem was found (a reading that
    /// gives `None` has recorded why).
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<Located>> {
        match value {
            Some(value) if self.found.is_empty() => Ok(value),
            _ => Err(self.found),
        }
    }

    /// Checks a message or rewrite template (`{to|them}`), reporting a
    /// broken placeholder where it is written.
    pub fn template(&mut self, template: &Spanned<String>) {
        if let Err((offset, message)) = template::validate(template.get_ref()) {
            // Find the faulty part in the file as written (the string may be
            // multi-line or hold escapes, so offsets in the value do not carry).
            let span = template.span();
            let fragment: String = template.get_ref()[offset..]
                .chars()
                .take_while(|c| !matches!(c, '\n' | '"' | '\\' | '\''))
                .take(24)
                .collect();
            let at = self.text[span.clone()]
                .find(&fragment)
                .map_or(span.start, |i| span.start + i);
            self.at(at..at, message);
        }
    }

    /// Phrases, each non-empty once folded.
    pub fn phrases(&mut self, list: &Strings) -> Vec<String> {
        let mut out = Vec::new();
        for phrase in list.get_ref() {
            if fold_phrase(phrase.get_ref()).is_empty() {
                self.at(phrase.span(), "empty phrase");
            } else {
                out.push(phrase.get_ref().clone());
            }
        }
        out
    }

    /// Phrases of an optional key (none when it is absent).
    pub fn phrases_of(&mut self, list: &Option<Strings>) -> Vec<String> {
        list.as_ref().map(|l| self.phrases(l)).unwrap_or_default()
    }

    /// A regex as written in a rule, checked and (for user rules) compiled.
    pub fn regex(&mut self, written: &Spanned<String>) -> Option<Expr> {
        // In a "..." string `\b` is a backspace, so the regex would look for
        // one and never match.
        if written.get_ref().contains(['\u{8}', '\u{c}']) {
            self.at(
                written.span(),
                "this regex holds a backspace or form feed: in a \"...\" string `\\b` and `\\f` are those characters; write regexes in single quotes ('\\bword\\b')",
            );
            return None;
        }
        if let Err((message, offset)) = check_regex(written.get_ref()) {
            let at = offset.map_or(written.span().start, |offset| {
                pattern::offset_in_file(self.text, written.span(), written.get_ref(), offset)
            });
            self.at(at..at, message);
            return None;
        }
        self.built(
            written.span(),
            Expr::new(written.get_ref().as_str(), Haystack::Original),
        )
    }

    /// Regexes of an optional key.
    pub fn regexes_of(&mut self, list: &Option<Strings>) -> Vec<Expr> {
        let Some(list) = list else {
            return Vec::new();
        };
        list.get_ref()
            .iter()
            .filter_map(|written| self.regex(written))
            .collect()
    }

    /// Word patterns, compiled to regexes over folded text.
    pub fn patterns(&mut self, list: &Strings) -> Vec<Expr> {
        let mut out = Vec::new();
        for written in list.get_ref() {
            match pattern::compile(written.get_ref(), self.classes) {
                Ok(compiled) => out.extend(self.built(written.span(), Expr::pattern(compiled))),
                Err(e) => {
                    let at = pattern::offset_in_file(
                        self.text,
                        written.span(),
                        written.get_ref(),
                        e.offset,
                    );
                    self.at(at..at, e.message);
                }
            }
        }
        out
    }

    /// Word patterns of an optional key.
    pub fn patterns_of(&mut self, list: &Option<Strings>) -> Vec<Expr> {
        list.as_ref().map(|l| self.patterns(l)).unwrap_or_default()
    }

    /// `expr`, once it has compiled within the size limit (when compiling now).
    fn built(&mut self, span: Range<usize>, expr: Expr) -> Option<Expr> {
        if self.eager
            && let Err(message) = expr.build()
        {
            self.at(span, message);
            return None;
        }
        Some(expr)
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

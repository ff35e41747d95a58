//! A draft, parsed once: front matter, the lintable body, sentences.
//!
//! Every offset in a [`Draft`] is a byte offset into the original text. The
//! parts that must not be linted (front matter, Markdown code, URLs, HTML
//! comments) are not cut out but blanked with [`FILLER`] in [`Draft::body`],
//! a copy of the same length, so no offset ever needs translating back.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::{self, Folded};
use crate::words::WordStarts;

mod front;
mod markdown;
pub mod prose;
mod quotes;
mod sentences;

pub use front::{Field, FrontMatter, MAX_FRONT_DEPTH, MAX_FRONT_MATTER};
pub use markdown::Suppression;

use front::front_matter;
use markdown::{block_markers, markdown};
use quotes::quoted;
use sentences::split_sentences;

/// How to read a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown: code, link targets and HTML comments are not prose, and
    /// `<!-- draftlint-disable ... -->` comments switch rules off.
    Markdown,
}

/// What blanked-out text is replaced with. Not white space and not a word
/// character, so a phrase never matches across a code span or a URL, and not
/// a sentence terminator, so it does not split sentences either.
pub const FILLER: char = '\u{1A}';

/// White space or [`FILLER`]: what trimming removes around prose.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == FILLER
}

/// File extensions read as Markdown.
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdx", "mkd"];

impl Format {
    /// Markdown for the [`MARKDOWN_EXTENSIONS`], plain text otherwise.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext)
                if MARKDOWN_EXTENSIONS
                    .iter()
                    .any(|m| ext.eq_ignore_ascii_case(m)) =>
            {
                Format::Markdown
            }
            _ => Format::Text,
        }
    }
}

/// A parsed draft. Cheap to build; sentences and folded text are computed on
/// first use, since not every rule set needs them.
#[derive(Debug)]
pub struct Draft<'a> {
    text: &'a str,
    body: Cow<'a, str>,
    body_range: Range<usize>,
    /// How the text is read.
    pub format: Format,
    /// The front matter (empty when there is none).
    pub front: FrontMatter,
    /// Where Markdown comments switch rules off (none in plain text).
    pub suppressions: Vec<Suppression>,
    sentences: OnceCell<Vec<Range<usize>>>,
    words: OnceCell<WordStarts>,
    folded: OnceCell<Folded>,
    quotes: OnceCell<Vec<Range<usize>>>,
    content_end: OnceCell<usize>,
}

/// URLs and e-mail addresses. ASCII word boundaries: Unicode ones make the
/// regex engine leave its fast path on any draft with an emoji or accent.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>()\[\]]+|(?-u:\b)[\w.+-]+@[\w-]+\.[\w.-]+(?-u:\b)",
    )
    .expect("static regex")
});

impl<'a> Draft<'a> {
    /// Parses `text` read as `format`: its front matter and, in the body, what
    /// is not prose (blanked), with the suppressions of a Markdown draft.
    pub fn parse(text: &'a str, format: Format) -> Draft<'a> {
        let front = front_matter(text);
        // A byte-order mark stays first: nothing is inserted before it.
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body_start = front.span.end.max(bom);
        let mut masks: Vec<Range<usize>> = Vec::new();
        if !front.span.is_empty() {
            masks.push(front.span.clone());
        }
        let mut suppressions = Vec::new();
        if format == Format::Markdown {
            markdown(text, body_start, &mut masks, &mut suppressions);
        }
        let body_text = &text[body_start..];
        // Most drafts have neither: skip the regex for them (memchr's
        // searches are vectorised; `str::contains` with a string is not).
        let bytes = body_text.as_bytes();
        if memchr::memmem::find(bytes, b"://").is_some()
            || memchr::memmem::find(bytes, b"www.").is_some()
            || memchr::memchr(b'@', bytes).is_some()
        {
            masks.extend(
                URL.find_iter(body_text)
                    .map(|m| m.start() + body_start..m.end() + body_start),
            );
        }
        let body = if masks.is_empty() {
            Cow::Borrowed(text)
        } else {
            let mut bytes = text.as_bytes().to_vec();
            for mask in &masks {
                blank(text, &mut bytes, mask.clone());
            }
            // Blanking replaces whole characters by ASCII, so this never fails.
            Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
        };
        Draft {
            text,
            body,
            body_range: body_start..text.len(),
            format,
            front,
            suppressions,
            sentences: OnceCell::new(),
            words: OnceCell::new(),
            folded: OnceCell::new(),
            quotes: OnceCell::new(),
            content_end: OnceCell::new(),
        }
    }

    /// The original text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text with everything that is not prose blanked out (same length).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Where the body starts and ends (after the front matter).
    pub fn body_range(&self) -> Range<usize> {
        self.body_range.clone()
    }

    /// Sentences of the body that contain at least one word, trimmed.
    /// A line break ends a sentence, except where a long line simply wraps
    /// into a next line that starts in lower case (hard-wrapped prose).
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences.get_or_init(|| {
            let start = self.body_range.start;
            let markdown = self.format == Format::Markdown;
            let body = &self.body[start..];
            let mut out = Vec::new();
            split_sentences(body, |r| {
                let trimmed = body[r.clone()].trim_end_matches(is_blank);
                let mut lead = trimmed.len() - trimmed.trim_start_matches(is_blank).len();
                if markdown {
                    // "# Hi" is the sentence "Hi": an inserted sentence
                    // must not go in front of the heading marker.
                    lead += block_markers(&trimmed[lead..]);
                }
                let words = trimmed[lead.min(trimmed.len())..]
                    .chars()
                    .any(text::is_word_char);
                if words {
                    out.push(start + r.start + lead..start + r.start + trimmed.len());
                }
            });
            out
        })
    }

    /// The folded body (see [`crate::text`]) for phrase matching.
    pub fn folded(&self) -> &Folded {
        self.folded
            .get_or_init(|| text::fold(&self.body[self.body_range.clone()]))
    }

    /// Where the body's words start (Unicode word boundaries, UAX #29).
    pub fn words(&self) -> &WordStarts {
        // The front matter is blanked in the body, so it has no words.
        self.words.get_or_init(|| WordStarts::of(&self.body))
    }

    /// The index of the last sentence before any sign-off lines ("Take
    /// care,", "Alex"): where the message itself ends (0 when there are no
    /// sentences).
    pub fn content_end(&self) -> usize {
        *self.content_end.get_or_init(|| prose::content_end(self))
    }

    /// Does `span` lie inside quotation marks on one line (`"..."`, `“...”`,
    /// `«...»`, `'...'`, `‘...’`)? Quoted words are someone else's: what
    /// they said, a film's line, a saying. `avoid` rules judge the writer's
    /// own words only.
    pub fn is_quoted(&self, span: &Range<usize>) -> bool {
        let quotes = self
            .quotes
            .get_or_init(|| quoted(&self.body, self.body_range.clone()));
        // Straight quotes may sit inside curly ones: look at the two that
        // end first after the span's end.
        let i = quotes.partition_point(|q| q.end < span.end);
        quotes[i..]
            .iter()
            .take(2)
            .any(|q| q.start <= span.start && span.end <= q.end)
    }

    /// Is `rule` switched off at `offset` by a comment or the front matter?
    pub fn is_suppressed(&self, rule: &str, offset: usize) -> bool {
        self.front.disabled.iter().any(|r| r == rule || r == "all")
            || self.suppressions.iter().any(|s| s.covers(rule, offset))
    }
}

/// Replaces the characters in `range` with [`FILLER`], keeping line breaks
/// so that lines and sentences around a masked block stay where they are.
fn blank(text: &str, bytes: &mut [u8], range: Range<usize>) {
    let range = range.start.min(text.len())..range.end.min(text.len());
    for (i, b) in text.as_bytes()[range.clone()].iter().enumerate() {
        if *b != b'\n' && *b != b'\r' {
            bytes[range.start + i] = FILLER as u8;
        }
    }
    // A masked block stands between sentences: end it with a break so the
    // segmenter does not glue the prose around it together.
    if let Some(last) = range.end.checked_sub(1)
        && range.len() > 2
        && bytes[last] == FILLER as u8
        && text.as_bytes()[range.start..range.end].contains(&b'\n')
    {
        bytes[last] = b'\n';
    }
}

#[cfg(test)]
mod tests {
    use super::sentences::{SENTENCE_BYTES, next_stop};
    use super::*;

    #[test]
    fn stops_eight_at_a_time_are_the_bytewise_ones() {
        let alphabet = [
            b'a', b' ', b'\n', b'\r', b'.', b'!', b'?', b'\t', 0x0B, b'-', b'/', b'>', b'@', 0x80,
            0xA6, 0xE2, 0xE3, 0xEF,
        ];
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let seed = rng.next();
            let bytes: Vec<u8> = (0..seed % 40)
                .map(|k| alphabet[(seed >> (k % 48)) as usize % alphabet.len()])
                .collect();
            for from in 0..=bytes.len() {
                let expected = bytes[from..]
                    .iter()
                    .position(|&b| SENTENCE_BYTES[usize::from(b)])
                    .map(|found| from + found);
                assert_eq!(next_stop(&bytes, from), expected, "{bytes:?} {from}");
            }
        }
    }

    #[test]
    fn yaml_front_matter_fields_and_spans() {
        let text = "---\nto: Sam\nlast-contact: 2026-11-20\ndisable: [no-pressure, apologize]\n---\nHi Sam.\n";
        let draft = Draft::parse(text, Format::Text);
        assert_eq!(draft.front.get("to"), Some("Sam"));
        let field = &draft.front.fields["last-contact"];
        assert_eq!(&text[field.span.clone()], "2026-11-20");
        assert_eq!(draft.front.disabled, vec!["no-pressure", "apologize"]);
        let list = &draft.front.fields["disable"];
        assert_eq!(&text[list.span.clone()], "[no-pressure, apologize]");
        assert_eq!(&text[draft.body_range()], "Hi Sam.\n");
        assert!(
            draft.body()[..draft.body_range().start]
                .trim_matches(is_blank)
                .is_empty()
        );
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\nto = \"Ana\"\nlast-contact = 2026-11-01\n+++\nHello";
        let draft = Draft::parse(text, Format::Text);
        assert_eq!(draft.front.get("last-contact"), Some("2026-11-01"));
        assert_eq!(draft.front.get("to"), Some("Ana"));
    }

    /// YAML front matter's places come from its parser too: a comment after
    /// a value, a quoted value, a block list, and characters beyond ASCII
    /// before them (the parser counts characters, the draft bytes).
    #[test]
    fn yaml_front_matter_spans_are_the_parser_s() {
        let text = "---\nto: Zoë # my sister\nlast-contact: \"2026-11-01\"\ndisable:\n  - no-blame\n  - apologize\n---\nHello";
        let draft = Draft::parse(text, Format::Text);
        let field = |key: &str| {
            let field = &draft.front.fields[key];
            (&text[field.key_span.clone()], &text[field.span.clone()])
        };
        assert_eq!(field("to"), ("to", "Zoë"));
        assert_eq!(field("last-contact"), ("last-contact", "\"2026-11-01\""));
        assert_eq!(draft.front.get("last-contact"), Some("2026-11-01"));
        assert_eq!(field("disable"), ("disable", "- no-blame\n  - apologize\n"));
        assert_eq!(draft.front.disabled, ["no-blame", "apologize"]);
    }

    /// TOML front matter's places come from its parser: a comment after a
    /// value, a quoted key and a list over several lines are where written.
    #[test]
    fn toml_front_matter_spans_are_the_parser_s() {
        let text = "+++\nto = \"Ana\" # my sister\n\"last-contact\" = 2026-11-01\ndisable = [\n  \"no-blame\",\n]\n+++\nHello";
        let draft = Draft::parse(text, Format::Text);
        let field = |key: &str| {
            let field = &draft.front.fields[key];
            (&text[field.key_span.clone()], &text[field.span.clone()])
        };
        assert_eq!(field("to"), ("to", "\"Ana\""));
        assert_eq!(field("last-contact"), ("\"last-contact\"", "2026-11-01"));
        assert_eq!(field("disable"), ("disable", "[\n  \"no-blame\",\n]"));
        assert_eq!(draft.front.disabled, ["no-blame"]);
    }

    #[test]
    fn front_matter_over_its_limits_is_refused_before_parsing() {
        let many: String = (0..40_000).map(|i| format!("k{i}: v\n")).collect();
        let text = format!("---\n{many}---\nHello.\n");
        let front = Draft::parse(&text, Format::Text).front;
        let (_, message) = front.error.expect("refused");
        assert!(message.contains("larger than 64 KiB"), "{message}");
        assert!(front.fields.is_empty());

        let deep = format!(
            "---\na: {}{}\n---\nHello.\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        let (_, message) = Draft::parse(&deep, Format::Text)
            .front
            .error
            .expect("refused");
        assert_eq!(message, "front matter: nested deeper than 64 levels");

        // Just under the size limit, every field is read and placed.
        let keys: String = (0..4_000).map(|i| format!("k{i}: v{i}\n")).collect();
        let text = format!("---\n{keys}to: Sam\n---\nHello.\n");
        let front = Draft::parse(&text, Format::Text).front;
        assert!(front.error.is_none());
        let to = &front.fields["to"];
        assert_eq!(&text[to.span.clone()], "Sam");
        assert_eq!(&text[front.fields["k3999"].key_span.clone()], "k3999");
    }

    #[test]
    fn broken_front_matter_is_reported_not_fatal() {
        let text = "---\nto: [Sam\n---\nHi.";
        let draft = Draft::parse(text, Format::Text);
        assert!(draft.front.error.is_some());
        assert_eq!(&text[draft.body_range()], "Hi.");
    }

    #[test]
    fn markdown_masks_code_urls_and_comments() {
        let text = "Say `you always` here.\n\n```\nyou never\n```\n\nSee [my note](https://x.example/you-always) and <!-- you never -->.\n";
        let draft = Draft::parse(text, Format::Markdown);
        assert!(!draft.body().contains("you always"));
        assert!(!draft.body().contains("you never"));
        assert!(draft.body().contains("my note"));
        assert_eq!(draft.body().len(), text.len());
    }

    #[test]
    fn disable_comments() {
        let text = "a\n<!-- draftlint-disable no-blame -->\nb\n<!-- draftlint-enable no-blame -->\nc\n<!-- draftlint-disable-next-line -->\nd\ne\n";
        let draft = Draft::parse(text, Format::Markdown);
        let at = |s: &str| text.find(s).unwrap();
        assert!(draft.is_suppressed("no-blame", at("b\n")));
        assert!(!draft.is_suppressed("other", at("b\n")));
        assert!(!draft.is_suppressed("no-blame", at("c\n")));
        assert!(draft.is_suppressed("other", at("d\n")));
        assert!(!draft.is_suppressed("other", at("e\n")));
    }

    #[test]
    fn sentences_are_trimmed_and_skip_blank_ones() {
        let text = "Hi Sam,\n\nHow have you been? I miss you.  ";
        let draft = Draft::parse(text, Format::Text);
        let s: Vec<&str> = draft.sentences().iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(s, ["Hi Sam,", "How have you been?", "I miss you."]);
    }

    #[test]
    fn wrapped_lines_do_not_end_sentences_but_short_lines_do() {
        let text = "Hi Sam,\nI have been thinking about\nyou a lot. How are you?\nhey\nmiss you\n";
        let draft = Draft::parse(text, Format::Text);
        let s: Vec<&str> = draft.sentences().iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            s,
            [
                "Hi Sam,",
                "I have been thinking about\nyou a lot.",
                "How are you?",
                "hey",
                "miss you"
            ]
        );
    }

    #[test]
    fn markdown_sentences_start_after_block_markers() {
        let text = "# Hi Sam\n\n> - I miss you.\n1. Call me?\n*emphasis* stays.\n";
        let draft = Draft::parse(text, Format::Markdown);
        let s: Vec<&str> = draft.sentences().iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            s,
            ["Hi Sam", "I miss you.", "Call me?", "*emphasis* stays."]
        );
    }

    #[test]
    fn phrases_do_not_match_across_masked_text() {
        let text = "Say you `x` always here, you https://example.com always.";
        let draft = Draft::parse(text, Format::Markdown);
        assert!(!draft.folded().text.contains("you always"));
    }

    /// Where `s` first stands in `text`.
    fn span_of(text: &str, s: &str) -> Range<usize> {
        let start = text.find(s).expect("the test's text has it");
        start..start + s.len()
    }

    #[test]
    fn quoted_spans_on_one_line() {
        let text = "He said \"you never listen\" and \u{201c}fine\u{201d}.\nA \"stray quote\nthen \"shut up\" here";
        let draft = Draft::parse(text, Format::Text);
        let at = |s: &str| span_of(text, s);
        assert!(draft.is_quoted(&at("you never listen")));
        assert!(draft.is_quoted(&at("fine")));
        assert!(draft.is_quoted(&at("shut up")));
        assert!(!draft.is_quoted(&at("He said")));
        assert!(!draft.is_quoted(&at("never listen\" and")));
        // A quote mark left open at the end of a line quotes nothing.
        assert!(!draft.is_quoted(&at("stray quote")));
    }

    #[test]
    fn single_quotes_are_told_from_apostrophes() {
        let text = "She said 'you don't care' and left.\n\
                    He wrote \u{2018}we're done\u{2019} and the kids' room is empty.\n\
                    'cause you never listen and I'm tired of tryin' so hard\n\
                    the boys' game and the girls' game ended\n\
                    he went ''you're dead' and laughed";
        let draft = Draft::parse(text, Format::Text);
        let at = |s: &str| span_of(text, s);
        assert!(draft.is_quoted(&at("you don't care")));
        assert!(draft.is_quoted(&at("we're done")));
        assert!(draft.is_quoted(&at("you're dead")));
        assert!(!draft.is_quoted(&at("the kids")));
        assert!(
            !draft.is_quoted(&at("you never listen")),
            "an elision opens nothing"
        );
        assert!(!draft.is_quoted(&at("game and the")));
    }
}

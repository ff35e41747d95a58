//! A draft, parsed once: front matter, the lintable body, sentences.
//!
//! Every offset in a [`Draft`] is a byte offset into the original text. The
//! parts that must not be linted (front matter, Markdown code, URLs, HTML
//! comments) are not cut out but blanked with [`FILLER`] in [`Draft::body`],
//! a copy of the same length, so no offset ever needs translating back.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::swar::{self, HIGH, between};
use crate::text::{self, Folded};
use crate::words::WordStarts;

/// How to read a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
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

/// One front-matter field: its value as text, where that value stands and
/// where its key does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub span: Range<usize>,
    pub key_span: Range<usize>,
}

/// The draft's front matter (`---` YAML or `+++` TOML).
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// The whole block, delimiters included; empty when there is none.
    pub span: Range<usize>,
    pub fields: BTreeMap<String, Field>,
    /// Rules switched off for this draft (`disable: [rule, ...]`).
    pub disabled: Vec<String>,
    /// A syntax error in the block: where and what.
    pub error: Option<(Range<usize>, String)>,
}

impl FrontMatter {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|f| f.value.as_str())
    }
}

/// A region where some or all rules are switched off by a Markdown comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub range: Range<usize>,
    /// `None` means every rule.
    pub rules: Option<Vec<String>>,
}

impl Suppression {
    pub fn covers(&self, rule: &str, offset: usize) -> bool {
        self.range.contains(&offset)
            && self
                .rules
                .as_ref()
                .is_none_or(|rules| rules.iter().any(|r| r == rule))
    }
}

/// A parsed draft. Cheap to build; sentences and folded text are computed on
/// first use, since not every rule set needs them.
#[derive(Debug)]
pub struct Draft<'a> {
    text: &'a str,
    body: Cow<'a, str>,
    body_range: Range<usize>,
    pub format: Format,
    pub front: FrontMatter,
    pub suppressions: Vec<Suppression>,
    sentences: OnceCell<Vec<Range<usize>>>,
    words: OnceCell<WordStarts>,
    folded: OnceCell<Folded>,
    quotes: OnceCell<Vec<Range<usize>>>,
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
fn quoted(text: &str, within: Range<usize>) -> Vec<Range<usize>> {
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

/// The length of the Markdown block markers (`#`, `>`, list bullets and
/// numbers, each followed by a space) at the start of `line`.
fn block_markers(line: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = if rest.starts_with('#') {
            rest.len() - rest.trim_start_matches('#').len()
        } else if rest.starts_with(['>', '-', '*', '+']) {
            1
        } else if digits > 0 && rest[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            0
        };
        let after = &rest[marker..];
        let space = after.len() - after.trim_start_matches([' ', '\t']).len();
        if marker == 0 || (space == 0 && !after.is_empty() && !rest.starts_with('>')) {
            return at;
        }
        at += marker + space;
    }
}

/// Characters that end a sentence.
const TERMINALS: &[char] = &['.', '!', '?', '…', '‼', '⁇', '。', '！', '？'];
/// Characters that may follow the end of a sentence and still belong to it.
const CLOSERS: &[char] = &['"', '\'', ')', ']', '”', '’', '»', '」', '』'];

/// Calls `sentence` with each sentence span of `text`, in order (untrimmed).
///
/// A sentence ends after `.`, `!`, `?` or `…` (and any closing quotes or
/// brackets) followed by white space, except that a full stop followed by a
/// lower-case word ("e.g. this", "etc. and") does not end one; CJK full
/// stops end one at once. A line break ends a sentence too, unless a line of
/// four or more words without closing punctuation wraps into a next line
/// that starts in lower case (hard-wrapped prose).
///
/// This is simpler than UAX #29's sentence rules, which draftlint used
/// first: on chat text they gave the same sentences, but their table
/// look-ups per character were a fifth of all linting time.
fn split_sentences(text: &str, mut sentence: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut line_start = 0;
    let mut i = 0;
    // Jump from one byte that may matter to the next: most bytes do not.
    while let Some(at) = next_stop(bytes, i) {
        // Flagged bytes are ASCII or lead bytes, so `at` starts a character.
        let c = text[at..].chars().next().unwrap_or(' ');
        i = at + c.len_utf8();
        if c == '\n' || c == '\r' {
            if c == '\r' && bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
            let wraps = text[i..].chars().next().is_some_and(char::is_lowercase) && {
                let line = text[line_start..at].trim_end_matches(is_blank);
                !line.ends_with(TERMINALS)
                    && !line.ends_with([',', ':', ';', '"', '”', ')'])
                    && line.split_whitespace().nth(3).is_some()
            };
            line_start = i;
            if !wraps {
                sentence(start..at);
                start = i;
            }
            continue;
        }
        if !TERMINALS.contains(&c) {
            continue;
        }
        let mut only_stops = c == '.';
        for next in text[i..].chars() {
            if !TERMINALS.contains(&next) && !CLOSERS.contains(&next) {
                break;
            }
            only_stops &= next == '.' || CLOSERS.contains(&next);
            i += next.len_utf8();
        }
        let rest = &text[i..];
        let cjk = matches!(c, '。' | '！' | '？');
        let spaced = rest.is_empty() || rest.starts_with([' ', '\t', '\u{a0}', '\u{3000}']);
        if cjk || (spaced && !(only_stops && next_word_is_lowercase(rest))) {
            sentence(start..i);
            start = i;
        }
    }
    if start < text.len() {
        sentence(start..text.len());
    }
}

/// The bytes [`split_sentences`] stops at: line breaks, ASCII terminals and
/// the lead bytes of the other [`TERMINALS`] (all three bytes long).
const SENTENCE_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut t = 0;
    while t < TERMINALS.len() {
        let mut utf8 = [0; 4];
        table[TERMINALS[t].encode_utf8(&mut utf8).as_bytes()[0] as usize] = true;
        t += 1;
    }
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// The first byte from `from` on that is in [`SENTENCE_BYTES`], looked for
/// eight bytes at a time: a quick test passes every such byte (and a few
/// more: other control characters, all non-ASCII bytes), and only the bytes
/// that pass are looked up.
fn next_stop(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(x) = swar::load(bytes, i) {
        let ascii = x & !HIGH;
        let mut maybe = between(ascii, 0, b'\r')
            | between(ascii, b'!', b'!')
            | between(ascii, b'.', b'.')
            | between(ascii, b'?', b'?')
            | x & HIGH;
        while maybe != 0 {
            let at = i + maybe.trailing_zeros() as usize / 8;
            if SENTENCE_BYTES[usize::from(bytes[at])] {
                return Some(at);
            }
            maybe &= maybe - 1;
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| SENTENCE_BYTES[usize::from(b)])
        .map(|found| i + found)
}

/// Does the first word after spaces (on this line) start in lower case?
fn next_word_is_lowercase(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t', '\u{a0}'])
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Finds and reads front matter at the very start of `text`.
fn front_matter(text: &str) -> FrontMatter {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[text_start..];
    let (fence, yaml) = if rest.starts_with("---") {
        ("---", true)
    } else if rest.starts_with("+++") {
        ("+++", false)
    } else {
        return FrontMatter::default();
    };
    let first_break = match rest.find('\n') {
        Some(i) if rest[..i].trim_end() == fence => i + 1,
        _ => return FrontMatter::default(),
    };
    // Find the closing fence on a line of its own.
    let mut at = first_break;
    let mut close = None;
    while at <= rest.len() {
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        let line = rest[at..line_end].trim_end_matches('\r');
        if line.trim_end() == fence || (yaml && line.trim_end() == "...") {
            close = Some((at, (line_end + 1).min(rest.len())));
            break;
        }
        if line_end >= rest.len() {
            break;
        }
        at = line_end + 1;
    }
    let Some((content_end, block_end)) = close else {
        return FrontMatter::default();
    };
    let content = &rest[first_break..content_end];
    let content_start = text_start + first_break;
    let mut front = FrontMatter {
        span: 0..text_start + block_end,
        ..FrontMatter::default()
    };
    let parsed: Result<BTreeMap<String, String>, (Option<usize>, String)> =
        if let Some(problem) = too_big(content) {
            Err((Some(0), problem))
        } else if yaml {
            parse_yaml(content)
        } else {
            parse_toml(content)
        };
    match parsed {
        Ok(values) => {
            let spans = field_spans(content, yaml);
            for (key, value) in values {
                let (key_span, span) = spans
                    .get(key.as_str())
                    .cloned()
                    .map(|(k, v)| {
                        (
                            k.start + content_start..k.end + content_start,
                            v.start + content_start..v.end + content_start,
                        )
                    })
                    .unwrap_or((front.span.clone(), front.span.clone()));
                // Keys compare without regard to case: `To:` is `to`.
                let key = key.to_lowercase();
                if key == "disable" {
                    front.disabled = value
                        .split([',', ' ', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                }
                front.fields.insert(
                    key,
                    Field {
                        value,
                        span,
                        key_span,
                    },
                );
            }
        }
        Err((offset, message)) => {
            let at = offset.map_or(0, |o| o.min(content.len())) + content_start;
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i).max(at);
            front.error = Some((at..end, message));
        }
    }
    front
}

/// Flattens a value to the text placeholders and checks read: lists become
/// comma-separated, dates stay as written.
fn yaml_text(value: &serde_yaml_ng::Value) -> String {
    use serde_yaml_ng::Value;
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => items.iter().map(yaml_text).collect::<Vec<_>>().join(", "),
        Value::Mapping(_) | Value::Tagged(_) => String::new(),
    }
}

type Fields = Result<BTreeMap<String, String>, (Option<usize>, String)>;

fn parse_yaml(content: &str) -> Fields {
    if content.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(content).map_err(|e| {
        // The finding has the exact position; the parser's own "at line N"
        // counts from the start of the block and would only confuse.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        (
            e.location().map(|l| l.index()),
            format!("front matter: {message}"),
        )
    })?;
    let serde_yaml_ng::Value::Mapping(map) = value else {
        return Err((Some(0), "front matter must be `key: value` lines".into()));
    };
    Ok(map
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), yaml_text(v))))
        .collect())
}

fn toml_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(toml_text).collect::<Vec<_>>().join(", "),
        toml::Value::Table(_) => String::new(),
        other => other.to_string(),
    }
}

fn parse_toml(content: &str) -> Fields {
    let table: toml::Table = toml::from_str(content).map_err(|e| {
        (
            e.span().map(|s| s.start),
            format!("front matter: {}", e.message()),
        )
    })?;
    Ok(table
        .iter()
        .map(|(k, v)| (k.clone(), toml_text(v)))
        .collect())
}

/// The most front matter draftlint reads: a message's fields fit in far
/// less, and the parsers' time grows faster than the size beyond it.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;
/// How deeply lists and tables may nest in front matter.
pub const MAX_FRONT_DEPTH: usize = 64;

/// Why front matter `content` is not read, if it is over a limit. Nesting
/// is counted by brackets and braces, in quotes or not: a field that needs
/// more than 64 levels is not a message's field.
fn too_big(content: &str) -> Option<String> {
    if content.len() > MAX_FRONT_MATTER {
        return Some(format!(
            "front matter: larger than {} KiB; draftlint reads front matter up to that size",
            MAX_FRONT_MATTER / 1024
        ));
    }
    let mut depth = 0usize;
    for b in content.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FRONT_DEPTH {
                    return Some(format!(
                        "front matter: nested deeper than {MAX_FRONT_DEPTH} levels"
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The spans of each top-level key and its value, by the line that starts
/// with it (`key: value` or `key = value`; the first such line wins), in
/// one pass: the parsers do not report positions.
fn field_spans(content: &str, yaml: bool) -> HashMap<&str, (Range<usize>, Range<usize>)> {
    let sep = if yaml { ':' } else { '=' };
    let mut spans = HashMap::new();
    let mut at = 0;
    for line in content.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(at_sep) = line.find(sep) else {
            continue;
        };
        let key = line[..at_sep].trim_end();
        if key.is_empty() {
            continue;
        }
        let value = &line[at_sep + 1..];
        let lead = value.len() - value.trim_start().len();
        let s = start + at_sep + 1 + lead;
        spans
            .entry(key)
            .or_insert((start..start + key.len(), s..s + value.trim().len()));
    }
    spans
}

/// Masks Markdown that is not prose and reads `draftlint-disable` comments.
fn markdown(
    text: &str,
    body_start: usize,
    masks: &mut Vec<Range<usize>>,
    suppressions: &mut Vec<Suppression>,
) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let body = &text[body_start..];
    let shift = |r: Range<usize>| r.start + body_start..r.end + body_start;
    let mut link: Option<(Range<usize>, Vec<Range<usize>>)> = None;
    let mut open: Vec<(Option<Vec<String>>, usize)> = Vec::new();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = shift(range);
        match event {
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => masks.push(range),
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::Image { .. }) => masks.push(range),
            Event::Start(Tag::Link { .. }) => link = Some((range, Vec::new())),
            Event::Text(_) if link.is_some() => {
                if let Some((_, texts)) = link.as_mut() {
                    texts.push(range);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((whole, texts)) = link.take() {
                    let mut at = whole.start;
                    for t in texts {
                        if t.start > at {
                            masks.push(at..t.start);
                        }
                        at = at.max(t.end);
                    }
                    if whole.end > at {
                        masks.push(at..whole.end);
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                masks.push(range.clone());
                directive(text, &html, range, &mut open, suppressions);
            }
            _ => {}
        }
    }
    for (rules, start) in open {
        suppressions.push(Suppression {
            range: start..text.len(),
            rules,
        });
    }
}

/// Reads `<!-- draftlint-disable[-next-line] [RULE ...] -->` and
/// `<!-- draftlint-enable [RULE ...] -->`.
fn directive(
    text: &str,
    html: &str,
    range: Range<usize>,
    open: &mut Vec<(Option<Vec<String>>, usize)>,
    suppressions: &mut Vec<Suppression>,
) {
    let Some(inner) = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.trim_end().strip_suffix("-->"))
    else {
        return;
    };
    let mut words = inner.split_whitespace();
    let Some(command) = words.next() else { return };
    let rules: Vec<String> = words
        .flat_map(|w| w.split(','))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let rules = (!rules.is_empty()).then_some(rules);
    match command {
        "draftlint-disable" => open.push((rules, range.end)),
        "draftlint-enable" => {
            let mut keep = Vec::new();
            for (open_rules, start) in open.drain(..) {
                let closes = match (&rules, &open_rules) {
                    (None, _) => true,
                    (Some(names), Some(open_names)) => open_names.iter().all(|n| names.contains(n)),
                    (Some(_), None) => false,
                };
                if closes {
                    suppressions.push(Suppression {
                        range: start..range.start,
                        rules: open_rules,
                    });
                } else {
                    keep.push((open_rules, start));
                }
            }
            *open = keep;
        }
        "draftlint-disable-next-line" => {
            // A comment block's range may already include its line break.
            let next_start = if text[..range.end].ends_with('\n') {
                range.end
            } else {
                text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| range.end + i + 1)
            };
            let next_end = text[next_start..]
                .find('\n')
                .map_or(text.len(), |i| next_start + i);
            suppressions.push(Suppression {
                range: next_start..next_end.max(next_start + 1),
                rules,
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_eight_at_a_time_are_the_bytewise_ones() {
        let alphabet = [
            b'a', b' ', b'\n', b'\r', b'.', b'!', b'?', b'\t', 0x0B, b'-', b'/', b'>', b'@', 0x80,
            0xA6, 0xE2, 0xE3, 0xEF,
        ];
        let mut rng = crate::testing::Xorshift(0x2545_f491_4f6c_dd1d);
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

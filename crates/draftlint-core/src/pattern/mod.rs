//! Word patterns: rules written as patterns of language, not lists of
//! exact wordings.
//!
//! A pattern is a sequence of words that matches the folded text of a draft
//! (lower case, straight quotes, one space for any white space; see
//! [`crate::text`]):
//!
//! | write | matches |
//! |---|---|
//! | `never listen` | the words, with one space (or a comma and a space) between |
//! | `apologize~` | every form of the word: apologizes, apologized, apologizing |
//! | `@contact-verb` | any entry of a word class (see [`classes`]) |
//! | `(have to\|need to\|must)` | one of the alternatives; a group is also a capture (`$1`) |
//! | `really?`, `(so\|very)?`, `,?` | an optional word, group or punctuation mark |
//! | `...`, `...5` | a gap of up to 3 (or 5) words, inside one sentence |
//! | `_` | exactly one word, any |
//! | `WHY`, `YOUR fault` | a word in capitals must be in capitals in the draft (such a pattern runs over the draft as written) |
//! | `,` `.` `!` `?` `;` `:` | that punctuation mark, standing alone |
//! | `$` | the end of the draft: `(.\|!\|$)` ends a clause whether or not the last one has its full stop |
//!
//! Every word also matches the ways people type it ([`spelling`]): "you"
//! matches "u", "you're" matches "ur", "youre" and "you are", "don't" matches
//! "dont" and "do not". A pattern compiles to a regular expression over the
//! folded text, which the matcher runs in its one pass like any rule regex.

pub mod classes;
pub mod forms;
mod leads;
pub mod needs;
pub mod spelling;

pub use classes::Classes;

use std::cell::RefCell;
use std::hash::Hash;
use std::sync::Arc;
use std::thread::LocalKey;

use foldhash::HashMap;

use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

use crate::text::fold_phrase;

/// A problem in a pattern: the byte offset in the pattern where it is, and
/// what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset in the pattern where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl PatternError {
    fn at(offset: usize, message: impl Into<String>) -> PatternError {
        PatternError {
            offset,
            message: message.into(),
        }
    }
}

/// The end of the draft in a pattern, written as a punctuation mark is:
/// texts often end without one ("we need to talk about us", "answer me").
const END: char = '$';

/// The widest gap a pattern may leave between two words.
pub const MAX_GAP: u8 = 8;
/// The gap `...` leaves when it names no number.
const DEFAULT_GAP: u8 = 3;

/// What a pattern may contain, for error messages.
const SYNTAX: &str =
    "use words, word~, @class, (a|b), word?, ..., _ and $ (or a `regex` for anything else)";

/// The text a compiled pattern runs over, and how words are joined there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// The folded text: lower case, straight quotes, one space.
    Folded,
    /// The draft as written, for a pattern with a word in capitals (which
    /// folding would lose): white space and quotes as they come, and the
    /// regex case-insensitive but for those words.
    Original,
}

impl Dialect {
    /// Between two words: a space, or a comma and a space.
    fn join(self) -> &'static str {
        match self {
            Dialect::Folded => ",? ",
            Dialect::Original => r",?\s+",
        }
    }

    /// Next to punctuation: an optional space.
    fn punct_join(self) -> &'static str {
        match self {
            Dialect::Folded => " ?",
            Dialect::Original => r"\s?",
        }
    }

    /// Next to a group that may start or end with either: a join, or a
    /// word boundary, which between two words never holds.
    fn mixed_join(self) -> &'static str {
        match self {
            Dialect::Folded => r"(?:,? |\b)",
            Dialect::Original => r"(?:,?\s+|\b)",
        }
    }

    /// A word for `_` and gaps, with any quotation marks around it (a gap
    /// may pass over a quoted phrase: what part of "no" did you not
    /// understand). In folded text every character beyond ASCII
    /// counts as a word character (so an emoji is a word too): the same
    /// words as `\w` for letters, but Unicode's `\w` made every pattern
    /// with a gap a large automaton, and tries many patterns at once slow to
    /// build.
    fn any_word(self) -> &'static str {
        match self {
            Dialect::Folded => r#"[0-9a-z_'"\x{80}-\x{10FFFF}-]+"#,
            Dialect::Original => r#"[\w'’"“”-]+"#,
        }
    }

    /// A word as a regex: apostrophes optional, spaces as joined.
    fn word(self, text: &str) -> String {
        let (apostrophe, space) = match self {
            Dialect::Folded => ("'?", " "),
            Dialect::Original => ("['’]?", r"\s+"),
        };
        regex_syntax::escape(text)
            .replace('\'', apostrophe)
            .replace(' ', space)
    }
}

/// Does the pattern have a word in capitals anywhere (its classes aside)?
fn has_caps(alternatives: &[Vec<Elem>]) -> bool {
    alternatives.iter().flatten().any(|e| match &e.node {
        Node::Word { caps, .. } => *caps,
        Node::Group(alts) => has_caps(alts),
        _ => false,
    })
}

/// What one element of a pattern is.
#[derive(Clone, Debug)]
enum Node {
    /// `caps`: written in capitals, so it must be in capitals in the draft.
    /// `folded`: `text` folded, once, for everything that spells it out.
    Word {
        text: String,
        folded: String,
        forms: bool,
        caps: bool,
    },
    Class(String),
    Any,
    Gap(u8),
    Punct(char),
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Elem>>),
}

#[derive(Clone, Debug)]
struct Elem {
    node: Node,
    optional: bool,
    at: usize,
}

/// A compiled pattern: its regex over folded text, and the regex of its first
/// words alone, from which the matcher takes the literal prefixes it looks
/// for (parsing the whole regex, classes spelled out, only for those was
/// most of start-up).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// The whole pattern's regex, over the text of `dialect`.
    pub regex: String,
    /// The regex of its first words alone.
    pub prefix: String,
    /// The text the regexes run over.
    pub dialect: Dialect,
    /// The words every match begins with (see [`leads`]), when they can be
    /// spelled out.
    pub leads: Option<Vec<String>>,
    /// The words every match needs (see [`needs`]), for a pattern over the
    /// folded text.
    pub needs: Option<needs::Needs>,
    /// The regex again, with its classes as parts parsed once (see
    /// [`Skeleton`]), for a pattern over the folded text.
    pub skeleton: Option<Skeleton>,
}

/// The classes a skeleton stands for, each parsed once for every pattern.
type Parts = Vec<Arc<classes::ClassRegex>>;

/// A pattern's regex with each class left out as an empty named group, and
/// the classes themselves already parsed. Parsing the spelled-out classes
/// again for every pattern that uses them was most of the time it took to
/// build a pattern's automaton (a fifth of checking 3,000 short drafts in
/// one run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skeleton {
    /// The regex, with `(?P<dlcN>)` where class `parts[N]` goes.
    pub regex: String,
    /// The classes, in order.
    pub parts: Parts,
}

/// The name of the groups a skeleton's classes go in, before their number.
const PART: &str = "dlc";

/// Where a class goes in a regex being written, around its number among
/// the pattern's classes: characters no pattern word or mark can hold.
const MARK_START: char = '\u{1}';
const MARK_END: char = '\u{2}';

/// Writes `marked` to `out`, with `class(k, out)` in place of mark `k`.
fn fill_marks(marked: &str, out: &mut String, mut class: impl FnMut(usize, &mut String)) {
    let mut rest = marked;
    while let Some(at) = rest.find(MARK_START) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(MARK_END).unwrap_or(after.len());
        if let Ok(k) = after[..end].parse::<usize>() {
            class(k, out);
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
}

/// A regex over the folded text, parsed as the matcher parses one there
/// (`expr::Haystack::Folded`: case as written, the parser's defaults).
fn parse_folded(regex: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().build().parse(regex).ok()
}

impl Skeleton {
    /// The whole pattern as its regex over folded text parses (its own
    /// groups kept, which an automaton without captures ignores), or `None`
    /// when the skeleton cannot be filled.
    pub fn hir(&self) -> Option<Hir> {
        self.fill(&parse_folded(&self.regex)?)
    }

    /// `hir` with each class group replaced by its class (`None` if a class
    /// cannot be had).
    fn fill(&self, hir: &Hir) -> Option<Hir> {
        let all = |subs: &[Hir]| {
            subs.iter()
                .map(|h| self.fill(h))
                .collect::<Option<Vec<_>>>()
        };
        Some(match hir.kind() {
            HirKind::Capture(capture) => match capture.name.as_deref() {
                Some(name) if name.starts_with(PART) => {
                    let n: usize = name[PART.len()..].parse().ok()?;
                    self.parts.get(n)?.hir()?.clone()
                }
                _ => Hir::capture(Capture {
                    sub: Box::new(self.fill(&capture.sub)?),
                    ..capture.clone()
                }),
            },
            HirKind::Concat(subs) => Hir::concat(all(subs)?),
            HirKind::Alternation(subs) => Hir::alternation(all(subs)?),
            HirKind::Repetition(repetition) => Hir::repetition(Repetition {
                sub: Box::new(self.fill(&repetition.sub)?),
                ..repetition.clone()
            }),
            _ => hir.clone(),
        })
    }
}

/// Compiles `source` into a regex over folded text, with word boundaries at
/// both ends where the pattern starts and ends with a word.
pub fn compile(source: &str, classes: &Classes) -> Result<Compiled, PatternError> {
    let alternatives = parse(source)?;
    if alternatives.iter().all(|seq| seq.is_empty()) {
        return Err(PatternError::at(0, "empty pattern"));
    }
    let dialect = if has_caps(&alternatives) {
        Dialect::Original
    } else {
        Dialect::Folded
    };
    let (mut compiled, mut prefixes) = (Vec::new(), Vec::new());
    let (mut skeletons, mut parts, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for seq in &alternatives {
        if seq.is_empty() {
            return Err(PatternError::at(
                0,
                "empty alternative: write something on both sides of `|`",
            ));
        }
        let mut required = seq
            .iter()
            .filter(|e| !e.optional && !matches!(e.node, Node::Gap(_)))
            .peekable();
        if required.peek().is_some() && required.all(|e| matches!(e.node, Node::Punct(END))) {
            return Err(PatternError::at(
                seq[0].at,
                "`$` alone matches no words: write the words it ends, as in `answer me $`",
            ));
        }
        // Over folded text, the classes are marked in the body and filled in
        // twice: spelled out for the regex, left as parts for the skeleton.
        let marking = (dialect == Dialect::Folded).then_some(&mut names);
        let body = sequence(seq, classes, Groups::Capture, dialect, marking)?;
        let start = if edge_is_word(seq.iter()) { r"\b" } else { "" };
        let end = if edge_is_word(seq.iter().rev()) {
            r"\b"
        } else {
            ""
        };
        if dialect == Dialect::Folded {
            let mut skeleton = String::new();
            fill_marks(&body, &mut skeleton, |k, out| {
                let name = &names[k];
                match classes.folded(name) {
                    Some(class) => {
                        out.push_str(&format!("(?P<{PART}{}>)", parts.len()));
                        parts.push(class);
                    }
                    // Never (the class was marked because it exists); a
                    // group that names no part leaves the skeleton unused.
                    None => out.push_str(&format!("(?P<{PART}none>)")),
                }
            });
            skeletons.push(format!("{start}{skeleton}{end}"));
        }
        let mut regex = String::new();
        fill_marks(&body, &mut regex, |k, out| {
            out.push_str(&format!(
                "(?:{})",
                classes.get(&names[k], dialect).unwrap_or_default()
            ));
        });
        compiled.push(format!("{start}{regex}{end}"));
        let head = sequence(&seq[..head_len(seq)], classes, Groups::Plain, dialect, None)?;
        prefixes.push(format!("{start}{head}"));
    }
    let one = |mut parts: Vec<String>| {
        if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("(?:{})", parts.join("|"))
        }
    };
    Ok(Compiled {
        regex: one(compiled),
        skeleton: (dialect == Dialect::Folded).then(|| Skeleton {
            regex: one(skeletons),
            parts,
        }),
        prefix: one(prefixes),
        dialect,
        leads: match dialect {
            Dialect::Folded => leads::leads(&alternatives, classes),
            Dialect::Original => None,
        },
        needs: match dialect {
            Dialect::Folded => Some(needs::needs(&alternatives, classes)),
            Dialect::Original => None,
        },
    })
}

/// How many elements of `seq` make its head: up to the first one that is
/// required and one more, stopping before a gap, and never between the two
/// words of a fused spelling ("going to", "gonna").
fn head_len(seq: &[Elem]) -> usize {
    let required = seq
        .iter()
        .position(|e| !e.optional && !matches!(e.node, Node::Gap(_)))
        .unwrap_or(0);
    let mut len = (required + 2).min(seq.len());
    if let Some(gap) = seq[..len]
        .iter()
        .position(|e| matches!(e.node, Node::Gap(_)))
    {
        len = gap.max(required + 1);
    }
    while len < seq.len() && fused_at(seq, len - 1).is_some() {
        len += 1;
    }
    len
}

/// The byte offset in a TOML file of byte `offset` of the string `value`,
/// written at `span` (quotes included), so that an error points at the
/// exact character even in a string with escapes.
pub fn offset_in_file(
    file: &str,
    span: std::ops::Range<usize>,
    value: &str,
    offset: usize,
) -> usize {
    let Some(raw) = file.get(span.clone()) else {
        return span.start.min(file.len());
    };
    let quote = if raw.starts_with("'''") || raw.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let offset = offset.min(value.len());
    if raw
        .get(quote..)
        .is_some_and(|inner| inner.starts_with(&value[..offset]))
    {
        return span.start + quote + offset;
    }
    // Escapes or a trimmed line break moved things: look for what follows.
    let rest: String = value[offset..].chars().take(16).collect();
    match raw.find(&rest) {
        Some(at) if !rest.is_empty() => span.start + at,
        _ => span.start,
    }
}

/// Whether a pattern's groups are captures (`$1` in a rewrite). A class's
/// are not: they would shift the numbers of the groups of every pattern
/// that uses the class.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Groups {
    Capture,
    Plain,
}

/// Compiles a class entry: like [`compile`], without word boundaries (the
/// pattern that uses the class adds them).
pub(crate) fn compile_fragment(
    source: &str,
    classes: &Classes,
    dialect: Dialect,
) -> Result<String, PatternError> {
    let alternatives = parse(source)?;
    let mut out = Vec::new();
    for seq in &alternatives {
        if seq.is_empty() {
            return Err(PatternError::at(0, "empty entry"));
        }
        out.push(sequence(seq, classes, Groups::Plain, dialect, None)?);
    }
    Ok(out.join("|"))
}

/// Do the elements met first (leading optional ones and the first required
/// one) all begin (or, reversed, end) with a word character?
fn edge_is_word<'a>(mut elems: impl Iterator<Item = &'a Elem>) -> bool {
    for elem in elems.by_ref() {
        let word = match &elem.node {
            Node::Punct(_) | Node::Gap(_) => false,
            Node::Group(alts) => alts
                .iter()
                .all(|seq| edge_is_word(seq.iter()) && edge_is_word(seq.iter().rev())),
            _ => true,
        };
        if !word {
            return false;
        }
        if !elem.optional {
            return true;
        }
    }
    true
}

struct Parser<'s> {
    source: &'s str,
    at: usize,
    /// Where the groups being read were opened.
    open: Vec<usize>,
}

/// The alternatives of a whole pattern (or class entry), each a sequence.
fn parse(source: &str) -> Result<Vec<Vec<Elem>>, PatternError> {
    Parser {
        source,
        at: 0,
        open: Vec::new(),
    }
    .alternatives(0)
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.source[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Alternatives up to the end (depth 0) or the closing parenthesis.
    fn alternatives(&mut self, depth: usize) -> Result<Vec<Vec<Elem>>, PatternError> {
        if depth > 8 {
            return Err(PatternError::at(
                self.at,
                "groups nest too deep (8 at most)",
            ));
        }
        let mut alts = vec![Vec::new()];
        loop {
            while self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            }
            let start = self.at;
            let Some(c) = self.peek() else {
                if let Some(&open) = self.open.last() {
                    return Err(PatternError::at(open, "`(` is never closed: add `)`"));
                }
                return Ok(alts);
            };
            let node = match c {
                ')' if depth > 0 => {
                    self.bump();
                    return Ok(alts);
                }
                ')' => return Err(PatternError::at(start, "`)` without a `(` before it")),
                '|' => {
                    self.bump();
                    alts.push(Vec::new());
                    continue;
                }
                '(' => {
                    self.bump();
                    self.open.push(start);
                    let inner = self.alternatives(depth + 1)?;
                    self.open.pop();
                    if inner.iter().any(Vec::is_empty) {
                        return Err(PatternError::at(
                            start,
                            "a group needs something in each alternative; for an optional group write `(...)?`",
                        ));
                    }
                    Node::Group(inner)
                }
                '@' => {
                    self.bump();
                    let name = self.take_while(|c| c.is_alphanumeric() || c == '-' || c == '_');
                    if name.is_empty() {
                        return Err(PatternError::at(
                            start,
                            "`@` needs a class name, like @contact-verb",
                        ));
                    }
                    Node::Class(name.to_string())
                }
                '.' if self.source[self.at..].starts_with("...") => {
                    self.at += 3;
                    let digits = self.take_while(|c| c.is_ascii_digit());
                    let words = if digits.is_empty() {
                        DEFAULT_GAP
                    } else {
                        match digits.parse::<u8>() {
                            Ok(n) if (1..=MAX_GAP).contains(&n) => n,
                            _ => {
                                return Err(PatternError::at(
                                    start,
                                    format!(
                                        "a gap is 1 to {MAX_GAP} words: `...{digits}` is out of range"
                                    ),
                                ));
                            }
                        }
                    };
                    Node::Gap(words)
                }
                ',' | '.' | '!' | '?' | ';' | ':' | END => {
                    self.bump();
                    Node::Punct(c)
                }
                '_' if !self.source[self.at + 1..]
                    .chars()
                    .next()
                    .is_some_and(is_word_part) =>
                {
                    self.bump();
                    Node::Any
                }
                c if is_word_part(c) => {
                    let word = self.take_while(is_word_part).to_string();
                    let forms = self.peek() == Some('~');
                    if forms {
                        self.bump();
                    }
                    let caps = word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !word.chars().any(char::is_lowercase);
                    // A word holds no white space: an ASCII one folds to
                    // its lower case, without `fold`'s map of offsets.
                    let folded = if word.is_ascii() {
                        word.to_ascii_lowercase()
                    } else {
                        fold_phrase(&word)
                    };
                    Node::Word {
                        folded,
                        text: word,
                        forms,
                        caps,
                    }
                }
                '~' => {
                    return Err(PatternError::at(
                        start,
                        "`~` goes right after a word, like apologize~",
                    ));
                }
                other => {
                    return Err(PatternError::at(
                        start,
                        format!("`{other}` has no meaning in a pattern: {SYNTAX}"),
                    ));
                }
            };
            // `,?` is an optional comma; `?` after a question mark is another.
            let optional = self.peek() == Some('?') && !matches!(node, Node::Punct('?'));
            if optional {
                self.bump();
                if matches!(node, Node::Gap(_)) {
                    return Err(PatternError::at(start, "a gap is optional already"));
                }
            }
            if let Some(next) = self.peek()
                && !next.is_whitespace()
                && !matches!(next, ')' | '|' | ',' | '.' | '!' | '?' | ';' | ':' | END)
            {
                let message = if is_word_part(next) || matches!(next, '(' | '@') {
                    format!("`{next}` must be separated from what comes before it by a space")
                } else {
                    format!("`{next}` has no meaning in a pattern: {SYNTAX}")
                };
                return Err(PatternError::at(self.at, message));
            }
            alts.last_mut()
                .expect("alternatives start with one")
                .push(Elem {
                    node,
                    optional,
                    at: start,
                });
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &str {
        let start = self.at;
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
        &self.source[start..self.at]
    }
}

/// Characters a pattern word is made of: letters, digits, apostrophes,
/// hyphens.
fn is_word_part(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '_')
}

/// The regex of one sequence of elements, joined as words are in text.
/// With `marks`, each class is left as a mark for [`fill_marks`], its name
/// added to `marks`.
fn sequence(
    seq: &[Elem],
    classes: &Classes,
    groups: Groups,
    dialect: Dialect,
    mut marks: Option<&mut Vec<String>>,
) -> Result<String, PatternError> {
    // Fused spellings ("gonna" for "going to") pair up two plain words.
    let mut pieces: Vec<(String, &Elem)> = Vec::new();
    let mut i = 0;
    while i < seq.len() {
        let elem = &seq[i];
        if let Some((a, b, fused)) = fused_at(seq, i) {
            let join = dialect.join();
            let both = format!(
                "(?:{}{join}{}|{fused})",
                word(a, false, false, dialect),
                word(b, false, false, dialect)
            );
            pieces.push((both, elem));
            i += 2;
            continue;
        }
        pieces.push((
            node(elem, classes, groups, dialect, marks.as_deref_mut())?,
            elem,
        ));
        i += 1;
    }
    if pieces
        .iter()
        .all(|(_, e)| e.optional || matches!(e.node, Node::Gap(_)))
    {
        return Err(PatternError::at(
            seq[0].at,
            "everything in this pattern is optional, so it would match anywhere",
        ));
    }

    let mut out = String::new();
    let mut started = false;
    for (index, (regex, elem)) in pieces.iter().enumerate() {
        if let Node::Gap(words) = elem.node {
            if !started || index + 1 == pieces.len() {
                return Err(PatternError::at(
                    elem.at,
                    "a gap (`...`) goes between two words, after one that is not optional",
                ));
            }
            let (join, any) = (dialect.join(), dialect.any_word());
            out.push_str(&format!("(?:{join}{any}){{0,{words}}}"));
            continue;
        }
        if !started {
            if elem.optional {
                let join = pieces
                    .get(index + 1)
                    .map_or(dialect.join(), |(_, next)| join(elem, next, dialect));
                out.push_str(&format!("(?:{regex}{join})?"));
            } else {
                out.push_str(regex);
                started = true;
            }
            continue;
        }
        let join = join(pieces[index - 1].1, elem, dialect);
        if elem.optional {
            out.push_str(&format!("(?:{join}{regex})?"));
        } else {
            out.push_str(join);
            out.push_str(regex);
        }
    }
    Ok(out)
}

/// What joins `before` to `after` in folded text: a space (or comma and
/// space) between words; an optional space next to punctuation ("sorry!"
/// and "sorry !"); and where a group may start or end either way
/// (`(now|.)`), a space or a word boundary, which between two words is
/// never there, so "hurt now" and "hurt." match but "hurtnow" does not.
fn join(before: &Elem, after: &Elem, dialect: Dialect) -> &'static str {
    match (punct_at(before, Edge::End), punct_at(after, Edge::Start)) {
        (Some(true), _) | (_, Some(true)) => dialect.punct_join(),
        (None, _) | (_, None) => dialect.mixed_join(),
        _ => dialect.join(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Does `elem` begin (or end) with a punctuation mark, whichever way it
/// matches? `Some(true)`: always; `Some(false)`: never; `None`: a group
/// some of whose alternatives do and some do not.
fn punct_at(elem: &Elem, edge: Edge) -> Option<bool> {
    match &elem.node {
        Node::Punct(_) => Some(true),
        // "'re" in `you (are|'re)` is joined to the word before it, as
        // punctuation is: no space in "you're".
        Node::Word { text, .. } if edge == Edge::Start && is_clitic(text) => Some(true),
        Node::Group(alts) => {
            let mut sides = alts.iter().map(|seq| {
                let outer = match edge {
                    Edge::Start => seq.first(),
                    Edge::End => seq.last(),
                };
                outer.and_then(|e| punct_at(e, edge))
            });
            let first = sides.next().flatten();
            sides.all(|side| side == first).then_some(first).flatten()
        }
        _ => Some(false),
    }
}

/// Is `word` the end of a contraction ("'re", "'ll", "'d", ...), which is
/// written joined to the word before it?
fn is_clitic(word: &str) -> bool {
    let tail = word.strip_prefix('\'').or_else(|| word.strip_prefix('’'));
    matches!(tail, Some("re" | "ll" | "d" | "s" | "ve" | "m" | "t"))
}

/// A memo of a thread: a table of what `make` gave for each key.
pub(super) type Memo<K, V> = LocalKey<RefCell<HashMap<K, V>>>;

/// `make(key)`, kept in `memo` for later calls: a pack spells the same few
/// hundred words out tens of thousands of times (in patterns, their leads
/// and their needs).
pub(super) fn memoised<K: Hash + Eq, V: Clone>(
    memo: &'static Memo<K, V>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(known) = memo.with_borrow(|known| known.get(&key).cloned()) {
        return known;
    }
    let made = make();
    memo.with_borrow_mut(|known| known.insert(key, made.clone()));
    made
}

/// The two plain words `seq[i]` and `seq[i + 1]` and their fused spelling,
/// if they have one ("going", "to", "gonna").
fn fused_at(seq: &[Elem], i: usize) -> Option<(&str, &str, &'static str)> {
    let a = plain_word(seq.get(i)?)?;
    let b = plain_word(seq.get(i + 1)?)?;
    spelling::FUSED
        .iter()
        .find(|(x, y, _)| *x == a && *y == b)
        .map(|&(_, _, fused)| (a, b, fused))
}

/// The folded text of a plain, required word (no forms), for fused spellings.
fn plain_word(elem: &Elem) -> Option<&str> {
    match &elem.node {
        Node::Word {
            folded,
            forms: false,
            caps: false,
            ..
        } if !elem.optional => Some(folded),
        _ => None,
    }
}

fn node(
    elem: &Elem,
    classes: &Classes,
    groups: Groups,
    dialect: Dialect,
    mut marks: Option<&mut Vec<String>>,
) -> Result<String, PatternError> {
    Ok(match &elem.node {
        Node::Word {
            folded,
            forms,
            caps,
            ..
        } => word(folded, *forms, *caps, dialect),
        Node::Class(name) => match (classes.get(name, dialect), marks) {
            // Marked, for `compile` to fill in (see `fill_marks`).
            (Some(_), Some(marks)) => {
                marks.push(name.clone());
                format!("{MARK_START}{}{MARK_END}", marks.len() - 1)
            }
            (Some(regex), None) => format!("(?:{regex})"),
            (None, _) => {
                let mut message = format!("no word class `@{name}`");
                match crate::suggest::closest(name, classes.names()) {
                    Some(close) => message.push_str(&format!(" (did you mean `@{close}`?)")),
                    None if classes.is_empty() => {}
                    None => message.push_str(&format!(
                        "; classes: {}",
                        classes
                            .names()
                            .map(|n| format!("@{n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
                return Err(PatternError::at(elem.at, message));
            }
        },
        Node::Any => dialect.any_word().to_string(),
        // The folded text ends in at most one space, which the join before
        // takes; the draft as written may end in any white space.
        Node::Punct(END) => match dialect {
            Dialect::Folded => r"\z".to_string(),
            Dialect::Original => r"\s*\z".to_string(),
        },
        Node::Punct(c) => regex_syntax::escape(&c.to_string()),
        Node::Group(alts) => {
            let mut out = Vec::new();
            for seq in alts {
                out.push(sequence(
                    seq,
                    classes,
                    groups,
                    dialect,
                    marks.as_deref_mut(),
                )?);
            }
            match groups {
                Groups::Capture => format!("({})", out.join("|")),
                Groups::Plain => format!("(?:{})", out.join("|")),
            }
        }
        Node::Gap(_) => String::new(),
    })
}

/// The regex for a folded word: its forms when asked, each in every
/// spelling, apostrophes optional ("dont" for "don't"); in capitals only,
/// when `caps`.
fn word(folded: &str, forms: bool, caps: bool, dialect: Dialect) -> String {
    thread_local! {
        static KNOWN: RefCell<HashMap<(String, bool, bool, Dialect), String>> = RefCell::default();
    }
    let key = (folded.to_string(), forms, caps, dialect);
    memoised(&KNOWN, key, || spell(folded, forms, caps, dialect))
}

/// [`word`], worked out.
fn spell(folded: &str, forms: bool, caps: bool, dialect: Dialect) -> String {
    let bases = if forms {
        forms::of(folded)
    } else {
        vec![folded.to_string()]
    };
    let mut all: Vec<String> = Vec::new();
    for base in bases {
        for variant in spelling::variants(&base) {
            if !all.contains(&variant) {
                all.push(variant);
            }
        }
    }
    // Longest first, so a longer spelling wins where both would match.
    all.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let regexes: Vec<String> = all
        .iter()
        .map(|w| {
            let w = if caps { w.to_uppercase() } else { w.clone() };
            match w.strip_prefix('\'') {
                // The apostrophe is what joins it to the word before.
                Some(tail) if is_clitic(&w) => {
                    let apostrophe = match dialect {
                        Dialect::Folded => "'",
                        Dialect::Original => "['’]",
                    };
                    format!("{apostrophe}{}", dialect.word(tail))
                }
                _ => dialect.word(&w),
            }
        })
        .collect();
    match (regexes.len(), caps) {
        (_, true) => format!("(?-i:{})", regexes.join("|")),
        (1, false) => regexes.into_iter().next().unwrap_or_default(),
        _ => format!("(?:{})", regexes.join("|")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> Option<String> {
        let classes = Classes::parse_str(
            "contact-verb = [\"call~\", \"text~\", \"reply~\", \"get~ back to\"]\n",
        )
        .expect("classes");
        let compiled = compile(pattern, &classes).unwrap_or_else(|e| panic!("{pattern}: {e:?}"));
        let folded = crate::text::fold(text).text;
        // The head finds where every match starts.
        if let Some(m) = regex::Regex::new(&compiled.regex)
            .expect("compiles")
            .find(&folded)
        {
            let head = regex::Regex::new(&compiled.prefix).expect("head compiles");
            assert!(
                head.find_at(&folded, m.start())
                    .is_some_and(|h| h.start() == m.start()),
                "{pattern}"
            );
        }
        regex::Regex::new(&compiled.regex)
            .expect("compiles")
            .find(&folded)
            .map(|m| m.as_str().to_string())
    }

    #[test]
    fn contraction_ends_join_the_word_before() {
        for text in ["you're late", "You’re late", "you are late", "you 're late"] {
            assert!(matches("you (are|'re) late", text).is_some(), "{text}");
        }
        assert_eq!(matches("you (are|'re) late", "youare late"), None);
        assert_eq!(
            matches("i (have|'ve got) no excuse", "I've got no excuse"),
            Some("i've got no excuse".into())
        );
        assert_eq!(
            matches("things 'll change", "things'll change"),
            Some("things'll change".into())
        );
    }

    #[test]
    fn words_forms_classes_and_spellings() {
        assert_eq!(
            matches("never listen~", "U NEVER listened"),
            Some("never listened".into())
        );
        assert_eq!(
            matches("you never listen~", "u never listen 2 me"),
            Some("u never listen".into())
        );
        assert_eq!(
            matches("I apologize~", "I really apologized"),
            None,
            "no gap unless asked for"
        );
        assert_eq!(
            matches("I ...2 apologize~", "I really, truly apologize"),
            Some("i really, truly apologize".into())
        );
        assert_eq!(
            matches("@contact-verb me", "Text me back"),
            Some("text me".into())
        );
        assert_eq!(
            matches("@contact-verb me", "get back to me"),
            Some("get back to me".into())
        );
        assert_eq!(
            matches("you're overreacting", "ur overreacting"),
            Some("ur overreacting".into())
        );
        assert_eq!(
            matches("you're overreacting", "You are overreacting"),
            Some("you are overreacting".into())
        );
        assert_eq!(
            matches("I don't need you", "i dont need u"),
            Some("i dont need u".into())
        );
        assert_eq!(
            matches("going to regret~", "ur gonna regret this"),
            Some("gonna regret".into())
        );
        assert_eq!(
            matches("(have|need) to answer~", "you HAVE to answer"),
            Some("have to answer".into())
        );
        assert_eq!(matches("really? sorry", "sorry"), Some("sorry".into()));
        assert_eq!(
            matches("sorry , but", "Sorry, but"),
            Some("sorry, but".into())
        );
        assert_eq!(matches("sorry , but", "Sorry but"), None);
        assert_eq!(
            matches("sorry ,? but", "Sorry but"),
            Some("sorry but".into())
        );
        assert_eq!(
            matches("sorry (.|!) but", "Sorry! But"),
            Some("sorry! but".into())
        );
        assert_eq!(matches("why ? ?", "why??"), Some("why??".into()));
        assert_eq!(
            matches("it hurt (now|.)", "It hurt."),
            Some("it hurt.".into())
        );
        assert_eq!(
            matches("it hurt (now|.)", "it hurt now"),
            Some("it hurt now".into())
        );
        assert_eq!(matches("it hurt (now|.)", "it hurtnow"), None);
        assert_eq!(matches("you _ me", "you owe me"), Some("you owe me".into()));
        // Whole words only; a gap stays inside the sentence.
        assert_eq!(matches("you never", "younever"), None);
        assert_eq!(matches("you ... never", "you. Never"), None);
    }

    #[test]
    fn a_gap_passes_over_a_quoted_phrase() {
        assert_eq!(
            matches(
                "what part of ...8 did you not understand",
                "What part of \"leave me alone\" did you not understand?"
            ),
            Some("what part of \"leave me alone\" did you not understand".into())
        );
        assert_eq!(
            matches_original(
                "what part of ...8 did you NOT understand",
                "What part of “no” did you NOT understand?"
            ),
            Some("What part of “no” did you NOT understand".into())
        );
    }

    /// A pattern with a word in capitals runs over the draft as written.
    fn matches_original(pattern: &str, text: &str) -> Option<String> {
        let compiled = compile(pattern, &Classes::default()).expect("compiles");
        assert_eq!(compiled.dialect, Dialect::Original, "{pattern}");
        regex::RegexBuilder::new(&compiled.regex)
            .case_insensitive(true)
            .build()
            .expect("compiles")
            .find(text)
            .map(|m| m.as_str().to_string())
    }

    #[test]
    fn words_in_capitals_must_be_in_capitals() {
        assert_eq!(
            matches_original("WHY are you", "WHY are you doing this"),
            Some("WHY are you".into())
        );
        assert_eq!(matches_original("WHY are you", "Why are you here?"), None);
        assert_eq!(
            matches_original("I HAVE to talk~", "i HAVE  to\ntalk to u"),
            Some("i HAVE  to\ntalk".into())
        );
        assert_eq!(
            matches_original("it's YOUR fault", "Its YOUR fault"),
            Some("Its YOUR fault".into())
        );
        assert_eq!(
            matches_original("it's YOUR fault", "It’s UR fault"),
            Some("It’s UR fault".into())
        );
        assert_eq!(matches_original("it's YOUR fault", "it's your fault"), None);
        // "I" alone is a word, not capitals.
        assert_eq!(
            compile("I miss you", &Classes::default()).unwrap().dialect,
            Dialect::Folded
        );
    }

    #[test]
    fn the_end_of_the_draft_ends_a_clause() {
        let pattern = "answer me (.|!|$)";
        assert_eq!(
            matches(pattern, "Just answer me\n"),
            Some("answer me ".into())
        );
        assert_eq!(matches(pattern, "answer me"), Some("answer me".into()));
        assert_eq!(matches(pattern, "Answer me!"), Some("answer me!".into()));
        assert_eq!(matches(pattern, "answer me when you can"), None);
        assert_eq!(matches(pattern, "answer me\nwhen you can"), None);
        assert_eq!(
            matches_original("ANSWER me $", "ANSWER me \r\n\r\n"),
            Some("ANSWER me \r\n\r\n".into())
        );
        assert_eq!(matches_original("ANSWER me $", "ANSWER me now"), None);
    }

    #[test]
    fn a_skeleton_filled_with_its_classes_matches_as_the_regex_does() {
        let classes = Classes::parse_str(
            "contact-verb = [\"call~\", \"text~\", \"reply~\", \"get~ back to\"]\n\
             sorry = [\"sorry\", \"@contact-verb me\"]\n",
        )
        .expect("classes");
        let texts = [
            "please call me back, I'm sorry",
            "you never reply to me. text me!",
            "get back to me soon or reply to me",
            "Sorry sorry, texting you now",
        ];
        for pattern in [
            "@contact-verb me",
            "(please|just)? @contact-verb me (back)? ...3 (@sorry|now)",
            "you never @contact-verb? (to)? me (.|!|$)",
            "@sorry ,? (@sorry|@contact-verb) _",
        ] {
            let compiled = compile(pattern, &classes).expect("compiles");
            let skeleton = compiled.skeleton.as_ref().expect("a skeleton");
            assert!(!skeleton.parts.is_empty(), "{pattern}");
            let hir = skeleton.hir().expect("the skeleton fills");
            let filled = regex_automata::meta::Regex::builder()
                .build_from_hir(&hir)
                .expect("builds");
            let whole = regex::Regex::new(&compiled.regex).expect("compiles");
            let folded = |text: &str| crate::text::fold(text).text;
            assert!(
                texts.iter().any(|t| whole.is_match(&folded(t))),
                "{pattern}"
            );
            for text in texts {
                let folded = crate::text::fold(text).text;
                let ours: Vec<_> = filled.find_iter(&folded).map(|m| m.range()).collect();
                let theirs: Vec<_> = whole.find_iter(&folded).map(|m| m.range()).collect();
                assert_eq!(ours, theirs, "{pattern} on {text:?}");
            }
        }
    }

    #[test]
    fn errors_say_where() {
        let classes = Classes::default();
        let error = |p: &str| compile(p, &classes).unwrap_err();
        assert_eq!(error("you @nope").offset, 4);
        assert!(error("you @nope").message.contains("no word class `@nope`"));
        assert_eq!(error("you ...9 me").offset, 4);
        assert!(error("(you").message.contains("never closed"));
        assert!(error("you)").message.contains("without a `(`"));
        assert!(error("really?").message.contains("optional"));
        assert!(error("... you").message.contains("gap"));
        assert!(error("you [me]").message.contains("no meaning"));
        assert_eq!(error("").message, "empty pattern");
        assert!(error("$").message.contains("`$` alone"));
        assert!(error("me | really? $").message.contains("`$` alone"));
        assert!(compile("answer me (.|!|$)", &classes).is_ok());
    }
}

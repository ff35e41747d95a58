//! `limit`: counts (words, characters, sentences, questions, exclamation
//! marks, words per sentence, SMS segments) between `min` and `max`.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use unicode_segmentation::UnicodeSegmentation;

use super::{Context, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::draft::{FILLER, is_blank};
use crate::matcher::{Hit, Matcher};
use crate::rule::reader::Reader;
use crate::rule::{Params, Rule};

/// A `limit` rule.
#[derive(Clone, Debug)]
pub struct Limit {
    /// What is counted.
    pub count: Count,
    /// The least allowed, if any.
    pub min: Option<u64>,
    /// The most allowed, if any.
    pub max: Option<u64>,
}

/// What a `limit` rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Count {
    /// Words, as Unicode word boundaries find them.
    Words,
    /// User-perceived characters (grapheme clusters).
    Characters,
    /// Sentences.
    Sentences,
    /// Question marks.
    Questions,
    /// Exclamation marks.
    Exclamations,
    /// Checked for each sentence.
    WordsPerSentence,
    /// SMS segments: GSM-7 160/153 characters, UCS-2 70/67 code units.
    SmsSegments,
}

impl Count {
    /// What is counted, as a message says it ("words", "SMS segments").
    pub fn noun(self) -> &'static str {
        match self {
            Count::Words | Count::WordsPerSentence => "words",
            Count::Characters => "characters",
            Count::Sentences => "sentences",
            Count::Questions => "questions",
            Count::Exclamations => "exclamation marks",
            Count::SmsSegments => "SMS segments",
        }
    }
}

/// The keys of a `limit` rule.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// `limit` rules: what is counted.
    #[cfg_attr(test, schemars(with = "Option<Count>"))]
    count: Option<Spanned<Count>>,
    /// `limit` rules: the least allowed.
    #[cfg_attr(test, schemars(with = "Option<u64>"))]
    min: Option<Spanned<u64>>,
    /// `limit` rules: the most allowed.
    #[cfg_attr(test, schemars(with = "Option<u64>"))]
    max: Option<Spanned<u64>>,
}

impl Limit {
    /// Why `min` and `max` cannot both hold, if they cannot.
    fn impossible(&self) -> Option<String> {
        match (self.min, self.max) {
            (Some(min), Some(max)) if min > max => Some(format!(
                "impossible limit: min ({min}) is above max ({max})"
            )),
            (_, Some(0)) if self.count == Count::SmsSegments => {
                Some("impossible limit: a message has at least one SMS segment".into())
            }
            _ => None,
        }
    }
}

impl RuleKind for Limit {
    type Keys = Keys;
    const NAME: &'static str = "limit";
    const KEYS: &'static [&'static str] = &["count", "min", "max"];
    const PARAMS: &'static [&'static str] = &["min", "max"];
    const ALWAYS: bool = true;

    fn read(keys: Keys, reader: &mut Reader, kind: Range<usize>) -> Limit {
        let count = match &keys.count {
            Some(count) => *count.get_ref(),
            None => {
                reader.at(
                    kind.clone(),
                    "a `limit` rule needs `count` (words, characters, sentences, questions, exclamations, words-per-sentence or sms-segments)",
                );
                Count::Words
            }
        };
        let limit = Limit {
            count,
            min: keys.min.as_ref().map(|m| *m.get_ref()),
            max: keys.max.as_ref().map(|m| *m.get_ref()),
        };
        match (&keys.min, &keys.max, limit.impossible()) {
            (None, None, _) => reader.at(kind, "a `limit` rule needs `min`, `max` or both"),
            (Some(lo), Some(hi), Some(why)) if lo.get_ref() > hi.get_ref() => {
                reader.at(lo.span(), why)
            }
            (_, Some(hi), Some(why)) => reader.at(hi.span(), why),
            _ => {}
        }
        limit
    }

    fn apply(&mut self, params: &Params) -> Result<(), String> {
        if params.min.is_some() {
            self.min = params.min;
        }
        if params.max.is_some() {
            self.max = params.max;
        }
        self.impossible().map_or(Ok(()), Err)
    }

    fn summary(&self) -> String {
        let mut s = format!("Counts {}", self.count.noun());
        if let Some(min) = self.min {
            s.push_str(&format!("; at least {min}"));
        }
        if let Some(max) = self.max {
            s.push_str(&format!("; at most {max}"));
        }
        s + "."
    }

    fn setting(&self, name: &str) -> Option<String> {
        match name {
            "min" => self.min.map(|m| m.to_string()),
            "max" => self.max.map(|m| m.to_string()),
            "limit" => self.max.or(self.min).map(|m| m.to_string()),
            _ => None,
        }
    }

    fn check(&self, ctx: &Context, rule: &Rule, _: &[Hit], _: &Matcher, out: &mut Vec<Diagnostic>) {
        check(ctx, rule, self, out);
    }
}

fn check(ctx: &Context, rule: &Rule, limit: &Limit, out: &mut Vec<Diagnostic>) {
    let draft = ctx.draft;
    let body = draft.body();
    let range = draft.body_range();
    let trimmed = trim(body, range.clone());
    // Offsets of the counted things; the first one past `max` is where the
    // diagnostic starts.
    let (count, over_from, extra): (usize, Option<usize>, String) = match limit.count {
        Count::WordsPerSentence => {
            for sentence in draft.sentences() {
                let words = draft.words().count_in(sentence.clone());
                report(ctx, rule, limit, words, sentence.clone(), None, out);
            }
            return;
        }
        Count::Words => {
            let words = draft.words();
            let over = limit
                .max
                .and_then(|max| words.iter().nth(usize::try_from(max).ok()?));
            (words.len(), over, String::new())
        }
        Count::Characters => nth_over(
            body[trimmed.clone()]
                .grapheme_indices(true)
                .filter(|(_, g)| !g.starts_with(FILLER))
                .map(|(at, _)| trimmed.start + at),
            limit.max,
        ),
        Count::Sentences => nth_over(draft.sentences().iter().map(|s| s.start), limit.max),
        Count::Questions => nth_over(marks(body, range.clone(), &['?', '？']), limit.max),
        Count::Exclamations => nth_over(marks(body, range.clone(), &['!', '！']), limit.max),
        Count::SmsSegments => {
            let text = &draft.text()[trimmed.clone()];
            let sms = sms(text, limit.max);
            let extra = match sms.ucs2_because {
                Some(c) => format!("UCS-2, because of \"{c}\""),
                None => "GSM-7".to_string(),
            };
            (
                sms.segments,
                sms.over_from.map(|at| trimmed.start + at),
                extra,
            )
        }
    };
    let span = match over_from {
        Some(start) if limit.max.is_some_and(|max| count as u64 > max) => start..trimmed.end,
        _ => trimmed,
    };
    report(ctx, rule, limit, count, span, Some(extra), out);
}

fn report(
    ctx: &Context,
    rule: &Rule,
    limit: &Limit,
    count: usize,
    span: Range<usize>,
    encoding: Option<String>,
    out: &mut Vec<Diagnostic>,
) {
    let count = count as u64;
    let too_many = limit.max.is_some_and(|max| count > max);
    let too_few = limit.min.is_some_and(|min| count < min);
    if !too_many && !too_few {
        return;
    }
    let (count, min, max) = (
        count.to_string(),
        limit.min.map(|m| m.to_string()).unwrap_or_default(),
        limit.max.map(|m| m.to_string()).unwrap_or_default(),
    );
    let mut vars = vec![
        ("count", count.as_str()),
        ("min", min.as_str()),
        ("max", max.as_str()),
        ("limit", if too_many { max.as_str() } else { min.as_str() }),
        ("direction", if too_many { "over" } else { "under" }),
        ("unit", limit.count.noun()),
    ];
    if let Some(encoding) = &encoding {
        vars.push(("encoding", encoding));
    }
    out.push(ctx.report(rule, span, &rule.message, &vars, Vec::new()));
}

/// Counts the items and returns the offset of the first one past `max`.
fn nth_over(
    items: impl Iterator<Item = usize>,
    max: Option<u64>,
) -> (usize, Option<usize>, String) {
    let mut count = 0;
    let mut over = None;
    for at in items {
        count += 1;
        if over.is_none() && max.is_some_and(|m| count as u64 > m) {
            over = Some(at);
        }
    }
    (count, over, String::new())
}

fn marks<'a>(
    body: &'a str,
    range: Range<usize>,
    chars: &'a [char],
) -> impl Iterator<Item = usize> + 'a {
    body[range.clone()]
        .match_indices(chars)
        .map(move |(at, _)| range.start + at)
}

fn trim(body: &str, range: Range<usize>) -> Range<usize> {
    let s = &body[range.clone()];
    let start = range.start + (s.len() - s.trim_start_matches(is_blank).len());
    start..start.max(range.start + s.trim_end_matches(is_blank).len())
}

/// The size of a text as SMS.
#[derive(Debug, PartialEq, Eq)]
pub struct Sms {
    /// How many segments the text takes.
    pub segments: usize,
    /// Byte offset where the segment after `max` starts.
    pub over_from: Option<usize>,
    /// The first character that forces UCS-2, if any.
    pub ucs2_because: Option<char>,
}

/// GSM 03.38 basic set (one septet each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension table (two septets each: escape + char).
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{000C}";

/// Segments of `text` sent as SMS: GSM-7 (160 septets, 153 per part when
/// split) unless a character needs UCS-2 (70 code units, 67 per part).
pub fn sms(text: &str, max: Option<u64>) -> Sms {
    let ucs2_because = text
        .chars()
        .find(|&c| !GSM_BASIC.contains(c) && !GSM_EXTENDED.contains(c));
    let unit = |c: char| match ucs2_because {
        Some(_) => c.len_utf16(),
        None if GSM_EXTENDED.contains(c) => 2,
        None => 1,
    };
    let (single, part) = if ucs2_because.is_some() {
        (70, 67)
    } else {
        (160, 153)
    };
    let total: usize = text.chars().map(unit).sum();
    let segments = if total <= single {
        1
    } else {
        total.div_ceil(part)
    };
    let over_from = max.filter(|&m| (segments as u64) > m).and_then(|m| {
        let limit = part * m as usize;
        let mut units = 0;
        text.char_indices().find_map(|(at, c)| {
            units += unit(c);
            (units > limit).then_some(at)
        })
    });
    Sms {
        segments,
        over_from,
        ucs2_because,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm_and_ucs2_segments() {
        assert_eq!(sms(&"a".repeat(160), None).segments, 1);
        assert_eq!(sms(&"a".repeat(161), None).segments, 2);
        assert_eq!(sms(&"a".repeat(306), None).segments, 2);
        assert_eq!(sms(&"a".repeat(307), None).segments, 3);
        assert_eq!(sms(&"€".repeat(80), None).segments, 1);
        assert_eq!(sms(&"€".repeat(81), None).segments, 2);
        let emoji = format!("{}🙂", "a".repeat(69));
        let s = sms(&emoji, None);
        assert_eq!((s.segments, s.ucs2_because), (2, Some('🙂')));
        assert_eq!(sms(&"a".repeat(70), None).segments, 1);
        let over = sms(&"b".repeat(400), Some(2));
        assert_eq!(over.over_from, Some(306));
    }
}

//! `require`: at least one phrase or pattern must occur (optionally within
//! the first or last sentences); the fix inserts a suggested sentence.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Context, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::draft::Draft;
use crate::draft::prose::{is_greeting, is_question};
use crate::expr::Expr;
use crate::fix::Fix;
use crate::matcher::{Hit, Matcher, Role, Use};
use crate::rule::reader::{Reader, Strings};
use crate::rule::{Params, Rule};
use crate::text::is_word_char;

/// A `require` rule.
#[derive(Clone, Debug, Default)]
pub struct Require {
    /// Phrases, one of which must be there (case-insensitive, whole words).
    pub phrases: Vec<String>,
    /// Regexes and word patterns.
    pub regexes: Vec<Expr>,
    /// Occurrences inside these do not count ("sorry to hear" is no apology).
    pub except: Vec<String>,
    /// Regexes and word patterns inside whose matches an occurrence does not
    /// count.
    pub except_regexes: Vec<Expr>,
    /// Where an occurrence must stand (`in-first`, `in-last`); `None`: anywhere.
    pub within: Option<Within>,
    /// The sentence offered as a fix when nothing matches.
    pub insert: Option<String>,
    /// Where the `insert` sentence goes.
    pub insert_at: InsertAt,
}

/// Where a required phrase must stand, in sentences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    /// Within the first N sentences (`in-first`).
    First(usize),
    /// Within the last N sentences, before a sign-off (`in-last`).
    Last(usize),
}

/// Where the sentence a `require` rule suggests goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum InsertAt {
    /// Before the first sentence.
    Start,
    /// After a short greeting sentence such as "Hi Sam," or at the start.
    AfterGreeting,
    /// In the body, before its close: a closing question, the proposal of
    /// a time ([`InsertAt::End`] rules' matches near the end), a sign-off.
    BeforeClose,
    /// After the last sentence (and an emoji that ends it), before a sign-off.
    #[default]
    End,
}

/// The keys of a `require` rule.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Keys {
    /// `require` rules: phrases, one of which must be there (case-insensitive, whole words).
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    phrases: Option<Strings>,
    /// `require` rules: regexes, one of which must match. Write them in single quotes.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    regexes: Option<Strings>,
    /// `require` rules: word patterns (`I ...2 apologize~`), one of which must match.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    patterns: Option<Strings>,
    /// `require` rules: phrases inside which a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except: Option<Strings>,
    /// `require` rules: regexes inside whose matches a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except_regexes: Option<Strings>,
    /// `require` rules: word patterns inside whose matches a match does not count.
    #[cfg_attr(test, schemars(with = "Option<Vec<String>>"))]
    except_patterns: Option<Strings>,
    /// `require` rules: the match must start within the first N sentences.
    #[cfg_attr(test, schemars(with = "Option<u32>", range(min = 1)))]
    in_first: Option<Spanned<usize>>,
    /// `require` rules: the match must start within the last N sentences (before a sign-off).
    #[cfg_attr(test, schemars(with = "Option<u32>", range(min = 1)))]
    in_last: Option<Spanned<usize>>,
    /// `require` rules: the sentence offered as a fix when nothing matches.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    insert: Option<Spanned<String>>,
    /// `require` rules: where the sentence goes.
    #[cfg_attr(test, schemars(with = "Option<InsertAt>"))]
    insert_at: Option<Spanned<InsertAt>>,
}

impl RuleKind for Require {
    type Keys = Keys;
    const NAME: &'static str = "require";
    const KEYS: &'static [&'static str] = &[
        "phrases",
        "regexes",
        "patterns",
        "except",
        "except-regexes",
        "except-patterns",
        "in-first",
        "in-last",
        "insert",
        "insert-at",
    ];
    const PARAMS: &'static [&'static str] = &["in-first", "in-last"];
    const ALWAYS: bool = true;

    fn read(keys: Keys, reader: &mut Reader, kind: Range<usize>) -> Require {
        let mut regexes = reader.regexes_of(&keys.regexes);
        regexes.extend(reader.patterns_of(&keys.patterns));
        let mut except_regexes = reader.regexes_of(&keys.except_regexes);
        except_regexes.extend(reader.patterns_of(&keys.except_patterns));
        let mut req = Require {
            phrases: reader.phrases_of(&keys.phrases),
            regexes,
            except: reader.phrases_of(&keys.except),
            except_regexes,
            within: None,
            insert: keys.insert.as_ref().map(|i| i.get_ref().clone()),
            insert_at: keys
                .insert_at
                .as_ref()
                .map(|i| *i.get_ref())
                .unwrap_or_default(),
        };
        // Where the match must stand is checked as a config's setting is.
        let place = Params {
            in_first: keys.in_first.as_ref().map(|n| *n.get_ref()),
            in_last: keys.in_last.as_ref().map(|n| *n.get_ref()),
            ..Params::default()
        };
        if let Err(why) = req.apply(&place) {
            let zero = |n: &&Spanned<usize>| *n.get_ref() == 0;
            let at = match (&keys.in_first, &keys.in_last) {
                (Some(first), Some(_)) => Some(first),
                (first, last) => first.as_ref().filter(zero).or(last.as_ref()),
            };
            reader.at(at.map_or(kind.clone(), Spanned::span), why);
        }
        if let Some(insert) = &keys.insert {
            reader.template(insert);
        }
        if keys.phrases.is_none() && keys.regexes.is_none() && keys.patterns.is_none() {
            reader.at(
                kind,
                "a `require` rule needs `phrases`, `patterns` or `regexes` (at least one must occur)",
            );
        }
        req
    }

    fn apply(&mut self, params: &Params) -> Result<(), String> {
        match (params.in_first, params.in_last) {
            (Some(_), Some(_)) => Err("set `in-first` or `in-last`, not both".into()),
            (Some(0), _) | (_, Some(0)) => {
                Err("`in-first`/`in-last` count sentences and must be at least 1".into())
            }
            (Some(n), None) => {
                self.within = Some(Within::First(n));
                Ok(())
            }
            (None, Some(n)) => {
                self.within = Some(Within::Last(n));
                Ok(())
            }
            (None, None) => Ok(()),
        }
    }

    fn uses<'r>(&'r self, out: &mut dyn FnMut(Use<'r>, Role)) {
        for (list, role) in [(&self.phrases, Role::Require), (&self.except, Role::Except)] {
            list.iter().for_each(|p| out(Use::Phrase(p), role));
        }
        for (list, role) in [
            (&self.regexes, Role::Require),
            (&self.except_regexes, Role::Except),
        ] {
            list.iter().for_each(|r| out(Use::Regex(r), role));
        }
    }

    fn templates(&self) -> Vec<&str> {
        self.insert.as_deref().into_iter().collect()
    }

    fn summary(&self) -> String {
        "Asks for at least one of its phrases in the draft.".to_string()
    }

    fn check(
        &self,
        ctx: &Context,
        rule: &Rule,
        hits: &[Hit],
        _: &Matcher,
        out: &mut Vec<Diagnostic>,
    ) {
        check(ctx, rule, self, hits, out);
    }
}

fn check(ctx: &Context, rule: &Rule, req: &Require, hits: &[Hit], out: &mut Vec<Diagnostic>) {
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
            let end = ctx.draft.content_end();
            match sentences.get((end + 1).saturating_sub(n)) {
                Some(first) => first.start..draft.body_range().end,
                None => draft.body_range(),
            }
        }
    };
    let excepted = Excepts::new(hits);
    let found = hits.iter().any(|h| {
        h.owner.role == Role::Require
            && region.contains(&h.span.start)
            && !excepted.overlaps(&h.span)
    });
    if found {
        return;
    }
    let at = insertion(ctx, req);
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

/// The spans of a rule's `except` hits, to ask in O(log n) whether one
/// overlaps a span: a draft with thousands of "sorry if" must not compare
/// each "sorry" with each of them.
struct Excepts {
    /// `(start, end)` by start.
    spans: Vec<(usize, usize)>,
    /// The greatest end among `spans[..=i]`.
    reach: Vec<usize>,
}

impl Excepts {
    fn new(hits: &[Hit]) -> Excepts {
        Excepts::from_spans(
            hits.iter()
                .filter(|h| h.owner.role == Role::Except)
                .map(|h| (h.span.start, h.span.end))
                .collect(),
        )
    }

    fn from_spans(mut spans: Vec<(usize, usize)>) -> Excepts {
        spans.sort_unstable();
        let reach = spans
            .iter()
            .scan(0, |most, &(_, end)| {
                *most = end.max(*most);
                Some(*most)
            })
            .collect();
        Excepts { spans, reach }
    }

    /// Does an except span share a byte with `span` (start before its end,
    /// end after its start)?
    fn overlaps(&self, span: &Range<usize>) -> bool {
        let before_end = self.spans.partition_point(|&(start, _)| start < span.end);
        before_end > 0 && self.reach[before_end - 1] > span.start
    }
}

/// Where an inserted sentence goes, what separates it from its neighbours,
/// and the sentence it stands beside (for the diagnostic's span).
struct Insertion {
    offset: usize,
    before: &'static str,
    after: &'static str,
    sentence: Option<Range<usize>>,
}

fn insertion(ctx: &Context, req: &Require) -> Insertion {
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
    match req.insert_at {
        InsertAt::Start => before(draft, first),
        InsertAt::AfterGreeting => {
            // An opener goes first; other sentences go after the opening.
            let next = match req.within {
                Some(Within::First(_)) => usize::from(is_greeting(&text[first.clone()])),
                _ => {
                    // Questions that open the draft are its opening too.
                    let mut next = opening_end(ctx);
                    while sentences
                        .get(next)
                        .is_some_and(|s| is_question(&text[s.clone()]))
                    {
                        next += 1;
                    }
                    next
                }
            };
            match sentences.get(next) {
                Some(sentence) => before(draft, sentence),
                None => after(draft, next - 1),
            }
        }
        InsertAt::End => after(draft, ctx.draft.content_end()),
        InsertAt::BeforeClose => match close_start(ctx) {
            // Right after a greeting, the close is all the body there is:
            // go in at its start ("Hi Jo,\n\nI'm sorry ... Are you free?").
            Some(1) if is_greeting(&text[first.clone()]) => before(draft, &sentences[1]),
            Some(close) => after(draft, close - 1),
            None => after(draft, ctx.draft.content_end()),
        },
    }
}

/// A sentence inserted in front of `sentence`, but after an emoji that
/// ends the sentence before it on the line ("Ça va? 👋 Call me").
fn before(draft: &Draft, sentence: &Range<usize>) -> Insertion {
    let text = draft.text();
    let line_start = text[..sentence.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let follows = !text[line_start..sentence.start].trim().is_empty();
    // Only emoji and the like are passed over: not quotes or brackets.
    let lead = text[sentence.clone()]
        .find(|c: char| c.is_ascii_graphic() || is_word_char(c))
        .filter(|_| follows)
        .unwrap_or(0);
    Insertion {
        offset: sentence.start + lead,
        before: "",
        after: " ",
        sentence: Some(sentence.clone()),
    }
}

/// A sentence inserted after sentence `index`, and after an emoji or a
/// smiley that ends it on its line ("Free on Saturday? 🙂").
fn after(draft: &Draft, index: usize) -> Insertion {
    let text = draft.text();
    let sentence = draft.sentences()[index].clone();
    let line_end = text[sentence.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| sentence.end + i);
    let next = draft
        .sentences()
        .get(index + 1)
        .map_or(line_end, |s| s.start.min(line_end));
    let offset = sentence.end + text[sentence.end..next].trim_end().len();
    // "sorry" typed without a full stop gets one, so that the new
    // sentence does not run on from it ("sorry I'd like to ...").
    let open = offset == sentence.end
        && text[sentence.clone()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    Insertion {
        offset,
        before: if open { ". " } else { " " },
        after: "",
        sentence: Some(sentence),
    }
}

/// The first sentence of the draft's close, where a sentence of the body
/// must not come after: the last sentence before any sign-off when it asks
/// a question, and either of the last two when it holds the match of a
/// rule that inserts at the end (a proposal of a time: "Can we talk Sunday
/// at 6? Let me know."). Never the first sentence nor the opening: a draft
/// of one question ("How are you?") has no body to go before it.
fn close_start(ctx: &Context) -> Option<usize> {
    let draft = ctx.draft;
    let sentences = draft.sentences();
    let last = ctx.draft.content_end();
    let mut close = is_question(&draft.text()[sentences[last].clone()]).then_some(last);
    if let Some(first) =
        (last.saturating_sub(1)..=last).find(|&i| holds_any(&ctx.closers, &sentences[i]))
    {
        close = Some(close.map_or(first, |c| c.min(first)));
    }
    close.filter(|&c| c > 0 && c >= opening_end(ctx))
}

/// Is one of `places` (sorted) inside `sentence`? In O(log n): a draft of
/// thousands of questions must not compare each with each.
fn holds_any(places: &[usize], sentence: &Range<usize>) -> bool {
    let from = places.partition_point(|&at| at < sentence.start);
    places.get(from).is_some_and(|&at| at < sentence.end)
}

/// The index of the first sentence after the opening: a greeting and the
/// opener questions after it ("Hi Sam, how are you? How is work?").
fn opening_end(ctx: &Context) -> usize {
    let sentences = ctx.draft.sentences();
    let mut next = sentences.first().map_or(0, |first| {
        usize::from(is_greeting(&ctx.draft.text()[first.clone()]))
    });
    while sentences
        .get(next)
        .is_some_and(|s| holds_any(&ctx.openers, s))
    {
        next += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `holds_any` answers as a plain scan of every place would.
    #[test]
    fn holds_any_is_a_plain_scan() {
        let mut rng = crate::testing::Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..2_000 {
            let mut places: Vec<usize> = (0..rng.below(8)).map(|_| rng.below(40)).collect();
            places.sort_unstable();
            let start = rng.below(40);
            let sentence = start..start + rng.below(10);
            assert_eq!(
                holds_any(&places, &sentence),
                places.iter().any(|at| sentence.contains(at)),
                "{places:?} {sentence:?}"
            );
        }
    }

    /// The overlap test gives the plain scan's answer, for nested,
    /// touching and empty spans alike.
    #[test]
    fn excepts_overlap_as_a_plain_scan_says() {
        let mut rng = crate::testing::Rng(0x5851_f42d_4c95_7f2d);
        for _ in 0..2_000 {
            let spans: Vec<(usize, usize)> = (0..rng.below(8))
                .map(|_| {
                    let start = rng.below(40);
                    (start, start + rng.below(8))
                })
                .collect();
            let excepts = Excepts::from_spans(spans.clone());
            let start = rng.below(40);
            let span = start..start + rng.below(8);
            let plain = spans.iter().any(|&(s, e)| s < span.end && span.start < e);
            assert_eq!(excepts.overlaps(&span), plain, "{spans:?} {span:?}");
        }
    }
}

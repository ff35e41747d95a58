//! Markdown: what is not prose (code, link targets, URLs, HTML comments),
//! which `Draft::parse` blanks in the body, and the regions that
//! `<!-- draftlint-disable ... -->` comments switch rules off in.

use std::ops::Range;

/// A region where some or all rules are switched off by a Markdown comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The byte range of the draft it covers.
    pub range: Range<usize>,
    /// `None` means every rule.
    pub rules: Option<Vec<String>>,
}

impl Suppression {
    /// Is `rule` switched off at byte `offset`?
    pub fn covers(&self, rule: &str, offset: usize) -> bool {
        self.range.contains(&offset)
            && self
                .rules
                .as_ref()
                .is_none_or(|rules| rules.iter().any(|r| r == rule))
    }
}

/// The length of the Markdown block markers (`#`, `>`, list bullets and
/// numbers, each followed by a space) at the start of `line`.
pub(super) fn block_markers(line: &str) -> usize {
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

/// Masks Markdown that is not prose and reads `draftlint-disable` comments.
pub(super) fn markdown(
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

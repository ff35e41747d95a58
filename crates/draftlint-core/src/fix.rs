//! Edits and applying them without overlap.
//!
//! A [`Fix`] is a titled set of [`Edit`]s (replace, insert with an empty span,
//! delete with empty text). [`apply`] applies fixes in order of position and
//! skips any fix that would touch text another accepted fix already changed,
//! so the result is always well-formed UTF-8 and never mixes two rewrites.

use std::collections::BTreeSet;
use std::ops::Range;

/// Replace `span` (byte offsets into the original text) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte offsets into the original text; empty to insert.
    pub span: Range<usize>,
    /// The new text; empty to delete.
    pub text: String,
}

/// What a fix does to the writer's text, which decides when it is applied
/// without asking (as ruff tells safe fixes from unsafe ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// Rewrites or removes the writer's own words ("you need to" -> "you
    /// could"): `--fix`, fix-all and fix-on-save apply it.
    Edit,
    /// Adds a stock sentence the writer did not write ("I'm sorry for the
    /// past."): offered, applied only when asked for (`--fix-suggestions`).
    Suggestion,
}

impl FixKind {
    /// The name used in JSON and SARIF output.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::Edit => "edit",
            FixKind::Suggestion => "suggestion",
        }
    }
}

/// A suggested rewrite, e.g. `replace with "you could"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor offers it (`replace with "you could"`).
    pub title: String,
    /// The edits it makes, all or none.
    pub edits: Vec<Edit>,
    /// Whether it rewrites the writer's words or adds a sentence.
    pub kind: FixKind,
}

impl Fix {
    /// An edit of the writer's words: `span` becomes `text`.
    pub fn replace(span: Range<usize>, text: impl Into<String>, title: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                text: text.into(),
            }],
            kind: FixKind::Edit,
        }
    }

    /// A suggestion: `text` inserted at `at`.
    pub fn suggest(at: usize, text: impl Into<String>, title: impl Into<String>) -> Fix {
        Fix {
            kind: FixKind::Suggestion,
            ..Fix::replace(at..at, text, title)
        }
    }
}

/// Which fixes to apply without asking: edits always, suggestions when
/// `suggestions` says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Apply {
    /// Whether suggestions are applied too.
    pub suggestions: bool,
}

impl Apply {
    /// Does this choice take fixes of `kind`?
    pub fn takes(self, kind: FixKind) -> bool {
        kind == FixKind::Edit || self.suggestions
    }

    /// The fix of a finding to apply: its preferred (first) one, when of a
    /// kind this choice takes.
    pub fn preferred(self, fixes: &[Fix]) -> Option<&Fix> {
        fixes.first().filter(|f| self.takes(f.kind))
    }
}

/// The outcome of [`apply`]: the new text and how many fixes went in.
#[derive(Debug)]
pub struct Applied {
    /// The text with the fixes applied.
    pub text: String,
    /// How many fixes went in.
    pub applied: usize,
    /// How many were left out (they clashed or were out of bounds).
    pub skipped: usize,
}

/// Chooses the fixes that can go in together: in order of position, each fix
/// whose edits are inside `text`, on character boundaries and clear of every
/// edit chosen before. Returns the chosen edits in the order to apply them
/// (insertions at one point keep the order of their fixes) and how many fixes
/// were skipped.
pub fn select<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (Vec<&'a Edit>, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
    let mut accepted: Vec<&Edit> = Vec::new();
    // The accepted spans by start, to find a clash in O(log n): they never
    // overlap one another, so their ends rise with their starts.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let clashes_with_taken = |taken: &BTreeSet<(usize, usize)>, e: &Edit| {
        for &(start, end) in taken.range(..(e.span.end, 0)).rev() {
            if end <= e.span.start {
                return false;
            }
            if start < e.span.end && e.span.start < end {
                return true;
            }
        }
        false
    };
    let mut skipped = 0;
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            clashes_with_taken(&taken, e) || fix.edits[..i].iter().any(|other| overlaps(other, e))
        });
        if valid && !clashes {
            taken.extend(fix.edits.iter().map(|e| (e.span.start, e.span.end)));
            accepted.extend(fix.edits.iter());
        } else {
            skipped += 1;
        }
    }
    // Stable: insertions at one point keep the order of their fixes.
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    (accepted, skipped)
}

/// Applies `fixes` to `text` (see [`select`]).
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let total = fixes.iter().filter(|f| !f.edits.is_empty()).count();
    let (accepted, skipped) = select(text, fixes);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in accepted {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.text);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied: total - skipped,
        skipped,
    }
}

/// Two edits clash when their spans intersect; an insertion clashes only
/// with a span it falls strictly inside. Insertions at one point all go in,
/// in the order of their fixes.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let text = "you need to call me now";
        let a = Fix::replace(0..11, "you could", "a");
        let b = Fix::replace(4..8, "want", "b");
        let c = Fix::replace(20..23, "soon", "c");
        let out = apply(text, [&c, &b, &a]);
        assert_eq!(out.text, "you could call me soon");
        assert_eq!((out.applied, out.skipped), (2, 1));
    }

    #[test]
    fn never_splits_a_character() {
        let text = "héllo";
        let bad = Fix::replace(1..2, "e", "bad");
        let out = apply(text, [&bad]);
        assert_eq!(out.text, "héllo");
        assert_eq!(out.skipped, 1);
    }

    /// The choice is the one a plain scan over every accepted edit makes,
    /// on fixes of one to three edits, insertions among them, in any order.
    #[test]
    fn selection_is_the_plain_scans() {
        let text = "a".repeat(60);
        let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |below: usize| rng.below(below);
        for _ in 0..300 {
            let fixes: Vec<Fix> = (0..next(12) + 1)
                .map(|_| Fix {
                    title: String::new(),
                    kind: FixKind::Edit,
                    edits: (0..next(3) + 1)
                        .map(|_| {
                            let start = next(60);
                            let end = (start + next(6)).min(60);
                            Edit {
                                span: start..end,
                                text: "b".into(),
                            }
                        })
                        .collect(),
                })
                .collect();
            let (chosen, skipped) = select(&text, &fixes);
            let mut sorted: Vec<&Fix> = fixes.iter().collect();
            sorted.sort_by_key(|f| f.edits.iter().map(|e| e.span.start).min());
            let mut plain: Vec<&Edit> = Vec::new();
            let mut plain_skipped = 0;
            for fix in sorted {
                let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
                    plain.iter().any(|a| overlaps(a, e))
                        || fix.edits[..i].iter().any(|other| overlaps(other, e))
                });
                if clashes {
                    plain_skipped += 1;
                } else {
                    plain.extend(fix.edits.iter());
                }
            }
            plain.sort_by_key(|e| (e.span.start, e.span.end));
            let spans = |edits: &[&Edit]| edits.iter().map(|e| e.span.clone()).collect::<Vec<_>>();
            assert_eq!(spans(&chosen), spans(&plain));
            assert_eq!(skipped, plain_skipped);
        }
    }

    #[test]
    fn inserts_at_one_point_all_go_in_in_order() {
        let a = Fix::replace(5..5, " there", "a");
        let b = Fix::replace(5..5, " you", "b");
        assert_eq!(apply("hello", [&a, &b]).text, "hello there you");
    }
}

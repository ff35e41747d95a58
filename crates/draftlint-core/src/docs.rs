//! Rule documentation in Markdown: `draftlint explain`, hovers, and the
//! pages editors link to from each diagnostic.

use std::fmt::Write;

use crate::rule::{Expect, Rule};

/// One sentence on what the rule checks.
pub fn summary(rule: &Rule) -> String {
    rule.kind.summary()
}

/// The first bad example with its fix, as `✗ bad` / `✓ fixed` lines
/// (preferring one that uses the rule's own settings).
pub fn example(rule: &Rule) -> Option<String> {
    let mut examples: Vec<&crate::rule::Example> = rule.examples.iter().collect();
    examples.sort_by_key(|e| e.with != crate::rule::Params::default());
    examples.into_iter().find_map(|e| match &e.expect {
        Expect::Bad { text, fixed } => {
            let mut s = format!("✗ {}", text.trim());
            if let Some(fixed) = fixed {
                let _ = write!(s, "\n\n✓ {}", fixed.trim());
            }
            Some(s)
        }
        Expect::Good(_) => None,
    })
}

/// A message template of `rule` as a reader of the docs can follow it: a
/// field with a fallback reads as the fallback (`{to|them}` is "them"), the
/// rule's own settings as their values (`{days}` is "7"), and what the check
/// fills in as what it stands for (`{match}` is "<the words found>").
pub fn readable(rule: &Rule, template: &str) -> String {
    crate::template::render(template, |name| {
        let setting = rule.kind.setting(name);
        if setting.is_some() {
            return setting;
        }
        let what = match name {
            "match" => "the words found",
            "count" => "the count",
            "unit" => "what is counted",
            "direction" => "over or under",
            "limit" | "min" | "max" => "the limit",
            "days" => "the days asked for",
            "elapsed" => "the days since",
            "to" => return None,
            other => other,
        };
        Some(format!("<{what}>"))
    })
}

/// The whole page for a rule.
pub fn page(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", rule.id);
    let step = rule.step.map(|s| format!(", step {s}")).unwrap_or_default();
    let pack = rule
        .pack
        .as_ref()
        .map(|p| format!(" of the `{p}` pack"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} rule{pack}, level {}{step}.\n",
        rule.kind.name(),
        rule.level
    );
    let _ = writeln!(
        out,
        "{}\n\nMessage: {}\n",
        summary(rule),
        readable(rule, &rule.message)
    );
    if !rule.why.is_empty() {
        let _ = writeln!(out, "## Why\n\n{}\n", rule.why);
    }
    if !rule.examples.is_empty() {
        let _ = writeln!(out, "## Examples\n");
        for example in &rule.examples {
            let with = if example.with == crate::rule::Params::default() {
                String::new()
            } else {
                format!(" (with {})", example.with)
            };
            match &example.expect {
                Expect::Bad { text, fixed } => {
                    let _ = writeln!(out, "- Flagged{with}: {}", text.trim());
                    if let Some(fixed) = fixed {
                        let _ = writeln!(out, "  Fixed:   {}", fixed.trim());
                    }
                }
                Expect::Good(text) => {
                    let _ = writeln!(out, "- Fine{with}:    {}", text.trim());
                }
            }
        }
    }
    out
}

//! The five-step checklist shown on a draft's first line, e.g.
//! `✓ calm · ✓ opener · ✓ feeling · ✗ apology · ✓ short (84 words) · ✓ no pressure · ✗ follow-up`.
//!
//! Each item stands for a step of the guide and is done when no rule of that
//! step has a finding. Step 5 has three: keeping it short (its limits), not
//! forcing the issue (its avoid rules) and proposing a follow-up (its require
//! rules).

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::linter::Linter;
use crate::rule::Kind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub done: bool,
    /// Rules of this item that have findings.
    pub open: Vec<Arc<str>>,
}

/// Which item a rule belongs to, if any.
fn slot(step: u8, kind: &Kind) -> Option<usize> {
    match (step, kind) {
        (1, _) => Some(0),
        (2, _) => Some(1),
        (3, _) => Some(2),
        (4, _) => Some(3),
        (5, Kind::Limit(_)) => Some(4),
        (5, Kind::Require(_)) => Some(6),
        (5, _) => Some(5),
        _ => None,
    }
}

/// The checklist for a draft with `diagnostics` and `words` words. Items
/// without any enabled rule are left out.
pub fn items(linter: &Linter, diagnostics: &[Diagnostic], words: usize) -> Vec<Item> {
    let labels = [
        "calm".to_string(),
        "opener".to_string(),
        "feeling".to_string(),
        "apology".to_string(),
        format!(
            "short ({words} {})",
            if words == 1 { "word" } else { "words" }
        ),
        "no pressure".to_string(),
        "follow-up".to_string(),
    ];
    let mut used = [false; 7];
    let mut open: [Vec<Arc<str>>; 7] = Default::default();
    for rule in linter.rules() {
        let Some(i) = rule.step.and_then(|s| slot(s, &rule.kind)) else {
            continue;
        };
        used[i] = true;
        if diagnostics.iter().any(|d| d.rule == rule.id) {
            open[i].push(rule.id.clone());
        }
    }
    labels
        .into_iter()
        .zip(open)
        .zip(used)
        .filter(|(_, used)| *used)
        .map(|((label, open), _)| Item {
            label,
            done: open.is_empty(),
            open,
        })
        .collect()
}

/// `✓ calm · ✗ opener · …`
pub fn summary(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| format!("{} {}", if i.done { '✓' } else { '✗' }, i.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One line per item, naming the rules still open.
pub fn details(items: &[Item]) -> String {
    items
        .iter()
        .map(|i| {
            if i.done {
                format!("✓ {}", i.label)
            } else {
                let rules: Vec<&str> = i.open.iter().map(|r| &**r).collect();
                format!("✗ {}: {}", i.label, rules.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

//! The five-step checklist shown on a draft's first line, e.g.
//! `✓ calm · ✓ opener · ✓ feeling · ✓ apology · ✗ ask · ✓ short (84 words) · ✓ no pressure · ✗ follow-up`.
//!
//! Each item stands for a step of the guide and is done when no rule of that
//! step has a finding. Step 5 has three: keeping it short (its limits), not
//! forcing the issue (its avoid rules) and proposing a follow-up (its require
//! rules). A rule with a `checklist` label has an item of its own (step 4's
//! `ask-what-went-wrong` is "ask").

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

/// The checklist for a draft with `diagnostics` and `words` words: one item
/// per step (step 5 has three, see above), and one more for each label a
/// rule of that step names with `checklist = "..."`, so that a ✗ names what
/// is missing ("✗ ask" rather than "✗ apology" on a draft that apologizes).
/// Items without any enabled rule are left out.
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
    // (slot, label, open rules), in slot order, then in rules' order.
    let mut items: Vec<(usize, String, Vec<Arc<str>>)> = Vec::new();
    for rule in linter.rules() {
        let Some(slot) = rule.step.and_then(|s| slot(s, &rule.kind)) else {
            continue;
        };
        let label = rule
            .checklist
            .clone()
            .unwrap_or_else(|| labels[slot].clone());
        let at = match items.iter().position(|(s, l, _)| *s == slot && *l == label) {
            Some(at) => at,
            None => {
                let at = items.partition_point(|(s, _, _)| *s <= slot);
                items.insert(at, (slot, label, Vec::new()));
                at
            }
        };
        if diagnostics.iter().any(|d| d.rule == rule.id) {
            items[at].2.push(rule.id.clone());
        }
    }
    items
        .into_iter()
        .map(|(_, label, open)| Item {
            done: open.is_empty(),
            label,
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

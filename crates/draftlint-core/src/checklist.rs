//! The checklist of a draft, e.g.
//! `✓ calm · ✓ opener · ✓ feeling · ✓ apology · ✗ ask · ✓ short (84 words) · ✓ no pressure · ✗ follow-up`.
//!
//! The items come from the `pack.toml` of each pack that applies to the
//! draft (see [`crate::rule::pack`]): an item stands for the rules of one
//! step of its pack (of some kinds only, if it says so) and is done when
//! none of them has a finding. A rule with a `checklist` label has an item
//! of its own after its step's (gentle's `ask-what-went-wrong` is "ask"), so
//! that a ✗ names what is missing. A user's rule with a `step` joins the
//! items of the first pack. Items without any enabled rule are left out.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::draft::Draft;
use crate::linter::Linter;
use crate::rule::pack;

/// One item: its label, whether it is done, and the rules still open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The item's label, `{words}` filled in ("short (84 words)").
    pub label: String,
    /// Whether none of its rules has a finding.
    pub done: bool,
    /// Rules of this item that have findings.
    pub open: Vec<Arc<str>>,
}

/// The checklist of `draft`, which has `diagnostics`.
pub fn items(linter: &Linter, draft: &Draft, diagnostics: &[Diagnostic]) -> Vec<Item> {
    let words = draft.words().len();
    let length = format!("{words} {}", if words == 1 { "word" } else { "words" });
    let packs = linter.packs_for(draft);
    // (position of the pack, step, label, open rules), kept in checklist
    // order: by pack, then as the pack lists them, labelled items after
    // their step's.
    let mut items: Vec<(usize, u8, String, Vec<Arc<str>>)> = Vec::new();
    let manifests: Vec<&pack::Pack> = packs.iter().filter_map(|p| pack::info(p)).collect();
    for rule in linter.rules() {
        let Some(step) = rule.step else { continue };
        let at_pack = match &rule.pack {
            Some(name) => match packs.iter().position(|p| p == name) {
                Some(at) => at,
                None => continue,
            },
            None => 0,
        };
        let Some(manifest) = manifests.get(at_pack) else {
            continue;
        };
        let label = match &rule.checklist {
            Some(own) => own.clone(),
            None => match manifest.checklist.iter().find(|i| i.covers(rule)) {
                Some(item) => item.label.replace("{words}", &length),
                None => continue,
            },
        };
        let slot = match items
            .iter()
            .position(|(p, s, l, _)| *p == at_pack && *s == step && *l == label)
        {
            Some(slot) => slot,
            None => {
                // In the pack's order: after every item of an earlier step,
                // and of this step when the label is the rule's own.
                let order = |label: &str| {
                    manifest
                        .checklist
                        .iter()
                        .position(|i| i.label.replace("{words}", &length) == label)
                        .unwrap_or(usize::MAX)
                };
                let mine = order(&label);
                let slot = items
                    .partition_point(|(p, s, l, _)| (*p, *s, order(l)) <= (at_pack, step, mine));
                items.insert(slot, (at_pack, step, label, Vec::new()));
                slot
            }
        };
        if diagnostics.iter().any(|d| d.rule == rule.id) {
            items[slot].3.push(rule.id.clone());
        }
    }
    items
        .into_iter()
        .map(|(_, _, label, open)| Item {
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

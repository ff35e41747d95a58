//! draftlint's own requests, beside the protocol's: their names, parameters
//! and answers, defined once. The editors mirror these types:
//! `editors/vscode/src/protocol.ts` and the `---@class` annotations in
//! `editors/neovim/lua/draftlint/init.lua`.
//!
//! | request | params | result |
//! |---|---|---|
//! | `draftlint/checklist` | [`DocumentParams`] | [`Checklist`] |
//! | `draftlint/rules` | [`DocumentParams`] | [`Rules`] |
//! | `draftlint/explain` | [`ExplainParams`] | [`Explanation`] |
//!
//! `rules` and `explain` answer with the rules in effect for that document:
//! its `draftlint.toml`, rule folders and the editor's settings, as the
//! server lints it.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::Uri;

use super::analysis::Analysis;
use crate::checklist;

/// The method of the checklist request.
pub const CHECKLIST: &str = "draftlint/checklist";
/// The method of the rules request.
pub const RULES: &str = "draftlint/rules";
/// The method of the explain request.
pub const EXPLAIN: &str = "draftlint/explain";

/// A request about one open document.
#[derive(Debug, Deserialize)]
pub struct DocumentParams {
    /// The document.
    pub uri: Uri,
}

/// The checklist of a document's packs, for clients that show it
/// themselves (the VS Code status bar).
#[derive(Debug, Serialize)]
pub struct Checklist {
    /// The document version it was made for.
    pub version: i32,
    /// "3/5 done", as the code lens says it.
    pub summary: String,
    /// How many items are done.
    pub done: usize,
    /// How many items there are.
    pub total: usize,
    /// The items, in checklist order.
    pub items: Vec<ChecklistItem>,
}

/// One step of the checklist.
#[derive(Debug, Serialize)]
pub struct ChecklistItem {
    /// The step's label.
    pub label: String,
    /// Whether none of its rules has a finding.
    pub done: bool,
    /// The rules with findings that keep the step open.
    pub rules: Vec<String>,
}

/// The rules in effect for a document (a rule turned off is not in effect).
#[derive(Debug, Serialize)]
pub struct Rules {
    /// The rules, in the guide's order.
    pub rules: Vec<RuleInfo>,
}

/// One rule, as `draftlint rules` lists it.
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    /// The rule's id.
    pub id: String,
    /// `avoid`, `require`, `limit` or `cooldown`.
    pub kind: String,
    /// `hint`, `info`, `warning` or `error`.
    pub level: String,
    /// The step of the guide it comes from, if any.
    pub step: Option<u8>,
    /// `pack gentle`, or the rule file's path.
    pub from: String,
}

/// Which rule to explain, for which document.
#[derive(Debug, Deserialize)]
pub struct ExplainParams {
    /// The document.
    pub uri: Uri,
    /// The id of the rule to explain.
    pub rule: String,
}

/// A rule's page, as `draftlint explain` prints it.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// The rule's id.
    pub rule: String,
    /// The page, in Markdown.
    pub markdown: String,
}

/// The checklist of `analysis`.
pub fn checklist(analysis: &Analysis) -> Checklist {
    Checklist {
        version: analysis.version,
        summary: checklist::summary(&analysis.checklist),
        done: analysis.checklist.iter().filter(|i| i.done).count(),
        total: analysis.checklist.len(),
        items: analysis
            .checklist
            .iter()
            .map(|i| ChecklistItem {
                label: i.label.clone(),
                done: i.done,
                rules: i.open.iter().map(|r| r.to_string()).collect(),
            })
            .collect(),
    }
}

/// The rules `analysis` was linted with.
pub fn rules(analysis: &Analysis) -> Rules {
    Rules {
        rules: analysis
            .linter
            .rules()
            .iter()
            .map(|rule| RuleInfo {
                id: rule.id.to_string(),
                kind: rule.kind.name().to_string(),
                level: rule.level.to_string(),
                step: rule.step,
                from: match &rule.pack {
                    Some(pack) => format!("pack {pack}"),
                    None => rule.source.path.display().to_string(),
                },
            })
            .collect(),
    }
}

/// The page of rule `id` among the rules `analysis` was linted with, or
/// what to say when there is none.
pub fn explain(analysis: &Analysis, id: &str) -> Result<Explanation, String> {
    let linter = &analysis.linter;
    let Some(rule) = linter.rule(id) else {
        let meant = crate::suggest::closest(id, linter.rules().iter().map(|r| &*r.id))
            .map(|close| format!(" (did you mean `{close}`?)"))
            .unwrap_or_default();
        return Err(format!("no rule `{id}`{meant}"));
    };
    Ok(Explanation {
        rule: id.to_string(),
        markdown: crate::docs::page(rule),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::features::tests::{DRAFT, analysed};

    #[test]
    fn the_checklist_request_lists_each_item_and_its_open_rules() {
        let analysis = analysed(DRAFT);
        let value = serde_json::to_value(checklist(&analysis)).expect("JSON");
        assert_eq!(value["version"], 7);
        let items = value["items"].as_array().expect("items");
        assert_eq!(value["total"], items.len());
        assert!(items.len() >= 5, "{value}");
        let open: Vec<&str> = items
            .iter()
            .filter(|i| i["done"] == false)
            .flat_map(|i| i["rules"].as_array().into_iter().flatten())
            .filter_map(|r| r.as_str())
            .collect();
        assert!(open.contains(&"no-blame"), "{value}");
        assert_eq!(
            value["done"],
            items.iter().filter(|i| i["done"] == true).count()
        );
    }

    #[test]
    fn rules_are_those_the_document_was_linted_with() {
        let analysis = analysed(DRAFT);
        let listed = rules(&analysis).rules;
        assert_eq!(listed.len(), analysis.linter.rules().len());
        let blame = listed
            .iter()
            .find(|r| r.id == "no-blame")
            .expect("no-blame");
        assert_eq!(
            (blame.kind.as_str(), blame.level.as_str(), blame.step),
            ("avoid", "warning", Some(4))
        );
        assert_eq!(blame.from, "pack gentle");
    }

    #[test]
    fn explain_gives_the_page_or_a_close_name() {
        let analysis = analysed(DRAFT);
        let page = explain(&analysis, "no-pressure").expect("a page");
        assert!(
            page.markdown.starts_with("# no-pressure"),
            "{}",
            page.markdown
        );
        assert!(page.markdown.contains("## Why"), "{}", page.markdown);
        let wrong = explain(&analysis, "no-presure").expect_err("no such rule");
        assert_eq!(wrong, "no rule `no-presure` (did you mean `no-pressure`?)");
    }
}

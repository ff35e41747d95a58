//! What the editor shows for an analysed document: hovers, code actions,
//! code lenses and inlay hints. Each is a function of an [`Analysis`] (and
//! of the request), so they are tested without a server process; the
//! handlers in `server.rs` only find the analysis and call them.

use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::actions;
use super::analysis::{Analysis, Role};
use super::capabilities::{CMD_CHECKLIST, CMD_DISABLE_IN_WORKSPACE, FIX_ALL_KIND};
use super::files;
use crate::checklist;
use crate::fix::{Edit, FixKind};

/// `edits` of document `uri` at `version`, in the form the client takes:
/// versioned document changes when it can (`document_changes`), else a
/// plain map.
pub fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<lsp::TextEdit>,
    document_changes: bool,
) -> lsp::WorkspaceEdit {
    if document_changes {
        lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }])),
            ..lsp::WorkspaceEdit::default()
        }
    } else {
        lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..lsp::WorkspaceEdit::default()
        }
    }
}

/// draftlint's edits as the protocol has them.
pub fn text_edits(analysis: &Analysis, edits: &[&Edit]) -> Vec<lsp::TextEdit> {
    edits
        .iter()
        .map(|e| lsp::TextEdit {
            range: analysis.range(&e.span),
            new_text: e.text.clone(),
        })
        .collect()
}

/// The analysed text made `fixed` as one edit over the stretch that
/// changed, or `None` if nothing did.
pub fn whole_edit(analysis: &Analysis, fixed: &str) -> Option<lsp::TextEdit> {
    let (old, new) = (&*analysis.text, fixed);
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(lsp::TextEdit {
        range: analysis.range(&(prefix..old.len() - suffix)),
        new_text: new[prefix..new.len() - suffix].to_string(),
    })
}

/// The findings under `position`, each with its rule's reason, step and
/// example; in a rule file or config with no finding there, what the key
/// under the cursor means.
pub fn hover(analysis: &Analysis, position: lsp::Position) -> Option<lsp::Hover> {
    let at = analysis.offset(position);
    let hits: Vec<&crate::Diagnostic> = analysis
        .diagnostics
        .iter()
        // The cursor just after a finding still shows it, as editors do.
        .filter(|d| d.span.start <= at && at <= d.span.end)
        .collect();
    if hits.is_empty() && analysis.role != Role::Draft {
        return files::hover(analysis, at);
    }
    let first = hits.first()?;
    let mut parts = Vec::new();
    for d in &hits {
        let mut part = format!("**{}**\n\n`{}` · {}", d.message, d.rule, d.level);
        if let Some(rule) = analysis.linter.rule(&d.rule) {
            if let Some(step) = rule.step {
                part.push_str(&format!(" · step {step} of the guide"));
            }
            if !rule.why.is_empty() {
                part.push_str(&format!("\n\n{}", rule.why));
            }
            if let Some(example) = crate::docs::example(rule) {
                part.push_str(&format!("\n\n**Example**\n\n{example}"));
            }
        }
        parts.push(part);
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: Some(analysis.range(&first.span)),
    })
}

/// Does a code action request limited to `only` want fix all?
pub fn wants_fix_all(only: Option<&[lsp::CodeActionKind]>) -> bool {
    let fix_all = lsp::CodeActionKind::new(FIX_ALL_KIND);
    only.is_none_or(|only| {
        only.iter().any(|o| {
            [
                lsp::CodeActionKind::SOURCE,
                lsp::CodeActionKind::SOURCE_FIX_ALL,
                fix_all.clone(),
            ]
            .contains(o)
        })
    })
}

/// The code actions for `range` of document `uri`: each finding's fixes
/// (the first rewrite preferred), "disable in this draft" and "disable in
/// this workspace"; and `fix_all`, the whole document fixed, if given.
pub fn code_actions(
    analysis: &Analysis,
    uri: &Uri,
    range: lsp::Range,
    only: Option<&[lsp::CodeActionKind]>,
    fix_all: Option<lsp::WorkspaceEdit>,
    document_changes: bool,
) -> Vec<lsp::CodeActionOrCommand> {
    let wants = |kind: &lsp::CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let edit = |edits: Vec<lsp::TextEdit>| {
        Some(workspace_edit(
            uri,
            analysis.version,
            edits,
            document_changes,
        ))
    };
    let start = analysis.offset(range.start);
    let end = analysis.offset(range.end);
    let mut actions = Vec::new();
    let quickfix = lsp::CodeActionKind::QUICKFIX;
    for (d, lsp_d) in analysis.diagnostics.iter().zip(&analysis.lsp) {
        let touches = d.span.start <= end && start <= d.span.end;
        // A rule file's or config's problems are the server's, not a
        // rule's: there is nothing to disable.
        if !touches || !wants(&quickfix) || analysis.role != Role::Draft {
            continue;
        }
        for (i, fix) in d.fixes.iter().enumerate() {
            let edits: Vec<&Edit> = fix.edits.iter().collect();
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![lsp_d.clone()]),
                edit: edit(text_edits(analysis, &edits)),
                // A sentence to add is never the one to apply unasked
                // ("auto fix"): only a rewrite is.
                is_preferred: Some(i == 0 && fix.kind == FixKind::Edit),
                ..lsp::CodeAction::default()
            }));
        }
        if let Some(disable) = actions::disable_in_draft(&analysis.text, &analysis.front, &d.rule) {
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Disable {} in this draft", d.rule),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![lsp_d.clone()]),
                edit: edit(text_edits(analysis, &[&disable])),
                ..lsp::CodeAction::default()
            }));
        }
        actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: format!("Disable {} in this workspace", d.rule),
            kind: Some(quickfix.clone()),
            diagnostics: Some(vec![lsp_d.clone()]),
            command: Some(lsp::Command {
                title: format!("Disable {} in this workspace", d.rule),
                command: CMD_DISABLE_IN_WORKSPACE.into(),
                arguments: Some(vec![json!(uri.as_str()), json!(&*d.rule)]),
            }),
            ..lsp::CodeAction::default()
        }));
    }
    if let Some(edit) = fix_all {
        actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title: "Fix all draftlint findings".into(),
            kind: Some(lsp::CodeActionKind::new(FIX_ALL_KIND)),
            edit: Some(edit),
            ..lsp::CodeAction::default()
        }));
    }
    actions
}

/// The lens on a document's first line: in a rule file, whether its
/// examples pass (as `draftlint test` would say); in a draft, its
/// checklist, which opens in full when clicked.
pub fn code_lens(analysis: &Analysis, uri: &Uri) -> Vec<lsp::CodeLens> {
    let line = lsp::Range::new(lsp::Position::new(0, 0), lsp::Position::new(0, 0));
    if let Some((passed, failed)) = analysis.examples {
        let title = match (passed, failed) {
            (0, 0) => "✗ no examples: add a bad and a good [[example]]".to_string(),
            (1, 0) => "✓ 1 example passes".to_string(),
            (passed, 0) => format!("✓ {passed} examples pass"),
            (0, 1) => "✗ 1 example fails".to_string(),
            (passed, failed) => format!("✗ {failed} of {} examples fail", passed + failed),
        };
        return vec![lsp::CodeLens {
            range: line,
            // Shown, not clicked: the failures are diagnostics.
            command: Some(lsp::Command {
                title,
                command: String::new(),
                arguments: None,
            }),
            data: None,
        }];
    }
    if analysis.checklist.is_empty() {
        return Vec::new();
    }
    vec![lsp::CodeLens {
        range: line,
        command: Some(lsp::Command {
            title: checklist::summary(&analysis.checklist),
            command: CMD_CHECKLIST.into(),
            arguments: Some(vec![json!(uri.as_str())]),
        }),
        data: None,
    }]
}

/// The checklist at the end of the first line, for clients without code
/// lenses, when `range` includes that line.
pub fn inlay_hints(analysis: &Analysis, range: lsp::Range) -> Vec<lsp::InlayHint> {
    if analysis.checklist.is_empty() || range.start.line > 0 {
        return Vec::new();
    }
    let end = analysis.index.line_span(&analysis.text, 0).end;
    vec![lsp::InlayHint {
        position: analysis.range(&(end..end)).start,
        label: lsp::InlayHintLabel::String(checklist::summary(&analysis.checklist)),
        kind: None,
        text_edits: None,
        tooltip: Some(lsp::InlayHintTooltip::String(checklist::details(
            &analysis.checklist,
        ))),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::draft::Format;
    use crate::line_index::Encoding;
    use crate::linter::Linter;
    use crate::lsp::analysis;
    use crate::stop::Stop;

    pub(in crate::lsp) const DRAFT: &str = "Hi Sam,\n\nYou never listen to me. Answer me now!!\n";

    /// `text` linted by the gentle pack, as the server would.
    pub(in crate::lsp) fn analysed(text: &str) -> Analysis {
        let rules = crate::rule::pack::gentle().expect("the gentle pack parses");
        let linter = Arc::new(Linter::new(rules).expect("compiles"));
        analysis::analyze(
            Arc::from(text),
            7,
            0,
            Format::Text,
            linter,
            Encoding::Utf16,
            &Stop::never(),
        )
        .expect("a lint that is never stopped")
    }

    fn uri() -> Uri {
        "file:///tmp/draft.txt".parse().expect("a URI")
    }

    /// The position of the first `needle` in `text` (ASCII, one line).
    fn at(text: &str, needle: &str) -> lsp::Position {
        let offset = text.find(needle).expect("in the text");
        let line = text[..offset].matches('\n').count();
        let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1);
        lsp::Position::new(line as u32, column as u32)
    }

    fn titles(actions: &[lsp::CodeActionOrCommand]) -> Vec<String> {
        actions
            .iter()
            .map(|a| match a {
                lsp::CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                lsp::CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect()
    }

    #[test]
    fn a_hover_on_a_finding_gives_its_reason_and_elsewhere_nothing() {
        let analysis = analysed(DRAFT);
        let hover = hover(&analysis, at(DRAFT, "never")).expect("a hover on the blame");
        let lsp::HoverContents::Markup(markup) = hover.contents else {
            panic!("markdown");
        };
        assert!(markup.value.contains("`no-blame`"), "{}", markup.value);
        assert!(
            markup.value.contains("step 4 of the guide"),
            "{}",
            markup.value
        );
        assert!(markup.value.contains("**Example**"), "{}", markup.value);
        assert_eq!(hover.range.map(|r| r.start.line), Some(2));
        // The blank line between the greeting and the message.
        assert!(super::hover(&analysis, lsp::Position::new(1, 0)).is_none());
    }

    #[test]
    fn code_actions_fix_and_disable_the_findings_in_range() {
        let analysis = analysed(DRAFT);
        let here = lsp::Range::new(at(DRAFT, "never"), at(DRAFT, "never"));
        let actions = code_actions(&analysis, &uri(), here, None, None, true);
        let titles = titles(&actions);
        assert_eq!(
            titles.first().map(String::as_str),
            Some("Replace with \"I didn't always feel heard\""),
            "{titles:?}"
        );
        assert!(titles.contains(&"Disable no-blame in this draft".to_string()));
        assert!(titles.contains(&"Disable no-blame in this workspace".to_string()));
        let lsp::CodeActionOrCommand::CodeAction(rewrite) = &actions[0] else {
            panic!("a code action");
        };
        assert_eq!(rewrite.is_preferred, Some(true));
        let Some(lsp::DocumentChanges::Edits(changes)) = rewrite
            .edit
            .as_ref()
            .and_then(|e| e.document_changes.clone())
        else {
            panic!("versioned document changes: {rewrite:?}");
        };
        assert_eq!(changes[0].text_document.version, Some(7));
        // Only what was asked for: a fix-all request gets no quick fixes.
        let only = [lsp::CodeActionKind::SOURCE_FIX_ALL];
        assert!(code_actions(&analysis, &uri(), here, Some(&only), None, true).is_empty());
        assert!(wants_fix_all(Some(&only)) && wants_fix_all(None));
        assert!(!wants_fix_all(Some(&[lsp::CodeActionKind::QUICKFIX])));
    }

    #[test]
    fn edits_reach_clients_without_document_changes_as_a_map() {
        let edit = lsp::TextEdit {
            range: lsp::Range::default(),
            new_text: "Hello".into(),
        };
        let plain = workspace_edit(&uri(), 3, vec![edit.clone()], false);
        assert_eq!(
            plain.changes.and_then(|c| c.get(&uri()).cloned()),
            Some(vec![edit])
        );
        assert!(plain.document_changes.is_none());
    }

    #[test]
    fn a_whole_fix_is_one_edit_over_what_changed_on_character_boundaries() {
        let analysis = analysed("Caf\u{e9} at noon?\n");
        let edit = whole_edit(&analysis, "Caf\u{e8} at noon?\n").expect("a change");
        assert_eq!(edit.new_text, "\u{e8}");
        assert_eq!(edit.range.start, lsp::Position::new(0, 3));
        assert_eq!(edit.range.end, lsp::Position::new(0, 4));
        assert!(whole_edit(&analysis, "Caf\u{e9} at noon?\n").is_none());
    }

    #[test]
    fn the_checklist_is_a_lens_or_a_hint_on_the_first_line() {
        let analysis = analysed(DRAFT);
        let lenses = code_lens(&analysis, &uri());
        assert_eq!(lenses.len(), 1);
        let command = lenses[0].command.as_ref().expect("a command");
        assert_eq!(command.command, CMD_CHECKLIST);
        assert_eq!(command.arguments, Some(vec![json!(uri().as_str())]));
        let first = lsp::Range::new(lsp::Position::new(0, 0), lsp::Position::new(3, 0));
        let hints = inlay_hints(&analysis, first);
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0].position, lsp::Position::new(0, 7));
        let later = lsp::Range::new(lsp::Position::new(1, 0), lsp::Position::new(3, 0));
        assert!(inlay_hints(&analysis, later).is_empty());
    }
}

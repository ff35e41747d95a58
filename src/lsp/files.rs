//! Hovers and completions in the files that configure draftlint: rule
//! files (keys, their values, word classes) and `draftlint.toml` (keys,
//! rule ids with their `why`, levels). Pure functions of an analysed
//! document; the server only routes requests here.

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::analysis::{self, Analysis, Role};
use crate::schema::Key;

/// The hover at byte `at` of a rule file or config, where no finding is.
pub fn hover(analysis: &Analysis, at: usize) -> Option<lsp::Hover> {
    let place = analysis::key_at(&analysis.text, at);
    let (name, span) = place.key?;
    if !(span.start..=span.end).contains(&at) {
        return None;
    }
    let value = match (analysis.role, place.table.as_deref()) {
        (Role::Config, Some("rules")) => rule_doc(analysis, &name)?,
        (Role::Config, None) => key_doc(crate::schema::config_keys(None), &name)?,
        (Role::RuleFile, table) => key_doc(crate::schema::rule_keys(table), &name)?,
        _ => return None,
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(analysis.range(&span)),
    })
}

/// The documentation of the key `name` among `keys`: what it is for, and
/// the values it takes when they are a fixed list.
fn key_doc(keys: Vec<Key>, name: &str) -> Option<String> {
    let key = keys.into_iter().find(|k| k.name == name)?;
    let mut value = format!("**`{}`**\n\n{}", key.name, key.description);
    if !key.values.is_empty() {
        let values: Vec<String> = key.values.iter().map(|v| format!("`\"{v}\"`")).collect();
        value.push_str(&format!("\n\nOne of {}.", values.join(", ")));
    }
    Some(value)
}

/// What a rule id in `[rules]` names: the rule's kind and step, its
/// message and why it exists (not its level, which the line being typed
/// may be changing).
fn rule_doc(analysis: &Analysis, id: &str) -> Option<String> {
    let rule = analysis.linter.rule(id)?;
    let mut value = format!("**`{}`** · {}", rule.id, rule.kind.name());
    if let Some(step) = rule.step {
        value.push_str(&format!(" · step {step} of the guide"));
    }
    value.push_str(&format!(
        "\n\n{}",
        crate::docs::readable(rule, &rule.message)
    ));
    if !rule.why.is_empty() {
        value.push_str(&format!("\n\n{}", rule.why));
    }
    Some(value)
}

/// The completions at byte `at` of a rule file or config, if any.
pub fn completion(analysis: &Analysis, at: usize, uri: &Uri) -> Option<Vec<lsp::CompletionItem>> {
    match analysis.role {
        Role::RuleFile => rule_file_completion(analysis, at, uri),
        Role::Config => config_completion(analysis, at),
        Role::Draft => None,
    }
}

fn rule_file_completion(
    analysis: &Analysis,
    at: usize,
    uri: &Uri,
) -> Option<Vec<lsp::CompletionItem>> {
    if let Some(items) = class_completion(&analysis.text, at, uri) {
        return Some(items);
    }
    let place = analysis::key_at(&analysis.text, at);
    let keys = crate::schema::rule_keys(place.table.as_deref());
    if place.has_value {
        // After `key =`: the values a key takes from a fixed list (kinds,
        // levels, counts, where to insert).
        let (name, _) = place.key?;
        let values = keys
            .into_iter()
            .filter(|k| k.name == name)
            .flat_map(|k| k.values);
        return Some(values.map(value_item).collect());
    }
    Some(keys.into_iter().map(key_item).collect())
}

/// In `draftlint.toml`: its keys at the top; in `[rules]`, the ids of the
/// rules in effect, then a level after `id =`, and a rule's settings inside
/// `{ ... }`.
fn config_completion(analysis: &Analysis, at: usize) -> Option<Vec<lsp::CompletionItem>> {
    let place = analysis::key_at(&analysis.text, at);
    match place.table.as_deref() {
        None if !place.has_value => Some(
            crate::schema::config_keys(None)
                .into_iter()
                .map(key_item)
                .collect(),
        ),
        Some("rules") if !place.has_value => Some(
            analysis
                .linter
                .rules()
                .iter()
                .map(|rule| lsp::CompletionItem {
                    label: rule.id.to_string(),
                    kind: Some(lsp::CompletionItemKind::FIELD),
                    detail: Some(format!("{} · {}", rule.kind.name(), rule.level)),
                    documentation: Some(markdown(format!(
                        "{}\n\n{}",
                        crate::docs::readable(rule, &rule.message),
                        rule.why
                    ))),
                    insert_text: Some(format!("{} = ", rule.id)),
                    ..lsp::CompletionItem::default()
                })
                .collect(),
        ),
        Some("rules") => {
            let line = &analysis.text[analysis.text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
            let in_table = line
                .rfind('{')
                .is_some_and(|open| !line[open..].contains('}'));
            if !in_table {
                return Some(
                    crate::schema::config_levels()
                        .into_iter()
                        .map(value_item)
                        .collect(),
                );
            }
            // Inside `{ ... }`: a setting's name, or after `level =` a level.
            let piece = line.rsplit(['{', ',']).next().unwrap_or_default();
            if piece.contains('=') {
                return piece.trim_start().starts_with("level").then(|| {
                    crate::schema::config_levels()
                        .into_iter()
                        .map(value_item)
                        .collect()
                });
            }
            Some(
                crate::schema::config_keys(Some("rules"))
                    .into_iter()
                    .map(key_item)
                    .collect(),
            )
        }
        _ => None,
    }
}

fn markdown(value: String) -> lsp::Documentation {
    lsp::Documentation::MarkupContent(lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    })
}

/// A key to complete, written with its `=`.
fn key_item(key: Key) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: key.name.clone(),
        kind: Some(lsp::CompletionItemKind::PROPERTY),
        documentation: Some(markdown(key.description)),
        insert_text: Some(format!("{} = ", key.name)),
        ..lsp::CompletionItem::default()
    }
}

/// A value from a fixed list, quoted as TOML writes it.
fn value_item(value: String) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: format!("\"{value}\""),
        kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
        ..lsp::CompletionItem::default()
    }
}

/// Inside a quoted pattern, after `@`: the word classes the rule file can
/// use (the built-in ones and its folder's `classes.toml`), each with its
/// first entries.
fn class_completion(text: &str, at: usize, uri: &Uri) -> Option<Vec<lsp::CompletionItem>> {
    let line = &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    let sign = line.rfind('@')?;
    let typed = &line[sign + 1..];
    let quoted = line[..sign].matches(['"', '\'']).count() % 2 == 1;
    if !quoted || !typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let path = uri.to_file_path()?;
    let classes = crate::ruleset::classes_for(&path).ok()?;
    Some(
        classes
            .names()
            .filter_map(|name| {
                let class = classes.class(name)?;
                let shown: Vec<&str> = class.entries.iter().take(8).map(String::as_str).collect();
                let more = if class.entries.len() > 8 { ", ..." } else { "" };
                Some(lsp::CompletionItem {
                    label: name.to_string(),
                    kind: Some(lsp::CompletionItemKind::CONSTANT),
                    detail: Some(format!("{} entries", class.entries.len())),
                    documentation: Some(lsp::Documentation::String(format!(
                        "{}{more}",
                        shown.join(", ")
                    ))),
                    ..lsp::CompletionItem::default()
                })
            })
            .collect(),
    )
}

//! Edits behind code actions: switching a rule off in a draft's front
//! matter or in `draftlint.toml`. Both work on text and return byte edits,
//! so they are easy to test and the server only converts positions.

use std::ops::Range;

use crate::draft::FrontMatter;
use crate::fix::Edit;

/// The line break a text uses (`\r\n` if its first line ends so).
fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The edit that adds `rule` to the draft's `disable` list, creating the
/// front matter or the field as needed. `None` when the front matter is
/// broken (an edit could make it worse) or the rule is already listed.
pub fn disable_in_draft(text: &str, front: &FrontMatter, rule: &str) -> Option<Edit> {
    if front.error.is_some() || front.disabled.iter().any(|r| r == rule) {
        return None;
    }
    let nl = newline(text);
    let yaml = !text.trim_start_matches('\u{feff}').starts_with("+++");
    if front.span.is_empty() {
        return Some(Edit {
            span: 0..0,
            text: format!("---{nl}disable: [{rule}]{nl}---{nl}"),
        });
    }
    let list = |items: Vec<&str>| -> String {
        if yaml {
            format!("[{}]", items.join(", "))
        } else {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", quoted.join(", "))
        }
    };
    if let Some(field) = front.fields.get("disable") {
        let mut items: Vec<&str> = front.disabled.iter().map(String::as_str).collect();
        items.push(rule);
        if text[field.span.clone()].starts_with('-') {
            // A block list (`disable:` then `- rule` lines): add an item
            // first, at the end of the key's line.
            let line_end = text[field.key_span.end..]
                .find(['\r', '\n'])
                .map_or(text.len(), |at| field.key_span.end + at);
            return Some(Edit {
                span: line_end..line_end,
                text: format!("{nl}  - {rule}"),
            });
        }
        return Some(Edit {
            span: field.span.clone(),
            text: list(items),
        });
    }
    let closing = closing_fence_start(text, &front.span);
    let line = if yaml {
        format!("disable: {}{nl}", list(vec![rule]))
    } else {
        format!("disable = {}{nl}", list(vec![rule]))
    };
    Some(Edit {
        span: closing..closing,
        text: line,
    })
}

/// Where the closing `---`/`+++` line of the front matter starts.
fn closing_fence_start(text: &str, span: &Range<usize>) -> usize {
    let block = text[..span.end].trim_end_matches(['\n', '\r']);
    block.rfind('\n').map_or(0, |i| i + 1)
}

/// `config` (the text of a `draftlint.toml`, possibly empty) with `rule`
/// switched off.
pub fn disable_in_config(config: &str, rule: &str) -> String {
    let nl = if config.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let key = if rule
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        rule.to_string()
    } else {
        format!("{rule:?}")
    };
    let mut lines: Vec<String> = config.lines().map(String::from).collect();
    let header = |l: &str| l.trim().starts_with('[');
    let rules_at = lines.iter().position(|l| l.trim() == "[rules]");
    let table_at = lines
        .iter()
        .position(|l| l.trim() == format!("[rules.{key}]"));
    if let Some(at) = table_at {
        // `[rules.RULE]` table: set its level (replacing one if present).
        let end = lines[at + 1..]
            .iter()
            .position(|l| header(l))
            .map_or(lines.len(), |i| at + 1 + i);
        match (at + 1..end).find(|&i| lines[i].trim_start().starts_with("level")) {
            Some(i) => lines[i] = "level = \"off\"".into(),
            None => lines.insert(at + 1, "level = \"off\"".into()),
        }
    } else if let Some(at) = rules_at {
        let end = lines[at + 1..]
            .iter()
            .position(|l| header(l))
            .map_or(lines.len(), |i| at + 1 + i);
        let existing = (at + 1..end).find(|&i| {
            lines[i]
                .trim_start()
                .strip_prefix(&key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        match existing {
            Some(i) => lines[i] = format!("{key} = \"off\""),
            None => lines.insert(at + 1, format!("{key} = \"off\"")),
        }
    } else {
        if lines.last().is_some_and(|l| !l.trim().is_empty()) {
            lines.push(String::new());
        }
        lines.push("[rules]".into());
        lines.push(format!("{key} = \"off\""));
    }
    let mut out = lines.join(nl);
    out.push_str(nl);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Draft, Format};

    fn disable(text: &str, rule: &str) -> String {
        let draft = Draft::parse(text, Format::Text);
        let edit = disable_in_draft(text, &draft.front, rule).expect("an edit");
        let mut out = text.to_string();
        out.replace_range(edit.span, &edit.text);
        out
    }

    #[test]
    fn front_matter_is_created_or_extended() {
        assert_eq!(
            disable("Hi.\n", "no-blame"),
            "---\ndisable: [no-blame]\n---\nHi.\n"
        );
        assert_eq!(
            disable("---\nto: Sam\n---\nHi.\n", "no-blame"),
            "---\nto: Sam\ndisable: [no-blame]\n---\nHi.\n"
        );
        assert_eq!(
            disable("---\ndisable: [a, b]\n---\nHi.\n", "c"),
            "---\ndisable: [a, b, c]\n---\nHi.\n"
        );
        assert_eq!(
            disable("---\ndisable:\n  - a\n---\nHi.\n", "c"),
            "---\ndisable:\n  - c\n  - a\n---\nHi.\n"
        );
        assert_eq!(
            disable("+++\nto = \"Sam\"\n+++\r\nHi.\r\n", "c"),
            "+++\nto = \"Sam\"\ndisable = [\"c\"]\n+++\r\nHi.\r\n"
        );
        for text in [
            "---\ndisable: [a, b]\n---\nHi.\n",
            "---\ndisable:\n  - a\n---\nHi.\n",
            "Hi.\n",
        ] {
            let fixed = disable(text, "c");
            let draft = Draft::parse(&fixed, Format::Text);
            assert!(draft.front.disabled.contains(&"c".to_string()), "{fixed}");
        }
    }

    #[test]
    fn config_gets_the_rule_switched_off() {
        assert_eq!(
            disable_in_config("", "no-blame"),
            "[rules]\nno-blame = \"off\"\n"
        );
        assert_eq!(
            disable_in_config("builtin = true\n", "a"),
            "builtin = true\n\n[rules]\na = \"off\"\n"
        );
        assert_eq!(
            disable_in_config("[rules]\na = { max = 3 }\nb = \"info\"\n", "a"),
            "[rules]\na = \"off\"\nb = \"info\"\n"
        );
        assert_eq!(
            disable_in_config("[rules.a]\nmax = 3\n[other]\n", "a"),
            "[rules.a]\nlevel = \"off\"\nmax = 3\n[other]\n"
        );
        for text in [
            "",
            "[rules]\nb = \"info\"\n",
            "[rules.a]\nlevel = \"error\"\nmax = 3\n",
        ] {
            let out = disable_in_config(text, "a");
            let parsed = crate::config::Config::parse(std::path::Path::new("d.toml"), &out)
                .unwrap_or_else(|e| panic!("{e}\n{out}"));
            let a = parsed.rules.iter().find(|r| r.id == "a").expect("a set");
            assert_eq!(a.params.level, Some(crate::rule::Setting::Off), "{out}");
        }
    }
}

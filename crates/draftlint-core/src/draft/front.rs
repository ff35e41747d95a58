//! Front matter: a `---` YAML or `+++` TOML block at the very start of a
//! draft, read with the span of each value (and its key) as its parser
//! reports it, within size and depth limits checked before parsing.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::Deserialize;

/// One front-matter field: its value as text, where that value stands and
/// where its key does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The value as text: a list is comma-separated, a date as written.
    pub value: String,
    /// Where the value stands in the draft.
    pub span: Range<usize>,
    /// Where its key stands in the draft.
    pub key_span: Range<usize>,
}

/// The draft's front matter (`---` YAML or `+++` TOML).
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// The whole block, delimiters included; empty when there is none.
    pub span: Range<usize>,
    /// The fields by key, in lower case (`To:` is `to`).
    pub fields: BTreeMap<String, Field>,
    /// Rules switched off for this draft (`disable: [rule, ...]`).
    pub disabled: Vec<String>,
    /// A syntax error in the block: where and what.
    pub error: Option<(Range<usize>, String)>,
}

impl FrontMatter {
    /// The value of field `name` (lower case), if the draft sets it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|f| f.value.as_str())
    }
}

/// Finds and reads front matter at the very start of `text`.
pub(super) fn front_matter(text: &str) -> FrontMatter {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[text_start..];
    let (fence, yaml) = if rest.starts_with("---") {
        ("---", true)
    } else if rest.starts_with("+++") {
        ("+++", false)
    } else {
        return FrontMatter::default();
    };
    let first_break = match rest.find('\n') {
        Some(i) if rest[..i].trim_end() == fence => i + 1,
        _ => return FrontMatter::default(),
    };
    // Find the closing fence on a line of its own.
    let mut at = first_break;
    let mut close = None;
    while at <= rest.len() {
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        let line = rest[at..line_end].trim_end_matches('\r');
        if line.trim_end() == fence || (yaml && line.trim_end() == "...") {
            close = Some((at, (line_end + 1).min(rest.len())));
            break;
        }
        if line_end >= rest.len() {
            break;
        }
        at = line_end + 1;
    }
    let Some((content_end, block_end)) = close else {
        return FrontMatter::default();
    };
    let content = &rest[first_break..content_end];
    let content_start = text_start + first_break;
    let mut front = FrontMatter {
        span: 0..text_start + block_end,
        ..FrontMatter::default()
    };
    let parsed: Parsed = if let Some(problem) = too_big(content) {
        Err((Some(0), problem))
    } else if yaml {
        parse_yaml(content)
    } else {
        parse_toml(content)
    };
    match parsed {
        Ok((values, spans)) => {
            for (key, value) in values {
                let (key_span, span) = spans
                    .get(key.as_str())
                    .cloned()
                    .map(|(k, v)| {
                        (
                            k.start + content_start..k.end + content_start,
                            v.start + content_start..v.end + content_start,
                        )
                    })
                    .unwrap_or((front.span.clone(), front.span.clone()));
                // Keys compare without regard to case: `To:` is `to`.
                let key = key.to_lowercase();
                if key == "disable" {
                    front.disabled = value
                        .split([',', ' ', '\n'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                }
                front.fields.insert(
                    key,
                    Field {
                        value,
                        span,
                        key_span,
                    },
                );
            }
        }
        Err((offset, message)) => {
            let at = offset.map_or(0, |o| o.min(content.len())) + content_start;
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i).max(at);
            front.error = Some((at..end, message));
        }
    }
    front
}

/// Flattens a value to the text placeholders and checks read: lists become
/// comma-separated, dates stay as written.
fn yaml_text(value: &MarkedYaml) -> String {
    match &value.data {
        YamlData::Value(Scalar::Null) => String::new(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
        YamlData::Value(Scalar::String(s)) => s.to_string(),
        YamlData::Representation(text, _, _) => text.to_string(),
        YamlData::Sequence(items) => items.iter().map(yaml_text).collect::<Vec<_>>().join(", "),
        YamlData::Tagged(_, inner) => yaml_text(inner),
        YamlData::Mapping(_) | YamlData::Alias(_) | YamlData::BadValue => String::new(),
    }
}

/// Each top-level field's value as text, and where its key and value stand.
type Parsed = Result<(BTreeMap<String, String>, Spans), (Option<usize>, String)>;
type Spans = HashMap<String, (Range<usize>, Range<usize>)>;

fn parse_yaml(content: &str) -> Parsed {
    if content.trim().is_empty() {
        return Ok(Default::default());
    }
    // The parser counts characters; the draft's spans are bytes.
    let bytes: Vec<usize> = content
        .char_indices()
        .map(|(at, _)| at)
        .chain([content.len()])
        .collect();
    let byte = |chars: usize| bytes.get(chars).copied().unwrap_or(content.len());
    let documents = MarkedYaml::load_from_str(content).map_err(|e| {
        (
            Some(byte(e.marker().index())),
            format!("front matter: {}", e.info()),
        )
    })?;
    let Some(document) = documents.first() else {
        return Ok(Default::default());
    };
    let YamlData::Mapping(map) = &document.data else {
        return Err((Some(0), "front matter must be `key: value` lines".into()));
    };
    let (mut values, mut spans) = (BTreeMap::new(), HashMap::new());
    for (key, value) in map {
        let Some(name) = key.data.as_str() else {
            continue;
        };
        let span = |node: &MarkedYaml| {
            let (start, mut end) = (byte(node.span.start.index()), byte(node.span.end.index()));
            // A flow list or map ends before its closing bracket.
            let close = match content.as_bytes().get(start) {
                Some(b'[') => Some(b']'),
                Some(b'{') => Some(b'}'),
                _ => None,
            };
            if close.is_some() && content.as_bytes().get(end) == close.as_ref() {
                end += 1;
            }
            start..end
        };
        values.insert(name.to_string(), yaml_text(value));
        spans.insert(name.to_string(), (span(key), span(value)));
    }
    Ok((values, spans))
}

fn toml_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(toml_text).collect::<Vec<_>>().join(", "),
        toml::Value::Table(_) => String::new(),
        other => other.to_string(),
    }
}

/// TOML front matter, parsed once: the values from the parsed table, and
/// each key's and value's place as the parser saw them (quoted keys, values
/// over several lines and comments after a value are where they are
/// written).
fn parse_toml(content: &str) -> Parsed {
    let problem = |e: toml::de::Error| {
        (
            e.span().map(|s| s.start),
            format!("front matter: {}", e.message()),
        )
    };
    let document = toml::de::DeTable::parse(content).map_err(problem)?;
    let spans = document
        .get_ref()
        .iter()
        .map(|(key, value)| (key.get_ref().to_string(), (key.span(), value.span())))
        .collect();
    let table =
        toml::Table::deserialize(toml::de::Deserializer::from(document)).map_err(problem)?;
    let values = table
        .iter()
        .map(|(k, v)| (k.clone(), toml_text(v)))
        .collect();
    Ok((values, spans))
}

/// The most front matter draftlint reads: a message's fields fit in far
/// less, and the parsers' time grows faster than the size beyond it.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;
/// How deeply lists and tables may nest in front matter.
pub const MAX_FRONT_DEPTH: usize = 64;

/// Why front matter `content` is not read, if it is over a limit. Nesting
/// is counted by brackets and braces, in quotes or not: a field that needs
/// more than 64 levels is not a message's field.
fn too_big(content: &str) -> Option<String> {
    if content.len() > MAX_FRONT_MATTER {
        return Some(format!(
            "front matter: larger than {} KiB; draftlint reads front matter up to that size",
            MAX_FRONT_MATTER / 1024
        ));
    }
    let mut depth = 0usize;
    for b in content.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FRONT_DEPTH {
                    return Some(format!(
                        "front matter: nested deeper than {MAX_FRONT_DEPTH} levels"
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

//! Did-you-mean: the known name closest to a misspelt one, and serde's
//! messages about TOML files said in the words of the file.

/// The name in `known` closest to `wrong`, if one is close enough to be
/// what was meant (Jaro-Winkler similarity of at least 0.8, as clap and
/// cargo suggest).
pub fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|name| (strsim::jaro_winkler(wrong, name), name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// A TOML error in `text` in the file's words (see [`plain`]), with where
/// it is. A syntax error on a line with curly quotes, which TOML does not
/// read as quotes, says so: a word processor or phone often puts them in.
pub fn toml_error(error: &toml::de::Error, text: &str) -> (usize, String) {
    let mut at = error.span().map_or(0, |s| s.start).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut message = plain(error.message());
    // Only where the parser stopped: curly apostrophes inside good strings
    // ("I’m sorry") are common and not the trouble.
    let curly = text[at..]
        .trim_start_matches([' ', '['])
        .starts_with(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']);
    if curly {
        message.push_str(
            " (the quotes here are curly, “ ” or ‘ ’: TOML needs straight ones, \" or ')",
        );
    }
    (at, message)
}

/// What to say of `path`, which does not exist: its name, and the name
/// beside it that is close enough to be what was meant ("`my-rule` does
/// not exist (did you mean `my-rules`?)"). Reads at most 1,000 entries of
/// the folder it names.
pub fn missing_path(path: &std::path::Path) -> String {
    let shown = path.display();
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    let wrong = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let names: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .take(1000)
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    match closest(wrong, names.iter().map(String::as_str)) {
        Some(close) => {
            let meant = path.with_file_name(close);
            format!(
                "`{shown}` does not exist (did you mean `{}`?)",
                meant.display()
            )
        }
        None => format!("`{shown}` does not exist"),
    }
}

/// The names between backquotes in `text`, in order.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// What serde's name for a type means in a TOML file.
fn type_in_toml(serde: &str) -> &str {
    match serde.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i64" | "i32" => "a whole number",
        "f64" | "f32" => "a number",
        "a sequence" => "a list (`[...]`)",
        "a boolean" | "bool" => "true or false",
        "a string" | "string" => "text in quotes",
        "a map" => "a table",
        other if other.starts_with("struct ") => "a table",
        other => other,
    }
}

/// "unknown `word` `wrong` (did you mean ...?); use ...", with the name in
/// `known` closest to `wrong`, and `known` listed.
pub fn unknown(word: &str, wrong: &str, known: &[&str]) -> String {
    let mut out = format!("unknown {word} `{wrong}`");
    if let Some(close) = closest(wrong, known.iter().copied()) {
        out.push_str(&format!(" (did you mean `{close}`?)"));
    }
    if !known.is_empty() {
        let listed: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
        out.push_str(&format!("; use {}", listed.join(", ")));
    }
    out
}

/// `message`, an error from reading a TOML file into draftlint's types,
/// said in the file's words: "unknown key `phrase` (did you mean
/// `phrases`?)" rather than serde's "unknown field `phrase`, expected one of
/// ...", "expected a whole number, found the string "100"" rather than
/// "invalid type: string "100", expected u64". Levels read alike wherever
/// they are set: "unknown level `warn` (did you mean `warning`?); use ...".
pub fn plain(message: &str) -> String {
    let message = message.trim();
    for (serde, word) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(serde)
            && let Some((wrong, rest)) = rest.split_once('`')
        {
            let names = quoted(rest);
            let word = if names.contains(&"warning") && names.contains(&"hint") {
                "level"
            } else if names.contains(&"avoid") && names.contains(&"require") {
                "kind"
            } else {
                word
            };
            return unknown(word, wrong, &names);
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!("missing key `{name}`");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        let found = match found.split_once(' ') {
            Some(("string", value)) => {
                format!("the text {value} (a number or list needs no quotes)")
            }
            Some((kind, value)) if kind.starts_with("integer") || kind == "floating" => {
                format!("the number {value}")
            }
            _ => type_in_toml(found).to_string(),
        };
        return format!("expected {}, found {found}", type_in_toml(expected));
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::{closest, plain};

    #[test]
    fn serde_messages_in_the_words_of_the_file() {
        assert_eq!(
            plain("unknown field `phrase`, expected one of `phrases`, `regex`, `patterns`"),
            "unknown key `phrase` (did you mean `phrases`?); use `phrases`, `regex`, `patterns`"
        );
        assert_eq!(
            plain("unknown variant `warn`, expected one of `hint`, `info`, `warning`, `error`\n"),
            "unknown level `warn` (did you mean `warning`?); use `hint`, `info`, `warning`, `error`"
        );
        assert_eq!(
            plain("invalid type: string \"100\", expected u64"),
            "expected a whole number, found the text \"100\" (a number or list needs no quotes)"
        );
        assert_eq!(
            plain("invalid type: string \"x\", expected a sequence"),
            "expected a list (`[...]`), found the text \"x\" (a number or list needs no quotes)"
        );
        assert_eq!(plain("missing field `kind`"), "missing key `kind`");
        assert_eq!(plain("something else"), "something else");
    }

    #[test]
    fn curly_quotes_get_a_hint() {
        let text = "kind = “avoid”\n";
        let error = toml::from_str::<toml::Table>(text).unwrap_err();
        let (at, message) = super::toml_error(&error, text);
        assert_eq!(at, 7);
        assert!(
            message.ends_with("TOML needs straight ones, \" or ')"),
            "{message}"
        );
        let text = "kind = avoid\n";
        let error = toml::from_str::<toml::Table>(text).unwrap_err();
        assert!(!super::toml_error(&error, text).1.contains("curly"));
        // A curly apostrophe inside a good string is not the trouble.
        let text = "kind = \"I’m sorry\nmessage = \"x\"\n";
        let error = toml::from_str::<toml::Table>(text).unwrap_err();
        assert!(!super::toml_error(&error, text).1.contains("curly"));
    }

    #[test]
    fn a_missing_path_names_the_one_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("my-rules")).unwrap();
        let wrong = dir.path().join("my-rule");
        let right = dir.path().join("my-rules");
        assert_eq!(
            super::missing_path(&wrong),
            format!(
                "`{}` does not exist (did you mean `{}`?)",
                wrong.display(),
                right.display()
            )
        );
        let far = dir.path().join("weather");
        assert_eq!(
            super::missing_path(&far),
            format!("`{}` does not exist", far.display())
        );
    }

    #[test]
    fn suggests_only_close_names() {
        let known = ["contact-verb", "feeling", "no-blame"];
        assert_eq!(closest("contact-verbs", known), Some("contact-verb"));
        assert_eq!(closest("no-blam", known), Some("no-blame"));
        assert_eq!(closest("weather", known), None);
    }
}

//! Message and insert templates: `{name}` and `{name|fallback}` placeholders.
//!
//! `{match}`, `{count}`, `{min}`, `{max}`, `{days}`, `{elapsed}` come from the
//! check; any other name is looked up in the draft's front matter (`{to|them}`
//! reads `to:` and falls back to "them"). `{{` and `}}` are literal braces.

/// Renders `template`, asking `lookup` for each placeholder's value.
pub fn render(template: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    // memchr: messages are rendered for every finding, and most of a
    // template is plain text.
    while let Some(i) = memchr::memchr2(b'{', b'}', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let brace = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        if rest.as_bytes().first() == Some(&brace) {
            out.push(brace as char);
            rest = &rest[1..];
            continue;
        }
        if brace == b'}' {
            out.push('}');
            continue;
        }
        match memchr::memchr(b'}', rest.as_bytes()) {
            Some(end) => {
                let inner = &rest[..end];
                let (name, fallback) = match inner.split_once('|') {
                    Some((name, fallback)) => (name.trim(), Some(fallback)),
                    None => (inner.trim(), None),
                };
                match lookup(name).filter(|v| !v.is_empty()) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(fallback.unwrap_or("")),
                }
                rest = &rest[end + 1..];
            }
            None => {
                out.push('{');
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of `template`'s placeholders, in order (`{to|them}` gives
/// "to"), as [`render`] reads them.
pub fn names(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    render(template, |name| {
        out.push(name.to_string());
        None
    });
    out
}

/// Checks a template's syntax; returns the byte offset and reason of the
/// first problem.
pub fn validate(template: &str) -> Result<(), (usize, String)> {
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => match template[i + 1..].find(['}', '{']) {
                Some(end) if bytes[i + 1 + end] == b'}' => i += end + 2,
                _ => {
                    return Err((
                        i,
                        "unclosed `{` in template (write `{{` for a literal brace)".into(),
                    ));
                }
            },
            _ => i += 1,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_fallbacks() {
        let lookup = |name: &str| (name == "to").then(|| "Sam".to_string());
        assert_eq!(render("Hi {to|there}, {x|you}!", lookup), "Hi Sam, you!");
        assert_eq!(render("{{literal}} {missing}.", lookup), "{literal} .");
        assert_eq!(render("a } b {to", lookup), "a } b {to");
        assert_eq!(render("café {to} ✓ {", lookup), "café Sam ✓ {");
        assert!(validate("oops {to").is_err());
        assert!(validate("fine {to|x} {{").is_ok());
        assert_eq!(names("Hi {to|there}, {{not}} {match}"), ["to", "match"]);
    }
}

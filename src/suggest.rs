//! Did-you-mean: the known name closest to a misspelt one.

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

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_only_close_names() {
        let known = ["contact-verb", "feeling", "no-blame"];
        assert_eq!(closest("contact-verbs", known), Some("contact-verb"));
        assert_eq!(closest("no-blam", known), Some("no-blame"));
        assert_eq!(closest("weather", known), None);
    }
}

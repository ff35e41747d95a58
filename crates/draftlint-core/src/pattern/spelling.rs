//! How people type a word: texting spellings and contractions.
//!
//! Case, curly quotes and white space are already folded away in the text
//! (see [`crate::text`]). What is left is spelling: "u" for "you", "im" for
//! "I'm", "do not" for "don't". Many of these are ambiguous on their own
//! ("ur" is "your" or "you're", "ill" is a word, "were" may be "we're"), so
//! the text is not rewritten; instead every word of a pattern matches its
//! other spellings, where the rest of the pattern gives the context. A rule
//! author writes "you're" once and the pattern also finds "ur", "youre",
//! "your" and "you are".

/// Texting spellings of a word, as people type them in chat.
const TEXTING: &[(&str, &[&str])] = &[
    ("you", &["u", "ya", "yu"]),
    ("your", &["ur", "yr"]),
    ("you're", &["ur", "your", "ure"]),
    ("are", &["r"]),
    ("to", &["2"]),
    ("too", &["2"]),
    ("for", &["4"]),
    ("before", &["b4"]),
    ("please", &["pls", "plz", "plse"]),
    ("because", &["bc", "bcuz", "cuz", "coz", "cause"]),
    ("though", &["tho"]),
    ("through", &["thru"]),
    ("people", &["ppl"]),
    ("okay", &["ok", "k", "kk"]),
    ("ok", &["okay", "k", "kk"]),
    ("tonight", &["tonite", "2nite"]),
    ("tomorrow", &["tmrw", "tmr", "tomorow", "2moro", "2morrow"]),
    ("sorry", &["sry", "soz"]),
    ("really", &["rly", "rlly"]),
    ("love", &["luv"]),
    ("what", &["wat", "wut"]),
    ("why", &["y"]),
    ("message", &["msg"]),
    ("messages", &["msgs"]),
    ("text", &["txt"]),
    ("thanks", &["thx", "thnx"]),
    ("whatever", &["wtv", "whatevs"]),
    ("about", &["abt"]),
    ("probably", &["prob", "prolly"]),
    ("seriously", &["srsly"]),
    ("someone", &["some1"]),
    ("everyone", &["every1"]),
    ("anyone", &["any1"]),
    ("later", &["l8r"]),
    ("night", &["nite"]),
    ("just", &["jus"]),
    ("know", &["kno"]),
    ("enough", &["enuf"]),
    ("the", &["da"]),
    ("with", &["wit"]),
];

/// Word pairs and their one-word spellings: "gonna" is "going to".
pub const FUSED: &[(&str, &str, &str)] = &[
    ("going", "to", "gonna"),
    ("want", "to", "wanna"),
    ("got", "to", "gotta"),
    ("have", "to", "hafta"),
    ("kind", "of", "kinda"),
    ("let", "me", "lemme"),
    ("give", "me", "gimme"),
    ("right", "now", "rn"),
    ("don't", "know", "dunno"),
];

/// Pronouns whose `'s` is "is" or "has" ("it's" → "it is"), not a possessive.
const S_IS: &[&str] = &[
    "it",
    "that",
    "what",
    "there",
    "he",
    "she",
    "who",
    "here",
    "where",
    "this",
    "everything",
    "nothing",
    "let",
];

/// The spellings of `word` (folded): itself, its texting spellings and, for
/// a contraction, the words it stands for ("don't" → "do not").
pub fn variants(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut push = |v: String| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    if let Some((_, texting)) = TEXTING.iter().find(|(w, _)| *w == word) {
        texting.iter().for_each(|v| push(v.to_string()));
    }
    for expanded in expand_contraction(word) {
        push(expanded);
    }
    out
}

/// "don't" → "do not"; "can't" → "cannot", "can not"; "I'm" → "I am".
fn expand_contraction(word: &str) -> Vec<String> {
    let irregular: &[(&str, &[&str])] = &[
        ("can't", &["cannot", "can not"]),
        ("won't", &["will not"]),
        ("shan't", &["shall not"]),
        ("ain't", &["am not", "is not", "are not"]),
        ("let's", &["let us"]),
    ];
    if let Some((_, full)) = irregular.iter().find(|(w, _)| *w == word) {
        return full.iter().map(|s| s.to_string()).collect();
    }
    let endings: &[(&str, &[&str])] = &[
        ("n't", &["not"]),
        ("'m", &["am"]),
        ("'re", &["are"]),
        ("'ll", &["will"]),
        ("'ve", &["have"]),
        ("'d", &["would", "had"]),
        ("'s", &["is", "has"]),
    ];
    for (ending, full) in endings {
        if let Some(stem) = word.strip_suffix(ending)
            && !stem.is_empty()
            && (*ending != "'s" || S_IS.contains(&stem))
        {
            return full.iter().map(|f| format!("{stem} {f}")).collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn texting_and_contractions() {
        assert!(variants("you").contains(&"u".to_string()));
        assert!(variants("you're").contains(&"ur".to_string()));
        assert!(variants("you're").contains(&"you are".to_string()));
        assert!(variants("don't").contains(&"do not".to_string()));
        assert!(variants("can't").contains(&"cannot".to_string()));
        assert!(variants("it's").contains(&"it is".to_string()));
        // A possessive is no contraction.
        assert_eq!(variants("sam's"), ["sam's"]);
        assert_eq!(variants("listen"), ["listen"]);
    }
}

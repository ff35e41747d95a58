//! Word forms: `apologize~` in a pattern stands for apologize, apologizes,
//! apologized and apologizing.
//!
//! The irregular forms come from the `english` crate's tables, extracted
//! from Wiktionary (the tables cover irregular verbs and nouns: "forgive" →
//! "forgave", "forgiven"; "child" → "children"; `data/english/README.md`
//! says where they come from, their licence, and how to refresh them). A
//! word the tables do not list is inflected by that crate's regular rules
//! (`english-core`: "regret" → "regretted"), as the crate itself does.
//! Homograph senses are all taken: `lie~` gives both "lay" and "lied".
//!
//! The tables are two sorted text files searched in place, rather than the
//! crate's hash maps of string pointers: those cost the binary about 2.5 MB
//! of pointers and relocations.

use std::cell::RefCell;
use std::sync::LazyLock;

use english_core::{EnglishCore, Form, Number, Person, Tense};
use foldhash::HashMap;

/// How many homograph senses (`lie`, `lie_2`, ...) are asked for.
const SENSES: usize = 4;

/// Irregular verbs: key, 3rd person singular, past, present participle,
/// past participle.
static VERBS: LazyLock<Table> = LazyLock::new(|| Table::new(asset!("data/english/verbs.tsv")));
/// Irregular plurals: key, plural.
static NOUNS: LazyLock<Table> = LazyLock::new(|| Table::new(asset!("data/english/nouns.tsv")));

/// A table of tab-separated lines sorted by their first field.
struct Table {
    text: &'static str,
    /// Where each line starts.
    starts: Vec<u32>,
}

impl Table {
    fn new(text: &'static str) -> Table {
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|at| at as u32 + 1)
                .filter(|&at| (at as usize) < text.len()),
        );
        Table { text, starts }
    }

    fn line(&self, index: usize) -> &'static str {
        let start = self.starts[index] as usize;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&s| s as usize);
        self.text[start..end].trim_end_matches('\n')
    }

    /// The fields after `key` on its line.
    fn get(&self, key: &str) -> Option<impl Iterator<Item = &'static str>> {
        let at = self
            .starts
            .binary_search_by(|&start| {
                let rest = &self.text[start as usize..];
                rest[..rest.find('\t').unwrap_or(rest.len())].cmp(key)
            })
            .ok()?;
        Some(self.line(at).split('\t').skip(1))
    }
}

/// Every form of `word` (lower case, as folded): its verb forms and its
/// noun plural, the word itself first, without duplicates.
pub fn of(word: &str) -> Vec<String> {
    thread_local! {
        // A pack asks for the same words many times (class entries are in
        // many patterns), and each costs a few table lookups.
        static KNOWN: RefCell<HashMap<String, Vec<String>>> = RefCell::default();
    }
    KNOWN.with_borrow_mut(|known| {
        if let Some(forms) = known.get(word) {
            return forms.clone();
        }
        let forms = look_up(word);
        known.insert(word.to_string(), forms.clone());
        forms
    })
}

fn look_up(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let mut push = |form: &str| {
        if !form.contains(' ') && !out.iter().any(|f| f == form) {
            out.push(form.to_string());
        }
    };
    for sense in 1..=SENSES {
        let key = if sense == 1 {
            word.to_string()
        } else {
            format!("{word}_{sense}")
        };
        // A sense the tables do not list is the plain word again.
        match VERBS.get(&key).map(|f| f.collect::<Vec<_>>()) {
            Some(forms) => {
                // 3rd person singular, past, past participle, present participle.
                for i in [0, 1, 3, 2] {
                    forms.get(i).copied().map(&mut push);
                }
            }
            None if sense == 1 => {
                let verb = |tense, form| {
                    EnglishCore::verb(word, &Person::Third, &Number::Singular, &tense, &form)
                };
                push(&verb(Tense::Present, Form::Finite));
                push(&verb(Tense::Past, Form::Finite));
                push(&verb(Tense::Past, Form::Participle));
                push(&verb(Tense::Present, Form::Participle));
            }
            None => {}
        }
        match NOUNS.get(&key).and_then(|mut f| f.next()) {
            Some(plural) => push(plural),
            None if sense == 1 => push(&EnglishCore::noun(word, &Number::Plural)),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{NOUNS, VERBS, look_up, of};

    #[test]
    fn regular_and_irregular_forms() {
        let apologize = of("apologize");
        for form in ["apologize", "apologizes", "apologized", "apologizing"] {
            assert!(apologize.contains(&form.to_string()), "{apologize:?}");
        }
        let regret = of("regret");
        for form in ["regrets", "regretted", "regretting"] {
            assert!(regret.contains(&form.to_string()), "{regret:?}");
        }
        let forgive = of("forgive");
        for form in ["forgave", "forgiven", "forgiving"] {
            assert!(forgive.contains(&form.to_string()), "{forgive:?}");
        }
        let lie = of("lie");
        for form in ["lied", "lying", "lies", "lay", "lain"] {
            assert!(lie.contains(&form.to_string()), "{lie:?}");
        }
        assert_eq!(
            of("child"),
            ["child", "childs", "childed", "childing", "children"]
        );
        assert_eq!(of("hurt")[0], "hurt");
        assert!(of("hurt").iter().all(|f| !f.contains('_')));
    }

    /// What the `english` crate itself gives (the reference the tables were
    /// taken from): every form of every sense, as `of` did before it read the
    /// tables in place.
    fn reference(word: &str) -> Vec<String> {
        use english::{English, Form, Number, Person, Tense};
        let mut out = vec![word.to_string()];
        let mut push = |form: String| {
            // A sense that does not exist comes back as the key itself,
            // inflected by rule ("lie_4d"): not a word.
            if !form.contains('_') && !form.contains(' ') && !out.contains(&form) {
                out.push(form);
            }
        };
        for sense in 1..=super::SENSES {
            let key = if sense == 1 {
                word.to_string()
            } else {
                format!("{word}_{sense}")
            };
            let verb =
                |tense, form| English::verb(&key, &Person::Third, &Number::Singular, tense, form);
            push(verb(&Tense::Present, &Form::Finite));
            push(verb(&Tense::Past, &Form::Finite));
            push(verb(&Tense::Past, &Form::Participle));
            push(verb(&Tense::Present, &Form::Participle));
            push(English::noun(&key, &Number::Plural));
        }
        out
    }

    /// Every word of both tables, and words they do not list, get exactly
    /// the forms the crate gives, in the same order.
    #[test]
    fn the_tables_read_in_place_give_what_the_crate_gives() {
        let mut words: Vec<String> = Vec::new();
        for table in [&*VERBS, &*NOUNS] {
            for i in 0..table.starts.len() {
                let key = table.line(i).split('\t').next().unwrap_or_default();
                let word = key.split('_').next().unwrap_or_default();
                words.push(word.to_string());
            }
        }
        words.extend(
            [
                "apologize",
                "regret",
                "text",
                "call",
                "reply",
                "love",
                "miss",
                "sorry",
                "you",
            ]
            .map(String::from),
        );
        words.sort();
        words.dedup();
        assert!(words.len() > 20_000, "{}", words.len());
        for word in &words {
            assert_eq!(look_up(word), reference(word), "{word}");
        }
    }
}

//! Word forms: `apologize~` in a pattern stands for apologize, apologizes,
//! apologized and apologizing.
//!
//! The forms come from the `english` crate (MIT OR Apache-2.0), whose tables
//! are extracted from Wiktionary and cover irregular verbs and nouns
//! ("forgive" → "forgave", "forgiven"; "child" → "children"), with its
//! regular rules for the rest ("regret" → "regretted"). Homograph senses are
//! all taken: `lie~` gives both "lay" and "lied".

use std::cell::RefCell;

use english::{English, Form, Number, Person, Tense};
use foldhash::HashMap;

/// How many homograph senses (`lie`, `lie_2`, ...) are asked for.
const SENSES: usize = 4;

/// Every form of `word` (lower case, as folded): its verb forms and its
/// noun plural, the word itself first, without duplicates.
pub fn of(word: &str) -> Vec<String> {
    thread_local! {
        // A pack asks for the same words many times (class entries are in
        // many patterns), and each costs about twenty table lookups.
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
    let mut push = |form: String| {
        // A sense that does not exist comes back as the key itself,
        // inflected by rule ("lie_4d"): not a word.
        if !form.contains('_') && !form.contains(' ') && !out.contains(&form) {
            out.push(form);
        }
    };
    for sense in 1..=SENSES {
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

#[cfg(test)]
mod tests {
    use super::of;

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
        for form in ["lied", "lying", "lies"] {
            assert!(lie.contains(&form.to_string()), "{lie:?}");
        }
        assert_eq!(of("hurt")[0], "hurt");
        assert!(of("hurt").iter().all(|f| !f.contains('_')));
    }
}

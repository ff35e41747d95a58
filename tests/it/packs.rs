//! Packs: the three built-in packs, chosen by `draftlint.toml` or by a
//! draft's front matter, each with its own checklist.

use crate::common;

use draftlint::rule::pack;
use draftlint::{Draft, Format, LintOptions, Linter};

/// A work apology that does what the `workplace` pack asks.
const WORK: &str = "Hi Priya,\n\nI sent the client the wrong price list on Monday, and that was my mistake. \
I've sent them the corrected one and copied you. I'll check every quote against the current list \
from now on, and I'll walk you through the fix on Thursday at 10.\n\nThanks,\nMarco\n";

/// A co-parenting message that does what the `coparenting` pack asks.
const KIDS: &str = "Hi Jordan, thanks for the update about Mia's cough. I'll pick the kids up from \
school on Friday at 3:30 and bring them back on Sunday at 6. Her inhaler is in the blue bag. \
Have a good week.\n";

fn with_front_matter(pack: &str, text: &str) -> String {
    format!("---\npack: {pack}\n---\n{text}")
}

fn rules_found(linter: &Linter, text: &str) -> Vec<String> {
    let draft = Draft::parse(text, Format::Text);
    linter
        .lint(&draft, &LintOptions::default())
        .into_iter()
        .map(|d| d.rule.to_string())
        .collect()
}

#[test]
fn every_pack_is_described_tested_and_has_a_checklist() {
    let names: Vec<&str> = pack::names().collect();
    assert_eq!(names, ["coparenting", "gentle", "workplace"]);
    let mut ids = std::collections::HashSet::new();
    for name in names {
        let info = pack::info(name).unwrap_or_else(|| panic!("{name}'s pack.toml parses"));
        assert_eq!(info.name, name);
        assert!(!info.description.is_empty() && !info.source.is_empty());
        let rules = pack::rules(name).expect("the pack parses");
        let examples: usize = rules.iter().map(|r| r.examples.len()).sum();
        assert!(examples >= 12, "{name}: {examples} examples");
        let report = draftlint::examples::run(&rules);
        assert!(report.failures.is_empty(), "{name}: {:?}", report.failures);
        assert!(report.untested.is_empty(), "{name}: {:?}", report.untested);
        for rule in &rules {
            assert_eq!(rule.pack.as_deref(), Some(name));
            assert!(ids.insert(rule.id.clone()), "{} is in two packs", rule.id);
            assert!(!rule.why.is_empty(), "{} says why", rule.id);
        }
        // Every item of the checklist stands for some rule of the pack.
        for item in &info.checklist {
            assert!(
                rules.iter().any(|r| item.covers(r)),
                "{name}: `{}` covers no rule",
                item.label
            );
        }
    }
}

#[test]
fn a_draft_chooses_its_pack_and_gets_no_breakup_advice() {
    let linter = Linter::from_config(None, None, &[]).expect("the default config");
    // By default the breakup pack applies: a work apology gets its advice.
    let gentle = pack::gentle().unwrap();
    let is_gentle = |id: &String| gentle.iter().any(|r| *r.id == **id);
    assert!(rules_found(&linter, WORK).iter().any(is_gentle));
    assert!(rules_found(&linter, KIDS).iter().any(is_gentle));
    // Chosen in the front matter, each gets its own pack, and these
    // messages, written as the packs ask, get nothing.
    assert_eq!(
        rules_found(&linter, &with_front_matter("workplace", WORK)),
        Vec::<String>::new()
    );
    assert_eq!(
        rules_found(&linter, &with_front_matter("coparenting", KIDS)),
        Vec::<String>::new()
    );
    // A message that breaks the pack's advice is flagged by the pack.
    let sharp = with_front_matter(
        "workplace",
        "Per my last email, the numbers were fine. Apologies for any confusion.\n",
    );
    let found = rules_found(&linter, &sharp);
    assert!(
        found.contains(&"no-passive-aggressive".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"no-hollow-apology".to_string()),
        "{found:?}"
    );
    assert!(!found.iter().any(is_gentle), "{found:?}");
}

#[test]
fn the_config_chooses_packs_and_unknown_ones_are_errors_at_their_place() {
    let dir = common::scratch(&[("draftlint.toml", "packs = [\"coparenting\"]\n")]);
    let config = dir.path().join("draftlint.toml");
    let linter = Linter::from_config(Some(&config), None, &[]).expect("loads");
    assert_eq!(rules_found(&linter, KIDS), Vec::<String>::new());
    let found = rules_found(
        &linter,
        "Tell your father he can pick them up whenever. Thanks for nothing.\n",
    );
    assert!(
        found.contains(&"kids-not-messengers".to_string()),
        "{found:?}"
    );
    assert!(found.contains(&"no-sarcasm".to_string()), "{found:?}");
    std::fs::write(&config, "# packs\npacks = [\"gentle\", \"coparentin\"]\n").unwrap();
    let error = Linter::from_config(Some(&config), None, &[])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "draftlint.toml:2:20: no built-in pack `coparentin` (did you mean `coparenting`?)"
        ),
        "{error}"
    );
}

#[test]
fn the_checklist_comes_from_the_pack_of_the_draft() {
    let linter = Linter::from_config(None, None, &[]).expect("the default config");
    let labels = |text: &str| {
        let draft = Draft::parse(text, Format::Text);
        let diagnostics = linter.lint(&draft, &LintOptions::default());
        draftlint::checklist::items(&linter, &draft, &diagnostics)
    };
    let work = labels(&with_front_matter("workplace", WORK));
    let work_labels: Vec<&str> = work.iter().map(|i| i.label.as_str()).collect();
    assert!(work_labels.contains(&"owns the mistake"), "{work_labels:?}");
    assert!(work.iter().all(|i| i.done), "{work:?}");
    let breakup = labels("Hey. Call me now.\n");
    let breakup_labels: Vec<&str> = breakup.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        breakup_labels,
        [
            "calm",
            "opener",
            "feeling",
            "apology",
            "ask",
            "short (4 words)",
            "no pressure",
            "follow-up"
        ]
    );
    assert!(breakup.iter().any(|i| !i.done && i.label == "apology"));
}

#[test]
fn a_packs_folder_can_be_tested_as_a_rule_folder() {
    // The folder holds `pack.toml` and `classes.toml` beside the rules; only
    // the rules are rules.
    for name in pack::names() {
        let folder = format!("rules/{name}");
        let run = common::draftlint_in(&common::root(), &["test", &folder], None);
        assert_eq!(run.code, 0, "{folder}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("0 failed"), "{}", run.stdout);
    }
}

/// A rewrite reads as good English wherever its words stand: each example
/// of a rewrite in every pack, put after another sentence, after "So, " and
/// before ", but ...", must fix to its `fixed` text in the same place. A
/// rewrite that depends on what follows ("it wasn't my fault the bus was
/// late") must say so in its pattern, not leave a broken sentence.
#[test]
fn every_rewrite_reads_the_same_inside_other_sentences() {
    use draftlint::rule::{Expect, Params};
    // "So, " before a sentence lowers its first word, unless that is "I".
    fn lowered(s: &str) -> String {
        let first = s.split(' ').next().unwrap_or("");
        if first == "I"
            || first.starts_with("I'")
            || first.chars().nth(1).is_some_and(char::is_uppercase)
        {
            return s.to_string();
        }
        let mut chars = s.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
    }
    let mut checked = 0;
    let mut problems = Vec::new();
    for rule in pack::all().expect("the packs parse") {
        let mut alone = rule.clone();
        alone.enabled = true;
        let linter = Linter::new(vec![alone]).expect("compiles");
        for example in &rule.examples {
            let Expect::Bad {
                text,
                fixed: Some(fixed),
            } = &example.expect
            else {
                continue;
            };
            // Rewrites of one plain sentence; inserted sentences and
            // per-example settings are tested elsewhere.
            let one_sentence =
                |s: &str| s.ends_with('.') && !s[..s.len() - 1].contains(['.', '?', '!', '\n']);
            if example.with != Params::default()
                || text == fixed
                || !one_sentence(text)
                || !one_sentence(fixed)
                || fixed.len() > text.len() + 60
            {
                continue;
            }
            let trim = |s: &str| s[..s.len() - 1].to_string();
            let contexts = [
                (
                    format!("I have been thinking. {text}"),
                    format!("I have been thinking. {fixed}"),
                ),
                (
                    format!("So, {}", lowered(text)),
                    format!("So, {}", lowered(fixed)),
                ),
                (
                    format!("{}, but I want to talk.", trim(text)),
                    format!("{}, but I want to talk.", trim(fixed)),
                ),
            ];
            for (input, expected) in contexts {
                let out = linter.fix(
                    &input,
                    Format::Text,
                    &LintOptions::default(),
                    draftlint::fix::Apply { suggestions: false },
                );
                checked += 1;
                if out.text != expected {
                    problems.push(format!(
                        "{} ({}:{}):\n  {input}\n  -> {}\n  expected {expected}",
                        rule.id,
                        rule.source.path.display(),
                        example.line,
                        out.text
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked >= 120, "only {checked} rewrites in context");
}

/// The fix property (see `common::fix_problems`) for the other packs: on
/// every example of `coparenting` and `workplace` and on this file's drafts.
#[test]
fn fixing_with_any_pack_never_creates_a_finding_and_settles() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for name in ["coparenting", "workplace"] {
        let rules = pack::rules(name).expect("the pack parses");
        let mut texts = common::example_texts(&rules);
        texts.extend([WORK.to_string(), KIDS.to_string()]);
        checked += texts.len();
        let linter = Linter::new(rules)
            .expect("compiles")
            .with_packs(vec![name.to_string()]);
        problems.extend(
            common::fix_problems(&linter, &texts)
                .into_iter()
                .map(|p| format!("[{name}] {p}")),
        );
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 150, "{checked}");
}

//! Linting speed: corpus throughput, one 100-word draft, 10,000 extra rules.
//!
//! ```text
//! python3 bench/corpus.py          # writes bench/data/chitchat.txt (pip: chitchat-dataset)
//! cargo bench --bench lint         # or bench/run.sh for everything plus a summary
//! ```
//!
//! Benchmarks (criterion ids):
//!
//! * `corpus/{gentle,gentle+10k}/{conversations,messages}`: lint every draft
//!   of the corpus (`Draft::parse` + `Linter::lint`, as `draftlint check`
//!   does), one thread. Throughput is in decimal MB/s of draft text.
//!   `conversations` lints one draft per conversation (the realistic unit, a
//!   message thread, ~1.8 kB); `messages` lints every single chat message
//!   (~100 bytes) as its own draft, which weighs per-draft costs more.
//!   `conversations-curly` (gentle only) is the 0.25 MB sample of
//!   conversations with typographic apostrophes (’) as phones type them: the
//!   chitchat text is pure ASCII, and non-ASCII text takes other paths in the
//!   regex engine.
//! * `draft/{gentle,gentle+10k}/100-words`: one realistic 100-word message,
//!   linted again and again by a linter that has seen nothing else;
//!   `.../100-words-varied`: a different real 100-word draft each time, by
//!   the linter that has linted the corpus (see `bench_draft`).
//! * `setup/...`: building the linter (the part of start-up that is ours).
//! * `paired/...` (printed, not criterion): the gentle+10k / gentle ratio,
//!   measured interleaved (ABBA) in the same process so machine noise hits
//!   both sides alike. `DRAFTLINT_PAIRED_ROUNDS` sets the rounds (default:
//!   as many as fit in ~15 s per corpus, 5 to 41; 0 skips).
//!
//! The corpus comes from `DRAFTLINT_CORPUS` or `bench/data/chitchat.txt`
//! (format: see bench/corpus.py). Without it a generated corpus is used and
//! the figures are not the ones to quote. The corpus benchmarks lint all of
//! it when that is fast enough for a run of a few minutes; otherwise (or
//! with `DRAFTLINT_CORPUS_MB=<megabytes>`) a sample, one conversation in k,
//! stratified by size so it keeps the corpus' mix of short and long threads
//! (see `choose_sample`).
//!
//! The 10,000 extra rules are `avoid` rules, one phrase each, written as TOML
//! and parsed with `draftlint::rule::parse` like a user's rule folder. Their
//! phrases are random 2- and 3-word combinations of the corpus' 3,000 most
//! frequent words, and candidates that occur anywhere in the corpus are
//! dropped, so both rule sets report exactly the same diagnostics and the
//! difference is pure matching cost.

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use draftlint::rule::Rule;
use draftlint::{Draft, Format, LintOptions, Linter};

/// Separates drafts in the corpus file (see bench/corpus.py).
const SEPARATOR: &str = "\n\x1e\n";
/// Separates messages (turns) inside a conversation draft.
const TURN: &str = "\n\n";
const EXTRA_RULES: usize = 10_000;

/// A realistic first message after a breakup: 100 words (asserted below).
const DRAFT_100: &str = "Hi Sam,

I hope you're doing well. I've been thinking a lot about the last few months \
and how things ended between us. I'm sorry for the way I acted that night at \
your sister's place. You deserved better than that, and I know I didn't really \
listen when you tried to tell me how you felt. I think about that often. I'm not asking for anything. I \
just wanted you to know that I miss talking with you, and I would love to hear \
how the new job is going when you have time.

Take care of yourself,
Alex
";

struct Corpus {
    /// Where it came from, for the report.
    origin: String,
    real: bool,
    /// Every conversation of the corpus (the extra rules are checked
    /// against all of them).
    all: Vec<String>,
    /// The sample that is linted: every `step`-th conversation...
    conversations: Vec<String>,
    /// ... and the same conversations as single messages.
    messages: Vec<String>,
    /// The 0.25 MB sample with typographic apostrophes (’), as phones type
    /// them: the chitchat text is plain ASCII, real drafts often are not.
    curly: Vec<String>,
    step: usize,
}

impl Corpus {
    fn load() -> Corpus {
        let path = std::env::var_os("DRAFTLINT_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data/chitchat.txt"));
        let (origin, real, text) = match std::fs::read_to_string(&path) {
            Ok(text) => (path.display().to_string(), true, text),
            Err(e) => {
                eprintln!(
                    "note: cannot read the corpus {} ({e}).\n\
                     note: create it with `python3 bench/corpus.py` (pip-installs chitchat-dataset)\n\
                     note: or point DRAFTLINT_CORPUS at one. Using a GENERATED corpus now:\n\
                     note: its figures are not comparable with bench/README.md.",
                    path.display()
                );
                (
                    "generated (not real messages)".to_string(),
                    false,
                    generated(),
                )
            }
        };
        let all: Vec<String> = text
            .split(SEPARATOR)
            .map(|d| d.trim_matches('\n'))
            .filter(|d| !d.trim().is_empty())
            .map(String::from)
            .collect();
        Corpus {
            origin,
            real,
            all,
            conversations: Vec::new(),
            messages: Vec::new(),
            curly: Vec::new(),
            step: 0,
        }
    }

    /// Lints (about) `target` bytes of conversations from now on.
    fn sample(&mut self, target: usize) {
        let all = &self.all;
        // Conversation sizes are heavy-tailed (median 243 bytes, mean 1.8 kB),
        // so a plain every-k-th pick can land far from the corpus' mix. Take
        // the middle one of every k by size instead: the sample has the
        // corpus' size distribution. It is linted in corpus order.
        let step = bytes(all).div_ceil(target.max(1)).max(1);
        let mut by_size: Vec<usize> = (0..all.len()).collect();
        by_size.sort_by_key(|&i| (all[i].len(), i));
        let mut picked: Vec<usize> = by_size.into_iter().skip(step / 2).step_by(step).collect();
        picked.sort_unstable();
        self.conversations = picked.iter().map(|&i| all[i].clone()).collect();
        self.messages = self
            .conversations
            .iter()
            .flat_map(|c| c.split(TURN))
            .filter(|m| !m.trim().is_empty())
            .map(String::from)
            .collect();
        self.step = step;
    }
}

fn bytes(drafts: &[String]) -> usize {
    drafts.iter().map(String::len).sum()
}

/// Lints every draft the way `draftlint check` does; returns the findings.
fn lint_all(linter: &Linter, drafts: &[String]) -> usize {
    let options = LintOptions::default();
    let mut found = 0;
    for text in drafts {
        let draft = Draft::parse(black_box(text), Format::Text);
        found += linter.lint(&draft, &options).len();
    }
    found
}

// The same generator as the fuzz tests: every run builds the same rules
// and stand-in corpus.
#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// A stand-in corpus of chat-like turns (~3 MB) for when the real one is absent.
fn generated() -> String {
    let openers = [
        "hey",
        "hi there",
        "hello",
        "good morning",
        "whats up",
        "how are you",
        "yo",
    ];
    let subjects = [
        "i",
        "you",
        "we",
        "my sister",
        "the dog",
        "my boss",
        "our team",
        "your friend",
    ];
    let verbs = [
        "watched", "liked", "hated", "finished", "started", "missed", "found", "cooked",
    ];
    let objects = [
        "that movie",
        "the new album",
        "a long book",
        "the game last night",
        "dinner",
        "the trip",
        "my homework",
        "a weird dream",
    ];
    let tails = [
        "haha",
        "lol",
        "to be honest",
        "yesterday",
        "again",
        "for hours",
        "with friends",
        "",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut drafts = Vec::new();
    for _ in 0..1800 {
        let mut turns = vec![rng.pick(&openers).to_string()];
        for _ in 0..(8 + rng.below(24)) {
            let mut lines = Vec::new();
            for _ in 0..(1 + rng.below(3)) {
                lines.push(
                    format!(
                        "{} {} {} {}",
                        rng.pick(&subjects),
                        rng.pick(&verbs),
                        rng.pick(&objects),
                        rng.pick(&tails)
                    )
                    .trim_end()
                    .to_string()
                        + if rng.below(4) == 0 { "?" } else { "" },
                );
            }
            turns.push(lines.join("\n"));
        }
        drafts.push(turns.join(TURN));
    }
    drafts.join(SEPARATOR)
}

/// The most frequent words of the corpus (letters only, 3+ letters).
fn vocabulary(drafts: &[String], size: usize) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for draft in drafts {
        for word in draft.split(|c: char| !c.is_alphabetic()) {
            if word.len() >= 3 {
                *counts.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut words: Vec<(String, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.into_iter().take(size).map(|(w, _)| w).collect()
}

fn rule_toml(index: usize, phrase: &str) -> String {
    format!(
        "id = \"extra-{index:05}\"\n\
         kind = \"avoid\"\n\
         level = \"warning\"\n\
         message = \"\\\"{{match}}\\\" is on our list of phrases to avoid.\"\n\
         \n\
         [[avoid]]\n\
         phrases = [\"{phrase}\"]\n"
    )
}

fn parse_rule(index: usize, phrase: &str) -> Rule {
    let text = rule_toml(index, phrase);
    let path = PathBuf::from(format!("bench/extra/extra-{index:05}.toml"));
    draftlint::rule::parse(&path, &text, false)
        .unwrap_or_else(|e| panic!("generated rule {index} does not parse: {e:?}"))
}

/// `count` extra phrase rules whose phrases do not occur in `drafts`.
fn extra_rules(drafts: &[String], count: usize) -> Vec<Rule> {
    let vocabulary = vocabulary(drafts, 3000);
    let words: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    while candidates.len() < count + count / 5 {
        let n = 2 + rng.below(2);
        let phrase = (0..n)
            .map(|_| *rng.pick(&words))
            .collect::<Vec<_>>()
            .join(" ");
        if seen.insert(phrase.clone()) {
            candidates.push(phrase);
        }
    }
    // Drop the candidates that occur in the corpus, found with the linter.
    let rules: Vec<Rule> = candidates
        .iter()
        .enumerate()
        .map(|(i, p)| parse_rule(i, p))
        .collect();
    let linter = Linter::new(rules).expect("extra rules compile");
    let options = LintOptions::default();
    let mut fired = HashSet::new();
    for text in drafts {
        let draft = Draft::parse(text, Format::Text);
        for d in linter.lint(&draft, &options) {
            fired.insert(d.rule.to_string());
        }
    }
    let kept: Vec<&String> = candidates
        .iter()
        .enumerate()
        .filter(|(i, _)| !fired.contains(&format!("extra-{i:05}")))
        .map(|(_, p)| p)
        .take(count)
        .collect();
    assert_eq!(
        kept.len(),
        count,
        "too many generated phrases occur in the corpus"
    );
    kept.iter()
        .enumerate()
        .map(|(i, p)| parse_rule(i, p))
        .collect()
}

fn gentle() -> Vec<Rule> {
    draftlint::rule::pack::gentle().expect("the gentle pack parses")
}

/// Sets the corpus sample from `DRAFTLINT_CORPUS_MB`: a number of megabytes,
/// `all`, or `auto` (the default): the whole corpus when linting it fast
/// enough keeps a run within a few minutes, else a 0.25 MB sample. The
/// whole corpus is the figure to quote: on a small sample, caches that
/// thrash on 12.9 MB of varied text (the regex engine's lazy DFA) can still
/// fit, and look several times faster than they are.
///
/// The curly variant always lints the 0.25 MB sample: it is there to show
/// the cost of non-ASCII text, which the sample shows as well, and it can be
/// much slower than the rest.
fn choose_sample(corpus: &mut Corpus) {
    const SAMPLE: usize = 250_000;
    corpus.sample(SAMPLE);
    corpus.curly = corpus
        .conversations
        .iter()
        .map(|c| c.replace('\'', "\u{2019}"))
        .collect();
    let setting = std::env::var("DRAFTLINT_CORPUS_MB").unwrap_or_else(|_| "auto".into());
    let target = match setting.trim() {
        "all" => usize::MAX,
        "auto" => {
            let linter = Linter::new(gentle()).expect("gentle compiles");
            let scale = bytes(&corpus.all) as f64 / bytes(&corpus.conversations) as f64;
            let predict = |drafts: &[String]| {
                let started = Instant::now();
                black_box(lint_all(&linter, drafts));
                started.elapsed().as_secs_f64() * scale
            };
            // The first pass fills the regex engine's caches; time the second.
            predict(&corpus.conversations);
            let seconds = predict(&corpus.conversations);
            if seconds <= 2.0 {
                usize::MAX
            } else {
                println!(
                    "corpus: NOTE linting the whole corpus would take ~{seconds:.0} s a pass, \
                     so the corpus benchmarks use a {:.2} MB sample; \
                     set DRAFTLINT_CORPUS_MB=all to override",
                    SAMPLE as f64 / 1e6
                );
                SAMPLE
            }
        }
        mb => {
            (mb.parse::<f64>()
                .expect("DRAFTLINT_CORPUS_MB is a number, `all` or `auto`")
                * 1e6) as usize
        }
    };
    corpus.sample(target);
}

struct Setup {
    corpus: Corpus,
    /// Real 100-word drafts from the corpus.
    hundred: Vec<String>,
    gentle: Linter,
    extra: Linter,
    extra_rules: Vec<Rule>,
}

fn setup() -> Setup {
    let started = Instant::now();
    let mut corpus = Corpus::load();
    choose_sample(&mut corpus);
    let extra_rules = extra_rules(&corpus.all, EXTRA_RULES);
    let gentle_linter = Linter::new(gentle()).expect("gentle compiles");
    let mut all = gentle();
    all.extend(extra_rules.iter().cloned());
    let extra = Linter::new(all).expect("gentle + extra compile");
    let words = Draft::parse(DRAFT_100, Format::Text).words().len();
    assert_eq!(words, 100, "DRAFT_100 must have 100 words");
    println!(
        "corpus: {} ({}): {} conversations, {:.2} MB; linting 1 in {} (DRAFTLINT_CORPUS_MB)",
        corpus.origin,
        if corpus.real { "real" } else { "GENERATED" },
        corpus.all.len(),
        bytes(&corpus.all) as f64 / 1e6,
        corpus.step,
    );
    for (name, drafts) in [
        ("conversations", &corpus.conversations),
        ("messages", &corpus.messages),
    ] {
        let (a, b) = (lint_all(&gentle_linter, drafts), lint_all(&extra, drafts));
        println!(
            "corpus: {name}: {} drafts, {:.2} MB, mean {} bytes; findings: gentle {a}, gentle+10k {b}",
            drafts.len(),
            bytes(drafts) as f64 / 1e6,
            bytes(drafts) / drafts.len().max(1),
        );
        assert_eq!(a, b, "the extra rules must not fire on the corpus");
    }
    let curly = &corpus.curly;
    println!(
        "corpus: conversations-curly: {} drafts, {} of them with a ’; findings: gentle {}",
        curly.len(),
        curly.iter().filter(|c| !c.is_ascii()).count(),
        lint_all(&gentle_linter, curly),
    );
    println!(
        "draft: 100-words: {} findings (gentle)",
        gentle_linter
            .lint(
                &Draft::parse(DRAFT_100, Format::Text),
                &LintOptions::default()
            )
            .len()
    );
    println!("setup: {:.1?}", started.elapsed());
    let hundred = hundred_word_drafts(&corpus.all, 500);
    println!(
        "draft: 100-words-varied: {} real drafts of 100 words",
        hundred.len()
    );
    Setup {
        corpus,
        hundred,
        gentle: gentle_linter,
        extra,
        extra_rules,
    }
}

fn bench_corpus(c: &mut Criterion, s: &Setup) {
    for (name, drafts) in [
        ("conversations", &s.corpus.conversations),
        ("messages", &s.corpus.messages),
        ("conversations-curly", &s.corpus.curly),
    ] {
        let mut group = c.benchmark_group("corpus");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(6))
            .throughput(Throughput::BytesDecimal(bytes(drafts) as u64));
        // Side by side: the two rule sets run one after the other.
        group.bench_function(format!("gentle/{name}"), |b| {
            b.iter(|| lint_all(&s.gentle, drafts))
        });
        if name != "conversations-curly" {
            group.bench_function(format!("gentle+10k/{name}"), |b| {
                b.iter(|| lint_all(&s.extra, drafts))
            });
        }
        group.finish();
    }
}

/// Up to `count` real 100-word drafts: the start of conversations, cut after
/// their 100th word (as the linter counts words).
fn hundred_word_drafts(conversations: &[String], count: usize) -> Vec<String> {
    let long: Vec<&String> = conversations
        .iter()
        .filter(|c| Draft::parse(c, Format::Text).words().len() >= 100)
        .collect();
    let step = (long.len() / count).max(1);
    long.into_iter()
        .step_by(step)
        .take(count)
        .map(|c| {
            // Up to the start of the 101st word, less the space before it.
            let end = Draft::parse(c, Format::Text)
                .words()
                .iter()
                .nth(100)
                .map_or(c.len(), |at| c[..at].trim_end().len());
            c[..end].to_string()
        })
        .collect()
}

/// One 100-word draft. `100-words`: the same draft again and again, with a
/// linter built for this benchmark (its regex caches have seen nothing else:
/// the best case, like a fresh `draftlint check` process after its first
/// draft). `100-words-varied`: a different real 100-word draft each time,
/// with the linter that has already linted the corpus (like a language
/// server that has been running for a while).
fn bench_draft(c: &mut Criterion, s: &Setup) {
    let mut group = c.benchmark_group("draft");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let options = LintOptions::default();
    let fresh_gentle = Linter::new(gentle()).expect("gentle compiles");
    let mut all = gentle();
    all.extend(s.extra_rules.iter().cloned());
    let fresh_extra = Linter::new(all).expect("gentle + extra compile");
    for (name, linter) in [("gentle", &fresh_gentle), ("gentle+10k", &fresh_extra)] {
        group.bench_function(format!("{name}/100-words"), |b| {
            b.iter(|| {
                let draft = Draft::parse(black_box(DRAFT_100), Format::Text);
                linter.lint(&draft, &options)
            })
        });
    }
    for (name, linter) in [("gentle", &s.gentle), ("gentle+10k", &s.extra)] {
        let drafts = &s.hundred;
        let mut next = 0;
        group.bench_function(format!("{name}/100-words-varied"), |b| {
            b.iter(|| {
                next = (next + 1) % drafts.len();
                let draft = Draft::parse(black_box(&drafts[next]), Format::Text);
                linter.lint(&draft, &options)
            })
        });
    }
    group.finish();
}

fn bench_setup(c: &mut Criterion, s: &Setup) {
    let mut group = c.benchmark_group("setup");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("gentle/parse+compile", |b| {
        b.iter(|| Linter::new(gentle()).expect("compiles"))
    });
    group.bench_function("gentle+10k/compile", |b| {
        b.iter_batched(
            || {
                let mut all = gentle();
                all.extend(s.extra_rules.iter().cloned());
                all
            },
            |rules| Linter::new(rules).expect("compiles"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The gentle+10k / gentle ratio measured interleaved, ABBA, in one process.
/// `rounds`: pairs per corpus; `None` fits them into about 15 s (5 to 41).
fn paired(s: &Setup, rounds: Option<usize>) {
    for (name, drafts) in [
        ("conversations", &s.corpus.conversations),
        ("messages", &s.corpus.messages),
    ] {
        let time = |linter: &Linter| {
            let started = Instant::now();
            black_box(lint_all(linter, drafts));
            started.elapsed().as_secs_f64()
        };
        // Warm both up once; that also tells how many rounds fit.
        let pair = time(&s.gentle) + time(&s.extra);
        let rounds = rounds.unwrap_or(((15.0 / pair) as usize).clamp(5, 41));
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let (ta, tb) = if round % 2 == 0 {
                let ta = time(&s.gentle);
                (ta, time(&s.extra))
            } else {
                let tb = time(&s.extra);
                (time(&s.gentle), tb)
            };
            a.push(ta);
            b.push(tb);
            ratios.push(tb / ta);
        }
        let mb = bytes(drafts) as f64 / 1e6;
        let (ma, mb_) = (median(&mut a), median(&mut b));
        println!(
            "paired/{name}: rounds {rounds}; gentle median {:.1} ms ({:.3} MB/s); \
             gentle+10k median {:.1} ms ({:.3} MB/s); ratio median {:.3} (min {:.3}, max {:.3})",
            ma * 1e3,
            mb / ma,
            mb_ * 1e3,
            mb / mb_,
            median(&mut ratios),
            ratios.iter().cloned().fold(f64::INFINITY, f64::min),
            ratios.iter().cloned().fold(0.0, f64::max),
        );
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Criterion options that take a value (so the value is not a filter).
const VALUED: &[&str] = &[
    "--save-baseline",
    "--baseline",
    "--baseline-lenient",
    "--load-baseline",
    "--sample-size",
    "--warm-up-time",
    "--measurement-time",
    "--nresamples",
    "--noise-threshold",
    "--confidence-level",
    "--significance-level",
    "--profile-time",
    "--color",
    "--output-format",
    "--plotting-backend",
    "-s",
    "-b",
    "-c",
];

/// Runs the paired comparison only in `cargo bench` mode, when no filter
/// excludes it and no `--profile-time`/`--list` run was asked for.
fn paired_wanted() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench")
        || args
            .iter()
            .any(|a| a == "--list" || a == "--test" || a.starts_with("--profile-time"))
    {
        return false;
    }
    let mut filters = Vec::new();
    let mut skip = false;
    for a in &args {
        if skip {
            skip = false;
        } else if VALUED.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') {
            filters.push(a.as_str());
        }
    }
    filters.is_empty()
        || filters
            .iter()
            .any(|f| "paired".contains(f) || f.contains("paired"))
}

fn main() {
    let s = setup();
    let mut c = Criterion::default().configure_from_args();
    bench_corpus(&mut c, &s);
    bench_draft(&mut c, &s);
    bench_setup(&mut c, &s);
    c.final_summary();
    let rounds: Option<usize> = std::env::var("DRAFTLINT_PAIRED_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok());
    if rounds != Some(0) && paired_wanted() {
        paired(&s, rounds);
    }
}

//! Lints the corpus with an old and the current draftlint in one process,
//! alternately (ABBA), so that the machine's load hits both alike, and
//! reports the median of the per-round speed ratios. Both must report the
//! same number of findings, unless the rules differ on purpose (a third
//! argument `rules-differ`: a change to the pack); then both counts are
//! printed. Run through `bench/ab.sh`.

use std::time::Instant;

/// Seconds `run` took, and what it returned.
fn timed<T>(run: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let value = run();
    (start.elapsed().as_secs_f64(), value)
}

/// Times one pass of `lint` over every draft; returns (seconds, findings).
fn pass(drafts: &[&str], lint: impl Fn(&str) -> usize) -> (f64, usize) {
    timed(|| drafts.iter().map(|d| lint(d)).sum())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .unwrap_or_else(|| "bench/data/chitchat.txt".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let rules_differ = args.next().as_deref() == Some("rules-differ");
    let text = std::fs::read_to_string(&corpus)
        .unwrap_or_else(|e| panic!("{corpus}: {e} (run bench/corpus.py)"));
    let drafts: Vec<&str> = text.split("\n\x1e\n").collect();
    let megabytes = text.len() as f64 / 1e6;

    let (mut old_setup, mut new_setup) = (Vec::new(), Vec::new());
    let old_linter = || old::Linter::new(old::rule::pack::gentle().expect("old pack"));
    let new_linter = || new::Linter::new(new::rule::pack::gentle().expect("new pack"));
    for _ in 0..10 {
        old_setup.push(timed(old_linter).0);
        new_setup.push(timed(new_linter).0);
    }

    let (old_linter, new_linter) = (old_linter().expect("old"), new_linter().expect("new"));
    let (old_options, new_options) = (old::LintOptions::default(), new::LintOptions::default());
    // Each returns (seconds, findings) for one pass over the corpus.
    let run_old = || {
        pass(&drafts, |d| {
            old_linter
                .lint(&old::Draft::parse(d, old::Format::Text), &old_options)
                .len()
        })
    };
    let run_new = || {
        pass(&drafts, |d| {
            new_linter
                .lint(&new::Draft::parse(d, new::Format::Text), &new_options)
                .len()
        })
    };
    // Warm both up: first use compiles regexes and fills caches.
    let (old_found, new_found) = (run_old().1, run_new().1);
    if rules_differ {
        println!("findings over the corpus: old {old_found}, new {new_found}");
    }
    let (mut ratios, mut old_speed, mut new_speed) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (old_run, new_run) = if round % 2 == 0 {
            let old_run = run_old();
            (old_run, run_new())
        } else {
            let new_run = run_new();
            (run_old(), new_run)
        };
        assert!(
            rules_differ || old_run.1 == new_run.1,
            "old and new find a different number of findings"
        );
        ratios.push(old_run.0 / new_run.0);
        old_speed.push(megabytes / old_run.0);
        new_speed.push(megabytes / new_run.0);
    }
    let (low, high) = ratios
        .iter()
        .fold((f64::MAX, 0f64), |(l, h), &r| (l.min(r), h.max(r)));
    println!(
        "{rounds} rounds over {megabytes:.2} MB: old {:.1} MB/s, new {:.1} MB/s (medians); \
         new is {:.2}x as fast (median of the rounds' ratios; {low:.2}-{high:.2})",
        median(old_speed),
        median(new_speed),
        median(ratios.clone()),
    );
    println!(
        "set-up (pack + Linter::new), median of 10: old {:.1} ms, new {:.1} ms",
        median(old_setup) * 1e3,
        median(new_setup) * 1e3
    );
}

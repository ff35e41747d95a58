#!/usr/bin/env python3
"""Scores the rule pack on the development set of real messages.

    python3 bench/devset/score.py [--set dev|holdout|fresh[-dev|-test]|probe[-dev|-test]|probe2[-dev|-test]] [--bin target/release/draftlint] [--rules DIR]
                                  [--misses [LABEL,...]] [--markdown FILE]

Each message of texts.jsonl (gitignored; see build.py) is linted on its own
with the built-in pack, and the findings are read as labels (LABEL_RULES
below). Per label it prints precision, recall and F1 against index.tsv, and
the macro-F1; `--misses` also prints every missed and every false label with
its message (for the labels named, or all), `--rules` lints with a rule
folder on top of the built-in pack (its rules replace built-ins by id), and
`--markdown` writes the table (hashes only, no texts).

`--set holdout` scores the held-out test set (bench/devset/holdout/), which
nobody writing rules reads: the figure that says whether the rules
generalize. `--set fresh` scores a later collection from other pages
(bench/devset/fresh/, see build.py), split by page: `fresh-dev`, whose
misses rule writers may read, and `fresh-test`, which they do not.
`--set probe` scores bench/probe/messages.tsv, messages written
for the project by a writer who had not read the rules (committed);
`probe-dev` its odd-numbered half, whose misses rule writers may read, and
`probe-test` its even-numbered half, which they do not.
`--set probe2` scores bench/probe/messages2.tsv, a second such set written
later by another writer who had not read the rules, split the same way. Without texts.jsonl (a fresh clone: the messages are not ours to commit) it
says so and exits 0.
"""

import argparse
import collections
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from build import SETS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# How findings become labels. `flag`: the label is predicted when one of these
# rules reports something. `present`: the message is predicted to contain
# the thing when one of these `require` rules is satisfied (does not fire).
LABEL_RULES = {
    "pressure": ("flag", ["no-pressure", "no-guilt-trip", "no-deadline"]),
    "threat": ("flag", ["no-threats", "self-harm"]),
    "overbearing": ("flag", ["not-overbearing"]),
    "blame": ("flag", ["no-blame", "no-dismissal"]),
    "non_apology": ("flag", ["no-non-apology", "sorry-but"]),
    "shouting": ("flag", ["heat-of-the-moment", "no-shouted-words"]),
    "apology": ("present", ["apologize"]),
    "follow_up_time": ("present", ["propose-follow-up"]),
    "asks_about_them": ("present", ["ask-about-them", "caring-opener"]),
    "shares_feeling": ("present", ["share-a-feeling"]),
}


# The probe sets (`--set NAME[-dev|-test]`) and their files in bench/probe/.
PROBES = {"probe": "messages.tsv", "probe2": "messages2.tsv"}


def load_probe(half, name):
    """A probe set: messages written for the project (bench/probe/NAME),
    committed. Rules may be written from the misses of the odd-numbered half
    (`probe-dev`); the even-numbered half (`probe-test`) is read by nobody
    writing rules."""
    texts, gold = {}, {}
    with open(os.path.join(ROOT, "bench", "probe", name), encoding="utf-8") as f:
        next(f)
        for line in f:
            if not line.strip():
                continue
            ident, situation, labels, text = line.rstrip("\n").split("\t", 3)
            odd = int(ident[1:]) % 2 == 1
            if (half == "dev" and not odd) or (half == "test" and odd):
                continue
            texts[ident] = text
            gold[ident] = set() if labels == "-" else set(labels.split(","))
    return texts, gold


def read_half(source, half):
    """Is a message from page `source` in `half` of a set split by page
    ("dev": rule writers read its misses; "test": nobody does; "": all)?
    Split by page, so that no page's way of writing is on both sides."""
    odd = int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % 2 == 1
    return half == "" or odd == (half == "dev")


def load(where, half=""):
    texts_path = os.path.join(where, "texts.jsonl")
    if not os.path.exists(texts_path):
        print(f"score: {os.path.relpath(texts_path, ROOT)} is absent (the messages are not committed); nothing to score")
        sys.exit(0)
    texts = {}
    with open(texts_path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            texts[item["sha256"]] = item["text"]
    gold = {}
    with open(os.path.join(where, "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            sha, situation, labels, source = line.rstrip("\n").split("\t")
            if sha in texts and read_half(source, half):
                gold[sha] = set() if labels == "-" else set(labels.split(","))
    return {sha: texts[sha] for sha in gold}, gold


def lint(binary, texts, rules):
    """{sha: set of rule ids that fired}."""
    folder = tempfile.mkdtemp(prefix="devset-")
    try:
        for sha, text in texts.items():
            with open(os.path.join(folder, sha + ".txt"), "w", encoding="utf-8") as f:
                f.write(text + "\n")
        out = subprocess.run(
            [binary, "check", "--format", "json", "--fail-level", "never", "--no-config", folder]
            + [arg for r in rules for arg in ("--rules", r)],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        shutil.rmtree(folder)
    fired = collections.defaultdict(set)
    for d in json.loads(out)["diagnostics"]:
        fired[os.path.basename(d["path"])[:-4]].add(d["rule"])
    return fired


def predict(rules):
    out = set()
    for label, (mode, ids) in LABEL_RULES.items():
        hit = any(r in rules for r in ids)
        if mode == "flag" and hit:
            out.add(label)
        if mode == "present" and not all(r in rules for r in ids):
            out.add(label)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "draftlint"))
    ap.add_argument("--rules", action="append", default=[])
    ap.add_argument("--misses", nargs="?", const="all")
    ap.add_argument("--markdown")
    ap.add_argument("--set", choices=["dev", "holdout", "fresh", "fresh-dev", "fresh-test"]
                    + [f"{p}{h}" for p in PROBES for h in ("", "-dev", "-test")], default="dev")
    args = ap.parse_args()
    name, _, half = args.set.partition("-")
    if name in PROBES:
        texts, gold = load_probe(half or "all", PROBES[name])
    else:
        texts, gold = load(SETS[name], half)
    fired = lint(args.bin, texts, args.rules)
    counts = {l: [0, 0, 0] for l in LABEL_RULES}  # tp, fp, fn
    misses = collections.defaultdict(list)
    for sha, labels in gold.items():
        guess = predict(fired.get(sha, set()))
        for l in LABEL_RULES:
            if l in labels and l in guess:
                counts[l][0] += 1
            elif l in guess:
                counts[l][1] += 1
                misses[l].append(("false", sha))
            elif l in labels:
                counts[l][2] += 1
                misses[l].append(("missed", sha))
    rows = []
    f1s = []
    for l, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f1)
        rows.append((l, tp + fn, tp, fp, fn, p, r, f1))
    macro = sum(f1s) / len(f1s)
    print(f"{'label':16} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'F1':>6}")
    for l, n, tp, fp, fn, p, r, f1 in rows:
        print(f"{l:16} {n:4} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f1:6.2f}")
    print(f"macro-F1 {macro:.3f} over {len(gold)} messages")
    # Each rule on its own, against the label it stands for: a `flag` rule
    # is right when it fires on a message with the label; a `present` rule
    # when it stays quiet on one.
    print(f"\n{'rule':20} {'label':16} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'F1':>6}")
    for label, (mode, ids) in LABEL_RULES.items():
        for rule in ids:
            tp = fp = fn = 0
            for sha, labels in gold.items():
                says = (rule in fired.get(sha, set())) == (mode == "flag")
                tp += says and label in labels
                fp += says and label not in labels
                fn += not says and label in labels
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{rule:20} {label:16} {tp:4} {fp:4} {fn:4} {p:6.2f} {r:6.2f} {f1:6.2f}")
    if args.misses:
        wanted = LABEL_RULES if args.misses == "all" else args.misses.split(",")
        for l in wanted:
            for kind, sha in misses[l]:
                print(f"\n[{l} {kind}] {sha[:10]} fired={sorted(fired.get(sha, set()))}\n  {texts[sha]}")
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("| label | messages | TP | FP | FN | precision | recall | F1 |\n|---|---|---|---|---|---|---|---|\n")
            for l, n, tp, fp, fn, p, r, f1 in rows:
                f.write(f"| {l} | {n} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} | {f1:.2f} |\n")
            f.write(f"\nMacro-F1 **{macro:.3f}** over {len(gold)} messages.\n\nMisses (first 10 hex digits of the message's sha256 in index.tsv):\n\n")
            for l in LABEL_RULES:
                missed = [s[:10] for k, s in misses[l] if k == "missed"]
                false = [s[:10] for k, s in misses[l] if k == "false"]
                f.write(f"- `{l}`: missed {len(missed)} ({', '.join(missed) or '-'}); false {len(false)} ({', '.join(false) or '-'})\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints the benchmark summary table from the last run's files.

Reads criterion's estimates (target/criterion or $CARGO_TARGET_DIR/criterion),
the `paired/` lines of the bench output (bench/data/bench.txt) and
bench/data/startup.json. Run by bench/run.sh; can be run again on its own.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CRITERION = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "criterion")
DATA = os.path.join(HERE, "data")


def estimate(directory):
    """(mean seconds, CI low, CI high, bytes or None) of one criterion benchmark."""
    base = os.path.join(CRITERION, directory, "new")
    try:
        est = json.load(open(os.path.join(base, "estimates.json")))["mean"]
        bench = json.load(open(os.path.join(base, "benchmark.json")))
    except OSError:
        return None
    t = bench.get("throughput") or {}
    size = t.get("BytesDecimal") or t.get("Bytes")
    ci = est["confidence_interval"]
    return est["point_estimate"] / 1e9, ci["lower_bound"] / 1e9, ci["upper_bound"] / 1e9, size


def main():
    rows = []
    out = lambda *cols: rows.append(cols)
    verdicts = []

    for corpus in ("conversations", "messages", "conversations-curly"):
        for rules in ("gentle", "gentle+10k"):
            e = estimate(f"corpus/{rules}_{corpus}")
            if e:
                t, lo, hi, size = e
                out(f"corpus/{rules}/{corpus}", f"{size / t / 1e6:.2f} MB/s",
                    f"{size / hi / 1e6:.2f}-{size / lo / 1e6:.2f}", f"{t * 1e3:.1f} ms / {size / 1e6:.2f} MB")
                if rules == "gentle" and corpus == "conversations":
                    verdicts.append(("throughput >= 50 MB/s (gentle, conversations)",
                                     f"{size / t / 1e6:.2f} MB/s", size / t / 1e6 >= 50))
    for kind, what in (("100-words", "same draft, fresh linter"),
                       ("100-words-varied", "real drafts in turn, long-running linter")):
        for rules in ("gentle", "gentle+10k"):
            e = estimate(f"draft/{rules}_{kind}")
            if e:
                t, lo, hi, _ = e
                out(f"draft/{rules}/{kind}", f"{t * 1e6:.1f} µs", f"{lo * 1e6:.1f}-{hi * 1e6:.1f}", what)
                if rules == "gentle":
                    verdicts.append((f"100-word draft < 50 µs (gentle, {what})", f"{t * 1e6:.1f} µs", t < 50e-6))
    for name in ("gentle_parse+compile", "gentle+10k_compile"):
        e = estimate(f"setup/{name}")
        if e:
            t, lo, hi, _ = e
            out(f"setup/{name.replace('_', '/', 1)}", f"{t * 1e3:.1f} ms", f"{lo * 1e3:.1f}-{hi * 1e3:.1f}", "")

    try:
        text = open(os.path.join(DATA, "bench.txt"), encoding="utf-8").read()
    except OSError:
        text = ""
    for m in re.finditer(r"^paired/(\w+): rounds (\d+);.*ratio median ([\d.]+) \(min ([\d.]+), max ([\d.]+)\)", text, re.M):
        name, rounds, ratio, lo, hi = m.groups()
        out(f"paired/{name} (gentle+10k / gentle)", f"{float(ratio):.3f}x", f"{lo}-{hi}", f"{rounds} ABBA rounds")
        if name == "conversations":
            verdicts.append(("10,000 extra phrase rules <= 2x (paired ratio)", f"{float(ratio):.3f}x", float(ratio) <= 2))
    corpus_line = re.search(r"^corpus: (.*)$", text, re.M)

    try:
        for r in json.load(open(os.path.join(DATA, "startup.json")))["results"]:
            name = "check" if " check " in r["command"] else "version"
            out(f"startup/{name}", f"{r['mean'] * 1e3:.1f} ms", f"± {r['stddev'] * 1e3:.1f}",
                f"median {r['median'] * 1e3:.1f} ms, {len(r['times'])} runs")
            if name == "check":
                verdicts.append(("start-up of `draftlint check` on one draft (the issue sets no number)",
                                 f"{r['mean'] * 1e3:.1f} ms", None))
    except OSError:
        pass

    if corpus_line:
        print(corpus_line.group(0))
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)] if rows else []
    head = ("benchmark", "mean", "95% CI / spread", "")
    for r in [head] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print()
    for what, value, ok in verdicts:
        print(f"{'INFO  ' if ok is None else 'MET   ' if ok else 'MISSED'} {what}: {value}")
    if not rows:
        print("no results found; run bench/run.sh", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

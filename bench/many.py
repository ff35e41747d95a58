#!/usr/bin/env python3
"""Whole `draftlint check` runs over many drafts, binaries side by side.

    bench/many.py FOLDER OLD-BINARY NEW-BINARY [ROUNDS]

Each round runs both binaries in turn on FOLDER (`check --format json
--fail-level never --no-config`) and times the whole process; the median of
the rounds' ratios is printed, as the machines are shared and noisy. Both
must print the same JSON (a change in speed only).
"""
import statistics
import subprocess
import sys
import time


def run(binary, folder):
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "check", "--format", "json", "--fail-level", "never", "--no-config", folder],
        capture_output=True,
        check=True,
    ).stdout
    return time.perf_counter() - start, out


def main():
    folder, old, new = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    ratios, olds, news = [], [], []
    for _ in range(rounds):
        t_old, out_old = run(old, folder)
        t_new, out_new = run(new, folder)
        if out_old != out_new:
            sys.exit("the two binaries report different findings")
        olds.append(t_old)
        news.append(t_new)
        ratios.append(t_new / t_old)
    print(
        f"{rounds} rounds: old {statistics.median(olds):.2f} s, new {statistics.median(news):.2f} s; "
        f"new takes {statistics.median(ratios):.2f}x the time (rounds {min(ratios):.2f}-{max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()

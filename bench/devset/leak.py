#!/usr/bin/env python3
"""Checks that no rule file quotes a message of the development or held-out
set: rules are written from patterns of language, not from the messages
they are scored on.

    python3 bench/devset/leak.py [RULE-DIR...]    (default: rules/)

Reports every run of six or more words that a message and a rule file
(patterns, classes, examples, comments) share, and exits 1 if there is one.
Without the texts (a fresh clone) it says so and exits 0.
"""

import glob
import json
import os
import re
import sys

from build import SETS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
N = 6
# Stock phrases say nothing about where a rule came from: the issue quotes
# some, and rules written before the set existed use others.
COMMON = {
    "i don't want to", "i want you to know", "i just want to", "make it up to",
    "i just want you to", "just want you to know",
    "want you to know that i", "you were trying to tell me", "if you loved me you would",
    "after everything i've done for you", "for everything you've done for me",
    "i'm sorry if i hurt you", "can't wait to see you again", "i am not asking for much",
}


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def grams(ws):
    return {" ".join(ws[i:i + N]) for i in range(len(ws) - N + 1)}


def main():
    sets = [os.path.join(where, "texts.jsonl") for where in SETS.values()]
    messages = []
    for path in sets:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                messages += [json.loads(line)["text"] for line in f]
    if not messages:
        print("leak: no texts here (they are not committed); nothing to check")
        return
    dirs = sys.argv[1:] or [os.path.join(ROOT, "rules")]
    found = 0
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "**", "*.toml"), recursive=True)):
            with open(path, encoding="utf-8") as f:
                rule = grams(words(f.read()))
            for m in messages:
                shared = sorted(g for g in grams(words(m)) & rule if not any(c in g for c in COMMON))
                if shared:
                    found += 1
                    print(f"{os.path.relpath(path, ROOT)}: shares {shared[0]!r} with a message")
    print(f"leak: {found} shared runs of {N}+ words")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

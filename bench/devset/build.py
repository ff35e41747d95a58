#!/usr/bin/env python3
"""Builds the development set from labelled parts.

    python3 bench/devset/build.py [--set holdout|fresh]

Reads bench/devset/parts/*.jsonl (with `--set holdout`: the held-out test
set, bench/devset/holdout/parts/*.jsonl, which rule writers never read;
with `--set fresh`: bench/devset/fresh/parts/*.jsonl, a later collection
from pages neither set quotes, scored before any rule writer read it) (one
object a line: text, source, situation, labels), drops duplicates (for
`fresh`, also every message already in the other two sets), and writes

* texts.jsonl (gitignored): {"sha256", "text"} per message, the text as
  quoted on its page;
* index.tsv (committed): sha256, situation, labels, source.

The sha256 is of the UTF-8 text as quoted, without surrounding white space
or quote marks, so anyone who collects the same message from the same page
gets the same hash and can check their copy against the index.
"""

import glob
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = [
    "pressure", "threat", "overbearing", "blame", "apology", "non_apology",
    "follow_up_time", "asks_about_them", "shares_feeling", "shouting",
]
QUOTES = "\"'“”‘’"
# Every set of real messages, by name: where its index.tsv and texts are.
SETS = {"dev": HERE, "holdout": os.path.join(HERE, "holdout"), "fresh": os.path.join(HERE, "fresh")}


def clean(text):
    """The text as quoted: no surrounding white space or quote marks."""
    text = text.strip()
    while len(text) > 1 and text[0] in QUOTES and text[-1] in QUOTES:
        text = text[1:-1].strip()
    return text


def sha(text):
    return hashlib.sha256(clean(text).encode("utf-8")).hexdigest()


def main():
    name = "dev"
    if sys.argv[1:] in (["--set", "holdout"], ["--set", "fresh"]):
        name = sys.argv[2]
    elif sys.argv[1:]:
        sys.exit("usage: build.py [--set holdout|fresh]")
    where = SETS[name]
    seen_elsewhere = set()
    if name == "fresh":
        for other in ("dev", "holdout"):
            with open(os.path.join(SETS[other], "index.tsv"), encoding="utf-8") as f:
                seen_elsewhere.update(line.split("\t", 1)[0] for line in f)
    parts = sorted(glob.glob(os.path.join(where, "parts", "*.jsonl")))
    if not parts:
        sys.exit("build: no bench/devset/parts/*.jsonl (the labelled messages are not in the repository)")
    seen = {}
    for part in parts:
        with open(part, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                item = json.loads(line)
                unknown = set(item["labels"]) - set(LABELS)
                if unknown:
                    sys.exit(f"{part}:{n}: unknown labels {sorted(unknown)}")
                key = sha(item["text"])
                if key in seen or key in seen_elsewhere:
                    continue
                seen[key] = item
    with open(os.path.join(where, "texts.jsonl"), "w", encoding="utf-8") as f:
        for key, item in seen.items():
            f.write(json.dumps({"sha256": key, "text": clean(item["text"])}, ensure_ascii=False) + "\n")
    with open(os.path.join(where, "index.tsv"), "w", encoding="utf-8") as f:
        f.write("sha256\tsituation\tlabels\tsource\n")
        for key, item in seen.items():
            labels = ",".join(l for l in LABELS if l in item["labels"]) or "-"
            f.write(f"{key}\t{item['situation']}\t{labels}\t{item['source']}\n")
    print(f"build: {len(seen)} messages from {len(parts)} parts", file=sys.stderr)


if __name__ == "__main__":
    main()

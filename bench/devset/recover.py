#!/usr/bin/env python3
"""Rebuilds the gitignored texts.jsonl from page text, by hash.

    python3 bench/devset/recover.py PAGE.txt [PAGE.txt ...]
    python3 bench/devset/recover.py --status

The messages are not ours to commit, so a fresh clone has only their
hashes, sources and labels (index.tsv, holdout/index.tsv, fresh/index.tsv). Save the text of
a source page (or of the part that quotes the messages) to a file and give
it here: every candidate in it (each line without its list marker or
"Example:" label, each quoted passage, each run of sentences and of lines)
is cleaned as build.py cleans a message, hashed, and added to texts.jsonl
(or that of holdout/ or fresh/) when the hash is in an index. Curly and straight
quotes, ellipses and dashes are tried both ways, since a copy often changes
them. Nothing is added that does not match a hash, so a wrong copy can
never enter the set. `--status` says how many messages of each set have
their text.
"""

import json
import os
import re
import sys

from build import SETS, clean, sha

MARKER = re.compile(r"^(\s*([-–—•*·▪●◦>✅❌✔✘✗☑👉🚫⛔️]|\d+\.\)|\d+[.):]|[a-zA-Z][.)]|#\d+:?)\s*)+")
LABEL = re.compile(r"^[^:“\"]{1,40}:\s+")


def indexed():
    """{sha: set name} over both indexes."""
    out = {}
    for name, where in SETS.items():
        with open(os.path.join(where, "index.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                if line.strip():
                    out[line.split("\t", 1)[0]] = name
    return out


def have(name):
    path = os.path.join(SETS[name], "texts.jsonl")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {o["sha256"]: o["text"] for o in map(json.loads, filter(str.strip, f))}


def variants(text):
    out = {text}
    for a, b in (("'", "’"), ("’", "'"), ("…", "..."), ("...", "…"), ("—", "-"), (" - ", " — ")):
        out |= {v.replace(a, b) for v in list(out)}
    out |= {re.sub(r'"([^"]*)"', r"“\1”", v) for v in list(out)}
    out |= {v.replace("“", '"').replace("”", '"') for v in list(out)}
    out |= {re.sub(r"\s+", " ", v) for v in list(out)}
    return out


def candidates(page):
    found = set()
    lines = [MARKER.sub("", line).strip() for line in page.splitlines()]
    for line in lines:
        found |= {line, LABEL.sub("", line)}
        sentences = re.split(r"(?<=[.!?…])\s+", LABEL.sub("", line))
        for i in range(len(sentences)):
            for j in range(i + 1, min(len(sentences), i + 12) + 1):
                found.add(" ".join(sentences[i:j]))
    for pattern in (r"“([^”]{3,})”", r'"([^"]{3,})"', r"‘([^’]{8,})’", r"«([^»]{3,})»"):
        found |= set(re.findall(pattern, page, re.S))
    found |= set(re.findall(r"(?<![A-Za-z])'([^'\n]{8,}?)'(?![A-Za-z])", page))
    kept = [line for line in lines if line]
    for i in range(len(kept)):
        for j in range(i + 2, min(len(kept), i + 8) + 1):
            for sep in ("\n", " ", "\n\n"):
                found.add(sep.join(kept[i:j]))
    return {c for c in found if len(clean(c)) >= 2}


def main(args):
    index = indexed()
    if args == ["--status"]:
        for name, where in SETS.items():
            total = sum(1 for s in index.values() if s == name)
            print(f"{name}: {len(have(name))} of {total} messages have their text")
        return
    if not args:
        sys.exit(__doc__)
    new = {}
    for path in args:
        with open(path, encoding="utf-8") as f:
            page = f.read()
        for candidate in candidates(page):
            for variant in variants(candidate):
                digest = sha(variant)
                if digest in index:
                    new[digest] = clean(variant)
    for name, where in SETS.items():
        known = have(name)
        added = {d: t for d, t in new.items() if index[d] == name and d not in known}
        if added:
            with open(os.path.join(where, "texts.jsonl"), "a", encoding="utf-8") as f:
                for digest, text in added.items():
                    f.write(json.dumps({"sha256": digest, "text": text}, ensure_ascii=False) + "\n")
        print(f"{name}: {len(added)} added, {len(known) + len(added)} in all")


if __name__ == "__main__":
    main(sys.argv[1:])

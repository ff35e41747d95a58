#!/usr/bin/env python3
"""Writes verbs.tsv and nouns.tsv from the `english` crate's tables.

    python3 data/english/generate.py [PATH/TO/english-X.Y.Z]

Without a path it looks for the newest `english-*` crate in Cargo's
registry (`cargo fetch` puts it there; it is a dev-dependency of draftlint).
The tables list only the forms the crate's regular rules (`english-core`)
would get wrong; draftlint looks a word up in them and falls back on those
rules, as the crate does. The files are sorted by key, one entry a line:

    verbs.tsv: key, 3rd person singular, past, present participle, past participle
    nouns.tsv: key, plural
"""

import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRY = re.compile(r'^\s*"([^"]*)" => (.*),\s*$')


def crate_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = glob.glob(os.path.join(home, "registry", "src", "*", "english-[0-9]*"))
    if not found:
        sys.exit("generate: no english crate in Cargo's registry; run `cargo fetch` or give its path")
    return max(found, key=lambda p: [int(n) for n in re.findall(r"\d+", os.path.basename(p))])


def entries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = ENTRY.match(line)
            if m:
                yield m.group(1), re.findall(r'"([^"]*)"', m.group(2))


def main():
    crate = crate_dir()
    for table, name, width in (("verb_phf.rs", "verbs.tsv", 4), ("noun_phf.rs", "nouns.tsv", 1)):
        rows = sorted(entries(os.path.join(crate, "generated", table)))
        for key, forms in rows:
            if len(forms) != width or any("\t" in f or "\n" in f for f in [key, *forms]):
                sys.exit(f"generate: unexpected entry in {table}: {key}")
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for key, forms in rows:
                f.write("\t".join([key, *forms]) + "\n")
        print(f"{name}: {len(rows)} entries from {os.path.basename(crate)}")


if __name__ == "__main__":
    main()

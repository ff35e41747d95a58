#!/usr/bin/env python3
"""Writes the benchmark corpus: real chat messages from `chitchat-dataset`.

    python3 bench/corpus.py [--out bench/data/chitchat.txt]

The PyPI package `chitchat-dataset` (pinned in bench/requirements.txt) ships
the Chit Chat Challenge data as one JSON file: 7,168 conversations between two
people, each a list of turns, each turn a list of utterances (`text`,
`timestamp`, `sender`). `chitchat_dataset.Dataset()` loads it as a dict keyed
by conversation id.

If the package is not importable it is pip-installed (with this Python) into
bench/data/pylib, so nothing outside bench/data/ is touched.

Output format, read by bench/lint.rs:

* one draft per conversation (a message thread is what people paste into a
  linter), in the dataset's order;
* inside a draft, a turn's utterances are joined by "\\n" and turns are
  separated by a blank line ("\\n\\n"). No utterance contains a line break, so
  splitting a draft on "\\n\\n" gives back the single messages (the bench does
  that for its per-message figures);
* drafts are separated by "\\n\\x1e\\n" (ASCII record separator on a line of
  its own); the text never contains \\x1e.

Empty utterances (a few dozen) are skipped. The text is written as is (UTF-8).
"""

import argparse
import importlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
PYLIB = os.path.join(DATA, "pylib")
SEPARATOR = "\n\x1e\n"


def load_dataset():
    """Imports chitchat_dataset, pip-installing it into bench/data/pylib first if needed."""
    sys.path.insert(0, PYLIB)
    try:
        return importlib.import_module("chitchat_dataset")
    except ImportError:
        pass
    print("corpus: installing chitchat-dataset with pip into bench/data/pylib", file=sys.stderr)
    os.makedirs(PYLIB, exist_ok=True)
    subprocess.check_call(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--target", PYLIB, "-r", os.path.join(HERE, "requirements.txt"),
        ]
    )
    importlib.invalidate_caches()
    return importlib.import_module("chitchat_dataset")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(DATA, "chitchat.txt"))
    parser.add_argument("--force", action="store_true", help="rewrite an existing corpus")
    args = parser.parse_args()

    if os.path.exists(args.out) and not args.force:
        print(f"corpus: {args.out} exists (use --force to rewrite)", file=sys.stderr)
    else:
        ccc = load_dataset()
        dataset = ccc.Dataset()
        drafts = []
        for conversation in dataset.values():
            turns = []
            for turn in conversation["messages"]:
                lines = [u["text"].replace("\x1e", " ") for u in turn if u["text"].strip()]
                if lines:
                    turns.append("\n".join(lines))
            if turns:
                drafts.append("\n\n".join(turns))
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(SEPARATOR.join(drafts))
            f.write("\n")
        os.replace(tmp, args.out)

    report(args.out)


def report(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    drafts = [d for d in text.split(SEPARATOR) if d.strip()]
    messages = [m for d in drafts for m in d.split("\n\n") if m.strip()]
    size = sum(len(d.encode()) for d in drafts)
    words = sum(len(d.split()) for d in drafts)
    print(f"corpus: {path}")
    print(f"corpus: {len(text.encode()) / 1e6:.2f} MB on disk, {size / 1e6:.2f} MB of draft text")
    print(
        f"corpus: {len(drafts)} conversation drafts "
        f"(mean {size / len(drafts):.0f} bytes, {words / len(drafts):.0f} words), "
        f"{len(messages)} messages (mean {sum(len(m.encode()) for m in messages) / len(messages):.0f} bytes)"
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fixing never makes a draft worse, checked on many real messages.

    python3 bench/fixprop.py [--bin target/release/draftlint] [--messages 5000]
                             [--probe] [--suggestions]

Writes each message of the chit-chat corpus (bench/data/chitchat.txt, from
bench/corpus.py; first --messages) and, with --probe, of bench/probe/ to its
own file, then for `--fix` (and `--fix-suggestions` with --suggestions):

1. lints every file (the rules that fire before),
2. fixes them all in place,
3. lints again: a rule that fires now and did not before is a problem,
4. fixes again: a file that changes a second time is a problem.

Prints each problem with the message before and after, and exits 1 if there
was one. The same property is a test over the packs' examples and the
example drafts (tests/it/pack.rs); this script runs it where nobody chose the
words.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "bench", "data", "chitchat.txt")
PROBE = os.path.join(ROOT, "bench", "probe", "messages.tsv")


def messages(limit, probe):
    out = []
    if os.path.exists(CORPUS):
        with open(CORPUS, encoding="utf-8") as f:
            for draft in f.read().split("\n\x1e\n"):
                for line in draft.splitlines():
                    if line.strip():
                        out.append(line.strip())
                    if len(out) >= limit:
                        break
                if len(out) >= limit:
                    break
    else:
        print("fixprop: bench/data/chitchat.txt is absent; run python3 bench/corpus.py for it")
    if probe:
        with open(PROBE, encoding="utf-8") as f:
            next(f)
            out.extend(line.rstrip("\n").split("\t", 3)[3] for line in f if line.strip())
    return out


def fired(binary, folder):
    run = subprocess.run(
        [binary, "check", "--format", "json", "--fail-level", "never", "--no-config", folder],
        capture_output=True, text=True, check=True,
    )
    out = collections.defaultdict(set)
    for d in json.loads(run.stdout)["diagnostics"]:
        out[os.path.basename(d["path"])].add(d["rule"])
    return out


def fix(binary, folder, flag):
    subprocess.run(
        [binary, "check", flag, "--fail-level", "never", "--no-config", "--quiet", folder],
        capture_output=True, text=True, check=False,
    )


def read_all(folder):
    return {name: open(os.path.join(folder, name), encoding="utf-8").read() for name in os.listdir(folder)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "draftlint"))
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--suggestions", action="store_true")
    args = ap.parse_args()
    texts = messages(args.messages, args.probe)
    flags = ["--fix"] + (["--fix-suggestions"] if args.suggestions else [])
    problems = 0
    for flag in flags:
        folder = tempfile.mkdtemp(prefix="fixprop-")
        try:
            for i, text in enumerate(texts):
                with open(os.path.join(folder, f"{i:06}.txt"), "w", encoding="utf-8") as f:
                    f.write(text + "\n")
            original = read_all(folder)
            before = fired(args.bin, folder)
            fix(args.bin, folder, flag)
            once = read_all(folder)
            after = fired(args.bin, folder)
            fix(args.bin, folder, flag)
            twice = read_all(folder)
            changed = sum(1 for name in original if original[name] != once[name])
            for name in sorted(original):
                new = after.get(name, set()) - before.get(name, set())
                if new:
                    problems += 1
                    print(f"[{flag}] {sorted(new)} fire after fixing:\n  {original[name].strip()}\n  -> {once[name].strip()}")
                if once[name] != twice[name]:
                    problems += 1
                    print(f"[{flag}] fixing again changes:\n  {once[name].strip()}\n  -> {twice[name].strip()}")
            print(f"{flag}: {len(texts)} messages, {changed} changed, {problems} problems so far")
        finally:
            shutil.rmtree(folder)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""False alarms on everyday chat: flagging findings per 1,000 real messages.

    python3 bench/devset/chat.py [--bin target/release/draftlint] [--rules DIR]
                                 [--skip 0] [--messages 5000] [--show RULE,...]
                                 [--sample 100 --out FILE]
                                 [--sms FILE | --nps DIR]

Takes --messages single messages of the chit-chat corpus, after the first
--skip
(bench/data/chitchat.txt, written by bench/corpus.py), lints each on its
own, and counts the findings of the rules that flag words in the text
(avoid rules; require, limit and cooldown rules say what is missing, which
a one-line chat message always is). `--show` prints the flagged messages of
those rules; `--sample N --out FILE` writes N findings drawn at random (a
fixed seed) as JSON Lines, for judging by reading.

Rules have been written while reading the findings of the whole chit-chat
corpus, so false alarms there are fewer than on messages nobody has read
for the rules: a figure is out of sample only on a corpus or slice nobody
had read (`--skip N` starts after the first N messages); say which it is
from (devset/RESULTS.md).

Two more corpora of real messages, kept in bench/data/ (gitignored; not
ours to publish):

* --sms: the SMS Spam Collection (UCI, CC BY 4.0), its tab-separated file
  `SMSSpamCollection` (sha256 fae7ea7d915ef73903e5c2f46ffa2f4a39909a574e20fda4f2b81f7cb1e15e1f);
  only the 4,827 "ham" rows are linted.
* --nps: the NPS Chat Corpus 1.0 (Forsyth and Martell, 2007; research and
  educational use), a folder of its fifteen `*posts.xml` files; the 7,935
  posts that are not the system's.
"""

import argparse
import collections
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "bench", "data", "chitchat.txt")
NOT_FLAGGING = {"caring-opener", "ask-about-them", "share-a-feeling", "apologize",
                "ask-what-went-wrong", "propose-follow-up", "cooling-off", "keep-it-short",
                "long-sentence", "sms-segments"}


def sms_messages(path):
    """The ham rows of the SMS Spam Collection's tab-separated file."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            if label == "ham":
                yield text


def nps_messages(folder):
    """The posts of the NPS Chat Corpus (its XML files), without the system's."""
    for name in sorted(os.listdir(folder)):
        if name.endswith(".xml"):
            for post in ET.parse(os.path.join(folder, name)).getroot().iter("Post"):
                if post.get("class") != "System":
                    yield post.text or ""


def chitchat_messages():
    """Each line of each turn of the chit-chat corpus."""
    if not os.path.exists(CORPUS):
        print("chat: bench/data/chitchat.txt is absent; run python3 bench/corpus.py first")
        sys.exit(0)
    with open(CORPUS, encoding="utf-8") as f:
        for draft in f.read().split("\n\x1e\n"):
            for turn in draft.split("\n\n"):
                yield from turn.split("\n")


def messages(corpus, skip, limit):
    """`limit` non-blank messages of `corpus`, trimmed, after the first `skip`."""
    nonblank = (m.strip() for m in corpus if m.strip())
    return list(itertools.islice(nonblank, skip, skip + limit))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "draftlint"))
    ap.add_argument("--rules", action="append", default=[])
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--show")
    ap.add_argument("--sms", help="the SMS Spam Collection's file (ham rows) instead of the chit-chat corpus")
    ap.add_argument("--nps", help="a folder of the NPS Chat Corpus's XML files instead of the chit-chat corpus")
    ap.add_argument("--sample", type=int)
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.sms:
        corpus = sms_messages(args.sms)
    elif args.nps:
        corpus = nps_messages(args.nps)
    else:
        corpus = chitchat_messages()
    msgs = messages(corpus, args.skip, args.messages)
    folder = tempfile.mkdtemp(prefix="chat-")
    try:
        for i, m in enumerate(msgs):
            with open(os.path.join(folder, f"{i:06}.txt"), "w", encoding="utf-8") as f:
                f.write(m + "\n")
        out = subprocess.run(
            [args.bin, "check", "--format", "json", "--fail-level", "never", "--no-config", folder]
            + [a for r in args.rules for a in ("--rules", r)],
            capture_output=True, text=True, check=True,
        ).stdout
    finally:
        shutil.rmtree(folder)
    found = []
    for d in json.loads(out)["diagnostics"]:
        if d["rule"] in NOT_FLAGGING:
            continue
        i = int(os.path.basename(d["path"])[:-4])
        m = msgs[i]
        b = m.encode("utf-8")
        found.append({"rule": d["rule"], "message": m,
                      "match": b[d["start"]["offset"]:d["end"]["offset"]].decode("utf-8", "replace")})
    per_rule = collections.Counter(f["rule"] for f in found)
    first = f", from message {args.skip + 1:,}" if args.skip else ""
    print(f"{len(msgs)} messages{first}, {len(found)} flagging findings ({1000 * len(found) / len(msgs):.1f} per 1,000)")
    for rule, n in per_rule.most_common():
        print(f"  {rule:24} {n:5}  ({1000 * n / len(msgs):.1f} per 1,000)")
    if args.show:
        wanted = set(args.show.split(","))
        for f in found:
            if f["rule"] in wanted or "all" in wanted:
                print(f"[{f['rule']}] {f['match']!r}  <-  {f['message']}")
    if args.sample and args.out:
        rng = random.Random(20261201)
        sample = rng.sample(found, min(args.sample, len(found)))
        with open(args.out, "w", encoding="utf-8") as f:
            for item in sample:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"wrote {len(sample)} findings to {args.out}")


if __name__ == "__main__":
    main()

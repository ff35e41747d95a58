"""Peak memory of `draftlint check` as drafts grow, and over many drafts.

    python3 bench/memory.py [--bin target/release/draftlint] [--old OTHER_BIN]

Each figure is the peak resident memory of one whole process (GNU time's
%M), for `--format json` and `--format sarif`:

  * `tiny`: a one-line draft, the floor (the process, the built-in pack);
  * `chat N`: the first N MiB of the chat corpus (bench/data/chitchat.txt,
    `python3 bench/corpus.py` writes it), as one draft;
  * `dense N`: N MiB of three sentences of our own that the pack flags, over
    and over (a finding every few words);
  * `48 x 1 MiB`: 48 drafts of chat in one run, against one of them alone:
    drafts are written and dropped as they are checked, so the run should
    cost about what one draft per core does.

`per MiB` is the growth from the previous size, divided by the MiB added:
what one more MiB of draft costs, which is what bounds the memory of a long
draft once the rules it exercises are compiled. With --old, each figure is
measured for both binaries one after the other.
"""

import argparse
import os
import tempfile

import measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIB = 1 << 20
DENSE = (
    "You never listen to me. I miss our long talks by the river. "
    "Why don't you ever call?? "
)


def peak_kib(binary, args):
    return measure.check(binary, args)[1]


def whole_lines(text, size):
    text = text[:size]
    return text[: text.rfind("\n") + 1] or text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/draftlint"))
    parser.add_argument("--old")
    parser.add_argument("--sizes", default="1,2,4,8")
    args = parser.parse_args()
    corpus = os.path.join(ROOT, "bench/data/chitchat.txt")
    if not os.path.exists(corpus):
        raise SystemExit("bench/data/chitchat.txt is missing: python3 bench/corpus.py writes it")
    with open(corpus, encoding="utf-8") as f:
        chat = f.read()
    while len(chat) < 8 * MIB:
        chat += chat
    binaries = [("new", args.bin)] + ([("old", args.old)] if args.old else [])
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        drafts = {"tiny": "Hi Sam, how have you been?\n"}
        for n in sizes:
            # Just under the 8 MiB limit of a draft.
            size = n * MIB - 4096
            drafts[f"chat {n}"] = whole_lines(chat, size)
            drafts[f"dense {n}"] = (DENSE * (size // len(DENSE) + 1))[:size]
        paths = {}
        for name, text in drafts.items():
            paths[name] = os.path.join(tmp, name.replace(" ", "-") + ".txt")
            with open(paths[name], "w", encoding="utf-8") as f:
                f.write(text)
        many = os.path.join(tmp, "many")
        os.mkdir(many)
        for i in range(48):
            with open(os.path.join(many, f"d{i:02}.txt"), "w", encoding="utf-8") as f:
                f.write(drafts[f"chat {sizes[0]}"])
        print("| draft | format | binary | peak MiB | per MiB added |")
        print("|---|---|---|---|---|")
        for fmt in ("json", "sarif"):
            for kind in ("tiny", "chat", "dense"):
                names = ["tiny"] if kind == "tiny" else [f"{kind} {n}" for n in sizes]
                for label, binary in binaries:
                    previous = None
                    for name in names:
                        peak = peak_kib(binary, ["--format", fmt, paths[name]]) / 1024
                        slope = ""
                        if previous is not None:
                            grown = int(name.split()[1]) - int(previous[0].split()[1])
                            slope = f"{(peak - previous[1]) / grown:.1f}"
                        print(f"| {name} | {fmt} | {label} | {peak:.0f} | {slope} |")
                        previous = (name, peak)
            for label, binary in binaries:
                peak = peak_kib(binary, ["--format", fmt, many]) / 1024
                print(f"| 48 x {sizes[0]} MiB chat | {fmt} | {label} | {peak:.0f} | |")


if __name__ == "__main__":
    main()

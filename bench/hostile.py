"""The hostile inputs of the issue on hostile input, timed at its sizes.

    python3 bench/hostile.py [--bin target/release/draftlint] [--old OTHER_BIN]
    python3 bench/hostile.py --hunt [--bin ...]

Each case is one whole `draftlint check` process on a draft (and, for user
rules, a rule folder) written to a temporary folder; the time and peak
memory are printed as a Markdown table. The issue's goal is each case under
1 s at its size, and time that grows with the size of the draft, not its
square: the `x2` column is the time of the same case at twice the size
divided by its time, start-up (a one-line draft) taken off both (about 2
for linear, 4 for quadratic; "start-up only" when the case takes no longer
than start-up). With --old, each
case runs with both binaries, one after the other.

--hunt looks for new cases: every example sentence of every built-in rule
(`bad` and `good`, from rules/), repeated to 128 KB and to 256 KB, and
prints those whose time more than triples when the draft doubles (about
half an hour for the 900 sentences of the built-in packs).
"""

import argparse
import os
import tempfile

import measure

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB = 1024


def repeat(unit, size):
    return (unit * (size // len(unit) + 1))[:size]


def front_matter_keys(size):
    keys = [f"key{i}: {i}" for i in range(size // 12)]
    return "---\n" + "\n".join(keys) + "\n---\nHi Sam, how are you?\n"


def deep_yaml(size):
    return "---\nx: " + "[" * (size // 2) + "]" * (size // 2) + "\n---\nHi Sam.\n"


USER_RULES = {
    "a-plus-b.toml": """id = "a-plus-b"
kind = "avoid"
message = "m"
why = "w"
[[avoid]]
regex = 'a+b'
""",
    "letters-bang.toml": """id = "letters-bang"
kind = "avoid"
message = "m"
why = "w"
[[avoid]]
regex = '[a-z]+!'
""",
}

# (name, size in bytes, the draft of that size, extra arguments)
CASES = [
    ("80 KB of !", 80 * KB, lambda n: repeat("!", n), []),
    ("80 KB of ?", 80 * KB, lambda n: repeat("?", n), []),
    ("80 KB of ?!", 80 * KB, lambda n: repeat("?!", n), []),
    ("80 KB of AB AB", 80 * KB, lambda n: repeat("AB ", n), []),
    ("200 KB of a, user regex a+b", 200 * KB, lambda n: repeat("a", n), ["--rules", "RULES"]),
    ("200 KB of letters, user regex [a-z]+!", 200 * KB, lambda n: repeat("abcdefgh", n), ["--rules", "RULES"]),
    ("40,000 front-matter keys", 480 * KB, front_matter_keys, []),
    ("50,000-deep nesting in front matter", 100 * KB, deep_yaml, []),
    ("1.6 MB of opener questions", 1600 * KB, lambda n: repeat("How are you? How is work? ", n), []),
    ("1.6 MB of proposals", 1600 * KB, lambda n: repeat("Can I call you this weekend? ", n), []),
    ("4 MB --fix of repeated blame", 4000 * KB, lambda n: repeat("You never listen. ", n), ["--fix"]),
    ("8 MiB of chat-like blame, JSON", 8 * 1024 * KB - 4096, lambda n: repeat("You never listen to me!! ", n), ["--format", "json"]),
]


def run(binary, tmp, size, make, extra):
    path = os.path.join(tmp, "draft.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(make(size))
    args = [a.replace("RULES", os.path.join(tmp, "rules")) for a in extra]
    seconds, peak = measure.check(binary, ["-q", *args, path])
    return seconds, peak / 1024


def examples():
    """The example sentences of the built-in rules."""
    import tomllib

    found = set()
    for folder, _, files in os.walk(os.path.join(ROOT, "rules")):
        for name in files:
            if not name.endswith(".toml"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                rule = tomllib.load(f)
            for example in rule.get("example", []):
                for key in ("bad", "good"):
                    if isinstance(example.get(key), str):
                        found.add(example[key].strip())
    return sorted(found)


def hunt(binary):
    with tempfile.TemporaryDirectory() as tmp:
        base = min(run(binary, tmp, 16, lambda n: "Hi Sam.\n", [])[0] for _ in range(3))
        sentences = examples()
        print(f"{len(sentences)} example sentences; start-up {base:.2f} s")
        for sentence in sentences:
            unit = sentence + (" " if sentence.endswith((".", "!", "?")) else ". ")
            small, _ = run(binary, tmp, 128 * KB, lambda n: repeat(unit, n), [])
            large, _ = run(binary, tmp, 256 * KB, lambda n: repeat(unit, n), [])
            ratio = (large - base) / max(small - base, 1e-3)
            if ratio > 3 and large - base > 0.3:
                print(f"{ratio:.1f}x ({small:.2f} s -> {large:.2f} s): {sentence!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/draftlint"))
    parser.add_argument("--old")
    parser.add_argument("--hunt", action="store_true")
    args = parser.parse_args()
    if args.hunt:
        hunt(args.bin)
        return
    binaries = [("new", args.bin)] + ([("old", args.old)] if args.old else [])
    print("| case | binary | seconds | peak MiB | x2 |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "rules"))
        for file, text in USER_RULES.items():
            with open(os.path.join(tmp, "rules", file), "w", encoding="utf-8") as f:
                f.write(text)
        start_up = {
            label: min(run(b, tmp, 16, lambda n: "Hi Sam, how are you?\n", [])[0] for _ in range(3))
            for label, b in binaries
        }
        for name, size, make, extra in CASES:
            for label, binary in binaries:
                seconds, peak = run(binary, tmp, size, make, extra)
                # Twice the size, where that stays a draft (at most 8 MiB).
                growth = ""
                if size * 2 <= 8 * 1024 * KB - 4096 and "--fix" not in extra:
                    doubled, _ = run(binary, tmp, size * 2, make, extra)
                    base = start_up[label]
                    # Within noise of start-up, a ratio says nothing.
                    if seconds - base > 0.2:
                        growth = f"{(doubled - base) / (seconds - base):.1f}"
                    else:
                        growth = "start-up only"
                print(f"| {name} | {label} | {seconds:.2f} | {peak:.0f} | {growth} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Side by side: the current tree against an older commit, in one process.
#
#   bench/ab.sh OLD [ROUNDS] [rules-differ]   # e.g. bench/ab.sh 96fdd57 12
#
# With `rules-differ` (a change to the pack), old and new may find different
# things; both counts are printed.
#
# Checks OLD out into bench/data/old (a git worktree), gives that copy its
# own version number so that Cargo can link both, and runs bench/ab: both
# lint the corpus in turn and the median ratio is printed. Absolute MB/s
# on a shared machine move from run to run; the ratio is what to quote.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
old=${1:?usage: bench/ab.sh OLD-COMMIT [ROUNDS]}
python3 bench/corpus.py >&2
git worktree remove --force bench/data/old 2>/dev/null || rm -rf bench/data/old
git worktree add --detach -f bench/data/old "$old" >&2
sed -i '0,/^version = .*/s//version = "0.0.0-old"/' bench/data/old/Cargo.toml
# Since the core crate split, the old copy's core too (and the old root's
# dependency on it), so that one lockfile can hold both copies.
if [ -f bench/data/old/crates/draftlint-core/Cargo.toml ]; then
  sed -i '0,/^version = .*/s//version = "0.0.0-old"/' bench/data/old/crates/draftlint-core/Cargo.toml
  sed -i 's/^\(draftlint-core = {.*version = "\)[^"]*"/\10.0.0-old"/' bench/data/old/Cargo.toml
fi
cargo run --release --manifest-path bench/ab/Cargo.toml -- \
    "$root/bench/data/chitchat.txt" "${2:-10}" ${3:+"$3"}

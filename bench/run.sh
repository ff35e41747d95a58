#!/usr/bin/env bash
# One entry point: corpus, criterion benchmarks, start-up, summary table.
#
#   bench/run.sh                           # ~3-5 minutes on 2 cores, plus builds
#   DRAFTLINT_CORPUS_MB=all bench/run.sh   # always lint the whole 12.9 MB corpus
#
# By default (DRAFTLINT_CORPUS_MB=auto) the corpus benchmarks lint the whole
# corpus when that fits in a few minutes, else a 0.25 MB stratified sample
# (the bench prints a NOTE when it samples).
#
# Outputs (all under bench/data/, gitignored): chitchat.txt (corpus),
# bench.txt (criterion output), startup.json; criterion's reports are in
# target/criterion/. Extra arguments go to criterion (e.g. a filter).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p bench/data

echo "== corpus" >&2
python3 bench/corpus.py

echo "== criterion (cargo bench -p draftlint-bench --bench lint)" >&2
cargo bench -p draftlint-bench --bench lint -- "$@" 2>&1 | tee bench/data/bench.txt

echo "== start-up" >&2
bench/startup.sh

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
python3 bench/summary.py

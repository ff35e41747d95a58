#!/usr/bin/env bash
# Cold build and test times, as a new contributor meets them: a clean clone
# of HEAD with an empty target folder (crates already downloaded, so the
# network is not timed), then, one after the other:
#
#   cargo build --release    the shipped binary (fat LTO, one codegen unit)
#   cargo test               the README's test command, build and run
#
#   bench/build-times.sh [COMMIT]
#
# Prints each wall-clock time. Takes about as long as both builds; run it
# on a quiet machine, the figures are only as steady as the machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=${1:-HEAD}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git clone --quiet "$ROOT" "$WORK/src"
git -C "$WORK/src" checkout --quiet "$COMMIT"
cd "$WORK/src"
cargo fetch --locked --quiet
echo "cores: $(nproc); $(cargo --version)"
timed() {
  local start=$SECONDS
  "$@" >"$WORK/log" 2>&1 || { tail -n 20 "$WORK/log"; exit 1; }
  local took=$((SECONDS - start))
  printf '%-28s %d min %02d s\n' "$*" $((took / 60)) $((took % 60))
}
CARGO_TARGET_DIR="$WORK/release" timed cargo build --release --locked
CARGO_TARGET_DIR="$WORK/test" timed cargo test --locked

#!/usr/bin/env bash
# Start-up of `draftlint check` on one draft: builds release, then times whole
# processes (exec, rule pack parse + compile, lint, print) with hyperfine if it
# is installed (`apt-get install hyperfine`), else with a Python loop.
#
#   bench/startup.sh [DRAFT]            # default: examples/first-message.txt
#   bench/startup.sh --old BIN [DRAFT]  # side by side with another binary
#
# Also times `draftlint --version`, the floor for any process start. Writes
# bench/data/startup.json and prints one `startup:` line per command. With
# `--old`, the two binaries' `check` runs alternate (ABAB, so machine noise
# hits both alike) and a last line gives the ratio of their medians.
set -euo pipefail
old=
if [[ ${1:-} == --old ]]; then
    old=$(realpath "$2")
    shift 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data="$root/bench/data"
mkdir -p "$data"

cargo build --release --bin draftlint >&2
bin="${CARGO_TARGET_DIR:-$root/target}/release/draftlint"

draft=${1:-examples/first-message.txt}
if [[ ! -f $draft ]]; then
    draft="$data/startup-draft.txt"
    cat >"$draft" <<'DRAFT'
Hi Sam,

I hope you're doing well. I've been thinking a lot about how things ended
between us, and I'm sorry for the way I acted that night. I'd love to hear
how the new job is going. Can I call you this weekend?

Alex
DRAFT
fi
echo "startup: draft $draft ($(wc -c <"$draft") bytes), binary $bin" >&2

# Exit code 1 only means "findings"; time it all the same.
check=("$bin" check "$draft")
version=("$bin" --version)
runs=${STARTUP_RUNS:-30}

if [[ -n $old ]]; then
    python3 - "$runs" "$bin" "$old" "$draft" <<'PY'
import statistics, subprocess, sys, time
runs, new, old, draft = int(sys.argv[1]), *sys.argv[2:]
times = {new: [], old: []}
for i in range(runs + 3):
    for binary in (new, old) if i % 2 else (old, new):
        t = time.perf_counter()
        subprocess.run([binary, "check", draft], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= 3:
            times[binary].append(time.perf_counter() - t)
for binary, ts in times.items():
    print(f"startup: check: median {statistics.median(ts) * 1e3:.1f} ms "
          f"(min {min(ts) * 1e3:.1f}) over {len(ts)} runs: {binary}")
ratio = statistics.median(times[new]) / statistics.median(times[old])
print(f"startup: check: {ratio:.2f}x the time of {old}")
PY
    exit 0
fi

if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup 3 --runs "$runs" --export-json "$data/startup.json" \
        "${version[*]}" "${check[*]}" >&2
else
    echo "startup: hyperfine not found (apt-get install hyperfine); using a Python loop" >&2
    python3 - "$runs" "$data/startup.json" "${version[*]}" "${check[*]}" <<'PY'
import json, shlex, statistics, subprocess, sys, time
runs, out, commands = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
results = []
for command in commands:
    argv = shlex.split(command)
    for _ in range(3):
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    results.append({"command": command, "mean": statistics.mean(times),
                    "stddev": statistics.stdev(times), "median": statistics.median(times),
                    "min": min(times), "max": max(times), "times": times})
json.dump({"results": results}, open(out, "w"), indent=2)
PY
fi

python3 - "$data/startup.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name = "check" if " check " in r["command"] else "version"
    print(f"startup: {name}: mean {r['mean'] * 1e3:.1f} ms ± {r['stddev'] * 1e3:.1f} "
          f"(median {r['median'] * 1e3:.1f}, min {r['min'] * 1e3:.1f}) over {len(r['times'])} runs: {r['command']}")
PY

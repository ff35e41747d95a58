"""One whole `draftlint check` process: its wall time and peak memory.

Shared by bench/hostile.py and bench/memory.py.
"""

import subprocess
import time


def check(binary, args):
    """Runs `binary check ARGS` under GNU time: (seconds, peak KiB). Exit
    codes 0 and 1 (findings) are runs; any other ends the benchmark."""
    start = time.perf_counter()
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%M", binary, "check", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):
        raise SystemExit(f"{binary} check {args}: exit {run.returncode}: {run.stderr[-500:]}")
    return seconds, int(run.stderr.strip().splitlines()[-1])

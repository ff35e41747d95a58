#!/usr/bin/env python3
"""Language-server latency and memory, draftlint side by side with harper-ls.

Drives each server as a real client over stdio and measures:
  * the time from sending `didChange` to receiving `publishDiagnostics` for
    that change (p50, p99), for a 1 KB draft and a 1 MB document;
  * resident memory (VmRSS) with 100 open 1 KB drafts, after all are linted.

Usage: bench/lsp.py [--draftlint PATH] [--harper PATH] [--rounds N]
       bench/lsp.py --first N [--old PATH]   # spawn -> first diagnostics, N
                                             # times; with --old, side by side
Build draftlint first (`cargo build --release`); install harper-ls with
`cargo install harper-ls --locked` to compare (skipped when missing).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty, Queue

ROOT = Path(__file__).resolve().parent.parent


class Server:
    def __init__(self, name, cmd, workdir, settings=None):
        self.name = name
        # Answer to `workspace/configuration` (harper-ls asks on every change).
        self.settings = settings
        self.proc = subprocess.Popen(
            cmd, cwd=workdir, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env={**os.environ, "XDG_CACHE_HOME": str(Path(workdir) / ".cache")},
        )
        self.queue = Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(out.read(length))
            if "id" in message and "method" in message:
                result = None
                if message["method"] == "workspace/configuration" and self.settings is not None:
                    result = [self.settings for _ in message["params"]["items"]]
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                continue
            self.queue.put((time.perf_counter(), message))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            _, message = self.queue.get(timeout=60)
            if message.get("id") == request_id:
                return message.get("result")

    def wait_diagnostics(self, uri, timeout=120):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{self.name}: no diagnostics for {uri}")
            try:
                at, message = self.queue.get(timeout=left)
            except Empty:
                continue
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                self.last_count = len(message["params"]["diagnostics"])
                return at

    def initialize(self, root):
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": f"file://{root}",
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        })
        sync = result["capabilities"].get("textDocumentSync", 1)
        # 1: the whole text with every change (harper-ls); 2: incremental.
        self.incremental = (sync.get("change", 1) if isinstance(sync, dict) else sync) == 2
        self.notify("initialized", {})

    def rss_kib(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def draft_of(size):
    """A realistic draft of about `size` bytes, built from the example drafts."""
    rough = (ROOT / "examples" / "first-message.txt").read_text().split("---\n", 2)[-1]
    good = (ROOT / "examples" / "good-first-message.txt").read_text().split("---\n", 2)[-1]
    text = ""
    while len(text) < size:
        text += rough + "\n" + good + "\n"
    return text[:size]


def latency(server, root, size, rounds):
    uri = f"file://{root}/latency-{size}.md"
    text = draft_of(size)
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    server.wait_diagnostics(uri)
    times = []
    for version in range(2, rounds + 2):
        # Type one character at the end, as a person would.
        line = text.count("\n")
        column = len(text) - (text.rfind("\n") + 1)
        char = "ab"[version % 2]
        text += char
        if server.incremental:
            change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": char}
        else:
            change = {"text": text}
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        arrived = server.wait_diagnostics(uri)
        times.append((arrived - sent) * 1000)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))], server.last_count


def memory(server, root, drafts):
    for i in range(drafts):
        uri = f"file://{root}/open-{i}.md"
        text = draft_of(1024).replace("Sam", f"Sam{i}")
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        server.wait_diagnostics(uri)
    time.sleep(0.5)
    return server.rss_kib() / 1024


def first_diagnostics(binary):
    """Milliseconds from spawning `binary lsp` to the diagnostics of one
    1 KB draft opened right after `initialize`."""
    with tempfile.TemporaryDirectory() as root:
        started = time.perf_counter()
        server = Server("draftlint", [binary, "lsp"], root)
        server.initialize(root)
        uri = f"file://{root}/draft.md"
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft_of(1024)}})
        arrived = server.wait_diagnostics(uri)
        server.stop()
    return (arrived - started) * 1000


def first(binary, old, rounds):
    """Spawn -> first diagnostics, alternating with `old` when given."""
    times = {"new": [], "old": []}
    for _ in range(rounds):
        times["new"].append(first_diagnostics(binary))
        if old:
            times["old"].append(first_diagnostics(old))
    new = statistics.median(times["new"])
    line = f"spawn -> first diagnostics, median of {rounds}: {new:.0f} ms"
    if old:
        ratios = sorted(n / o for n, o in zip(times["new"], times["old"]))
        line += (f" against {statistics.median(times['old']):.0f} ms for {old}; "
                 f"ratio {statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})")
    print(line)


def measure(name, cmd, settings, rounds, big_rounds):
    with tempfile.TemporaryDirectory() as root:
        server = Server(name, cmd, root, settings)
        server.initialize(root)
        small = latency(server, root, 1024, rounds)
        big = latency(server, root, 1024 * 1024, big_rounds)
        server.stop()
        server = Server(name, cmd, root, settings)
        server.initialize(root)
        rss = memory(server, root, 100)
        server.stop()
    return {
        "1KB p50 ms": small[0], "1KB p99 ms": small[1], "1KB diagnostics": small[2],
        "1MB p50 ms": big[0], "1MB p99 ms": big[1], "1MB diagnostics": big[2],
        "RSS 100 drafts MiB": rss,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draftlint", default=str(ROOT / "target" / "release" / "draftlint"))
    parser.add_argument("--harper", default=shutil.which("harper-ls") or str(Path.home() / ".cargo" / "bin" / "harper-ls"))
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--big-rounds", type=int, default=20, help="changes to the 1 MB document")
    parser.add_argument("--first", type=int, help="time spawn -> first diagnostics this many times, and nothing else")
    parser.add_argument("--old", help="with --first: another draftlint binary, timed in turn")
    args = parser.parse_args()
    if args.first:
        first(args.draftlint, args.old, args.first)
        return
    servers = [("draftlint", [args.draftlint, "lsp"], None)]
    if Path(args.harper).exists():
        # harper-ls skips documents over 120,000 bytes unless told otherwise.
        settings = {"harper-ls": {"maxFileLength": 4_000_000}}
        servers.append(("harper-ls", [args.harper, "--stdio"], settings))
    else:
        print(f"harper-ls not found at {args.harper}; `cargo install harper-ls --locked` to compare", file=sys.stderr)
    results = {name: measure(name, cmd, settings, args.rounds, args.big_rounds) for name, cmd, settings in servers}
    keys = list(next(iter(results.values())).keys())
    print(f"{'':22}" + "".join(f"{name:>12}" for name in results))
    for key in keys:
        print(f"{key:22}" + "".join(f"{results[name][key]:12.2f}" for name in results))
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()

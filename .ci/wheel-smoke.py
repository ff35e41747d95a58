#!/usr/bin/env python3
"""Checks a draftlint installed by pip: `check` and `lsp` work as a user runs them.

    python3 .ci/wheel-smoke.py PATH-TO-INSTALLED-draftlint

`check` on the example draft must report findings (exit 1); the language
server must answer `initialize`, publish diagnostics for an opened draft,
and exit with 0 after `shutdown` and `exit`. Exits non-zero, saying why,
when anything fails.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print(f"wheel-smoke: {message}", file=sys.stderr)
    sys.exit(1)


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            fail("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def check(binary):
    draft = os.path.join(ROOT, "examples", "first-message.txt")
    run = subprocess.run([binary, "check", draft], capture_output=True, text=True, timeout=60)
    if run.returncode != 1 or "warning[" not in run.stdout:
        fail(f"check {draft}: exit {run.returncode}, expected 1 with findings\n{run.stdout}{run.stderr}")
    print(f"check: {run.stdout.count('warning[')} warnings on {os.path.basename(draft)}")


def lsp(binary):
    proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        reply = receive(proc)
        if reply.get("id") != 1 or "capabilities" not in reply.get("result", {}):
            fail(f"initialize: unexpected reply {reply}")
        send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = "file:///tmp/wheel-smoke/draft.txt"
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": "Answer me by tonight.\n"}}})
        while True:
            message = receive(proc)
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                found = [d.get("code") for d in message["params"]["diagnostics"]]
                if "no-deadline" not in found:
                    fail(f"diagnostics without no-deadline: {found}")
                print(f"lsp: {len(found)} diagnostics for the opened draft")
                break
        send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
        while receive(proc).get("id") != 2:
            pass
        send(proc, {"jsonrpc": "2.0", "method": "exit", "params": None})
        code = proc.wait(timeout=30)
        if code != 0:
            fail(f"lsp exited with {code} after shutdown and exit")
    finally:
        if proc.poll() is None:
            proc.kill()


def main():
    if len(sys.argv) != 2:
        fail("usage: wheel-smoke.py PATH-TO-draftlint")
    check(sys.argv[1])
    lsp(sys.argv[1])
    print("wheel-smoke: ok")


if __name__ == "__main__":
    main()

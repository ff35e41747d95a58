#!/usr/bin/env python3
"""Builds what a release ships for one platform.

    python3 .ci/release.py RUST-TARGET VSCODE-PLATFORM [DIST]
    python3 .ci/release.py x86_64-unknown-linux-gnu linux-x64

The release workflow (.github/workflows/release.yml) runs it on each
platform; `.ci/run` runs the linux-x64 one on a clean clone, so the path a
release takes is tested before a tag is pushed. Into DIST (default dist/):

- draftlint-VERSION-RUST-TARGET.tar.gz (.zip for Windows): the release
  binary with README.md and LICENSE;
- a wheel for `pip install draftlint` (maturin, bin bindings), whose build
  also makes the release binary;
- draftlint-VSCODE-PLATFORM.vsix: the VS Code extension carrying that
  binary (editors/vscode/scripts/package-platforms.mjs);
- SHA256SUMS-RUST-TARGET, one line per file above.

Needs cargo (with RUST-TARGET installed), Python 3.8+ with venv, and
Node.js with npm. Exits non-zero, saying which step failed.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print(f"release: {message}", file=sys.stderr)
    sys.exit(1)


def run(*command, cwd=ROOT):
    print("release: $ " + " ".join(command), flush=True)
    try:
        subprocess.run(command, cwd=cwd, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        fail(f"{command[0]} failed: {error}")


def version():
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as manifest:
        match = re.search(r'^version = "([^"]+)"', manifest.read(), re.MULTILINE)
    if not match:
        fail("no version in Cargo.toml")
    return match.group(1)


def venv_tool(env_dir, name):
    bin_dir = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return os.path.join(env_dir, bin_dir, name + suffix)


def build_wheel(target, dist):
    """The wheel, by maturin in a virtual environment of its own."""
    tools = os.path.join(ROOT, "target", "release-tools")
    if not os.path.exists(venv_tool(tools, "maturin")):
        venv.create(tools, with_pip=True)
        run(venv_tool(tools, "python"), "-m", "pip", "install", "--quiet",
            "--disable-pip-version-check", "maturin>=1.5,<2")
    run(venv_tool(tools, "maturin"), "build", "--release", "--locked",
        "--target", target, "--out", dist)


def archive(binary, name, windows, dist):
    """The binary with README.md and LICENSE, in a folder `name`."""
    files = [(binary, os.path.basename(binary))] + [
        (os.path.join(ROOT, f), f) for f in ("README.md", "LICENSE")
    ]
    if windows:
        path = os.path.join(dist, name + ".zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for source, inside in files:
                out.write(source, f"{name}/{inside}")
    else:
        path = os.path.join(dist, name + ".tar.gz")
        with tarfile.open(path, "w:gz") as out:
            for source, inside in files:
                out.add(source, f"{name}/{inside}")
    return path


def build_vsix(binary, platform, dist):
    extension = os.path.join(ROOT, "editors", "vscode")
    npm = shutil.which("npm")
    if npm is None:
        fail("npm is not installed: the .vsix needs Node.js")
    if not os.path.isdir(os.path.join(extension, "node_modules")):
        run(npm, "ci", "--no-audit", "--no-fund", cwd=extension)
    run(shutil.which("node") or "node", "scripts/package-platforms.mjs",
        f"{platform}={binary}", cwd=extension)
    made = os.path.join(extension, f"draftlint-{platform}.vsix")
    path = os.path.join(dist, os.path.basename(made))
    os.replace(made, path)
    return path


def main():
    if len(sys.argv) not in (3, 4):
        fail("usage: python3 .ci/release.py RUST-TARGET VSCODE-PLATFORM [DIST]")
    target, platform = sys.argv[1], sys.argv[2]
    dist = os.path.abspath(sys.argv[3] if len(sys.argv) == 4 else os.path.join(ROOT, "dist"))
    os.makedirs(dist, exist_ok=True)

    release = f"draftlint-{version()}"
    windows = "windows" in target
    build_wheel(target, dist)
    exe = "draftlint.exe" if windows else "draftlint"
    binary = os.path.join(ROOT, "target", target, "release", exe)
    if not os.path.isfile(binary):
        fail(f"maturin built no binary at {binary}")

    made = [
        archive(binary, f"{release}-{target}", windows, dist),
        build_vsix(binary, platform, dist),
    ]
    made += [
        os.path.join(dist, f) for f in sorted(os.listdir(dist))
        if f.endswith(".whl") and f.startswith(f"{release}-")
    ]
    sums = os.path.join(dist, f"SHA256SUMS-{target}")
    with open(sums, "w", encoding="utf-8") as out:
        for path in made:
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            out.write(f"{digest}  {os.path.basename(path)}\n")
    for path in made + [sums]:
        print(f"release: {os.path.relpath(path)} ({os.path.getsize(path):,} bytes)")


if __name__ == "__main__":
    main()

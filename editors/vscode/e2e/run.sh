#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code: code-server
# (VS Code 1.99 in the browser) with the packaged .vsix installed, driven by
# Playwright through Debian's Chromium. Installs what it needs on the way:
#
#   bash editors/vscode/e2e/run.sh
#
# - Debian packages (as root, with apt-get): the headers code-server's native
#   modules build against, chromium, ripgrep;
# - the draftlint binary (cargo build), unless DRAFTLINT_BIN names one;
# - the extension's npm packages (npm ci), the .vsix (npm run package) and
#   the platform-specific .vsix that carries that binary;
# - code-server into DRAFTLINT_E2E_CACHE (default ~/.cache/draftlint-e2e),
#   once: later runs reuse it. Its bundled @vscode/ripgrep would download a
#   binary at install time, which fails offline; the download is skipped
#   when the archive it expects is already in its cache folder, so the
#   script puts Debian's rg there first.
#
# Screenshots and logs go to editors/vscode/e2e/artifacts/. Exit status 0
# when every check passed. Takes about 2 minutes from a cold install, under
# one minute after that (see the README).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(dirname "$HERE")
REPO=$(cd "$EXT/../.." && pwd)
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.99.4}
# The @vscode/ripgrep that code-server $CODE_SERVER_VERSION bundles, and the
# archive its postinstall looks for.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
CACHE=${DRAFTLINT_E2E_CACHE:-$HOME/.cache/draftlint-e2e}
ARTIFACTS=${ARTIFACTS:-$HERE/artifacts}
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev chromium ripgrep fonts-dejavu-core)

SECONDS=0
step() { printf '\n== %s [%ss]\n' "$*" "$SECONDS"; }

step "Debian packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium)}

step "draftlint binary"
if [ -z "${DRAFTLINT_BIN:-}" ]; then
  (cd "$REPO" && cargo build --locked --quiet)
  DRAFTLINT_BIN=$REPO/target/debug/draftlint
fi
"$DRAFTLINT_BIN" --version

step "extension: npm ci, npm run package"
cd "$EXT"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent package
VSIX=$EXT/draftlint.vsix
# The .vsix for this machine's platform, carrying the binary above.
case "$(uname -m)" in
  x86_64) PLATFORM=linux-x64 ;;
  aarch64 | arm64) PLATFORM=linux-arm64 ;;
  *) echo "no VS Code platform for $(uname -m)" >&2; exit 1 ;;
esac
node scripts/package-platforms.mjs "$PLATFORM=$DRAFTLINT_BIN"
VSIX_PLATFORM=$EXT/draftlint-$PLATFORM.vsix

step "code-server $CODE_SERVER_VERSION"
PREFIX=$CACHE/code-server-$CODE_SERVER_VERSION
CODE_SERVER=$PREFIX/node_modules/.bin/code-server
if [ ! -f "$PREFIX/.installed" ]; then
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX" "$CACHE/tmp"
  # The ripgrep download, already done: an archive holding Debian's rg.
  rg_cache=$CACHE/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION
  mkdir -p "$rg_cache" "$CACHE/tmp/rg"
  cp "$(command -v rg)" "$CACHE/tmp/rg/rg"
  tar czf "$rg_cache/$RIPGREP_ASSET" -C "$CACHE/tmp/rg" rg
  echo '{"name": "draftlint-e2e-code-server", "private": true}' >"$PREFIX/package.json"
  # code-server's postinstall runs `npm install` in lib/vscode, which builds
  # native modules: their install scripts must run (npm 11 blocks
  # dependencies' scripts unless allowed; the variable also reaches the
  # nested installs), and as root npm needs unsafe-perm for them.
  (cd "$PREFIX" && env TMPDIR="$CACHE/tmp" npm_config_yes=true npm_config_unsafe_perm=true \
    npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$PREFIX/.installed"
fi
XDG_CONFIG_HOME=$CACHE/config "$CODE_SERVER" --version

step "end-to-end test"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
export CODE_SERVER DRAFTLINT_BIN VSIX VSIX_PLATFORM CHROMIUM ARTIFACTS
status=0
node "$HERE/test.mjs" || status=$?
step "done"
exit $status

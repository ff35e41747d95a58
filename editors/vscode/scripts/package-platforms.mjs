// Platform-specific .vsix files that carry the draftlint server, so that
// VS Code needs no Rust toolchain (as ruff's and Harper's extensions do).
//
//   node scripts/package-platforms.mjs TARGET=BINARY [TARGET=BINARY ...]
//   node scripts/package-platforms.mjs linux-x64=../../target/release/draftlint
//
// TARGET is a VS Code platform (linux-x64, linux-arm64, darwin-x64,
// darwin-arm64, win32-x64, ...); BINARY the draftlint built for it. Each
// pair gives draftlint-TARGET.vsix with the binary in `server/`, where the
// extension looks after `draftlint.path` and before PATH.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGETS = new Set([
  'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64',
  'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64',
]);
const extension = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const server = path.join(extension, 'server');
const vsce = path.join(extension, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');

function fail(message) {
  console.error(`package-platforms: ${message}`);
  process.exit(1);
}

const pairs = process.argv.slice(2).map((arg) => {
  const [target, binary] = arg.split('=', 2);
  if (!TARGETS.has(target) || !binary) {
    fail(`"${arg}" is not TARGET=BINARY with TARGET one of ${[...TARGETS].join(', ')}`);
  }
  const file = path.resolve(binary);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    fail(`${target}: ${file} is not a file`);
  }
  return { target, file };
});
if (pairs.length === 0) {
  fail('usage: node scripts/package-platforms.mjs TARGET=BINARY [TARGET=BINARY ...]');
}

for (const { target, file } of pairs) {
  fs.rmSync(server, { recursive: true, force: true });
  fs.mkdirSync(server);
  const name = target.startsWith('win32') ? 'draftlint.exe' : 'draftlint';
  fs.copyFileSync(file, path.join(server, name));
  fs.chmodSync(path.join(server, name), 0o755);
  const out = path.join(extension, `draftlint-${target}.vsix`);
  try {
    execFileSync(vsce, [
      'package', '--target', target, '--no-dependencies', '--allow-missing-repository',
      '--no-rewrite-relative-links', '--out', out,
    ], { cwd: extension, stdio: 'inherit' });
  } finally {
    fs.rmSync(server, { recursive: true, force: true });
  }
  console.log(`package-platforms: ${path.basename(out)} carries ${file}`);
}

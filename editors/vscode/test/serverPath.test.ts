import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { isExecutable, Lookup, notFoundMessage, resolveServerPath } from '../src/serverPath';

function lookup(files: string[], over: Partial<Lookup> = {}): Lookup {
  const set = new Set(files);
  return {
    setting: '',
    envPath: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    home: '/home/me',
    isExecutable: (f) => set.has(f),
    ...over,
  };
}

describe('finding the server', () => {
  it('takes draftlint.path when it names a program', () => {
    const r = resolveServerPath(lookup(['/opt/draftlint'], { setting: '/opt/draftlint' }));
    assert.deepEqual(r, { kind: 'found', path: '/opt/draftlint', from: 'setting' });
  });

  it('takes draftlint.path relative to the workspace, or from home', () => {
    const rel = resolveServerPath(
      lookup(['/ws/target/debug/draftlint'], { setting: 'target/debug/draftlint', workspaceFolder: '/ws' }),
    );
    assert.deepEqual(rel, { kind: 'found', path: '/ws/target/debug/draftlint', from: 'setting' });
    const home = resolveServerPath(lookup(['/home/me/bin/draftlint'], { setting: '~/bin/draftlint' }));
    assert.equal(home.kind === 'found' && home.path, '/home/me/bin/draftlint');
  });

  it('takes the bundled server after draftlint.path and before PATH', () => {
    const files = ['/ext/server/draftlint', '/usr/bin/draftlint', '/opt/draftlint'];
    const bundled = resolveServerPath(lookup(files, { bundled: '/ext/server' }));
    assert.deepEqual(bundled, { kind: 'found', path: '/ext/server/draftlint', from: 'bundled' });
    const setting = resolveServerPath(lookup(files, { bundled: '/ext/server', setting: '/opt/draftlint' }));
    assert.equal(setting.kind === 'found' && setting.from, 'setting');
    const none = resolveServerPath(lookup(['/usr/bin/draftlint'], { bundled: '/ext/server' }));
    assert.deepEqual(none, { kind: 'found', path: '/usr/bin/draftlint', from: 'PATH' });
    const windows = resolveServerPath(
      lookup(['C:\\ext\\server\\draftlint.exe'], { bundled: 'C:\\ext\\server', platform: 'win32', envPath: '' }),
    );
    assert.equal(windows.kind === 'found' && windows.path, 'C:\\ext\\server\\draftlint.exe');
  });

  it('accepts a folder holding draftlint', () => {
    const r = resolveServerPath(lookup(['/opt/dl/draftlint'], { setting: '/opt/dl' }));
    assert.deepEqual(r, { kind: 'found', path: '/opt/dl/draftlint', from: 'setting' });
  });

  it('does not fall back to PATH when draftlint.path is wrong', () => {
    const r = resolveServerPath(lookup(['/usr/bin/draftlint'], { setting: '/nope/draftlint' }));
    assert.deepEqual(r, { kind: 'bad-setting', path: '/nope/draftlint' });
    assert.match(notFoundMessage(r as never), /draftlint\.path is set to "\/nope\/draftlint"/);
  });

  it('searches PATH in order, then ~/.cargo/bin', () => {
    assert.deepEqual(resolveServerPath(lookup(['/usr/bin/draftlint', '/usr/local/bin/draftlint'])), {
      kind: 'found',
      path: '/usr/local/bin/draftlint',
      from: 'PATH',
    });
    assert.deepEqual(resolveServerPath(lookup(['/home/me/.cargo/bin/draftlint'])), {
      kind: 'found',
      path: '/home/me/.cargo/bin/draftlint',
      from: 'cargo',
    });
  });

  it('says how to install it when it is nowhere', () => {
    const r = resolveServerPath(lookup([], { envPath: undefined }));
    assert.deepEqual(r, { kind: 'not-found', searched: ['/home/me/.cargo/bin'] });
    const message = notFoundMessage(r as never);
    assert.match(message, /cargo install --path \./);
    assert.match(message, /draftlint\.path/);
    assert.match(message, /PATH/);
  });

  it('finds draftlint.exe on Windows', () => {
    const r = resolveServerPath(
      lookup(['C:\\tools\\draftlint.exe'], { platform: 'win32', envPath: 'C:\\Windows;C:\\tools', pathExt: '.COM;.EXE' }),
    );
    assert.deepEqual(r, { kind: 'found', path: 'C:\\tools\\draftlint.exe', from: 'PATH' });
  });

  it('checks the execute bit of real files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'draftlint-path-'));
    const plain = path.join(dir, 'plain');
    const program = path.join(dir, 'program');
    fs.writeFileSync(plain, '');
    fs.writeFileSync(program, '#!/bin/sh\n');
    fs.chmodSync(program, 0o755);
    assert.equal(isExecutable(program), true);
    assert.equal(isExecutable(dir), false);
    assert.equal(isExecutable(path.join(dir, 'missing')), false);
    if (process.platform !== 'win32' && process.getuid?.() !== 0) {
      assert.equal(isExecutable(plain), false);
    }
    fs.rmSync(dir, { recursive: true });
  });
});

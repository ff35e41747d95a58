// Finding the `draftlint` program. No `vscode` import (unit-tested).

import * as fs from 'node:fs';
import * as path from 'node:path';

import { expandPath } from './settings';

export interface Lookup {
  /** `draftlint.path`, as written (may be empty). */
  setting: string;
  /** The `PATH` of the extension host. */
  envPath: string | undefined;
  platform: NodeJS.Platform;
  home?: string;
  workspaceFolder?: string;
  /** `PATHEXT` on Windows. */
  pathExt?: string;
  /** The folder of the server a platform-specific .vsix carries
   *  (`<extension>/server`); it may hold nothing. */
  bundled?: string;
  isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { kind: 'found'; path: string; from: 'setting' | 'bundled' | 'PATH' | 'cargo' }
  /** `draftlint.path` is set but names no program. */
  | { kind: 'bad-setting'; path: string }
  /** Not set, and not on PATH nor in ~/.cargo/bin. */
  | { kind: 'not-found'; searched: string[] };

/** Is `file` a regular file we may execute? */
export function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function names(platform: NodeJS.Platform, pathExt: string | undefined): string[] {
  if (platform !== 'win32') {
    return ['draftlint'];
  }
  const exts = (pathExt ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e !== '');
  return exts.map((e) => 'draftlint' + e.toLowerCase());
}

/** Where the language server is: `draftlint.path` when set, else the one
 *  the extension carries (a platform-specific .vsix), else `PATH`, else
 *  `~/.cargo/bin` (where `cargo install` puts it, often missing from the
 *  PATH of an editor started from a desktop menu). */
export function resolveServerPath(lookup: Lookup): Resolution {
  const p = lookup.platform === 'win32' ? path.win32 : path.posix;
  const setting = lookup.setting.trim();
  if (setting !== '') {
    const file = expandPath(setting, { workspaceFolder: lookup.workspaceFolder, home: lookup.home });
    if (lookup.isExecutable(file)) {
      return { kind: 'found', path: file, from: 'setting' };
    }
    // `draftlint.path` may name a folder, or a program without `.exe`.
    for (const candidate of names(lookup.platform, lookup.pathExt).map((n) => p.join(file, n))) {
      if (lookup.isExecutable(candidate)) {
        return { kind: 'found', path: candidate, from: 'setting' };
      }
    }
    if (lookup.platform === 'win32' && lookup.isExecutable(file + '.exe')) {
      return { kind: 'found', path: file + '.exe', from: 'setting' };
    }
    return { kind: 'bad-setting', path: file };
  }
  if (lookup.bundled !== undefined) {
    for (const name of names(lookup.platform, undefined)) {
      const file = p.join(lookup.bundled, name);
      if (lookup.isExecutable(file)) {
        return { kind: 'found', path: file, from: 'bundled' };
      }
    }
  }
  const separator = lookup.platform === 'win32' ? ';' : ':';
  const dirs = (lookup.envPath ?? '').split(separator).filter((d) => d !== '');
  for (const dir of dirs) {
    for (const name of names(lookup.platform, lookup.pathExt)) {
      const file = p.join(dir, name);
      if (lookup.isExecutable(file)) {
        return { kind: 'found', path: file, from: 'PATH' };
      }
    }
  }
  const searched = [...dirs];
  if (lookup.home !== undefined) {
    const cargo = p.join(lookup.home, '.cargo', 'bin');
    searched.push(cargo);
    for (const name of names(lookup.platform, lookup.pathExt)) {
      const file = p.join(cargo, name);
      if (lookup.isExecutable(file)) {
        return { kind: 'found', path: file, from: 'cargo' };
      }
    }
  }
  return { kind: 'not-found', searched };
}

/** The one notification shown when there is no server to start. */
export function notFoundMessage(r: Exclude<Resolution, { kind: 'found' }>): string {
  if (r.kind === 'bad-setting') {
    return `draftlint: draftlint.path is set to "${r.path}", which is not an executable program. ` +
      'Point it at the draftlint binary, or clear it to use the one on PATH, then click Retry.';
  }
  return 'draftlint: the draftlint program was not found on PATH or in ~/.cargo/bin, so drafts are not checked. ' +
    'Install it with "cargo install --path ." in a clone of the draftlint repository, ' +
    'or set draftlint.path to the binary, then click Retry.';
}

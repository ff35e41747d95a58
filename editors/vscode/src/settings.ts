// VS Code settings (`draftlint.*`, camelCase) to the settings the server
// reads (the keys of draftlint.toml, kebab-case). No `vscode` import: unit
// tests run this under plain Node.

import * as path from 'node:path';

export const LEVELS = ['off', 'error', 'warning', 'info', 'hint'] as const;
export type Level = (typeof LEVELS)[number];

/** The languages linted when `draftlint.languages` is not set. */
export const DEFAULT_LANGUAGES = ['plaintext', 'markdown'];

/** Keys a rule's object may have, in the server's spelling. */
const RULE_KEYS = ['level', 'min', 'max', 'days', 'in-first', 'in-last'] as const;

/** `draftlint.*` as VS Code hands them over (anything may be malformed). */
export interface ExtensionSettings {
  builtin?: unknown;
  packs?: unknown;
  rules?: unknown;
  ruleDirs?: unknown;
  languages?: unknown;
  exclude?: unknown;
  fixAllSuggestions?: unknown;
  lintTimeLimitMs?: unknown;
}

export type ServerRule = Level | { [key: string]: string | number };

/** What `draftlint lsp` reads from initializationOptions and
 *  workspace/didChangeConfiguration (see src/lsp/workspace.rs). */
export interface ServerSettings {
  builtin: boolean;
  /** Only when set: the server then uses them instead of draftlint.toml's. */
  packs?: string[];
  'rule-dirs': string[];
  rules: Record<string, ServerRule>;
  languages: string[];
  exclude: string[];
  'fix-all-suggestions': boolean;
  /** Only when set: the server's default is 2000. */
  'lint-time-limit-ms'?: number;
}

export interface PathContext {
  /** The first workspace folder, if any: relative paths are taken from it. */
  workspaceFolder?: string;
  home?: string;
}

export interface Mapped {
  settings: ServerSettings;
  /** Settings left out because they cannot be right, one line each. */
  problems: string[];
}

/** `inFirst` -> `in-first`; kebab-case keys stay as they are. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Expands `~` and `${workspaceFolder}`, and takes a relative path from the
 *  workspace folder when there is one. */
export function expandPath(p: string, ctx: PathContext): string {
  let out = p.trim();
  if (ctx.workspaceFolder !== undefined) {
    out = out.split('${workspaceFolder}').join(ctx.workspaceFolder);
  }
  if (ctx.home !== undefined && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = path.join(ctx.home, out.slice(1));
  }
  if (ctx.workspaceFolder !== undefined && out !== '' && !path.isAbsolute(out)) {
    out = path.join(ctx.workspaceFolder, out);
  }
  return out;
}

function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

/** The words the server uses for a level it does not know, so that a
 *  setting reads the same in VS Code and in `draftlint.toml`. */
function unknownLevel(value: unknown): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  const known = ['off', 'hint', 'info', 'warning', 'error'].map((l) => '`' + l + '`');
  return `unknown level \`${shown}\`; use ${known.join(', ')}`;
}

/** One entry of `draftlint.rules`, in the server's form, or why not. */
export function toServerRule(id: string, value: unknown): { rule?: ServerRule; problem?: string } {
  const where = `draftlint.rules.${id}`;
  if (typeof value === 'string') {
    const level = value.trim().toLowerCase();
    return isLevel(level)
      ? { rule: level }
      : { problem: `${where}: ${unknownLevel(value)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `${where}: expected a level ("off", "warning", ...) or an object such as { "max": 200 }` };
  }
  const rule: Record<string, string | number> = {};
  for (const [rawKey, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === null || raw === undefined) {
      continue;
    }
    const key = kebab(rawKey);
    if (!(RULE_KEYS as readonly string[]).includes(key)) {
      return { problem: `${where}: unknown setting "${rawKey}"; use level, min, max, days, inFirst or inLast` };
    }
    if (key === 'level') {
      const level = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (!isLevel(level)) {
        return { problem: `${where}.level: ${unknownLevel(raw)}` };
      }
      rule.level = level;
    } else {
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
        return { problem: `${where}.${rawKey}: expected a whole number, found ${JSON.stringify(raw)}` };
      }
      rule[key] = raw;
    }
  }
  return { rule };
}

function strings(value: unknown, name: string, problems: string[]): string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.push(`${name}: expected a list of strings`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item.trim() !== '') {
      out.push(item.trim());
    } else if (typeof item !== 'string') {
      problems.push(`${name}: ${JSON.stringify(item)} is not a string`);
    }
  }
  return [...new Set(out)];
}

/** Maps `draftlint.*` to the server's settings. Malformed entries are left
 *  out (and named in `problems`) so one typo does not stop the server. */
export function toServerSettings(s: ExtensionSettings, ctx: PathContext = {}): Mapped {
  const problems: string[] = [];
  const rules: Record<string, ServerRule> = {};
  if (s.rules !== undefined && s.rules !== null) {
    if (typeof s.rules !== 'object' || Array.isArray(s.rules)) {
      problems.push('draftlint.rules: expected an object of rule ids');
    } else {
      for (const [id, value] of Object.entries(s.rules as Record<string, unknown>)) {
        if (value === null || value === undefined) {
          continue;
        }
        const { rule, problem } = toServerRule(id, value);
        if (rule !== undefined) {
          rules[id] = rule;
        } else if (problem !== undefined) {
          problems.push(problem);
        }
      }
    }
  }
  let builtin = true;
  if (typeof s.builtin === 'boolean') {
    builtin = s.builtin;
  } else if (s.builtin !== undefined && s.builtin !== null) {
    problems.push('draftlint.builtin: expected true or false');
  }
  const packs = strings(s.packs, 'draftlint.packs', problems);
  const ruleDirs = (strings(s.ruleDirs, 'draftlint.ruleDirs', problems) ?? []).map((d) => expandPath(d, ctx));
  const languages = strings(s.languages, 'draftlint.languages', problems) ?? DEFAULT_LANGUAGES;
  const exclude = strings(s.exclude, 'draftlint.exclude', problems) ?? [];
  let fixAllSuggestions = false;
  if (typeof s.fixAllSuggestions === 'boolean') {
    fixAllSuggestions = s.fixAllSuggestions;
  } else if (s.fixAllSuggestions !== undefined && s.fixAllSuggestions !== null) {
    problems.push('draftlint.fixAllSuggestions: expected true or false');
  }
  let lintTimeLimit: number | undefined;
  if (typeof s.lintTimeLimitMs === 'number' && Number.isInteger(s.lintTimeLimitMs) && s.lintTimeLimitMs > 0) {
    lintTimeLimit = s.lintTimeLimitMs;
  } else if (s.lintTimeLimitMs !== undefined && s.lintTimeLimitMs !== null) {
    problems.push('draftlint.lintTimeLimitMs: expected a whole number of milliseconds above 0');
  }
  return {
    settings: {
      builtin,
      ...(packs === undefined ? {} : { packs }),
      'rule-dirs': ruleDirs,
      rules,
      languages,
      exclude,
      'fix-all-suggestions': fixAllSuggestions,
      ...(lintTimeLimit === undefined ? {} : { 'lint-time-limit-ms': lintTimeLimit }),
    },
    problems,
  };
}

/** Settings whose change needs a new server process rather than a
 *  didChangeConfiguration: the program itself and the documents synced. */
export const RESTART_KEYS = ['draftlint.path', 'draftlint.languages'];

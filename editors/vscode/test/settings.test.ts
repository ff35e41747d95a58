import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { DEFAULT_LANGUAGES, expandPath, kebab, toServerRule, toServerSettings } from '../src/settings';

describe('settings mapping', () => {
  it('uses the server defaults when nothing is set', () => {
    const { settings, problems } = toServerSettings({});
    assert.deepEqual(settings, {
      builtin: true,
      'rule-dirs': [],
      rules: {},
      languages: DEFAULT_LANGUAGES,
      exclude: [],
      'fix-all-suggestions': false,
    });
    assert.deepEqual(problems, []);
  });

  it('maps camelCase keys to draftlint.toml keys', () => {
    const { settings, problems } = toServerSettings(
      {
        builtin: false,
        ruleDirs: ['my-rules', '/abs/rules'],
        rules: {
          'no-blame': 'off',
          'no-pressure': 'ERROR',
          'keep-it-short': { max: 200 },
          'caring-opener': { level: 'info', inFirst: 3 },
          'propose-follow-up': { 'in-last': 2 },
          'cooling-off': { days: 3, level: 'hint' },
        },
        languages: ['plaintext', 'markdown', 'plaintext', 'latex'],
        exclude: ['notes/**'],
        fixAllSuggestions: true,
        lintTimeLimitMs: 500,
      },
      { workspaceFolder: '/ws' },
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      builtin: false,
      'rule-dirs': [path.join('/ws', 'my-rules'), '/abs/rules'],
      rules: {
        'no-blame': 'off',
        'no-pressure': 'error',
        'keep-it-short': { max: 200 },
        'caring-opener': { level: 'info', 'in-first': 3 },
        'propose-follow-up': { 'in-last': 2 },
        'cooling-off': { days: 3, level: 'hint' },
      },
      languages: ['plaintext', 'markdown', 'latex'],
      exclude: ['notes/**'],
      'fix-all-suggestions': true,
      'lint-time-limit-ms': 500,
    });
  });

  it('passes packs only when they are set', () => {
    const { settings, problems } = toServerSettings({ packs: ['workplace', 'gentle'] });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.packs, ['workplace', 'gentle']);
    assert.equal('packs' in toServerSettings({ packs: null }).settings, false);
    assert.deepEqual(toServerSettings({ packs: 'workplace' }).problems.length, 1);
  });

  it('leaves out what cannot be right, and says why', () => {
    const { settings, problems } = toServerSettings({
      rules: {
        'no-blame': 'loud',
        'keep-it-short': { max: -1 },
        'long-sentence': { colour: 'red' },
        apologize: 3,
        'no-pressure': null,
        'share-a-feeling': { level: 'info', max: null },
      },
      builtin: 'yes',
      ruleDirs: 'rules',
      languages: ['markdown', 7],
      fixAllSuggestions: 'yes',
      lintTimeLimitMs: 0.5,
    });
    assert.deepEqual(settings.rules, { 'share-a-feeling': { level: 'info' } });
    assert.equal(settings.builtin, true);
    assert.deepEqual(settings['rule-dirs'], []);
    assert.deepEqual(settings.languages, ['markdown']);
    assert.equal(settings['fix-all-suggestions'], false);
    assert.equal('lint-time-limit-ms' in settings, false);
    assert.equal(problems.length, 9, problems.join('\n'));
    assert.match(problems.join('\n'), /draftlint\.lintTimeLimitMs: expected a whole number of milliseconds above 0/);
    assert.match(problems.join('\n'), /draftlint\.rules\.no-blame: unknown level `loud`; use `off`, `hint`, `info`, `warning`, `error`/);
    assert.match(problems.join('\n'), /draftlint\.rules\.keep-it-short\.max: expected a whole number/);
    assert.match(problems.join('\n'), /unknown setting "colour"/);
  });

  it('turns camelCase into kebab-case', () => {
    assert.equal(kebab('inFirst'), 'in-first');
    assert.equal(kebab('in-last'), 'in-last');
    assert.equal(kebab('max'), 'max');
  });

  it('accepts a level in any case', () => {
    assert.deepEqual(toServerRule('x', ' Warning '), { rule: 'warning' });
    assert.deepEqual(toServerRule('x', { level: 'OFF' }), { rule: { level: 'off' } });
  });

  it('expands ~ and ${workspaceFolder}', () => {
    const ctx = { workspaceFolder: '/ws', home: '/home/me' };
    assert.equal(expandPath('~/rules', ctx), path.join('/home/me', 'rules'));
    assert.equal(expandPath('${workspaceFolder}/rules', ctx), '/ws/rules');
    assert.equal(expandPath('rules', ctx), path.join('/ws', 'rules'));
    assert.equal(expandPath('rules', {}), 'rules');
  });
});

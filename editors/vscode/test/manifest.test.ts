import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { LEVELS, RESTART_KEYS } from '../src/settings';

// out/test/manifest.test.js -> editors/vscode
const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, any> = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('contributes every setting, each with a description', () => {
    for (const key of [
      'draftlint.path',
      'draftlint.rules',
      'draftlint.ruleDirs',
      'draftlint.builtin',
      'draftlint.packs',
      'draftlint.fixAllSuggestions',
      'draftlint.languages',
      'draftlint.exclude',
      'draftlint.trace.server',
    ]) {
      const p = properties[key];
      assert.ok(p, `${key} is contributed`);
      assert.ok((p.description ?? p.markdownDescription ?? '').length > 20, `${key} has a description`);
    }
    for (const key of RESTART_KEYS) {
      assert.ok(properties[key], key);
    }
  });

  it('contributes the commands and activates for plain text and Markdown', () => {
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const c of ['draftlint.restart', 'draftlint.fixAll', 'draftlint.showRuleDocs']) {
      assert.ok(commands.includes(c), c);
    }
    assert.ok(manifest.activationEvents.includes('onLanguage:plaintext'));
    assert.ok(manifest.activationEvents.includes('onLanguage:markdown'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(manifest.engines.vscode, /^\^1\.99/);
  });

  it('offers the levels the server knows', () => {
    const generic = properties['draftlint.rules'].additionalProperties.anyOf[0];
    assert.deepEqual(generic.enum, [...LEVELS]);
  });

  it('describes each rule of every built-in pack', () => {
    const described = Object.keys(properties['draftlint.rules'].properties).sort();
    const packs = path.resolve(root, '..', '..', 'rules');
    if (!fs.existsSync(packs)) {
      return; // packaged on its own, without the repository
    }
    // classes.toml holds a pack's word classes and pack.toml describes
    // the pack: neither is a rule.
    const files = fs
      .readdirSync(packs)
      .flatMap((pack) => fs.readdirSync(path.join(packs, pack)).map((f) => path.join(packs, pack, f)))
      .filter((f) => f.endsWith('.toml') && !f.endsWith('classes.toml') && !f.endsWith('pack.toml'));
    const id = (file: string) => path.basename(file, '.toml');
    assert.deepEqual(described, files.map(id).sort());
    for (const file of files) {
      const kind = /^kind = "(\w+)"/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
      const params = Object.keys(properties['draftlint.rules'].properties[id(file)].anyOf[1].properties);
      const expected: Record<string, string[]> = {
        limit: ['level', 'min', 'max'],
        cooldown: ['level', 'days'],
        require: ['level', 'inFirst', 'inLast', 'in-first', 'in-last'],
        avoid: ['level'],
      };
      assert.deepEqual(params, expected[kind ?? ''], `${id(file)} (${kind})`);
    }
  });
});

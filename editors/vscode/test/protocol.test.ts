import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseExplanation, parseRules } from '../src/protocol';

describe('answers to draftlint requests', () => {
  it('reads the rules a document is linted with', () => {
    const answer = {
      rules: [
        { id: 'cooling-off', kind: 'cooldown', level: 'warning', step: 1, from: 'pack gentle' },
        { id: 'my-rule', kind: 'avoid', level: 'error', step: null, from: 'rules/my-rule.toml' },
      ],
    };
    const rules = parseRules(answer);
    assert.deepEqual(rules?.rules.map((r) => r.id), ['cooling-off', 'my-rule']);
    assert.equal(rules?.rules[1].step, null);
    assert.equal(parseRules({ rules: [{ id: 3 }] }), undefined);
    assert.equal(parseRules(null), undefined);
  });

  it("reads a rule's page", () => {
    assert.deepEqual(parseExplanation({ rule: 'no-blame', markdown: '# no-blame\n' }), {
      rule: 'no-blame',
      markdown: '# no-blame\n',
    });
    assert.equal(parseExplanation({ rule: 'no-blame' }), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isRuleId, ruleOf, uniqueRules } from '../src/ruleDocs';

describe('rule documentation', () => {
  it('reads the rule and its link from a diagnostic', () => {
    const target = { toString: () => 'file:///home/me/.cache/draftlint/rules/no-blame.md' };
    assert.deepEqual(ruleOf({ source: 'draftlint', code: { value: 'no-blame', target }, message: '' }), {
      rule: 'no-blame',
      target: 'file:///home/me/.cache/draftlint/rules/no-blame.md',
    });
    assert.deepEqual(ruleOf({ source: 'draftlint', code: 'no-blame', message: '' }), { rule: 'no-blame' });
    assert.equal(ruleOf({ source: 'cSpell', code: 'x', message: '' }), undefined);
    assert.equal(ruleOf({ source: 'draftlint', message: 'broken rule file' }), undefined);
  });

  it('keeps each rule once', () => {
    const refs = uniqueRules([{ rule: 'a' }, undefined, { rule: 'b', target: 't' }, { rule: 'a', target: 'u' }]);
    assert.deepEqual(refs, [{ rule: 'a' }, { rule: 'b', target: 't' }]);
  });

  it('knows a rule id when it sees one', () => {
    assert.equal(isRuleId('--help'), false);
    assert.equal(isRuleId('keep-it-short'), true);
  });
});

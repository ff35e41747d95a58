import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checklistPicks, parseChecklist, statusText, statusTooltip } from '../src/status';

// An answer of `draftlint/checklist` for examples/first-message.txt.
const answer = {
  version: 1,
  summary: '✗ calm · ✗ opener · ✓ feeling · ✗ apology · ✓ short (120 words) · ✗ follow-up',
  done: 2,
  total: 6,
  items: [
    { label: 'calm', done: false, rules: ['cooling-off', 'heat-of-the-moment'] },
    { label: 'opener', done: false, rules: ['caring-opener'] },
    { label: 'feeling', done: true, rules: [] },
    { label: 'apology', done: false, rules: ['no-blame'] },
    { label: 'short (120 words)', done: true, rules: [] },
    { label: 'follow-up', done: false, rules: ['propose-follow-up'] },
  ],
};

describe('status bar', () => {
  it('reads the checklist answer', () => {
    const c = parseChecklist(answer);
    assert.ok(c);
    assert.equal(c.items.length, 6);
    assert.equal(parseChecklist(null), undefined);
    assert.equal(parseChecklist({ done: 1 }), undefined);
    assert.equal(parseChecklist({ done: 1, total: 1, items: [{ label: 3 }] }), undefined);
  });

  it('shows done/total', () => {
    const c = parseChecklist(answer)!;
    assert.equal(statusText(c), '$(checklist) draftlint 2/6');
    assert.equal(statusText({ ...c, done: 6 }), '$(pass) draftlint 6/6');
  });

  it('lists the steps in the tooltip, with the open rules', () => {
    const tip = statusTooltip(parseChecklist(answer)!);
    assert.match(tip, /2 of 6 done/);
    assert.match(tip, /✗ \*\*calm\*\*: `cooling-off`, `heat-of-the-moment`/);
    assert.match(tip, /✓ feeling/);
    assert.match(tip, /✓ short \\\(120 words\\\)/);
  });

  it('puts open steps first in the details', () => {
    const picks = checklistPicks(parseChecklist(answer)!, new Map([['caring-opener', 'Open by asking Sam how they have been']]));
    assert.deepEqual(
      picks.map((p) => p.label),
      [
        '$(circle-large-outline) calm',
        '$(circle-large-outline) opener',
        '$(circle-large-outline) apology',
        '$(circle-large-outline) follow-up',
        '$(pass) feeling',
        '$(pass) short (120 words)',
      ],
    );
    assert.equal(picks[1]!.detail, 'Open by asking Sam how they have been');
    assert.deepEqual(picks[0]!.rules, ['cooling-off', 'heat-of-the-moment']);
  });
});

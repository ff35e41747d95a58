// The checklist answered by `draftlint/checklist`, as status-bar text, a
// tooltip and quick-pick rows. No `vscode` import (unit-tested).

import { Checklist, ChecklistItem } from './protocol';

export type { Checklist, ChecklistItem };

/** Checks the shape of a `draftlint/checklist` answer. */
export function parseChecklist(value: unknown): Checklist | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.done !== 'number' || typeof v.total !== 'number' || !Array.isArray(v.items)) {
    return undefined;
  }
  const items: ChecklistItem[] = [];
  for (const raw of v.items) {
    if (raw === null || typeof raw !== 'object') {
      return undefined;
    }
    const i = raw as Record<string, unknown>;
    if (typeof i.label !== 'string' || typeof i.done !== 'boolean') {
      return undefined;
    }
    const rules = Array.isArray(i.rules) ? i.rules.filter((r): r is string => typeof r === 'string') : [];
    items.push({ label: i.label, done: i.done, rules });
  }
  return {
    version: typeof v.version === 'number' ? v.version : 0,
    summary: typeof v.summary === 'string' ? v.summary : '',
    done: v.done,
    total: v.total,
    items,
  };
}

/** `draftlint 3/6`, with a codicon: a check when every step is done. */
export function statusText(c: Checklist): string {
  const icon = c.total > 0 && c.done === c.total ? '$(pass)' : '$(checklist)';
  return `${icon} draftlint ${c.done}/${c.total}`;
}

/** Markdown for the status item's tooltip: one line per step. */
export function statusTooltip(c: Checklist): string {
  if (c.items.length === 0) {
    return 'draftlint: no checklist (no rule belongs to a step of the guide)';
  }
  const lines = c.items.map((i) =>
    i.done ? `✓ ${escape(i.label)}` : `✗ **${escape(i.label)}**: ${i.rules.map((r) => '`' + r + '`').join(', ')}`,
  );
  return `**draftlint checklist** — ${c.done} of ${c.total} done\n\n` + lines.join('  \n') + '\n\nClick for the details.';
}

export interface ChecklistPick {
  label: string;
  description: string;
  detail?: string;
  rules: string[];
}

/** Quick-pick rows: open steps first (they lead to their findings), then
 *  the done ones. */
export function checklistPicks(c: Checklist, messages: Map<string, string> = new Map()): ChecklistPick[] {
  const open = c.items.filter((i) => !i.done);
  const done = c.items.filter((i) => i.done);
  return [
    ...open.map((i) => ({
      label: `$(circle-large-outline) ${i.label}`,
      description: i.rules.join(', '),
      detail: i.rules.map((r) => messages.get(r)).find((m) => m !== undefined),
      rules: i.rules,
    })),
    ...done.map((i) => ({ label: `$(pass) ${i.label}`, description: 'done', rules: [] })),
  ];
}

/** Status text while no checklist can be shown. */
export const NOT_FOUND_TEXT = '$(warning) draftlint';

function escape(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
}

// Which rule a diagnostic is about and where its documentation is. No
// `vscode` import (unit-tested); `DiagnosticLike` is the part of
// `vscode.Diagnostic` used here.

export interface DiagnosticLike {
  source?: string;
  code?: string | number | { value: string | number; target: { toString(): string } };
  message: string;
}

export interface RuleRef {
  rule: string;
  /** The diagnostic's codeDescription link (a page the server wrote). */
  target?: string;
}

/** The rule of a draftlint diagnostic, with its documentation link. */
export function ruleOf(d: DiagnosticLike): RuleRef | undefined {
  if (d.source !== 'draftlint' || d.code === undefined) {
    return undefined;
  }
  if (typeof d.code === 'object') {
    return { rule: String(d.code.value), target: d.code.target.toString() };
  }
  return { rule: String(d.code) };
}

/** Rule ids, each once, in the order first met. */
export function uniqueRules(refs: (RuleRef | undefined)[]): RuleRef[] {
  const seen = new Map<string, RuleRef>();
  for (const r of refs) {
    if (r !== undefined && !seen.has(r.rule)) {
      seen.set(r.rule, r);
    }
  }
  return [...seen.values()];
}

/** A rule id as rule files write it (guards the `draftlint/explain` request). */
export function isRuleId(s: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(s);
}


// draftlint's own requests, as the server defines them in src/lsp/ext.rs:
// their names and answers, and checks of an answer's shape. No `vscode`
// import (unit-tested).

export const CHECKLIST = 'draftlint/checklist';
export const RULES = 'draftlint/rules';
export const EXPLAIN = 'draftlint/explain';

/** The parameters of `draftlint/checklist` and `draftlint/rules`. */
export interface DocumentParams {
  uri: string;
}

/** The parameters of `draftlint/explain`. */
export interface ExplainParams {
  uri: string;
  rule: string;
}

export interface ChecklistItem {
  label: string;
  done: boolean;
  /** Rules of this step that still have findings. */
  rules: string[];
}

/** The answer to `draftlint/checklist`. */
export interface Checklist {
  version: number;
  summary: string;
  done: number;
  total: number;
  items: ChecklistItem[];
}

/** One rule of the answer to `draftlint/rules`. */
export interface RuleInfo {
  id: string;
  kind: string;
  level: string;
  step: number | null;
  /** `pack gentle`, or the rule file's path. */
  from: string;
}

/** The answer to `draftlint/rules`: the rules a document is linted with. */
export interface Rules {
  rules: RuleInfo[];
}

/** The answer to `draftlint/explain`: a rule's page. */
export interface Explanation {
  rule: string;
  markdown: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Checks the shape of a `draftlint/rules` answer. */
export function parseRules(value: unknown): Rules | undefined {
  if (!isObject(value) || !Array.isArray(value.rules)) {
    return undefined;
  }
  const rules: RuleInfo[] = [];
  for (const r of value.rules) {
    if (!isObject(r) || typeof r.id !== 'string' || typeof r.kind !== 'string' || typeof r.level !== 'string') {
      return undefined;
    }
    rules.push({
      id: r.id,
      kind: r.kind,
      level: r.level,
      step: typeof r.step === 'number' ? r.step : null,
      from: typeof r.from === 'string' ? r.from : '',
    });
  }
  return { rules };
}

/** Checks the shape of a `draftlint/explain` answer. */
export function parseExplanation(value: unknown): Explanation | undefined {
  if (!isObject(value) || typeof value.rule !== 'string' || typeof value.markdown !== 'string') {
    return undefined;
  }
  return { rule: value.rule, markdown: value.markdown };
}

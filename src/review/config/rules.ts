import type { Severity } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';

/**
 * How specific a selector is; the most specific one wins when several set a rule's severity.
 * An id or a name names one rule; a prefix (`PY-CRYPTO`) a family; a CWE a weakness class.
 */
const Rank = {
  Cwe: 1,
  Prefix: 2,
  Exact: 3,
}

/** The rules a selector stands for, with how specific the match is; empty when it names none. */
export function matchSelector(selector: string, rules: readonly RuleMeta[]): { readonly ids: readonly string[]; readonly rank: number } {
  const upper = selector.trim().toUpperCase();
  const lower = selector.trim().toLowerCase();
  const exact = rules.filter((r) => r.id === upper || r.name === lower);
  if (exact.length > 0) return { ids: exact.map((r) => r.id), rank: Rank.Exact };
  if (/^CWE-\d+$/.test(upper)) return { ids: rules.filter((r) => r.cwe === upper).map((r) => r.id), rank: Rank.Cwe };
  return { ids: rules.filter((r) => r.id.startsWith(`${upper}-`)).map((r) => r.id), rank: Rank.Prefix + upper.split('-').length / 100 };
}

/** The selectors in a list that name no rule. */
export function unknownSelectors(selectors: readonly string[], rules: readonly RuleMeta[]): string[] {
  return selectors.filter((s) => matchSelector(s, rules).ids.length === 0);
}

/** The rules to run: all (or the selected ones) minus the ignored ones. */
export function chooseRules(rules: readonly RuleMeta[], select: readonly string[] | undefined, ignore: readonly string[]): Set<string> {
  const chosen = new Set(select === undefined ? rules.map((r) => r.id) : select.flatMap((s) => matchSelector(s, rules).ids));
  for (const selector of ignore) for (const id of matchSelector(selector, rules).ids) chosen.delete(id);
  return chosen;
}

/** Each rule's overridden severity, the most specific selector winning. */
export function severityOverrides(overrides: Readonly<Record<string, Severity>>, rules: readonly RuleMeta[]): Map<string, Severity> {
  const best = new Map<string, { severity: Severity; rank: number }>();
  for (const [selector, severity] of Object.entries(overrides)) {
    const match = matchSelector(selector, rules);
    for (const id of match.ids) {
      const current = best.get(id);
      if (!current || match.rank >= current.rank) best.set(id, { severity, rank: match.rank });
    }
  }
  return new Map([...best].map(([id, v]) => [id, v.severity]));
}

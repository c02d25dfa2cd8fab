import type { Finding } from '../core/finding.js';
import type { AnalysisNote } from '../core/language.js';
import type { FileError } from '../core/result.js';
import { forEachNodeOfType } from './syntax-tree.js';
import type { SyntaxNode } from './syntax-tree.js';

/** A rule bound to one file's facts, as every front-end hands it to the walk. */
export interface BoundRule {
  readonly id: string;
  /** Node types the rule checks. */
  readonly visits: readonly string[];
  readonly check: (node: SyntaxNode) => readonly Finding[];
  /**
   * The callee names of the calls this rule can act on (see {@link CallNames}); the walk hands it
   * no other call. Other node types it visits are not affected.
   */
  readonly callees?: ReadonlySet<string>;
}

/**
 * The names a call node goes by for {@link BoundRule.callees}: the last name as written
 * (`execute` in `db.cursor().execute(...)`) and the last name of what it resolves to through
 * the imports (`system` for `sh(...)` after `from os import system as sh`).
 */
export type CallNames = (call: SyntaxNode) => readonly [string | undefined, string | undefined];

/**
 * One pass over the tree, handing each node only to the rules that asked for its type. A rule
 * that throws is skipped for the rest of the file; its failure becomes a diagnostic in `errors`.
 */
export function runRules(root: SyntaxNode, file: string, rules: readonly BoundRule[], errors: FileError[], callNames?: CallNames): Finding[] {
  // Each rule with its position, so that a failed rule is one flag to test per node it would see.
  const entries: RuleEntry[] = rules.map((rule, position) => ({ rule, position }));
  const dispatch = new Map<string, RuleEntry[]>();
  for (const entry of entries) {
    for (const type of entry.rule.visits) {
      const list = dispatch.get(type);
      if (list) list.push(entry);
      else dispatch.set(type, [entry]);
    }
  }
  const findings: Finding[] = [];
  const failed = new Uint8Array(rules.length);
  const failures = new RuleFailures();
  // Most rules that visit calls act on a few callee names: each call goes only to the rules
  // that take its names (or take every call). A file repeats its callee names, so the list for
  // each pair of names is worked out once.
  const callRules = dispatch.get('call') ?? [];
  const filtered = callNames !== undefined && callRules.some((entry) => entry.rule.callees !== undefined);
  // Which call rules take a name: positions in callRules, ascending (built once per file).
  const takers = new Map<string, number[]>();
  if (filtered) {
    callRules.forEach((entry, position) => {
      for (const name of entry.rule.callees ?? []) {
        const list = takers.get(name);
        if (list) list.push(position);
        else takers.set(name, [position]);
      }
    });
  }
  const everyCall = callRules.filter((entry) => entry.rule.callees === undefined);
  // By the written name, then the resolved one (two map levels: no key string per call).
  const byNames = new Map<string | undefined, Map<string | undefined, RuleEntry[]>>();
  const rulesForCall = (node: SyntaxNode, names: CallNames): RuleEntry[] => {
    const [written, resolved] = names(node);
    let byResolved = byNames.get(written);
    if (!byResolved) byNames.set(written, (byResolved = new Map<string | undefined, RuleEntry[]>()));
    let list = byResolved.get(resolved);
    if (!list) {
      const first = written !== undefined ? takers.get(written) : undefined;
      const second = resolved !== undefined && resolved !== written ? takers.get(resolved) : undefined;
      if (!first && !second) list = everyCall;
      else {
        // The rules taking every call or one of the names, in callRules' order.
        const taken = new Set<number>([...(first ?? []), ...(second ?? [])]);
        list = callRules.filter((entry, position) => entry.rule.callees === undefined || taken.has(position));
      }
      byResolved.set(resolved, list);
    }
    return list;
  };
  // Only nodes of the dispatched types are visited (and get node objects).
  forEachNodeOfType(root, [...dispatch.keys()], (node) => {
    const handlers = filtered && node.type === 'call' ? rulesForCall(node, callNames) : dispatch.get(node.type);
    if (!handlers) return;
    for (let i = 0; i < handlers.length; i++) {
      const { rule, position } = handlers[i] as RuleEntry;
      if (failed[position] === 1) continue;
      try {
        const found = rule.check(node);
        for (let k = 0; k < found.length; k++) findings.push(found[k] as Finding);
      } catch (error) {
        failed[position] = 1;
        failures.add(rule.id, node.startPosition.row + 1, error);
      }
    }
  });
  errors.push(...failures.diagnostics(file));
  return findings;
}

/** A rule of one walk, with its position among the walk's rules. */
interface RuleEntry {
  readonly rule: BoundRule;
  readonly position: number;
}

/** Several visits may reach the same defect (e.g. nested calls); keep one per rule and place. */
export function dedupeFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Several visits may reach the same candidate; keep one note per rule, line and conclusion. */
export function dedupeNotes(notes: readonly AnalysisNote[]): AnalysisNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.ruleId}:${n.line}:${n.subject ?? ''}:${n.conclusion}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Rules that threw while checking one file, grouped by error (at the first line it happened).
 * Rules that share machinery (the taint rules share one dataflow engine) fail together; one
 * failure is then one diagnostic naming every rule it stopped, not one line per rule.
 */
class RuleFailures {
  private readonly groups = new Map<string, { line: number; rules: string[] }>();

  add(ruleId: string, line: number, error: unknown): void {
    const key = String(error);
    const group = this.groups.get(key);
    if (group) group.rules.push(ruleId);
    else this.groups.set(key, { line, rules: [ruleId] });
  }

  diagnostics(file: string): FileError[] {
    return [...this.groups].map(([error, { line, rules }]) => ({
      file,
      kind: 'internal' as const,
      line,
      message: `${rules.length === 1 ? `rule ${rules[0] ?? ''} failed here and was` : `rules ${rules.join(', ')} failed here and were`} skipped for this file: ${error}`,
    }));
  }
}

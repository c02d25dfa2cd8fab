import type { FileError } from '../core/result.js';

/**
 * Rules that threw while checking one file, grouped by error (at the first line it happened).
 * Rules that share machinery (the taint rules share one dataflow engine) fail together; one
 * failure is then one diagnostic naming every rule it stopped, not one line per rule.
 */
export class RuleFailures {
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

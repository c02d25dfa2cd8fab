import { ruleToJson } from '../report/rule-doc.js';
import { allRules } from '../review/languages.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** `secreview rules`: the rule list, as a table or as JSON metadata. */
export function runRulesCommand(options: { format: 'text' | 'json' }, io: CliIo): number {
  const rules = allRules();
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(rules.map(ruleToJson), null, 2)}\n`);
    return ExitCode.Clean;
  }
  const rows = rules.map((r) => [r.id, r.name, r.cwe, r.severity, r.confidence, r.title]);
  const header = ['ID', 'NAME', 'CWE', 'SEVERITY', 'CONFIDENCE', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n\n${rules.length} rules\n`);
  return ExitCode.Clean;
}

import pc from 'picocolors';
import type { CweId } from '../core/cwe.js';
import { SEVERITIES, compareFindings } from '../core/finding.js';
import type { CodeContext, Finding, Severity } from '../core/finding.js';
import { CLEAN_VERDICT } from '../core/result.js';
import type { FileError, ReviewResult } from '../core/result.js';
import { compareErrors, cweName } from './json.js';
import type { ReportInfo } from './types.js';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Renders a review the way a careful human reviewer would write it: a one-line summary, then
 * each finding with its location, the code, what is wrong, why, and how to fix it.
 */
export function renderText(result: ReviewResult, info: ReportInfo): string {
  const c = pc.createColors(info.color);
  const findings = [...result.findings].sort(compareFindings);
  const blocks: string[][] = [[summaryLine(findings, result, info, c)]];
  for (const finding of findings) blocks.push(findingBlock(finding, c));
  if (result.errors.length > 0) blocks.push(errorBlock(result.errors, c, info.diagnosticsShownElsewhere === true));
  // The verdict is the last line so scripts and readers find it in the same place every time.
  if (findings.length === 0) blocks.push([c.green(c.bold(CLEAN_VERDICT))]);
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function summaryLine(findings: readonly Finding[], result: ReviewResult, info: ReportInfo, c: Colors): string {
  const { files, lines } = result.stats;
  const reviewed = `${plural(files, 'file')}, ${plural(lines, 'line')} reviewed`;
  if (findings.length === 0) return `${c.bold(info.tool.name)}: no findings · ${reviewed}`;
  const fileCount = new Set(findings.map((f) => f.file)).size;
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => paintSeverity(s, `${n} ${s}`, c))
    .join(', ');
  return `${c.bold(info.tool.name)}: ${plural(findings.length, 'finding')} in ${plural(fileCount, 'file')} (${bySeverity}) · ${reviewed}`;
}

function findingBlock(f: Finding, c: Colors): string[] {
  const header = [
    paintSeverity(f.severity, f.severity.toUpperCase(), c),
    cweLabel(f.cwe),
    c.dim(`${f.ruleId} ${f.ruleName}`),
  ].join(' · ');
  const location = `${f.file}:${f.line}:${f.column}`;
  const lines = [
    c.bold(header),
    `  ${c.cyan(location)}${contextNote(f.context)}`,
    ...snippetLines(f, c),
    `  ${f.message}`,
    `  ${c.bold('Why:')} ${f.explanation}`,
    `  ${c.bold('Fix:')} ${f.fix}`,
  ];
  if (f.dataflow && f.dataflow.length > 0) {
    lines.push(`  ${c.bold('Flow:')} ${f.dataflow.map((s) => `line ${s.line} ${s.note}`).join(' → ')}`);
  }
  return lines;
}

function contextNote(context: CodeContext): string {
  return context === 'production' ? '' : ` (${context} code)`;
}

/** The code with its line numbers, and a caret underline when the finding sits on one line. */
function snippetLines(f: Finding, c: Colors): string[] {
  if (f.snippet === '') return [];
  const code = f.snippet.split('\n').map((l) => l.replace(/\r$/, ''));
  const last = f.line + code.length - 1;
  const width = String(last).length;
  const gutter = (label: string): string => c.dim(`    ${label.padStart(width)} |`);
  const out = code.map((text, i) => `${gutter(String(f.line + i))} ${text}`);
  const first = code[0];
  if (f.line === f.endLine && code.length === 1 && first !== undefined) {
    out.push(`${gutter('')} ${underline(first, f.column, f.endColumn, c)}`);
  } else if (f.endLine > last) {
    out.push(`${gutter('')} ${c.dim(`… through line ${f.endLine}`)}`);
  }
  return out;
}

/**
 * Carets under [column, endColumn) of `text`. Columns count UTF-16 code units, as JavaScript
 * strings do, so slicing is exact; the padding keeps tabs and double-width characters aligned.
 */
function underline(text: string, column: number, endColumn: number, c: Colors): string {
  const start = Math.max(0, column - 1);
  const end = Math.min(text.length, Math.max(endColumn - 1, start));
  const pad = [...text.slice(0, start)].map((ch) => (ch === '\t' ? '\t' : ' '.repeat(cellWidth(ch)))).join('');
  const covered = [...text.slice(start, end)].reduce((n, ch) => n + (ch === '\t' ? 1 : cellWidth(ch)), 0);
  return pad + c.red(c.bold('^'.repeat(Math.max(1, covered))));
}

const COMBINING = /^\p{M}$/u;
// East Asian wide and fullwidth blocks plus emoji shown as pictures take two terminal cells.
const WIDE =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}\p{Emoji_Presentation}]$/u;

function cellWidth(ch: string): number {
  if (COMBINING.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

function errorBlock(errors: readonly FileError[], c: Colors, shownElsewhere: boolean): string[] {
  const files = new Set(errors.map((e) => e.file)).size;
  if (shownElsewhere) return [c.yellow(`${plural(files, 'file')} could not be fully reviewed (see the diagnostics on stderr).`)];
  const sorted = [...errors].sort(compareErrors);
  return [
    c.yellow(`${plural(files, 'file')} could not be fully reviewed:`),
    ...sorted.map((e) => `  ${c.cyan(errorLocation(e))} ${c.dim(`[${e.kind}]`)} ${e.message}`),
  ];
}

function errorLocation(e: FileError): string {
  if (e.line === undefined) return `${e.file}:`;
  return e.column === undefined ? `${e.file}:${e.line}:` : `${e.file}:${e.line}:${e.column}:`;
}

function paintSeverity(severity: Severity, text: string, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.magenta(text));
    case 'high':
      return c.bold(c.red(text));
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.blue(text);
  }
}

/** `CWE-89 <name>`; an id outside the catalog is shown bare rather than crashing the report. */
function cweLabel(id: CweId): string {
  const name = cweName(id);
  return name === id ? id : `${id} ${name}`;
}

/** `1 file`, `2 files`, `1,840 lines`: digits grouped the same way on every machine. */
function plural(n: number, noun: string): string {
  const digits = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${digits} ${noun}${n === 1 ? '' : 's'}`;
}

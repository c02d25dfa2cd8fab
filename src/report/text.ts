import pc from 'picocolors';
import { cweUrl } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import { SEVERITIES, compareFindings, isDefect } from '../core/finding.js';
import type { CodeContext, Finding, FindingSource, Severity } from '../core/finding.js';
import { CLEAN_VERDICT } from '../core/result.js';
import type { ChangeSummary, ConsideredItem, FileError, LlmSummary, ReviewResult } from '../core/result.js';
import { CONSIDERED_HEADING, formatConsideredLine, groupConsidered } from './considered.js';
import { compareErrors, cweName, ruleHelpUri } from './json.js';
import { hiddenSummary } from './overview.js';
import type { ReportInfo } from './types.js';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Renders a review the way a careful human reviewer would write it: a one-line summary, then
 * each finding with its location, the code, what is wrong, why, and how to fix it.
 */
export function renderText(result: ReviewResult, info: ReportInfo): string {
  const c = pc.createColors(info.color);
  const findings = [...result.findings].sort(compareFindings);
  const defects = findings.filter(isDefect);
  // What the stages took out (suppressions, baseline, change, test code), so nothing disappears silently.
  const hidden = hiddenSummary(result);
  const summary = [summaryLine(defects, findings.length - defects.length, result, info, c), ...(hidden ? [c.dim(`  ${hidden}`)] : [])];
  const blocks: string[][] = [...(result.change ? [changeBlock(result.change, c)] : []), summary];
  for (const finding of findings) blocks.push(findingBlock(finding, c));
  if (result.considered && result.considered.length > 0) blocks.push(consideredBlock(result.considered, c));
  if (result.llm) blocks.push(llmBlock(result.llm, result.errors, c, info.diagnosticsShownElsewhere === true));
  // LLM diagnostics are about the second reviewer, not about files; the LLM block shows them.
  const fileErrors = result.errors.filter((e) => e.kind !== 'llm' && e.kind !== 'suppression');
  if (fileErrors.length > 0) blocks.push(errorBlock(fileErrors, c, info.diagnosticsShownElsewhere === true));
  // Problems with suppression comments are about the reviewed code's comments, not about files left unreviewed.
  const suppressionErrors = result.errors.filter((e) => e.kind === 'suppression');
  if (suppressionErrors.length > 0) blocks.push(suppressionBlock(suppressionErrors, c, info.diagnosticsShownElsewhere === true));
  // The verdict is the last line so scripts and readers find it in the same place every time.
  // Demoted findings (--include-tests) are informational and leave the verdict clean.
  if (defects.length === 0) blocks.push([c.green(c.bold(CLEAN_VERDICT))]);
  return blocks.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function summaryLine(findings: readonly Finding[], demoted: number, result: ReviewResult, info: ReportInfo, c: Colors): string {
  const { files, lines } = result.stats;
  const informational = demoted > 0 ? ` · ${demoted} informational (cannot reach production)` : '';
  const reviewed = `${plural(files, 'file')}, ${plural(lines, 'line')} reviewed${informational}`;
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
    f.demoted ? c.dim(`INFO (${f.severity} in production code)`) : paintSeverity(f.severity, f.severity.toUpperCase(), c),
    cweLabel(f.cwe),
    c.dim(`${f.ruleId} ${f.ruleName}`),
    ...(f.source ? [sourceTag(f.source, c)] : []),
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
  if (f.demoted) lines.push(`  ${c.bold('Demoted:')} ${f.demoted.detail}`);
  if (f.dataflow && f.dataflow.length > 0) {
    lines.push(`  ${c.bold('Flow:')} ${f.dataflow.map((s) => `line ${s.line} ${s.note}`).join(' → ')}`);
  }
  // The rule's full page (also offline: `secreview explain <id>`).
  // An LLM-only finding has no rule page; its CWE entry is the reference.
  lines.push(`  ${c.bold('See:')} ${c.dim(f.source === 'llm' ? cweUrl(f.cwe) : ruleHelpUri(f.ruleId))}`);
  return lines;
}

/** The "Considered" section: one line per weakness class, grouped by file when there are several. */
function consideredBlock(items: readonly ConsideredItem[], c: Colors): string[] {
  const groups = groupConsidered(items);
  if (groups.length === 1) return [c.bold(`${CONSIDERED_HEADING}:`), ...items.map((item) => `  ${formatConsideredLine(item)}`)];
  return groups.flatMap((group) => [
    `${c.bold(`${CONSIDERED_HEADING} in`)} ${c.cyan(group.file)}${c.bold(':')}`,
    ...group.items.map((item) => `  ${formatConsideredLine(item)}`),
  ]);
}

/** Which reviewer found a finding, when the LLM reviewer took part. */
function sourceTag(source: FindingSource, c: Colors): string {
  const label = source === 'both' ? '[static+llm]' : `[${source}]`;
  return source === 'llm' ? c.magenta(label) : c.dim(label);
}

/** What the LLM second reviewer did: chunks, accepted and rejected claims, failures. */
function llmBlock(llm: LlmSummary, errors: readonly FileError[], c: Colors, shownElsewhere: boolean): string[] {
  const cached = llm.cachedChunks > 0 ? ` (${llm.cachedChunks} from cache)` : '';
  const rejected = llm.rejected.length > 0 ? `, ${llm.rejected.length} rejected by verification (listed with --format json)` : '';
  const lines = [
    `${c.bold('LLM reviewer')} ${llm.model}, prompt ${llm.promptDesign}: ${plural(llm.chunks, 'chunk')} reviewed${cached}, ${plural(llm.accepted, 'claim')} verified${rejected}.`,
  ];
  const failures = errors.filter((e) => e.kind === 'llm');
  if (llm.failedChunks > 0 || failures.length > 0) {
    const where = shownElsewhere ? ' (see the diagnostics on stderr)' : '';
    const tail = shownElsewhere ? '.' : ':';
    lines.push(c.yellow(`  The LLM review is incomplete: ${plural(llm.failedChunks, 'chunk')} failed${where}; the static findings are complete${tail}`));
    if (!shownElsewhere) lines.push(...failures.map((e) => `  ${e.file === '' ? '' : `${c.cyan(`${e.file}:`)} `}${e.message}`));
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

function suppressionBlock(errors: readonly FileError[], c: Colors, shownElsewhere: boolean): string[] {
  const head = `${plural(errors.length, 'suppression comment')} need${errors.length === 1 ? 's' : ''} attention`;
  if (shownElsewhere) return [c.yellow(`${head} (see the diagnostics on stderr).`)];
  return [c.yellow(`${head}:`), ...[...errors].sort(compareErrors).map((e) => `  ${c.cyan(errorLocation(e))} ${e.message}`)];
}

/** The change under review: its subject line, where it comes from, its size, and what was not reviewed as is. */
function changeBlock(change: ChangeSummary, c: Colors): string[] {
  const subject = change.message?.trim().split('\n')[0]?.trim();
  const more = (change.commits ?? 0) > 1 ? ` (+${plural((change.commits ?? 1) - 1, 'more commit')})` : '';
  const added = change.files.reduce((n, f) => n + f.added, 0);
  const removed = change.files.reduce((n, f) => n + f.removed, 0);
  const scope = change.scope === 'changed-lines' ? 'findings on changed lines only (--all for whole files)' : 'whole files (--all)';
  const lines = [
    `${c.bold('Change:')} ${subject ? `${subject}${more}` : c.dim('no commit message')}`,
    `  ${changeOrigin(change)} · ${plural(change.files.length, 'file')} changed (+${groupDigits(added)} -${groupDigits(removed)}) · ${scope}`,
  ];
  const binary = change.files.filter((f) => f.binary).map((f) => f.path);
  if (binary.length > 0) lines.push(`  ${c.dim(`binary, not reviewed: ${binary.join(', ')}`)}`);
  const rebuilt = change.files.filter((f) => f.reconstructed).map((f) => f.path);
  if (rebuilt.length > 0) {
    lines.push(`  ${c.yellow(`reconstructed from the patch: ${rebuilt.join(', ')}`)} (not in the working tree; only the lines the hunks show were reviewed)`);
  }
  return lines;
}

function changeOrigin(change: ChangeSummary): string {
  const short = (id: string): string => id.slice(0, 12);
  const base = change.base ? `${change.baseRef && change.baseRef !== change.base ? `${change.baseRef} ` : ''}(${short(change.base)})` : '';
  if (change.source === 'diff') return `working tree against ${base}`;
  if (change.source === 'staged') return `staged changes against ${base}`;
  return change.head ? `patch up to commit ${short(change.head)}` : 'patch';
}

function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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

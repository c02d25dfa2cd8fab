import { cweUrl } from '../core/cwe.js';
import type { Finding, Severity } from '../core/finding.js';
import { CLEAN_VERDICT } from '../core/result.js';
import type { ConsideredItem, FileError, LlmSummary, ReviewResult } from '../core/result.js';
import { findingExcerpt } from './excerpt.js';
import { CONSIDERED_HEADING, formatConsideredLine, groupConsidered } from './considered.js';
import { compareErrors, cweName } from './json.js';
import {
  SEVERITIES_DESC,
  changeHeading,
  fileSummaries,
  findingHelpUri,
  hiddenSummary,
  plural,
  severityCounts,
  severityLabel,
  sortedFindings,
  splitDefects,
} from './overview.js';
import type { ReportInfo } from './types.js';

// A pull/merge-request comment (GitHub, GitLab, Gitea and Bitbucket all render CommonMark with
// inline HTML): summary first, then one section per finding with the details folded away so a
// long review stays scannable. Everything the user controls (messages, paths, code) is escaped.

/** Coloured circles read at a glance in every Markdown renderer, without images. */
export const SEVERITY_ICON: Readonly<Record<Severity, string>> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵' };

/** The Markdown report: summary, findings, unreviewed files, then the verdict when clean. */
export function renderMarkdown(result: ReviewResult, info: ReportInfo): string {
  const findings = sortedFindings(result);
  const { defects, informational } = splitDefects(findings);
  const blocks: string[] = [heading(defects, info)];
  const change = changeBlock(result);
  if (change) blocks.push(change);
  if (defects.length > 0) blocks.push(severityTable(defects), fileTable(defects));
  blocks.push(statsLine(result, info, informational.length));
  findings.forEach((f, i) => blocks.push(findingSection(f, i + 1, info)));
  // The "Considered" section (src/report/considered.ts): what was checked and why it is fine.
  if (result.considered && result.considered.length > 0) blocks.push(consideredDetails(result.considered));
  if (result.llm) blocks.push(llmLine(result.llm));
  const fileErrors = result.errors.filter((e) => e.kind !== 'llm');
  if (fileErrors.length > 0) blocks.push(errorDetails(fileErrors));
  // Informational (demoted) findings leave the verdict clean, as in the text report.
  if (defects.length === 0) blocks.push(CLEAN_VERDICT);
  return blocks.join('\n\n') + '\n';
}

function heading(defects: readonly Finding[], info: ReportInfo): string {
  if (defects.length === 0) return `### ✅ ${info.tool.name}: no security findings`;
  const files = new Set(defects.map((f) => f.file)).size;
  return `### 🔒 ${info.tool.name}: ${plural(defects.length, 'security finding')} in ${plural(files, 'file')}`;
}

function changeBlock(result: ReviewResult): string | undefined {
  const change = changeHeading(result);
  if (!change) return undefined;
  const subject = change.subject === '' ? '' : ` ${escapeInline(change.subject)}`;
  const head = `**Change:**${subject} <sub>(${escapeInline(change.scope)})</sub>`;
  if (change.body === '') return head;
  return `${head}\n\n<details><summary>Commit message</summary>\n\n${codeFence(change.body, 'text')}\n\n</details>`;
}

function severityTable(findings: readonly Finding[]): string {
  const counts = severityCounts(findings);
  const head = SEVERITIES_DESC.map((s) => `${SEVERITY_ICON[s]} ${severityLabel(s)}`);
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => ':-:').join(' | ')} |`, `| ${SEVERITIES_DESC.map((s) => counts[s]).join(' | ')} |`].join('\n');
}

function fileTable(findings: readonly Finding[]): string {
  const rows = fileSummaries(findings).map(
    (row) => `| ${codeSpan(row.file)} | ${row.count} | ${SEVERITY_ICON[row.worst]} ${severityLabel(row.worst)} |`,
  );
  return ['| File | Findings | Highest severity |', '| :-- | --: | :-- |', ...rows].join('\n');
}

function statsLine(result: ReviewResult, info: ReportInfo, informational: number): string {
  const { files, lines } = result.stats;
  const parts = [`${plural(files, 'file')}, ${plural(lines, 'line')} reviewed`];
  if (informational > 0) parts.push(`${informational} informational (test or example code)`);
  const hidden = hiddenSummary(result);
  if (hidden) parts.push(hidden);
  parts.push(`${info.tool.name} ${info.tool.version}`);
  return `<sub>${parts.map(escapeInline).join(' · ')}</sub>`;
}

function findingSection(f: Finding, index: number, info: ReportInfo): string {
  const rule = info.rules.find((r) => r.id === f.ruleId);
  const parts = [
    `#### ${index}. ${severityBadge(f)}: ${escapeInline(rule?.title ?? f.ruleName)}`,
    `${codeSpan(`${f.file}:${f.line}:${f.column}`)} · ${findingReference(f)}`,
    escapeInline(f.message),
    excerptFence(f, info.sources),
  ];
  if (f.demoted) parts.push(`ℹ️ ${escapeInline(f.demoted.detail)}`);
  parts.push(findingDetails(f));
  return parts.join('\n\n');
}

/** `🔴 High`, or `ℹ️ Info (high in production code)` for a demoted finding. */
export function severityBadge(f: Finding): string {
  if (f.demoted) return `ℹ️ Info (${f.severity} in production code)`;
  return `${SEVERITY_ICON[f.severity]} ${severityLabel(f.severity)}`;
}

/** `[CWE-78](…) OS Command Injection · [PY-CMD-001](…) · confidence high · test code`: the links and qualifiers of a finding. */
export function findingReference(f: Finding): string {
  const parts = [`[${f.cwe}](${cweUrl(f.cwe)}) ${escapeInline(cweName(f.cwe))}`];
  // An LLM-only finding has no rule page; the CWE link above is its reference.
  parts.push(f.source === 'llm' ? `${escapeInline(f.ruleId)} (LLM reviewer, verified)` : `[${f.ruleId}](${findingHelpUri(f)})`);
  if (f.source === 'both') parts.push('also found by the LLM reviewer');
  parts.push(`confidence ${f.confidence}`);
  if (f.context !== 'production') parts.push(`${f.context} code`);
  return parts.join(' · ');
}

/** The collapsible why / fix / dataflow blocks of one finding. */
export function findingDetails(f: Finding): string {
  const blocks = [details('Why it is exploitable', escapeParagraphs(f.explanation)), details('How to fix', escapeParagraphs(f.fix))];
  if (f.dataflow && f.dataflow.length > 0) {
    const steps = f.dataflow.map((s, i) => `${i + 1}. line ${s.line}, column ${s.column}: ${codeSpan(s.note)}`);
    blocks.push(details(`Dataflow: ${plural(f.dataflow.length, 'step')}, source to sink`, steps.join('\n')));
  }
  return blocks.join('\n');
}

function details(summary: string, body: string): string {
  // Blank lines around the body let renderers parse Markdown inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** The finding's lines (with context when known), numbered, the flagged ones marked with `>`. */
function excerptFence(f: Finding, sources: ReadonlyMap<string, string> | undefined): string {
  const lines = findingExcerpt(f, sources);
  const width = String(lines.at(-1)?.number ?? f.line).length;
  const text = lines.map((l) => `${l.flagged ? '>' : ' '} ${String(l.number).padStart(width)} | ${l.text}`).join('\n');
  const cut = f.endLine > (lines.at(-1)?.number ?? f.endLine) ? `\n  … through line ${f.endLine}` : '';
  return codeFence(text + cut, 'python');
}

function consideredDetails(items: readonly ConsideredItem[]): string {
  const groups = groupConsidered(items);
  const body = groups
    .map((group) => {
      const lines = group.items.map((item) => `- ${escapeInline(formatConsideredLine(item))}`);
      return groups.length === 1 ? lines.join('\n') : `${codeSpan(group.file)}\n\n${lines.join('\n')}`;
    })
    .join('\n\n');
  return details(`${CONSIDERED_HEADING}: what was checked and why`, body);
}

function llmLine(llm: LlmSummary): string {
  const rejected = llm.rejected.length > 0 ? `, ${llm.rejected.length} rejected by verification` : '';
  const failed = llm.failedChunks > 0 ? `; ${plural(llm.failedChunks, 'chunk')} failed, so the LLM review is incomplete` : '';
  return `<sub>LLM reviewer ${escapeInline(llm.model)} (prompt ${escapeInline(llm.promptDesign)}): ${plural(llm.chunks, 'chunk')} reviewed, ${plural(llm.accepted, 'claim')} verified${rejected}${failed}.</sub>`;
}

function errorDetails(errors: readonly FileError[]): string {
  const files = new Set(errors.map((e) => e.file)).size;
  const rows = [...errors].sort(compareErrors).map((e) => {
    const where = e.line === undefined ? e.file : `${e.file}:${e.line}${e.column === undefined ? '' : `:${e.column}`}`;
    return `- ${codeSpan(where)} (${e.kind}): ${escapeInline(e.message)}`;
  });
  return details(`⚠️ ${plural(files, 'file')} could not be fully reviewed`, rows.join('\n'));
}

/** A fenced block whose fence is longer than any backtick run inside the code. */
export function codeFence(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code}\n${fence}`;
}

/** An inline code span that survives backticks inside the text (CommonMark's padding rule). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

// ASCII punctuation that could start emphasis, links, HTML, tables or entities mid-line.
const INLINE_SPECIAL = /[\\`*_[\]<>|~&#!]/g;

/** Text shown literally inside a paragraph or table cell. */
export function escapeInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(INLINE_SPECIAL, (ch) => `\\${ch}`)
    // At the start of a paragraph these would open a list, a heading underline or a numbered list.
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Longer prose: paragraphs kept, each escaped; a line break inside a paragraph becomes a space. */
function escapeParagraphs(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => escapeInline(p.trim()))
    .join('\n\n');
}

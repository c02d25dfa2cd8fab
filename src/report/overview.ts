import { cweUrl } from '../core/cwe.js';
import { SEVERITIES, compareFindings, isDefect, severityRank } from '../core/finding.js';
import type { Finding, Severity } from '../core/finding.js';
import type { HiddenReason, ReviewResult } from '../core/result.js';
import { ruleHelpUri } from './json.js';

// Facts that the human-readable reports (markdown, html, gerrit) all summarise the same way.

/** Severities from most to least serious, the order summaries list them in. */
export const SEVERITIES_DESC: readonly Severity[] = [...SEVERITIES].reverse();

/** Findings in the report order: path, line, column, rule id. */
export function sortedFindings(result: ReviewResult): Finding[] {
  return [...result.findings].sort(compareFindings);
}

/** How many findings there are of each severity. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** One row per file with findings: how many and the worst severity, in path order. */
export interface FileSummary {
  readonly file: string;
  readonly count: number;
  readonly worst: Severity;
}

/** Files with findings, in path order (findings must already be sorted). */
export function fileSummaries(sorted: readonly Finding[]): FileSummary[] {
  const byFile = new Map<string, { count: number; worst: Severity }>();
  for (const f of sorted) {
    const entry = byFile.get(f.file);
    if (!entry) byFile.set(f.file, { count: 1, worst: f.severity });
    else {
      entry.count += 1;
      if (severityRank(f.severity) > severityRank(entry.worst)) entry.worst = f.severity;
    }
  }
  return [...byFile].map(([file, { count, worst }]) => ({ file, count, worst }));
}

const HIDDEN_LABELS: Readonly<Record<HiddenReason, string>> = {
  suppressed: 'suppressed inline',
  baseline: 'in the baseline',
  'test-context': 'in test code',
  'outside-change': 'outside the change',
  config: 'turned off by configuration',
};

/** "3 findings not shown: 2 suppressed inline, 1 in the baseline", or undefined when none are hidden. */
export function hiddenSummary(result: ReviewResult): string | undefined {
  const hidden = result.hidden ?? [];
  if (hidden.length === 0) return undefined;
  const counts = new Map<HiddenReason, number>();
  for (const h of hidden) counts.set(h.reason, (counts.get(h.reason) ?? 0) + 1);
  const parts = (Object.keys(HIDDEN_LABELS) as HiddenReason[])
    .filter((reason) => counts.has(reason))
    .map((reason) => `${counts.get(reason) ?? 0} ${HIDDEN_LABELS[reason]}`);
  return `${plural(hidden.length, 'finding')} not shown: ${parts.join(', ')}`;
}

/** The change under review as the report header shows it. */
export interface ChangeHeading {
  readonly subject: string;
  /** The rest of the commit message after the subject line, trimmed; empty when there is none. */
  readonly body: string;
  /** "changed lines of 3 files against 1a2b3c4d5e6f", or "whole files …" with --all. */
  readonly scope: string;
}

/**
 * The reviewed change's commit message and scope, when the review was restricted to a change
 * (`--diff`, `--staged`, `--patch`). A change without a message still gets a scope line.
 */
export function changeHeading(result: ReviewResult): ChangeHeading | undefined {
  const change = result.change;
  if (!change) return undefined;
  const lines = (change.message ?? '').replace(/\r\n?/g, '\n').trim().split('\n');
  const what = change.scope === 'whole-files' ? 'whole files' : 'changed lines';
  const against = change.base ? ` against ${change.base.slice(0, 12)}` : change.source === 'patch' ? ' of a patch' : '';
  return {
    subject: (lines[0] ?? '').trim(),
    body: lines.slice(1).join('\n').trim(),
    scope: `${what} of ${plural(change.files.length, 'file')}${against}${change.reconstructed ? ' (some reconstructed from the patch)' : ''}`,
  };
}

/** Findings that count as defects, and the informational (demoted) rest. */
export function splitDefects(findings: readonly Finding[]): { defects: Finding[]; informational: Finding[] } {
  return { defects: findings.filter(isDefect), informational: findings.filter((f) => !isDefect(f)) };
}

/** The page that documents a finding: its rule's, or the CWE entry for an LLM-only finding (no rule). */
export function findingHelpUri(f: Finding): string {
  return f.source === 'llm' ? cweUrl(f.cwe) : ruleHelpUri(f.ruleId);
}

/** `1 file`, `2 files`, `1,840 lines`: digits grouped the same way on every machine. */
export function plural(n: number, noun: string): string {
  return `${groupDigits(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** 1840 → "1,840". */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "Critical", "High" … for headings and tables. */
export function severityLabel(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

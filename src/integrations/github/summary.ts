import type { Finding } from '../../core/finding.js';
import { CLEAN_VERDICT } from '../../core/result.js';
import type { ReviewResult } from '../../core/result.js';
import { codeSpan, escapeInline, SEVERITY_ICON } from '../../report/markdown.js';
import { SEVERITIES_DESC, changeHeading, hiddenSummary, plural, severityCounts, severityLabel, splitDefects } from '../../report/overview.js';
import type { ReportInfo } from '../../report/types.js';
import { REVIEW_MARKER } from './comments.js';
import type { ReviewPlan } from './plan.js';

// The body of the review secreview posts: what it found on the pull request's diff, what changed
// since its last review, and the findings it could not put on a diff line.

/** GitHub refuses bodies over 65,536 characters; stay well inside. */
const MAX_LISTED = 50;

/** The Markdown body of a new review. */
export function reviewBody(result: ReviewResult, plan: ReviewPlan, info: ReportInfo, withoutDiff: readonly string[] = []): string {
  const { defects: findings, informational } = splitDefects(result.findings);
  const parts = [REVIEW_MARKER, heading(findings, info)];
  const change = changeHeading(result);
  if (change && change.subject !== '') parts.push(`**Change:** ${escapeInline(change.subject)}`);
  if (findings.length > 0) parts.push(severityLine(findings));
  const activity = activityLine(plan);
  if (activity) parts.push(activity);
  if (plan.notInDiff.length > 0) parts.push(notInDiff(plan.notInDiff));
  if (withoutDiff.length > 0) parts.push(notReviewed(withoutDiff));
  const stats = [`${plural(result.stats.files, 'file')}, ${plural(result.stats.lines, 'line')} reviewed`];
  const hidden = hiddenSummary(result);
  if (hidden) stats.push(hidden);
  if (informational.length > 0) stats.push(`${informational.length} informational (test or example code)`);
  if (result.errors.length > 0) stats.push(`${plural(new Set(result.errors.map((e) => e.file)).size, 'file')} could not be fully reviewed`);
  stats.push(`${info.tool.name} ${info.tool.version}`);
  parts.push(`<sub>${stats.map(escapeInline).join(' · ')}</sub>`);
  if (findings.length === 0) parts.push(CLEAN_VERDICT);
  return parts.join('\n\n');
}

function heading(findings: readonly Finding[], info: ReportInfo): string {
  if (findings.length === 0) return `### ✅ ${info.tool.name}: no security findings in this pull request's changes`;
  return `### 🔒 ${info.tool.name}: ${plural(findings.length, 'security finding')} in this pull request's changes`;
}

function severityLine(findings: readonly Finding[]): string {
  const counts = severityCounts(findings);
  return SEVERITIES_DESC.filter((s) => counts[s] > 0)
    .map((s) => `${SEVERITY_ICON[s]} ${counts[s]} ${severityLabel(s).toLowerCase()}`)
    .join(' · ');
}

function activityLine(plan: ReviewPlan): string | undefined {
  const fixed = plan.edit.filter((e) => e.reason === 'fixed').length;
  const reopened = plan.edit.filter((e) => e.reason === 'reopened').length;
  const parts = [
    plan.create.length > 0 ? `${plural(plan.create.length, 'new inline comment')}` : '',
    plan.unchanged.length > 0 ? `${plan.unchanged.length} still open from earlier reviews` : '',
    reopened > 0 ? `${reopened} reopened` : '',
    fixed > 0 ? `${fixed} fixed since the last review` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(' · ')}.` : undefined;
}

function notInDiff(findings: readonly Finding[]): string {
  const rows = findings.slice(0, MAX_LISTED).map((f) => `- ${SEVERITY_ICON[f.severity]} ${codeSpan(`${f.file}:${f.line}`)} ${f.cwe}: ${escapeInline(f.message)}`);
  if (findings.length > MAX_LISTED) rows.push(`- … and ${findings.length - MAX_LISTED} more`);
  return `**Not on a line of this diff** (GitHub only accepts inline comments there):\n\n${rows.join('\n')}`;
}

function notReviewed(files: readonly string[]): string {
  const rows = files.slice(0, MAX_LISTED).map((f) => `- ${codeSpan(f)}`);
  if (files.length > MAX_LISTED) rows.push(`- … and ${files.length - MAX_LISTED} more`);
  return `**Not reviewed**: GitHub's API gives no diff for these files (binary, or too large), so their changed lines are unknown:\n\n${rows.join('\n')}`;
}

import { cweEntry, isKnownCwe } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import { compareFindings } from '../core/finding.js';
import type { Finding } from '../core/finding.js';
import type { FileError, ReviewResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import type { ReportInfo } from './types.js';

/**
 * Version of the JSON report layout (schemas/report.schema.json). Additive changes keep 1.x;
 * removing or renaming a field, or changing its meaning, bumps the major version.
 */
export const JSON_SCHEMA_VERSION = '1.0';

/** The stable documentation page of a rule; SARIF `helpUri` uses the same address. */
export function ruleHelpUri(ruleId: string): string {
  return `https://github.com/secreview/secreview/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}

/** The catalog name of a CWE, or the bare id for one outside the catalog (never throws in a report). */
export function cweName(id: CweId): string {
  return isKnownCwe(id) ? cweEntry(id).name : id;
}

/** The machine-readable report: every finding field plus names a consumer would otherwise look up. */
export function renderJson(result: ReviewResult, info: ReportInfo): string {
  const rules = new Map(info.rules.map((r) => [r.id, r]));
  // Keys are written in a fixed order (object literal order), so diffs between runs stay small.
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: info.tool.name, version: info.tool.version },
    verdict: result.verdict,
    findings: [...result.findings].sort(compareFindings).map((f) => toJsonFinding(f, rules.get(f.ruleId))),
    errors: [...result.errors].sort(compareErrors).map(toJsonError),
    stats: { files: result.stats.files, lines: result.stats.lines, durationMs: result.stats.durationMs },
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function toJsonFinding(f: Finding, rule: RuleMeta | undefined): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    ...(rule ? { ruleTitle: rule.title } : {}),
    cwe: f.cwe,
    cweName: cweName(f.cwe),
    severity: f.severity,
    confidence: f.confidence,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    snippet: f.snippet,
    message: f.message,
    explanation: f.explanation,
    fix: f.fix,
    context: f.context,
    ...(f.dataflow ? { dataflow: f.dataflow.map((s) => ({ line: s.line, column: s.column, note: s.note })) } : {}),
    helpUri: ruleHelpUri(f.ruleId),
  };
}

function toJsonError(e: FileError): Record<string, unknown> {
  return {
    file: e.file,
    kind: e.kind,
    message: e.message,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
  };
}

/** Errors in file order, then by position, so the report does not depend on worker timing. */
export function compareErrors(a: FileError, b: FileError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

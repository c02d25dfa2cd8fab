import { cweEntry, cweUrl, isKnownCwe } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import { compareFindings } from '../core/finding.js';
import type { Finding } from '../core/finding.js';
import type { ChangeSummary, ConsideredItem, FileError, LlmSummary, ReviewResult } from '../core/result.js';
import { enclosingScope, fingerprintFindings } from '../core/fingerprint.js';
import type { RuleMeta } from '../core/rule.js';
import type { ReportInfo } from './types.js';

/**
 * Version of the JSON report layout (schemas/report.schema.json). Additive changes keep 1.x;
 * removing or renaming a field, or changing its meaning, bumps the major version.
 */
export const JSON_SCHEMA_VERSION = '1.1';

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
  const findings = [...result.findings].sort(compareFindings);
  // The same identities SARIF's partialFingerprints carry (core/fingerprint.ts).
  const fingerprints = fingerprintFindings(findings, (f) => enclosingScope(result.scopes?.[f.file], f.line));
  // Keys are written in a fixed order (object literal order), so diffs between runs stay small.
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: info.tool.name, version: info.tool.version },
    verdict: result.verdict,
    ...(result.change ? { change: toJsonChange(result.change) } : {}),
    findings: findings.map((f, i) => toJsonFinding(f, rules.get(f.ruleId), fingerprints[i] ?? '')),
    errors: [...result.errors].sort(compareErrors).map(toJsonError),
    ...(result.considered ? { considered: result.considered.map(toJsonConsidered) } : {}),
    stats: { files: result.stats.files, lines: result.stats.lines, durationMs: result.stats.durationMs },
    ...(result.llm ? { llm: toJsonLlm(result.llm) } : {}),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function toJsonFinding(f: Finding, rule: RuleMeta | undefined, fingerprint: string): Record<string, unknown> {
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
    ...(f.demoted ? { demoted: { reason: f.demoted.reason, detail: f.demoted.detail } } : {}),
    ...(f.source ? { source: f.source } : {}),
    fingerprint,
    // An LLM-only finding has no rule page; its CWE entry is the reference.
    helpUri: f.source === 'llm' ? cweUrl(f.cwe) : ruleHelpUri(f.ruleId),
  };
}

/** The LLM reviewer's part of the report: rejected claims keep only the fields the model gave. */
function toJsonLlm(llm: LlmSummary): Record<string, unknown> {
  return {
    model: llm.model,
    promptDesign: llm.promptDesign,
    chunks: llm.chunks,
    cachedChunks: llm.cachedChunks,
    failedChunks: llm.failedChunks,
    accepted: llm.accepted,
    rejected: llm.rejected.map((r) => ({ claim: { ...r.claim }, reason: r.reason })),
  };
}

function toJsonConsidered(item: ConsideredItem): Record<string, unknown> {
  return { file: item.file, cwe: item.cwe, title: item.title, conclusion: item.conclusion, lines: [...item.lines] };
}

/** The change under review; every field of `ChangeSummary`, optional ones only when present. */
function toJsonChange(change: ChangeSummary): Record<string, unknown> {
  return {
    source: change.source,
    ...(change.base !== undefined ? { base: change.base } : {}),
    ...(change.baseRef !== undefined ? { baseRef: change.baseRef } : {}),
    ...(change.head !== undefined ? { head: change.head } : {}),
    ...(change.message !== undefined ? { message: change.message } : {}),
    ...(change.commits !== undefined ? { commits: change.commits } : {}),
    scope: change.scope,
    reconstructed: change.reconstructed,
    files: change.files.map((f) => ({
      path: f.path,
      ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}),
      status: f.status,
      added: f.added,
      removed: f.removed,
      ...(f.binary ? { binary: true } : {}),
      ...(f.reconstructed ? { reconstructed: true } : {}),
    })),
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

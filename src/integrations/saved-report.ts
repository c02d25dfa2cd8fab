import { CODE_CONTEXTS, CONFIDENCES, SEVERITIES, isDefect } from '../core/finding.js';
import type { CodeContext, DataflowStep, Finding, FindingSource } from '../core/finding.js';
import type { ErrorKind, FileError, ReviewResult } from '../core/result.js';
import type { CweId } from '../core/cwe.js';

// Reads back a report written by `secreview review --format json` (schemas/report.schema.json,
// major version 1), so a review made in one CI step can be posted by another.

export type SavedReport = { readonly ok: true; readonly result: ReviewResult } | { readonly ok: false; readonly message: string };

type Json = Record<string, unknown>;

const SOURCES: readonly FindingSource[] = ['static', 'llm', 'both'];

/** The review result stored in a JSON report, or what is wrong with the text. */
export function parseSavedReport(text: string): SavedReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `it is not JSON (${(error as Error).message})` };
  }
  if (!isObject(data) || typeof data.schemaVersion !== 'string') return { ok: false, message: 'it is not a secreview JSON report (no schemaVersion)' };
  if (!/^1\.\d+$/.test(data.schemaVersion)) return { ok: false, message: `report schema version ${data.schemaVersion} is not supported (expected 1.x)` };
  if (!Array.isArray(data.findings)) return { ok: false, message: 'the report has no findings array' };
  const findings: Finding[] = [];
  for (const [i, raw] of data.findings.entries()) {
    const finding = toFinding(raw);
    if (typeof finding === 'string') return { ok: false, message: `findings[${i}]: ${finding}` };
    findings.push(finding);
  }
  const errors = Array.isArray(data.errors) ? data.errors.filter(isObject).map(toError) : [];
  const stats = isObject(data.stats) ? data.stats : {};
  return {
    ok: true,
    result: {
      verdict: findings.some(isDefect) ? 'defects' : 'clean',
      findings,
      errors,
      stats: { files: numberOr(stats.files, 0), lines: numberOr(stats.lines, 0), durationMs: numberOr(stats.durationMs, 0) },
    },
  };
}

function toFinding(raw: unknown): Finding | string {
  if (!isObject(raw)) return 'not an object';
  for (const key of ['ruleId', 'ruleName', 'cwe', 'file', 'snippet', 'message', 'explanation', 'fix'] as const) {
    if (typeof raw[key] !== 'string') return `"${key}" must be a string`;
  }
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
    if (!Number.isInteger(raw[key]) || (raw[key] as number) < 1) return `"${key}" must be a positive integer`;
  }
  if (!/^CWE-\d+$/.test(raw.cwe as string)) return `"cwe" must look like CWE-89`;
  if (!oneOf(SEVERITIES, raw.severity)) return `"severity" must be one of ${SEVERITIES.join(', ')}`;
  if (!oneOf(CONFIDENCES, raw.confidence)) return `"confidence" must be one of ${CONFIDENCES.join(', ')}`;
  const context: CodeContext = oneOf(CODE_CONTEXTS, raw.context) ? raw.context : 'production';
  const dataflow = Array.isArray(raw.dataflow) ? raw.dataflow.filter(isObject).map(toStep) : undefined;
  return {
    ruleId: raw.ruleId as string,
    ruleName: raw.ruleName as string,
    cwe: raw.cwe as CweId,
    severity: raw.severity,
    confidence: raw.confidence,
    file: raw.file as string,
    line: raw.line as number,
    endLine: raw.endLine as number,
    column: raw.column as number,
    endColumn: raw.endColumn as number,
    snippet: raw.snippet as string,
    message: raw.message as string,
    explanation: raw.explanation as string,
    fix: raw.fix as string,
    context,
    ...(dataflow ? { dataflow } : {}),
    ...(oneOf(SOURCES, raw.source) ? { source: raw.source } : {}),
    ...(isObject(raw.demoted) && raw.demoted.reason === 'test-context' && typeof raw.demoted.detail === 'string'
      ? { demoted: { reason: 'test-context' as const, detail: raw.demoted.detail } }
      : {}),
  };
}

function toStep(raw: Json): DataflowStep {
  return { line: numberOr(raw.line, 1), column: numberOr(raw.column, 1), note: typeof raw.note === 'string' ? raw.note : '' };
}

function toError(raw: Json): FileError {
  return {
    file: typeof raw.file === 'string' ? raw.file : '',
    kind: (typeof raw.kind === 'string' ? raw.kind : 'internal') as ErrorKind,
    message: typeof raw.message === 'string' ? raw.message : '',
    ...(Number.isInteger(raw.line) ? { line: raw.line as number } : {}),
    ...(Number.isInteger(raw.column) ? { column: raw.column as number } : {}),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

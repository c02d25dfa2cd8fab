import { cweNumber } from '../core/cwe.js';
import { FINGERPRINT_VERSION, enclosingScope, fingerprintFindings } from '../core/fingerprint.js';
import { compareFindings } from '../core/finding.js';
import type { Confidence, DataflowStep, Finding, Severity } from '../core/finding.js';
import type { ErrorKind, FileError, ReviewResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import { compareErrors, ruleHelpUri } from './json.js';
import { renderRuleMarkdown, renderRuleText } from './rule-doc.js';
import type { ReportInfo } from './types.js';

// SARIF 2.1.0 (OASIS), with the property conventions GitHub code scanning and CodeQL use:
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning

/** The schema address written into `$schema`. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Json = Record<string, unknown>;
type Level = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, Level>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub ranks alerts by `security-severity` (CVSS-like, 0.0–10.0): >9 critical, ≥7 high, ≥4 medium.
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const PROBLEM_SEVERITY: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'recommendation' };
const PRECISION: Readonly<Record<Confidence, string>> = { high: 'high', medium: 'medium', low: 'low' };
// A file skipped on purpose (binary, too large, empty, a symlink, an unsupported type) or only
// partly parsed is worth a warning; a file that could not be read or decoded, a bad configuration
// or an internal failure left code unreviewed, which is an error. A failed LLM second review is a
// warning: the static review it supplements is complete.
const NOTIFICATION_LEVEL: Readonly<Record<ErrorKind, 'error' | 'warning'>> = {
  io: 'error', encoding: 'error', config: 'error', internal: 'error',
  parse: 'warning', binary: 'warning', size: 'warning', empty: 'warning', symlink: 'warning', unsupported: 'warning',
  llm: 'warning', suppression: 'warning',
};

/** SARIF 2.1.0 log of a review: one run, every participating rule, one result per finding. */
export function renderSarif(result: ReviewResult, info: ReportInfo): string {
  const rules = uniqueRules(info.rules);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const findings = [...result.findings].sort(compareFindings);
  // Stable identities (core/fingerprint.ts), so code scanning keeps an alert's history when lines move.
  const fingerprints = fingerprintFindings(findings, (f) => enclosingScope(result.scopes?.[f.file], f.line));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: info.tool.name,
            version: info.tool.version,
            semanticVersion: info.tool.version,
            informationUri: info.tool.informationUri,
            rules: rules.map(toReportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [...result.errors].sort(compareErrors).map(toNotification),
          },
        ],
        // tree-sitter columns count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results: findings.map((f, i) => toResult(f, ruleIndex.get(f.ruleId), fingerprints[i] ?? '')),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function uniqueRules(rules: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function toReportingDescriptor(rule: RuleMeta): Json {
  const level = LEVEL[rule.severity];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    // The same page as docs/rules/<id>.md and `secreview explain`, so every viewer shows one text.
    help: { text: renderRuleText(rule), markdown: renderRuleMarkdown(rule) },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level },
    properties: {
      tags: ['security', ...[rule.cwe, ...(rule.relatedCwe ?? [])].map((id) => `external/cwe/cwe-${cweNumber(id)}`)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: PRECISION[rule.confidence],
      'problem.severity': PROBLEM_SEVERITY[level],
    },
  };
}

function toResult(f: Finding, ruleIndex: number | undefined, fingerprint: string): Json {
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    // A demoted finding (test code that cannot reach production, shown on request) is a note.
    level: f.demoted ? 'note' : LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: physicalLocation(f) }],
    partialFingerprints: { [FINGERPRINT_VERSION]: fingerprint },
    ...(f.dataflow && f.dataflow.length > 0 ? { codeFlows: [codeFlow(f.file, f.dataflow)] } : {}),
    properties: {
      cwe: f.cwe,
      severity: f.severity,
      confidence: f.confidence,
      context: f.context,
      ...(f.source ? { source: f.source } : {}),
      ...(f.demoted ? { demoted: { reason: f.demoted.reason, detail: f.demoted.detail } } : {}),
    },
  };
}

function physicalLocation(f: Finding): Json {
  const covered = coveredText(f);
  // SARIF wants the context region to be a proper superset of the region.
  const addContext = covered !== undefined && covered !== f.snippet;
  return {
    artifactLocation: artifactLocation(f.file),
    region: {
      startLine: f.line,
      startColumn: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      ...(covered !== undefined ? { snippet: { text: covered } } : {}),
    },
    // The whole source lines, for viewers that show the finding in context.
    ...(addContext ? { contextRegion: { startLine: f.line, endLine: f.endLine, snippet: { text: f.snippet } } } : {}),
  };
}

/**
 * The exact text of the region: SARIF defines `region.snippet` as the region's own content,
 * while `Finding.snippet` holds whole lines. Undefined when the snippet was cut short.
 */
function coveredText(f: Finding): string | undefined {
  const lines = f.snippet.split('\n').slice(0, f.endLine - f.line + 1);
  if (lines.length !== f.endLine - f.line + 1) return undefined;
  const last = lines.length - 1;
  return lines
    .map((text, i) => text.slice(i === 0 ? f.column - 1 : 0, i === last ? f.endColumn - 1 : undefined))
    .join('\n');
}

function codeFlow(file: string, steps: readonly DataflowStep[]): Json {
  const locations = steps.map((s) => ({
    location: {
      physicalLocation: { artifactLocation: artifactLocation(file), region: { startLine: s.line, startColumn: s.column } },
      message: { text: s.note },
    },
  }));
  return { threadFlows: [{ locations }] };
}

function toNotification(e: FileError): Json {
  const region =
    e.line === undefined ? undefined : { startLine: e.line, ...(e.column !== undefined ? { startColumn: e.column } : {}) };
  return {
    level: NOTIFICATION_LEVEL[e.kind],
    message: { text: e.message },
    ...(e.file !== ''
      ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file), ...(region ? { region } : {}) } }] }
      : {}),
    properties: { kind: e.kind },
  };
}

/**
 * A SARIF artifact location for a display path. Relative paths become relative URI references
 * against %SRCROOT% (the checkout root for GitHub); each segment is percent-encoded, so spaces,
 * `#`, `%` and non-ASCII names stay valid URI references.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const path = file.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return { uri: `file:///${drive[1] ?? ''}:/${encodePath(path.slice(3))}` };
  if (path.startsWith('/')) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

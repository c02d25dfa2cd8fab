import type { CweId } from './cwe.js';

/** Impact if the finding is real. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
/** How sure the analysis is that the finding is real. */
export type Confidence = 'low' | 'medium' | 'high';
/** Where the code runs: only production code reaches users. */
export type CodeContext = 'production' | 'test' | 'example';

/** Severities from least to most serious; the index is the rank. */
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
/** Confidences from least to most certain. */
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];
/** Every code context. */
export const CODE_CONTEXTS: readonly CodeContext[] = ['production', 'test', 'example'];

/** Rank of a severity (low = 0 … critical = 3), for thresholds and sorting. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** One step of a dataflow path, from source to sink. */
export interface DataflowStep {
  readonly line: number;
  readonly column: number;
  readonly note: string;
}

/**
 * One security defect, tied to exact source positions. Lines and columns are 1-based
 * (as in SARIF); `endColumn` is exclusive.
 */
export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly cwe: CweId;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  /** The source line(s) the finding covers, verbatim. */
  readonly snippet: string;
  /** One sentence: what was found. */
  readonly message: string;
  /** Why it is exploitable in this code. */
  readonly explanation: string;
  /** What to do instead. */
  readonly fix: string;
  readonly context: CodeContext;
  readonly dataflow?: readonly DataflowStep[];
}

/** Total order used by every reporter: path, line, column, rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

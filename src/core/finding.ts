import type { CweId } from './cwe.js';

/** Impact if the finding is real. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
/** How sure the analysis is that the finding is real. */
export type Confidence = 'low' | 'medium' | 'high';
/**
 * Where the code runs: only production code reaches users. Migrations run once against
 * production data; generated code is rewritten by its generator, not edited by hand.
 */
export type CodeContext = 'production' | 'test' | 'example' | 'migration' | 'generated';
/** Which reviewer reported a finding: the static rules, the LLM reviewer (verified claim), or both. */
export type FindingSource = 'static' | 'llm' | 'both';

/** Severities from least to most serious; the index is the rank. */
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
/** Confidences from least to most certain. */
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];
/** Every code context. */
export const CODE_CONTEXTS: readonly CodeContext[] = ['production', 'test', 'example', 'migration', 'generated'];

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
 * Machine-readable evidence a rule attaches to a finding, for post-processing stages:
 * `known-secret-format` marks a literal in a vendor key format (a private key block, an AWS or
 * GitHub token), which is a real leak wherever the file sits.
 */
export type FindingTag = 'known-secret-format';

/** Why a finding is shown as informational instead of as a defect (see `--include-tests`). */
export interface Demotion {
  readonly reason: 'test-context';
  /** One sentence for the reader: why this cannot reach production. */
  readonly detail: string;
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
  /** Set when the LLM reviewer took part in the run; absent means the static rules alone. */
  readonly source?: FindingSource;
  readonly tags?: readonly FindingTag[];
  /**
   * Set when the finding sits in code that cannot reach production (a fake password in a test
   * fixture) and the user asked to see such findings anyway: it is informational, does not
   * make the verdict `defects` and does not change the exit code.
   */
  readonly demoted?: Demotion;
}

/** True for findings that count as defects: everything except demoted ones. */
export function isDefect(finding: Finding): boolean {
  return finding.demoted === undefined;
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

import type { Finding, Severity } from './finding.js';
import { severityRank } from './finding.js';

/** What kind of failure a per-file or run error is. */
export type ErrorKind =
  | 'io'
  | 'parse'
  | 'encoding'
  | 'binary'
  | 'size'
  | 'empty'
  | 'symlink'
  | 'unsupported'
  | 'config'
  | 'internal';

/** A problem with one input; the rest of the review still completes. */
export interface FileError {
  readonly file: string;
  readonly kind: ErrorKind;
  readonly message: string;
  /** Set for parse errors: where the first syntax error is. */
  readonly line?: number;
  readonly column?: number;
}

/** Run statistics. */
export interface ReviewStats {
  readonly files: number;
  readonly lines: number;
  readonly durationMs: number;
}

export type Verdict = 'clean' | 'defects';

/** Why a finding is not shown by default. */
export type HiddenReason = 'suppressed' | 'baseline' | 'test-context' | 'outside-change' | 'config';

/** A finding that a post-processing stage took out of the report, with the reason. */
export interface HiddenFinding {
  readonly finding: Finding;
  readonly reason: HiddenReason;
  /** One sentence for the reader, e.g. "suppressed at line 12: fixture data". */
  readonly detail: string;
}

/** The whole outcome of a review, which every reporter renders. */
export interface ReviewResult {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly errors: readonly FileError[];
  readonly stats: ReviewStats;
  /** Findings taken out by post-processing stages (suppressions, baseline, context, diff). */
  readonly hidden?: readonly HiddenFinding[];
}

/** True when any finding is at or above `threshold`. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Severity): boolean {
  const rank = severityRank(threshold);
  return findings.some((f) => severityRank(f.severity) >= rank);
}

/** The sentence a clean review ends with, in every human-readable format. */
export const CLEAN_VERDICT = 'No security defects are detected in the code.';

import type { CweId } from './cwe.js';
import type { ScopeSpan } from './fingerprint.js';
import type { Finding, Severity } from './finding.js';
import { isDefect, severityRank } from './finding.js';

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
  | 'internal'
  | 'llm'
  | 'suppression';

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

/** One claim of the LLM reviewer as it answered (normalized types), before verification. */
export interface LlmClaim {
  readonly file: string;
  readonly cwe?: string;
  readonly line?: number;
  readonly endLine?: number;
  readonly code?: string;
  readonly title?: string;
  readonly explanation?: string;
  readonly fix?: string;
  readonly confidence?: string;
}

/** A claim that failed verification and was never shown as a finding, with the reason. */
export interface LlmRejection {
  readonly claim: LlmClaim;
  /** One sentence, e.g. "line 40 does not exist: app.py has 31 lines". */
  readonly reason: string;
}

/** What the LLM second reviewer did in this run. */
export interface LlmSummary {
  readonly model: string;
  /** The prompt design used: basic, cwe-list, commit, cot or full. */
  readonly promptDesign: string;
  /** Chunks of code sent for review (including answers taken from the cache). */
  readonly chunks: number;
  /** Chunks answered from the on-disk cache. */
  readonly cachedChunks: number;
  /** Chunks whose review failed (see `errors` with kind `llm`). */
  readonly failedChunks: number;
  /** Claims that passed verification (after merging duplicates). */
  readonly accepted: number;
  readonly rejected: readonly LlmRejection[];
}

/**
 * One line of the "Considered" section: for a weakness class that matters to the reviewed
 * code, what the review concluded and the lines that conclusion rests on.
 */
export interface ConsideredItem {
  /** The reviewed file (display path, or `<stdin>`). */
  readonly file: string;
  readonly cwe: CweId;
  /** A short name of the weakness class, e.g. "OS command injection". */
  readonly title: string;
  /** One sentence: a finding, or why there is none (constant argument, test-only code, …). */
  readonly conclusion: string;
  /** The lines the conclusion cites, ascending. */
  readonly lines: readonly number[];
}

/** How one file changed in the reviewed change. */
export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

/** One file of a reviewed change. */
export interface ChangedFileSummary {
  /** Display path after the change (before it, for a deleted file). */
  readonly path: string;
  /** Display path before the change, for renamed and copied files. */
  readonly oldPath?: string;
  readonly status: ChangeStatus;
  /** Lines added and removed. */
  readonly added: number;
  readonly removed: number;
  /** A binary change: not reviewed. */
  readonly binary?: boolean;
  /** Reviewed as reconstructed from the patch hunks, because the post-change file is not on disk. */
  readonly reconstructed?: boolean;
}

/** The change a review was restricted to (`--diff`, `--staged`, `--patch`). */
export interface ChangeSummary {
  /** Where the change came from: the working tree or the index against a base commit, or a patch. */
  readonly source: 'diff' | 'staged' | 'patch';
  /** The base commit (full hash) for `diff` and `staged`. */
  readonly base?: string;
  /** How the base was named: the given revision, or the upstream branch it is the merge-base with. */
  readonly baseRef?: string;
  /**
   * The commit the change ends at: HEAD for `diff` and `staged` (the working tree or the index
   * sits on top of it), the last commit of a patch series.
   */
  readonly head?: string;
  /** The commit message: from git, the patch header, or `--message`; a series' messages, oldest first. */
  readonly message?: string;
  /** Number of commits in the change, when it is made of commits. */
  readonly commits?: number;
  /** `changed-lines`: only findings on changed lines are shown; `whole-files` with `--all`. */
  readonly scope: 'changed-lines' | 'whole-files';
  readonly files: readonly ChangedFileSummary[];
  /** True when some file was reviewed from what the patch hunks show, not from the working tree. */
  readonly reconstructed: boolean;
}

/** The whole outcome of a review, which every reporter renders. */
export interface ReviewResult {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly errors: readonly FileError[];
  readonly stats: ReviewStats;
  /** Findings taken out by post-processing stages (suppressions, baseline, context, diff). */
  readonly hidden?: readonly HiddenFinding[];
  /** Present when the LLM second reviewer ran (`--llm`). */
  readonly llm?: LlmSummary;
  /** The "Considered" section, present when it was asked for (`--considered`). */
  readonly considered?: readonly ConsideredItem[];
  /** The change under review, when the review was restricted to one. */
  readonly change?: ChangeSummary;
  /**
   * Functions and classes of the files that have findings, by display path: the enclosing
   * scope is part of a finding's fingerprint (see core/fingerprint.ts).
   */
  readonly scopes?: Readonly<Record<string, readonly ScopeSpan[]>>;
}

/** True when any finding is at or above `threshold`; demoted (informational) findings never count. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Severity): boolean {
  const rank = severityRank(threshold);
  return findings.some((f) => isDefect(f) && severityRank(f.severity) >= rank);
}

/** The sentence a clean review ends with, in every human-readable format. */
export const CLEAN_VERDICT = 'No security defects are detected in the code.';

import type { ChangeStatus } from '../../core/result.js';

/** One line of a hunk: context (` `), added (`+`) or removed (`-`). */
export interface HunkLine {
  readonly kind: ' ' | '+' | '-';
  readonly text: string;
}

/** One hunk of a unified diff; counts as in the `@@ -a,b +c,d @@` header. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
  readonly lines: readonly HunkLine[];
}

/** One file's section of a diff. Paths are relative to the repository root, `/`-separated. */
export interface FileDiff {
  /** Absent for an added file. */
  readonly oldPath?: string;
  /** Absent for a deleted file. */
  readonly newPath?: string;
  readonly status: ChangeStatus;
  readonly binary: boolean;
  readonly hunks: readonly Hunk[];
}

/** One commit of a patch series, or the whole of a plain diff (then without id or message). */
export interface PatchCommit {
  readonly id?: string;
  readonly author?: string;
  readonly date?: string;
  readonly message?: string;
  readonly files: readonly FileDiff[];
}

/** What a patch file holds. */
export interface ParsedPatch {
  readonly commits: readonly PatchCommit[];
  /** Sections that could not be used (combined merge diffs), with why. */
  readonly skipped: readonly string[];
}

/**
 * A file's net change across a patch series, in post-change line numbers: which lines are new,
 * where lines were removed, and the post-change text the hunks show.
 */
export interface FileChange {
  readonly oldPath?: string;
  readonly newPath?: string;
  readonly status: ChangeStatus;
  readonly binary: boolean;
  /** Post-change line numbers of added or modified lines. */
  readonly added: ReadonlySet<number>;
  /** Post-change line numbers after which lines were removed (0: at the top of the file). */
  readonly deletedAfter: ReadonlySet<number>;
  readonly addedCount: number;
  readonly removedCount: number;
  /** Post-change lines the hunks show (context and added lines), by line number. */
  readonly known: ReadonlyMap<number, string>;
}

/** The lines of one reviewed file that the change touched. */
export interface ChangedLines {
  /** Every line counts as changed (a new, untracked or added file). */
  readonly all: boolean;
  readonly added: ReadonlySet<number>;
  /** Post-change line numbers after which lines were removed. */
  readonly deletedAfter: readonly number[];
}

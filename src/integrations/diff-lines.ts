// Which new-side lines a unified diff shows, per file: the lines it adds, and every new-side
// line inside a hunk (added or context). GitHub accepts review comments on any of the latter;
// "changed lines" for restricting findings are the former.

/** The new-side lines of one file in a diff. */
export interface FileDiffLines {
  /** Lines added or modified by the change. */
  readonly added: ReadonlySet<number>;
  /** Every new-side line the diff shows (added lines and context lines). */
  readonly visible: ReadonlySet<number>;
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** The lines of the hunks of one file (GitHub's `patch` field, or one file's part of a diff). */
export function parseHunks(patch: string): FileDiffLines {
  const added = new Set<number>();
  const visible = new Set<number>();
  let next = 0;
  let remaining = 0;
  for (const line of patch.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      next = Number(header[1]);
      remaining = header[2] === undefined ? 1 : Number(header[2]);
      continue;
    }
    if (remaining <= 0) continue;
    if (line.startsWith('+')) {
      added.add(next);
      visible.add(next);
    } else if (line.startsWith(' ') || line === '') {
      visible.add(next);
    } else {
      // '-' lines exist only on the old side; '\ No newline at end of file' on neither.
      continue;
    }
    next += 1;
    remaining -= 1;
  }
  return { added, visible };
}

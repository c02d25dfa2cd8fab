import type { ChangeStatus } from '../../core/result.js';
import { isCommitStart, parseCommitHeader } from './message.js';
import type { CommitHeader } from './message.js';
import { gitHeaderPaths, hasPrefixes, headerPath, stripPrefix, unquotePath } from './paths.js';
import type { FileDiff, Hunk, HunkLine, ParsedPatch, PatchCommit } from './types.js';

/** A cursor over the patch's lines, local to one `parsePatch` call. */
interface Cursor {
  readonly lines: readonly string[];
  i: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses a unified diff in any of the forms reviewers pass around: `git diff`, `git show`,
 * `git format-patch` mails and series (GitHub's `.patch`, Gerrit's download), and plain
 * `diff -u` output. Renames, copies, mode changes and binary files come from git's extended
 * headers; hunks are read by their line counts, so a `-- ` signature or a stray line after
 * the last hunk is not taken for code.
 */
export function parsePatch(text: string): ParsedPatch {
  const cursor: Cursor = { lines: splitLines(text), i: 0 };
  const commits: PatchCommit[] = [];
  const skipped: string[] = [];
  let header: CommitHeader = {};
  let files: FileDiff[] = [];
  let preamble: string[] = [];
  const flush = (): void => {
    const message = header.message ?? (preamble.join('\n').trim() || undefined);
    if (files.length > 0 || header.id) commits.push({ ...header, ...(message ? { message } : {}), files });
    header = {};
    files = [];
    preamble = [];
  };
  while (cursor.i < cursor.lines.length) {
    const line = cursor.lines[cursor.i] ?? '';
    if (isCommitStart(line)) {
      flush();
      const parsed = parseCommitHeader(cursor.lines, cursor.i);
      header = parsed.header;
      cursor.i = parsed.next;
    } else if (line.startsWith('diff --git ')) {
      files.push(parseGitSection(cursor));
    } else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      skipped.push(`${line.slice(line.indexOf(' ', 5) + 1)}: a combined merge diff cannot be reviewed as a change; skipped`);
      skipSection(cursor);
    } else if (line.startsWith('--- ') && (cursor.lines[cursor.i + 1] ?? '').startsWith('+++ ')) {
      files.push(parsePlainSection(cursor));
    } else {
      // Free text before the first file (a quilt or DEP-3 description) is the change's message.
      if (files.length === 0 && !header.id && !/^(Index: |={5,}|diff )/.test(line)) preamble.push(line);
      cursor.i += 1;
    }
  }
  flush();
  return { commits, skipped };
}

/** Lines of the patch; a patch saved with CRLF line ends loses its CRs (the code's own CRs stay in LF patches). */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  const marker = lines.find((l) => /^(diff --git |--- |@@ |From [0-9a-f]{7,})/.test(l));
  return marker?.endsWith('\r') ? lines.map((l) => l.replace(/\r$/, '')) : lines;
}

function skipSection(cursor: Cursor): void {
  cursor.i += 1;
  while (cursor.i < cursor.lines.length && !isSectionStart(cursor.lines[cursor.i] ?? '')) cursor.i += 1;
}

function isSectionStart(line: string): boolean {
  return line.startsWith('diff ') || isCommitStart(line);
}

/** A `diff --git` section: extended headers, then a binary note or `---`/`+++` and hunks. */
function parseGitSection(cursor: Cursor): FileDiff {
  const header = gitHeaderPaths((cursor.lines[cursor.i] ?? '').slice('diff --git '.length));
  const prefixed = header ? hasPrefixes(header.oldPath, header.newPath) : true;
  let oldPath = stripPrefix(header?.oldPath, prefixed);
  let newPath = stripPrefix(header?.newPath, prefixed);
  let status: ChangeStatus = 'modified';
  let binary = false;
  const hunks: Hunk[] = [];
  for (cursor.i += 1; cursor.i < cursor.lines.length; ) {
    const line = cursor.lines[cursor.i] ?? '';
    if (isSectionStart(line)) break;
    const [key, value] = extendedHeader(line);
    if (key === 'new file mode') status = 'added';
    else if (key === 'deleted file mode') status = 'deleted';
    else if (key === 'rename from' || key === 'copy from') oldPath = unquotePath(value);
    else if (key === 'rename to' || key === 'copy to') {
      newPath = unquotePath(value);
      status = key === 'rename to' ? 'renamed' : 'copied';
    } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
    else if (line.startsWith('--- ') && (cursor.lines[cursor.i + 1] ?? '').startsWith('+++ ')) {
      const from = headerPath(line.slice(4));
      const to = headerPath((cursor.lines[cursor.i + 1] ?? '').slice(4));
      if (from !== undefined) oldPath = stripPrefix(from, prefixed);
      if (to !== undefined) newPath = stripPrefix(to, prefixed);
      cursor.i += 2;
      hunks.push(...readHunks(cursor));
      continue;
    }
    cursor.i += 1;
  }
  return finishSection(oldPath, newPath, status, binary, hunks);
}

function extendedHeader(line: string): [string, string] {
  const match = /^(old mode|new mode|deleted file mode|new file mode|rename from|rename to|copy from|copy to|similarity index|dissimilarity index|index) ?(.*)$/.exec(line);
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}

/** A plain `diff -u` section: `---`/`+++` headers (perhaps with timestamps) and hunks. */
function parsePlainSection(cursor: Cursor): FileDiff {
  const from = headerPath((cursor.lines[cursor.i] ?? '').slice(4));
  const to = headerPath((cursor.lines[cursor.i + 1] ?? '').slice(4));
  const prefixed = from !== undefined && to !== undefined ? /^a\//.test(from) && /^b\//.test(to) : /^[ab]\//.test(from ?? to ?? '');
  cursor.i += 2;
  const hunks = readHunks(cursor);
  const status: ChangeStatus = from === undefined ? 'added' : to === undefined ? 'deleted' : 'modified';
  return finishSection(stripPrefix(from, prefixed), stripPrefix(to, prefixed), status, false, hunks);
}

function finishSection(oldPath: string | undefined, newPath: string | undefined, status: ChangeStatus, binary: boolean, hunks: Hunk[]): FileDiff {
  const renamed = status === 'modified' && oldPath !== undefined && newPath !== undefined && oldPath !== newPath ? 'renamed' : status;
  return {
    ...(renamed !== 'added' && oldPath !== undefined ? { oldPath } : {}),
    ...(renamed !== 'deleted' && newPath !== undefined ? { newPath } : {}),
    status: renamed,
    binary,
    hunks,
  };
}

/** Consecutive hunks; each is read by its header's line counts. */
function readHunks(cursor: Cursor): Hunk[] {
  const hunks: Hunk[] = [];
  for (;;) {
    const match = HUNK_HEADER.exec(cursor.lines[cursor.i] ?? '');
    if (!match) return hunks;
    cursor.i += 1;
    const hunk = {
      oldStart: Number(match[1]),
      oldCount: match[2] === undefined ? 1 : Number(match[2]),
      newStart: Number(match[3]),
      newCount: match[4] === undefined ? 1 : Number(match[4]),
    };
    hunks.push({ ...hunk, lines: readHunkLines(cursor, hunk.oldCount, hunk.newCount) });
  }
}

function readHunkLines(cursor: Cursor, oldCount: number, newCount: number): HunkLine[] {
  const lines: HunkLine[] = [];
  let oldLeft = oldCount;
  let newLeft = newCount;
  while (cursor.i < cursor.lines.length && (oldLeft > 0 || newLeft > 0)) {
    const line = cursor.lines[cursor.i] ?? '';
    const kind = line === '' ? ' ' : line[0];
    // Some tools strip the space of an empty context line; anything else ends a malformed hunk.
    if (kind === '\\') {
      cursor.i += 1;
      continue;
    }
    if (kind !== ' ' && kind !== '+' && kind !== '-') break;
    if (kind !== '+') oldLeft -= 1;
    if (kind !== '-') newLeft -= 1;
    lines.push({ kind, text: line.slice(1) });
    cursor.i += 1;
  }
  // "\ No newline at end of file" after the last line.
  while ((cursor.lines[cursor.i] ?? '').startsWith('\\ ')) cursor.i += 1;
  return lines;
}

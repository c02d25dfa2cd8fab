import type { ChangeStatus } from '../../core/result.js';
import type { FileChange, FileDiff, Hunk, PatchCommit } from './types.js';

/** A file's state while a series is replayed; `path` is where it lives after the last commit so far. */
interface Track {
  path: string | undefined;
  readonly origin: string | undefined;
  status: ChangeStatus;
  binary: boolean;
  added: Set<number>;
  deletedAfter: Set<number>;
  addedCount: number;
  removedCount: number;
  known: Map<number, string>;
}

/**
 * The net change of each file across the commits of a series (one commit for a plain diff):
 * line sets are carried through each later commit's hunks, so "added in commit 1, shifted by
 * commit 2" lands on the right post-change line, and renames chain to the final path.
 */
export function composeChanges(commits: readonly PatchCommit[]): FileChange[] {
  const live = new Map<string, Track>();
  const gone: Track[] = [];
  for (const commit of commits) {
    for (const diff of commit.files) applyDiff(live, gone, diff);
  }
  // A file added and deleted again within the series never existed as far as the base is concerned.
  return [...live.values(), ...gone].filter((t) => !(t.origin === undefined && t.path === undefined)).map(toChange);
}

function applyDiff(live: Map<string, Track>, gone: Track[], diff: FileDiff): void {
  const key = diff.oldPath ?? diff.newPath ?? '';
  const existing = diff.status === 'added' ? undefined : live.get(key);
  const track = existing ?? newTrack(diff);
  if (existing) live.delete(key);
  replay(track, diff.hunks);
  track.binary ||= diff.binary;
  track.status = nextStatus(track, diff);
  track.path = diff.newPath;
  if (track.path === undefined) gone.push(track);
  else live.set(track.path, track);
}

function newTrack(diff: FileDiff): Track {
  return {
    path: diff.oldPath ?? diff.newPath,
    origin: diff.oldPath,
    status: diff.status,
    binary: false,
    added: new Set(),
    deletedAfter: new Set(),
    addedCount: 0,
    removedCount: 0,
    known: new Map(),
  };
}

/** Status across the series: an added file stays added; a deletion wins; a move is a rename. */
function nextStatus(track: Track, diff: FileDiff): ChangeStatus {
  if (diff.status === 'deleted') return 'deleted';
  if (track.status === 'added' || diff.status === 'added') return 'added';
  if (diff.status === 'renamed' || diff.status === 'copied') return diff.status;
  return track.status === 'renamed' || track.status === 'copied' ? track.status : 'modified';
}

/** Carries the track's line facts through one diff's hunks and adds the diff's own changes. */
function replay(track: Track, hunks: readonly Hunk[]): void {
  if (hunks.length === 0) return;
  const map = (line: number): number | undefined => mapLine(line, hunks);
  const addedBefore = track.added;
  track.added = mapSet(track.added, map);
  track.deletedAfter = new Set([...track.deletedAfter].map((d) => (d === 0 ? 0 : map(d))).filter((d): d is number => d !== undefined));
  track.known = new Map([...track.known].map(([line, text]) => [map(line), text] as const).filter((e): e is [number, string] => e[0] !== undefined));
  for (const hunk of hunks) {
    let oldLine = firstLine(hunk.oldStart, hunk.oldCount);
    let newLine = firstLine(hunk.newStart, hunk.newCount);
    let removing = false;
    for (const line of hunk.lines) {
      if (line.kind === '-') {
        // Removing a line this series added earlier is not a removal from the base.
        if (!addedBefore.has(oldLine)) track.removedCount += 1;
        if (!removing) track.deletedAfter.add(newLine - 1);
        removing = true;
        oldLine += 1;
        continue;
      }
      removing = false;
      track.known.set(newLine, line.text);
      if (line.kind === '+') track.added.add(newLine);
      else oldLine += 1;
      newLine += 1;
    }
  }
  // Net added lines: a line added and then changed again by the series counts once.
  track.addedCount = track.added.size;
}

/** The first line a hunk covers: a zero-length side names the line *before* the change. */
function firstLine(start: number, count: number): number {
  return count === 0 ? start + 1 : start;
}

/** Where a pre-diff line ends up after the diff, or undefined when the diff removed it. */
export function mapLine(line: number, hunks: readonly Hunk[]): number | undefined {
  let delta = 0;
  for (const hunk of hunks) {
    const oldFirst = firstLine(hunk.oldStart, hunk.oldCount);
    const newFirst = firstLine(hunk.newStart, hunk.newCount);
    if (line < oldFirst) return line + delta;
    if (line < oldFirst + hunk.oldCount) return mapInside(line, hunk, oldFirst, newFirst);
    delta = newFirst + hunk.newCount - (oldFirst + hunk.oldCount);
  }
  return line + delta;
}

function mapInside(line: number, hunk: Hunk, oldFirst: number, newFirst: number): number | undefined {
  let oldLine = oldFirst;
  let newLine = newFirst;
  for (const entry of hunk.lines) {
    if (entry.kind === '+') {
      newLine += 1;
      continue;
    }
    if (oldLine === line) return entry.kind === ' ' ? newLine : undefined;
    oldLine += 1;
    if (entry.kind === ' ') newLine += 1;
  }
  return undefined;
}

function mapSet(lines: ReadonlySet<number>, map: (line: number) => number | undefined): Set<number> {
  return new Set([...lines].map(map).filter((l): l is number => l !== undefined));
}

function toChange(track: Track): FileChange {
  const base = {
    status: track.status,
    binary: track.binary,
    added: track.added,
    deletedAfter: track.deletedAfter,
    addedCount: track.addedCount,
    removedCount: track.removedCount,
    known: track.known,
  };
  const oldPath = track.status === 'added' ? undefined : track.origin;
  return {
    ...base,
    ...(oldPath !== undefined ? { oldPath } : {}),
    ...(track.status !== 'deleted' && track.path !== undefined ? { newPath: track.path } : {}),
  };
}

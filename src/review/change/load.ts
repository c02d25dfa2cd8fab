import { extname, join, relative, resolve, sep } from 'node:path';
import type { LanguageFrontend } from '../../core/language.js';
import type { ChangedFileSummary, ChangeSummary, FileError } from '../../core/result.js';
import type { ChangedLines, FileChange } from './types.js';

/** One file of a change that will be reviewed. */
export interface ChangeSource {
  /** Relative to the repository (or patch) root, `/`-separated. */
  readonly repoPath: string;
  readonly absolutePath: string;
  /** Relative to the working directory, `/`-separated: the path findings carry. */
  readonly displayPath: string;
  readonly frontend: LanguageFrontend;
  /** The text to review when it is not the file on disk: the index version, or a reconstruction. */
  readonly text?: string;
  readonly reconstructed: boolean;
  readonly changed: ChangedLines;
}

/** A change ready for review. */
export interface LoadedChange {
  /** Everything the report header needs except whether findings are restricted (decided by `--all`). */
  readonly summary: Omit<ChangeSummary, 'scope'>;
  readonly sources: readonly ChangeSource[];
  /** Renamed files: absolute new path → absolute old path (baseline entries follow them). */
  readonly renames: ReadonlyMap<string, string>;
  /** Parts of the change that could not be used (a combined merge diff). */
  readonly errors: readonly FileError[];
}

/** A loaded change, or a message saying why there is none (a usage or git problem). */
export type ChangeLoad = { readonly ok: true; readonly change: LoadedChange } | { readonly ok: false; readonly message: string };

/** Where the change's paths live and how to show them. */
export interface ChangeRoots {
  /** The repository root (or, for a patch outside any repository, the working directory). */
  readonly root: string;
  readonly cwd: string;
}

/** The front-end for a changed file: by extension, or for a script without one by its shebang line. */
export function frontendFor(path: string, firstLine: string | undefined, frontends: readonly LanguageFrontend[]): LanguageFrontend | undefined {
  const ext = extname(path).toLowerCase();
  if (ext !== '') return frontends.find((f) => f.extensions.includes(ext));
  return firstLine === undefined ? undefined : frontends.find((f) => f.shebang?.test(firstLine));
}

/** A repository path as the working directory shows it. */
export function displayPath(roots: ChangeRoots, repoPath: string): string {
  const rel = relative(roots.cwd, join(roots.root, repoPath));
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** True when the file lies under one of the paths the user gave (relative to the working directory). */
export function isUnderPaths(roots: ChangeRoots, repoPath: string, paths: readonly string[]): boolean {
  const absolute = join(roots.root, repoPath);
  return paths.some((p) => {
    const rel = relative(resolve(roots.cwd, p), absolute);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
  });
}

/** The lines the restriction keeps for one file. */
export function changedLinesOf(change: FileChange): ChangedLines {
  return {
    all: change.status === 'added',
    added: change.added,
    deletedAfter: [...change.deletedAfter].sort((a, b) => a - b),
  };
}

/** The report's view of one changed file. */
export function summarizeFile(roots: ChangeRoots, change: FileChange, reconstructed: boolean): ChangedFileSummary {
  const path = change.newPath ?? change.oldPath ?? '';
  const renamed = (change.status === 'renamed' || change.status === 'copied') && change.oldPath !== undefined;
  return {
    path: displayPath(roots, path),
    ...(renamed && change.oldPath !== undefined ? { oldPath: displayPath(roots, change.oldPath) } : {}),
    status: change.status,
    added: change.addedCount,
    removed: change.removedCount,
    ...(change.binary ? { binary: true } : {}),
    ...(reconstructed ? { reconstructed: true } : {}),
  };
}

/** Absolute new path → absolute old path for every renamed file. */
export function renameMap(roots: ChangeRoots, changes: readonly FileChange[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of changes) {
    if (c.status === 'renamed' && c.oldPath !== undefined && c.newPath !== undefined) map.set(join(roots.root, c.newPath), join(roots.root, c.oldPath));
  }
  return map;
}

/** One message for a series: a single commit's message, or every message, oldest first. */
export function seriesMessage(messages: readonly (string | undefined)[]): string | undefined {
  const present = messages.map((m) => m?.trim()).filter((m): m is string => Boolean(m));
  return present.length === 0 ? undefined : present.join('\n\n');
}

/** Files in a stable order for the report: by display path. */
export function sortSummaries(files: readonly ChangedFileSummary[]): ChangedFileSummary[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

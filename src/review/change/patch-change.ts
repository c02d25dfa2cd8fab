import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LanguageFrontend } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { composeChanges } from './compose.js';
import type { Git } from './git.js';
import { changedLinesOf, displayPath, frontendFor, isUnderPaths, renameMap, seriesMessage, sortSummaries, summarizeFile } from './load.js';
import type { ChangeLoad, ChangeRoots, ChangeSource } from './load.js';
import { parsePatch } from './patch.js';
import { reconstructSource } from './reconstruct.js';
import type { FileChange, ParsedPatch } from './types.js';

/** What `--patch FILE|-` asks for. */
export interface PatchChangeRequest {
  readonly git: Git;
  readonly cwd: string;
  /** The patch as read from the file or stdin. */
  readonly patch: Uint8Array;
  /** The patch's name for messages (`fix.patch`, `<stdin>`). */
  readonly patchName: string;
  /** Only files under these paths (relative to `cwd`) are reviewed. */
  readonly paths: readonly string[];
  readonly frontends: readonly LanguageFrontend[];
}

/**
 * Loads a change from a unified diff. Paths are taken relative to the enclosing git
 * repository's root (else the working directory). A file whose post-change text is on disk
 * (every line the hunks show is there) is reviewed from disk; otherwise it is reconstructed
 * from the hunks and marked as such.
 */
export async function loadPatchChange(request: PatchChangeRequest): Promise<ChangeLoad> {
  const text = patchText(request.patch);
  const parsed = parsePatch(text);
  const files = parsed.commits.flatMap((c) => c.files);
  if (files.length === 0) {
    return { ok: false, message: `${request.patchName}: no file changes found; expected a unified diff (git diff, git format-patch, diff -u)` };
  }
  const roots: ChangeRoots = { root: await patchRoot(request), cwd: request.cwd };
  const changes = composeChanges(parsed.commits).filter((c) => isUnderPaths(roots, c.newPath ?? c.oldPath ?? '', request.paths));
  const sources: ChangeSource[] = [];
  for (const change of changes) {
    const source = await sourceOf(roots, change, request.frontends);
    if (source) sources.push(source);
  }
  const rebuilt = new Set(sources.filter((s) => s.reconstructed).map((s) => s.repoPath));
  const message = seriesMessage(parsed.commits.map((c) => c.message));
  const head = parsed.commits.at(-1)?.id;
  const commits = parsed.commits.filter((c) => c.id !== undefined).length;
  return {
    ok: true,
    change: {
      summary: {
        source: 'patch',
        ...(head ? { head } : {}),
        ...(message ? { message } : {}),
        ...(commits > 0 ? { commits } : {}),
        files: sortSummaries(changes.map((c) => summarizeFile(roots, c, c.newPath !== undefined && rebuilt.has(c.newPath)))),
        reconstructed: rebuilt.size > 0,
      },
      sources,
      renames: renameMap(roots, changes),
      errors: skippedErrors(parsed, request.patchName),
    },
  };
}

/**
 * The patch as text. Gerrit's "download patch" serves the format-patch text base64-encoded;
 * such input is decoded first. Bytes that are not UTF-8 are kept as replacement characters
 * rather than rejecting the whole patch.
 */
export function patchText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  const compact = text.replace(/\s+/g, '');
  if (compact.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && !/^(diff|From|commit|---)/.test(text)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    if (/^(From |commit |diff |--- )/m.test(decoded)) return decoded;
  }
  return text;
}

async function patchRoot(request: PatchChangeRequest): Promise<string> {
  const out = await request.git.run(['rev-parse', '--show-toplevel'], request.cwd);
  return out.code === 0 ? out.stdout.toString('utf8').trim() : request.cwd;
}

async function sourceOf(roots: ChangeRoots, change: FileChange, frontends: readonly LanguageFrontend[]): Promise<ChangeSource | undefined> {
  if (change.newPath === undefined || change.binary || change.status === 'deleted') return undefined;
  const absolutePath = join(roots.root, change.newPath);
  const disk = await readFile(absolutePath, 'utf8').catch(() => undefined);
  const firstLine = (disk ?? change.known.get(1))?.split('\n', 1)[0];
  const frontend = frontendFor(change.newPath, firstLine, frontends);
  if (!frontend) return undefined;
  const base = { repoPath: change.newPath, absolutePath, displayPath: displayPath(roots, change.newPath), frontend, changed: changedLinesOf(change) };
  if (disk !== undefined && matchesKnownLines(disk, change.known)) return { ...base, reconstructed: false };
  return { ...base, text: reconstructSource(change.known, frontend.id), reconstructed: true };
}

/** True when the file on disk is the post-change file: every line the hunks show is there, in place. */
function matchesKnownLines(text: string, known: ReadonlyMap<number, string>): boolean {
  const lines = text.split('\n');
  for (const [line, expected] of known) {
    if ((lines[line - 1] ?? '').replace(/\r$/, '') !== expected.replace(/\r$/, '')) return false;
  }
  return true;
}

function skippedErrors(parsed: ParsedPatch, patchName: string): FileError[] {
  return parsed.skipped.map((message) => ({ file: patchName, kind: 'unsupported', message }));
}

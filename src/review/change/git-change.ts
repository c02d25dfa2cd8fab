import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LanguageFrontend } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { decodeSource } from '../read.js';
import { composeChanges } from './compose.js';
import { GitError, gitText } from './git.js';
import type { Git } from './git.js';
import { changedLinesOf, displayPath, frontendFor, renameMap, seriesMessage, sortSummaries, summarizeFile } from './load.js';
import type { ChangeLoad, ChangeRoots, ChangeSource } from './load.js';
import { parsePatch } from './patch.js';
import type { FileChange } from './types.js';
import { readFirstLine } from '../collect.js';

/** What `--diff [BASE]` and `--staged` ask for. */
export interface GitChangeRequest {
  readonly git: Git;
  readonly cwd: string;
  /** The base revision; unset: the merge-base with the upstream branch, else HEAD. */
  readonly base?: string;
  /** Review the index (`--staged`) instead of the working tree. */
  readonly staged: boolean;
  /** Pathspecs, relative to `cwd`, that limit the change. */
  readonly paths: readonly string[];
  readonly frontends: readonly LanguageFrontend[];
}

interface Base {
  readonly commit: string;
  readonly ref: string;
}

/**
 * Loads the change of the working tree (or the index) against a base commit: `git diff`
 * with rename detection, plus untracked files that are not ignored (a new file is part of the
 * change before it is added), plus the messages of the commits since the base.
 */
export async function loadGitChange(request: GitChangeRequest): Promise<ChangeLoad> {
  try {
    const root = (await gitText(request.git, ['rev-parse', '--show-toplevel'], request.cwd)).trim();
    const roots: ChangeRoots = { root, cwd: request.cwd };
    const { base, paths } = await chooseBase(request);
    const changes = await diffChanges(request, base.commit, paths);
    const untracked = request.staged ? [] : await untrackedFiles(request, root, paths, changes);
    const all = [...changes, ...untracked];
    const { sources, errors } = await sourcesOf(request, roots, all);
    const head = await revParse(request, 'HEAD');
    const log = head && head !== base.commit ? await commitMessages(request, base.commit) : [];
    const message = seriesMessage(log);
    return {
      ok: true,
      change: {
        summary: {
          source: request.staged ? 'staged' : 'diff',
          base: base.commit,
          baseRef: base.ref,
          ...(head ? { head } : {}),
          ...(message ? { message } : {}),
          ...(log.length > 0 ? { commits: log.length } : {}),
          files: sortSummaries(all.map((c) => summarizeFile(roots, c, false))),
          reconstructed: false,
        },
        sources,
        renames: renameMap(roots, all),
        errors,
      },
    };
  } catch (error) {
    if (error instanceof GitError) return { ok: false, message: describeGitFailure(error) };
    throw error;
  }
}

function describeGitFailure(error: GitError): string {
  if (error.args[0] === 'rev-parse' && error.args[1] === '--show-toplevel') {
    return /ENOENT|not installed/.test(error.message)
      ? 'git is not installed or not on PATH; --diff and --staged need it (use --patch FILE to review a patch)'
      : 'not inside a git repository; --diff and --staged need one (use --patch FILE to review a patch)';
  }
  return error.message;
}

/**
 * The base commit. `--diff src/` is read as a path, not a revision, when no such revision
 * exists and the path does (as git itself disambiguates).
 */
async function chooseBase(request: GitChangeRequest): Promise<{ base: Base; paths: readonly string[] }> {
  if (request.base !== undefined) {
    const commit = await revParse(request, `${request.base}^{commit}`);
    if (commit) return { base: { commit, ref: request.base }, paths: request.paths };
    if (!existsSync(resolve(request.cwd, request.base))) {
      throw new GitError(['rev-parse', request.base], { code: 128, stdout: Buffer.alloc(0), stderr: `unknown revision "${request.base}" (not a commit, branch or tag)` });
    }
    const paths = [request.base, ...request.paths.filter((p) => p !== '.')];
    return { base: await defaultBase(request), paths };
  }
  return { base: await defaultBase(request), paths: request.paths };
}

async function defaultBase(request: GitChangeRequest): Promise<Base> {
  const upstream = await request.git.run(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], request.cwd);
  if (upstream.code === 0) {
    const ref = upstream.stdout.toString('utf8').trim();
    const mergeBase = await request.git.run(['merge-base', 'HEAD', '@{upstream}'], request.cwd);
    if (mergeBase.code === 0) return { commit: mergeBase.stdout.toString('utf8').trim(), ref: `merge-base with ${ref}` };
  }
  const head = await revParse(request, 'HEAD^{commit}');
  if (head) return { commit: head, ref: 'HEAD' };
  // A repository without commits yet: everything is new, compared with the empty tree.
  const empty = (await gitText(request.git, ['hash-object', '-t', 'tree', '/dev/null'], request.cwd)).trim();
  return { commit: empty, ref: 'the empty tree (no commits yet)' };
}

async function revParse(request: GitChangeRequest, revision: string): Promise<string | undefined> {
  const out = await request.git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', revision], request.cwd);
  return out.code === 0 ? out.stdout.toString('utf8').trim() : undefined;
}

async function diffChanges(request: GitChangeRequest, base: string, paths: readonly string[]): Promise<FileChange[]> {
  const args = ['diff', ...(request.staged ? ['--cached'] : []), '--no-color', '--no-ext-diff', '--no-textconv', '-M', '-U0', '--src-prefix=a/', '--dst-prefix=b/', base, '--', ...paths];
  return composeChanges(parsePatch(await gitText(request.git, args, request.cwd)).commits);
}

async function untrackedFiles(request: GitChangeRequest, root: string, paths: readonly string[], tracked: readonly FileChange[]): Promise<FileChange[]> {
  const out = await gitText(request.git, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name', '--', ...paths], request.cwd);
  const known = new Set(tracked.map((c) => c.newPath));
  const files: FileChange[] = [];
  for (const newPath of out.split('\0').filter((p) => p !== '' && !known.has(p))) {
    const bytes = await readFile(join(root, newPath)).catch(() => Buffer.alloc(0));
    const binary = bytes.subarray(0, 8192).includes(0);
    const lines = binary || bytes.length === 0 ? 0 : bytes.toString('utf8').split('\n').length - (bytes.at(-1) === 10 ? 1 : 0);
    files.push({ newPath, status: 'added', binary, added: new Set(), deletedAfter: new Set(), addedCount: lines, removedCount: 0, known: new Map() });
  }
  return files;
}

async function commitMessages(request: GitChangeRequest, base: string): Promise<string[]> {
  const out = await gitText(request.git, ['log', '--reverse', '--format=%B%x1e', `${base}..HEAD`], request.cwd);
  return out.split('\x1e').map((m) => m.trim()).filter(Boolean);
}

async function sourcesOf(request: GitChangeRequest, roots: ChangeRoots, changes: readonly FileChange[]): Promise<{ sources: ChangeSource[]; errors: FileError[] }> {
  const sources: ChangeSource[] = [];
  const errors: FileError[] = [];
  for (const change of changes) {
    if (change.newPath === undefined || change.binary || change.status === 'deleted') continue;
    const absolutePath = join(roots.root, change.newPath);
    const shown = displayPath(roots, change.newPath);
    const staged = request.staged ? decodeSource(await indexBytes(request, change.newPath, roots.root)) : undefined;
    const text = staged?.ok ? staged.text : undefined;
    const firstLine = staged ? text?.split('\n', 1)[0] : readFirstLine(absolutePath);
    const frontend = frontendFor(change.newPath, firstLine, request.frontends);
    if (!frontend) continue;
    if (staged && !staged.ok) {
      errors.push({ file: shown, kind: staged.kind, message: `staged version: ${staged.message}` });
      continue;
    }
    sources.push({
      repoPath: change.newPath,
      absolutePath,
      displayPath: shown,
      frontend,
      ...(text !== undefined ? { text } : {}),
      reconstructed: false,
      changed: changedLinesOf(change),
    });
  }
  return { sources, errors };
}

/** The staged version of a file (`git cat-file blob :path`). */
async function indexBytes(request: GitChangeRequest, path: string, root: string): Promise<Buffer> {
  const out = await request.git.run(['cat-file', 'blob', `:${path}`], root);
  if (out.code !== 0) throw new GitError(['cat-file', 'blob', `:${path}`], out);
  return out.stdout;
}

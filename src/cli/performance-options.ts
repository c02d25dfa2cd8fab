import { createHash } from 'node:crypto';
import { readdirSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installPaths } from '../core/install-paths.js';
import type { ReviewRequest } from '../review/review.js';
import { defaultJobs } from '../review/executor/index.js';
import { allRules } from '../review/languages.js';
import type { CliIo } from './io.js';
import { packageVersion } from './io.js';
import { progressBar } from './progress.js';

/** `--jobs`, `--no-cache`, `--cache-dir` as commander parses them. */
export interface PerformanceOptions {
  readonly jobs?: string;
  /** false with --no-cache. */
  readonly cache?: boolean;
  readonly cacheDir?: string;
}

/** The request fields for workers, cache and progress; or a usage error message. */
export function performanceRequest(options: PerformanceOptions, io: CliIo): Partial<ReviewRequest> | string {
  const jobs = options.jobs === undefined ? defaultJobs() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return `--jobs: "${options.jobs ?? ''}" is not a positive whole number`;
  const cacheDir = options.cache === false ? undefined : resolve(io.cwd, options.cacheDir ?? io.env.SECREVIEW_CACHE_DIR ?? '.secreview-cache');
  if (cacheDir !== undefined) ensureCacheDir(cacheDir);
  return {
    jobs,
    // Only cache keys use the version, and working it out stats every file of the build.
    ...(cacheDir !== undefined ? { cacheDir, rulesetVersion: rulesetVersion() } : {}),
    ...(showsProgress(io) ? { onProgress: progressBar({ write: io.stderr, now: io.now ?? Date.now, ...(io.stderrColumns ? { columns: io.stderrColumns } : {}) }) } : {}),
  };
}

/**
 * A progress bar only on a terminal that can redraw a line: not when stderr is a pipe, a file or
 * a CI log (they would keep every redraw), nor on TERM=dumb (no cursor control).
 */
function showsProgress(io: CliIo): boolean {
  return io.stderrIsTty === true && io.env.TERM !== 'dumb';
}

/** Creates the cache folder with a .gitignore of its own, as Ruff and pytest do. */
function ensureCacheDir(dir: string): void {
  try {
    if (existsSync(dir)) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.gitignore'), '# Created by secreview: the cache is not source.\n*\n');
  } catch {
    // An unwritable cache only costs speed; the cache itself ignores write failures.
  }
}

let version: string | undefined;

/**
 * The tool version, the rule metadata and the build that produced this code: a cached result
 * from any other combination is never reused. Computed once per process (read-only after).
 */
function rulesetVersion(): string {
  if (version !== undefined) return version;
  const hash = createHash('sha256');
  hash.update(packageVersion());
  for (const rule of allRules()) hash.update(`${rule.id}:${rule.severity}:${rule.confidence}:${rule.cwe}\n`);
  const built = installPaths(import.meta.url).codeDir;
  for (const entry of listFiles(built)) hash.update(`${entry.path}:${entry.size}:${entry.mtime}\n`);
  version = hash.digest('hex').slice(0, 16);
  return version;
}

function listFiles(dir: string): { path: string; size: number; mtime: number }[] {
  const out: { path: string; size: number; mtime: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.name.endsWith('.js') || entry.name.endsWith('.md')) {
      const info = statSync(path);
      out.push({ path: path.slice(dir.length), size: info.size, mtime: Math.trunc(info.mtimeMs) });
    }
  }
  return out;
}

import { availableParallelism } from 'node:os';
import type { FileAnalysis, LanguageFrontend, ModuleScan, SourceFile } from '../../core/language.js';
import { ResultCache } from './cache.js';
import { createTaskRunner } from './run-task.js';
import { buildSchedule } from './schedule.js';
import type { Task, TaskResult } from './tasks.js';
import { ReviewWorkers } from './workers.js';

export { ReviewWorkers } from './workers.js';

/** A file ready for analysis. */
export interface PlannedFile {
  readonly source: SourceFile;
  readonly frontend: LanguageFrontend;
  /** Path relative to the root it was found under (decides the module name). */
  readonly rootRelativePath: string;
}

export interface ExecutorOptions {
  /** Worker threads; 1 analyses in this thread. */
  readonly jobs: number;
  /** Directory of the on-disk result cache; no cache when absent. */
  readonly cacheDir?: string;
  readonly onlyRules?: ReadonlySet<string>;
  /** Changes whenever rules or the engine change (tool version + rule ids), for cache keys. */
  readonly rulesetVersion: string;
  /** Told how far the run is: at the start of each phase (none done) and as files finish. */
  readonly onProgress?: (progress: ReviewProgress) => void;
  /** Worker threads started before the call (see {@link ReviewWorkers.startEarly}); the caller closes them. */
  readonly workers?: ReviewWorkers;
}

/**
 * How far a run is. The scan phase reads every module's imports and calls (to order the
 * analyses), and runs only when the files form a project; the review phase analyses each file.
 */
export interface ReviewProgress {
  readonly phase: 'scan' | 'review';
  readonly done: number;
  readonly total: number;
}

/** The default number of workers: every core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Analyses files, in parallel when asked, with cross-file summaries and a result cache.
 * Results come back in the order of `files`, and are identical whatever `jobs` is: each file
 * sees exactly the summaries of the files it imports from earlier schedule levels.
 */
export async function analyzeFiles(files: readonly PlannedFile[], options: ExecutorOptions): Promise<FileAnalysis[]> {
  // Workers the caller started early are the caller's to close; others are made and closed here.
  const workers = options.workers ?? ReviewWorkers.forRun(options.jobs, files.length);
  let local: ((task: Task) => Promise<TaskResult>) | undefined;
  const run = (task: Task): Promise<TaskResult> => {
    if (workers) return workers.run(task);
    local ??= createTaskRunner();
    return local(task);
  };
  const cache = options.cacheDir !== undefined ? new ResultCache(options.cacheDir) : undefined;
  // Each file's text enters its scan key and its analysis key as one digest, hashed once.
  const textDigests = new Array<string | undefined>(files.length);
  const textDigest = (i: number): string => (textDigests[i] ??= ResultCache.key('text', (files[i] as PlannedFile).source.text));
  try {
    const modules = files.map((f) => f.frontend.moduleNameOf?.(f.rootRelativePath));
    const linked = modules.filter((m) => m !== undefined).length >= 2;
    const scans = linked ? await scanAll(files, modules, run, cache, textDigest, options.onProgress) : files.map(() => undefined);
    const imports = linked ? resolveImports(scans, modules) : files.map(() => []);
    const schedule = buildSchedule(imports);
    const called = calledIndex(scans);
    const results: (FileAnalysis | undefined)[] = new Array<FileAnalysis | undefined>(files.length);
    const digests = new Map<number, string>();
    const exportsDigest = (d: number): string => {
      let digest = digests.get(d);
      if (digest === undefined) digests.set(d, (digest = ResultCache.fingerprint([...(results[d]?.exports ?? [])])));
      return digest;
    };
    let done = 0;
    options.onProgress?.({ phase: 'review', done, total: files.length });
    const analyzeOne = async (i: number): Promise<void> => {
      const file = files[i] as PlannedFile;
      const moduleName = modules[i];
      const inProject = linked && moduleName !== undefined;
      const task: Extract<Task, { kind: 'analyze' }> = {
        kind: 'analyze',
        frontend: file.frontend.id,
        source: file.source,
        ...(options.onlyRules ? { onlyRules: [...options.onlyRules].sort() } : {}),
        ...(inProject ? { moduleName, summaries: [], calledNames: called(moduleName), modules: [] } : {}),
      };
      // The summaries a file sees enter its key as one digest per imported file, each hashed once.
      const seen = (): string => (linked ? (schedule.dependencies[i] ?? []).map(exportsDigest).join(',') : '');
      results[i] = await cached(cache, () => analyzeKey(task, seen(), options.rulesetVersion, textDigest(i)), async () => {
        // The summaries themselves only go with a file that is analysed, not one the cache answers.
        const summaries = inProject ? summariesFor(scans[i], (schedule.dependencies[i] ?? []).flatMap((d) => [...(results[d]?.exports ?? [])])) : undefined;
        const result = await run(summaries ? { ...task, summaries } : task);
        return result.kind === 'analyze' ? result.analysis : emptyAnalysis(file.source);
      })
        // One file's failure is that file's diagnostic (and is not cached); the review goes on.
        .catch((error: unknown) => emptyAnalysis(file.source, `the analysis of this file failed: ${String(error)}`));
      done += 1;
      options.onProgress?.({ phase: 'review', done, total: files.length });
    };
    await runInDependencyOrder(schedule.dependencies, analyzeOne);
    return results.map((r, i) => r ?? emptyAnalysis((files[i] as PlannedFile).source));
  } finally {
    if (workers !== options.workers) await workers?.close();
  }
}

/**
 * Starts each file as soon as the files it depends on are finished (no level barriers, so
 * workers stay busy). What a file sees is fixed by `dependencies`, so the order of completion
 * never changes a result.
 */
async function runInDependencyOrder(dependencies: readonly (readonly number[])[], analyze: (i: number) => Promise<void>): Promise<void> {
  const waiting = dependencies.map((deps) => deps.length);
  const dependents = dependencies.map((): number[] => []);
  dependencies.forEach((deps, i) => {
    for (const d of deps) dependents[d]?.push(i);
  });
  const start = (i: number): Promise<void> =>
    analyze(i).then(() =>
      Promise.all(
        (dependents[i] ?? []).flatMap((j) => {
          waiting[j] = (waiting[j] ?? 1) - 1;
          return waiting[j] === 0 ? [start(j)] : [];
        }),
      ).then(() => undefined),
    );
  await Promise.all(waiting.flatMap((count, i) => (count === 0 ? [start(i)] : [])));
}

/** A batch of scans is sent once it holds this much text, or this many files. */
const SCAN_BATCH_CHARS = 256 * 1024;
const SCAN_BATCH_FILES = 64;

async function scanAll(
  files: readonly PlannedFile[],
  modules: readonly (string | undefined)[],
  run: (task: Task) => Promise<TaskResult>,
  cache: ResultCache | undefined,
  textDigest: (i: number) => string,
  onProgress: ((progress: ReviewProgress) => void) | undefined,
): Promise<(ModuleScan | undefined)[]> {
  const scans = new Array<ModuleScan | undefined>(files.length).fill(undefined);
  const keyOf = (i: number): string => {
    const file = files[i] as PlannedFile;
    return ResultCache.key('scan', file.frontend.id, modules[i] ?? '', file.source.path, textDigest(i));
  };
  // Cached scans first; the others go to the workers in batches of one language.
  const missing = new Map<string, number[]>();
  files.forEach((file, i) => {
    if (modules[i] === undefined) return;
    const hit = cache?.get<ModuleScan>(keyOf(i));
    if (hit !== undefined) {
      scans[i] = hit;
      return;
    }
    const list = missing.get(file.frontend.id);
    if (list) list.push(i);
    else missing.set(file.frontend.id, [i]);
  });
  const total = modules.filter((m) => m !== undefined).length;
  let done = total - [...missing.values()].reduce((sum, list) => sum + list.length, 0);
  onProgress?.({ phase: 'scan', done, total });
  const batches: { frontend: string; indexes: number[] }[] = [];
  for (const [frontend, indexes] of missing) {
    let batch: number[] = [];
    let chars = 0;
    for (const i of indexes) {
      batch.push(i);
      chars += (files[i] as PlannedFile).source.text.length;
      if (chars >= SCAN_BATCH_CHARS || batch.length >= SCAN_BATCH_FILES) {
        batches.push({ frontend, indexes: batch });
        batch = [];
        chars = 0;
      }
    }
    if (batch.length > 0) batches.push({ frontend, indexes: batch });
  }
  await Promise.all(
    batches.map(async ({ frontend, indexes }) => {
      const task: Task = { kind: 'scan', frontend, files: indexes.map((i) => ({ source: (files[i] as PlannedFile).source, moduleName: modules[i] as string })) };
      // A failed scan only costs its files their cross-file ordering (and is not cached); their
      // analyses still run and report whatever is wrong with them.
      const result = await run(task).catch(() => undefined);
      const found = result?.kind === 'scan' ? result.scans : [];
      for (const [k, i] of indexes.entries()) {
        const scan = found[k];
        scans[i] = scan ?? { calls: [], imports: [] };
        if (scan && cache) await cache.set(keyOf(i), scan);
      }
      done += indexes.length;
      onProgress?.({ phase: 'scan', done, total });
    }),
  );
  return scans;
}

/**
 * The summaries of its imports that a file can reach: those of the functions it calls
 * (`pkg.db.run_query`) and of the methods of the classes it calls (`pkg.db.Repo.go` after
 * `Repo(...)`). Sending every summary of every imported module cost more to copy to the worker
 * than the file's own text. Without a scan (it failed), all of them.
 */
function summariesFor(scan: ModuleScan | undefined, entries: readonly (readonly [string, unknown])[]): (readonly [string, unknown])[] {
  if (!scan) return [...entries];
  const calls = new Set(scan.calls);
  const reachable = (name: string): boolean => {
    for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) if (calls.has(name.slice(0, end))) return true;
    return false;
  };
  return entries.filter(([name]) => reachable(name));
}

/** `key` is a function: hashing the summaries a file sees costs real time, and only a cache needs it. */
async function cached<T>(cache: ResultCache | undefined, key: () => string, compute: () => Promise<T>): Promise<T> {
  if (!cache) return compute();
  const name = key();
  const hit = cache.get<T>(name);
  if (hit !== undefined) return hit;
  const value = await compute();
  await cache.set(name, value);
  return value;
}

function analyzeKey(task: Extract<Task, { kind: 'analyze' }>, summariesDigest: string, rulesetVersion: string, textDigest: string): string {
  const { source } = task;
  // The text and the summaries enter the key as digests.
  const described = { ...task, source: undefined, summaries: undefined, path: source.path, context: source.context };
  return ResultCache.key('analyze', rulesetVersion, JSON.stringify(described), summariesDigest, textDigest);
}

/** Which reviewed file each import names: `pkg.mod.func` → the file of `pkg.mod`, by suffix too. */
function resolveImports(scans: readonly (ModuleScan | undefined)[], modules: readonly (string | undefined)[]): number[][] {
  const bySuffix = new Map<string, number>();
  modules.forEach((name, i) => {
    if (name === undefined) return;
    const parts = name.split('.');
    for (let k = 0; k < parts.length; k++) {
      const suffix = parts.slice(k).join('.');
      if (!bySuffix.has(suffix)) bySuffix.set(suffix, i);
    }
  });
  return scans.map((scan, i) => {
    const deps = new Set<number>();
    for (const imported of [...(scan?.imports ?? []), ...(scan?.calls ?? [])]) {
      for (let name = imported; name !== ''; name = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '') {
        const found = bySuffix.get(name);
        if (found !== undefined) {
          if (found !== i) deps.add(found);
          break;
        }
      }
    }
    return [...deps].sort((a, b) => a - b);
  });
}

/** For a module, the names of its functions that reviewed files call (`mod.func`, by any module suffix). */
function calledIndex(scans: readonly (ModuleScan | undefined)[]): (moduleName: string) => string[] {
  const byPrefix = new Map<string, Set<string>>();
  for (const scan of scans) {
    for (const name of scan?.calls ?? []) {
      const parts = name.split('.');
      for (let k = 1; k < parts.length; k++) {
        const prefix = parts.slice(0, k).join('.');
        let set = byPrefix.get(prefix);
        if (!set) byPrefix.set(prefix, (set = new Set()));
        set.add(name);
      }
    }
  }
  return (moduleName) => {
    const parts = moduleName.split('.');
    const names = new Set<string>();
    for (let k = 0; k < parts.length; k++) for (const n of byPrefix.get(parts.slice(k).join('.')) ?? []) names.add(n);
    return [...names].sort();
  };
}

function emptyAnalysis(source: SourceFile, message = 'the analysis returned nothing for this file'): FileAnalysis {
  return { findings: [], errors: [{ file: source.path, kind: 'internal', message }], lines: 0 };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { installPaths } from '../../core/install-paths.js';
import { ResultCache } from './cache.js';
import type { Task, TaskResult } from './tasks.js';

/** Below this many files, starting worker threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 8;

/**
 * The worker's code: the build bundles worker.js and everything it imports (179 modules) into
 * one file, because a worker thread imported the module tree in 99-126 ms and the bundle in
 * 30-33 ms, and every review that uses workers waits for them to start. worker.js itself is
 * the fallback for a build made without that step.
 */
function workerUrl(): URL | undefined {
  const dir = join(installPaths(import.meta.url).codeDir, 'review', 'executor');
  const file = ['worker.bundle.js', 'worker.js'].map((name) => join(dir, name)).find((path) => existsSync(path));
  return file !== undefined ? pathToFileURL(file) : undefined;
}

/**
 * The review's worker threads. They start on the first task, or earlier through
 * {@link ReviewWorkers.startEarly}, and stop at {@link ReviewWorkers.close}.
 */
export class ReviewWorkers {
  /** Loaded on first use: piscina's modules take ~40 ms to load, and most small runs never start a thread. */
  private pool: Promise<Piscina> | undefined;
  private closed = false;

  private constructor(
    private readonly jobs: number,
    private readonly url: URL,
  ) {}

  /**
   * Workers for a run of `fileCount` files, or undefined when the run stays in this thread:
   * one job, too few files to pay for the threads, or no compiled worker (running from the
   * TypeScript sources, as the tests do).
   */
  static forRun(jobs: number, fileCount: number): ReviewWorkers | undefined {
    if (jobs <= 1 || fileCount < MIN_FILES_FOR_WORKERS) return undefined;
    const url = workerUrl();
    return url ? new ReviewWorkers(jobs, url) : undefined;
  }

  /**
   * Starts the threads now when the run will surely need them: no cache, or one that holds
   * nothing yet. Their start-up (~0.2 s: loading modules) then overlaps reading the files. A
   * cache with entries may answer every file, and a warm run should not pay for threads.
   */
  startEarly(cacheDir: string | undefined): void {
    // A failure to start surfaces at the first task, which awaits the same promise.
    if (cacheDir === undefined || ResultCache.isEmpty(cacheDir)) this.start().catch(() => undefined);
  }

  async run(task: Task): Promise<TaskResult> {
    return (await this.start()).run(task) as Promise<TaskResult>;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A pool that failed to start has nothing to stop; its error reached the tasks.
    const pool = await this.pool?.catch(() => undefined);
    this.pool = undefined;
    await pool?.destroy();
  }

  private start(): Promise<Piscina> {
    if (this.closed) throw new Error('the review workers were already closed');
    this.pool ??= import('piscina').then(({ Piscina }) =>
      new Piscina({
        filename: this.url.href,
        name: 'runTask',
        maxThreads: this.jobs,
        minThreads: Math.min(this.jobs, 2),
        // Each worker holds its next task while it runs one, so it starts that one at once
        // instead of waiting for its result to reach the main thread and a new task to come
        // back; with every core busy, the main thread is often not running when a result
        // arrives. Tasks run one after the other all the same: each is synchronous once its
        // analyzer exists. Worker idle time in a stdlib review fell from 1.6 to 0.8-1.0 s.
        concurrentTasksPerWorker: 2,
        // A file's dataflow state outlives a small young generation and gets copied into the old
        // one. Two workers on the standard library, five alternating runs each: 32 MB was as fast
        // as 64 MB (13.04-13.98 s against 13.06-14.06 s) with ~100 MiB less peak RSS (450-485
        // against 547-583 MiB); the default 16 MB was ~3 % slower.
        resourceLimits: { maxYoungGenerationSizeMb: 32 },
      }),
    );
    return this.pool;
  }
}

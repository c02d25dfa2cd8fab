import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectFiles } from '../review/collect.js';
import { frontends } from '../review/languages.js';
import { countInstructions, everyNth, formatCounts, valgrindAvailable } from './instructions.js';
import { summarizeTimes } from './stats.js';

/** One measured configuration. */
interface Measurement {
  readonly name: string;
  /** The best run's time. */
  readonly seconds: number;
  /** The median run's time (see {@link summarizeTimes}). */
  readonly median: number;
  readonly spread: number;
  readonly work: Work;
  readonly peakRss?: number;
  /** User and system CPU time of the fastest run, all threads: above `seconds` when several cores worked. */
  readonly cpuSeconds?: number;
  readonly note?: string;
}

/** The files a configuration goes through. */
interface Work {
  readonly files: number;
  readonly lines: number;
}

/** A ratio as printed: `1.96×`, or `n/a` when a configuration could not run. */
const formatRatio = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(2)}×`);

/** `1 worker`, `2 workers`. */
const workers = (n: number): string => (n === 1 ? '1 worker' : `${n} workers`);

/** What a configuration stands for in the ratios. */
type Role = 'floor' | 'one' | 'pinned' | 'all' | 'warm' | 'bandit' | 'ruff';

/** One thing to time: a command, or why it cannot run here. */
type Configuration =
  | { readonly name: string; readonly work: Work; readonly command: string; readonly args: readonly string[] }
  | { readonly name: string; readonly work: Work; readonly unavailable: string };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'secreview.js');
const DIST = join(ROOT, 'dist', 'bench');

/**
 * The Python speed benchmark: parse-only floor, secreview on one worker, on all cores and with
 * a warm cache, Bandit and Ruff's S rules when available, all on the same files, best of N
 * runs with the spread, then a --diff review of a one-line change in a copy of the corpus.
 */
export async function benchPython(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      corpus: { type: 'string' },
      runs: { type: 'string', default: '3' },
      jobs: { type: 'string' },
      'skip-diff': { type: 'boolean', default: false },
      'skip-ceiling': { type: 'boolean', default: false },
      instructions: { type: 'boolean', default: false },
      every: { type: 'string', default: '8' },
    },
    strict: true,
  });
  const corpus = values.corpus ?? pythonStdlib();
  let runs: number;
  let jobs: number;
  let every: number;
  try {
    runs = positiveInteger('--runs', values.runs);
    jobs = positiveInteger('--jobs', values.jobs ?? String(availableParallelism()));
    every = positiveInteger('--every', values.every);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'secreview-bench-'));
  try {
    // secreview reviews every file of the corpus it has a front-end for (the stdlib holds a few C
    // and C++ files), and the floor parses those same files; Bandit and Ruff get the Python ones.
    const collected = collectFiles([corpus], { cwd: corpus, frontends, respectGitignore: true }).files;
    const files = collected.filter((f) => f.frontend.id === 'python').map((f) => f.absolutePath);
    const list = join(work, 'files.txt');
    writeFileSync(list, files.join('\n'));
    const floorList = join(work, 'floor.txt');
    writeFileSync(floorList, collected.map((f) => `${f.frontend.id}\t${f.absolutePath}`).join('\n'));
    // Each file read once for its line count.
    const lineCounts = collected.map((f) => lineCount(f.absolutePath));
    const linesOf = (keep: (f: (typeof collected)[number]) => boolean): number => collected.reduce((sum, f, i) => (keep(f) ? sum + (lineCounts[i] ?? 0) : sum), 0);
    const pythonWork: Work = { files: files.length, lines: linesOf((f) => f.frontend.id === 'python') };
    const allWork: Work = { files: collected.length, lines: linesOf(() => true) };
    const others = allWork.files > pythonWork.files ? `, and ${allWork.files - pythonWork.files} files in other languages (${allWork.lines - pythonWork.lines} lines) that secreview and the floor also go through` : '';
    if (values.instructions) return await instructionCounts(collected, every, work);
    log(
      `corpus: ${corpus}\n${pythonWork.files} Python files, ${pythonWork.lines} lines${others}; best of ${runs} runs, interleaved ` +
        `(each round runs every configuration once); ${availableParallelism()} cores\n`,
    );

    const review = (extra: readonly string[]): string[] => [BIN, 'review', corpus, '--format', 'json', '--output', join(work, 'out.json'), '--fail-on', 'none', ...extra];
    const cacheDir = join(work, 'cache');
    run('node', review(['--jobs', String(jobs), '--cache-dir', cacheDir])); // fills the cache
    const oneWorker = review(['--jobs', '1', '--no-cache']);
    const pinned = jobs > 1 ? pinnedConfiguration(allWork, oneWorker) : undefined;
    // In the table's order; the ratios find their rows by role.
    const roles: [Role, Configuration][] = [
      ['floor', { name: 'parse only (floor), 1 thread', work: allWork, command: 'node', args: [join(DIST, 'parse-only.js'), floorList] }],
      ['one', { name: 'secreview, 1 worker', work: allWork, command: 'node', args: oneWorker }],
      ...(pinned ? [['pinned', pinned] as [Role, Configuration]] : []),
      ['all', { name: `secreview, ${workers(jobs)}`, work: allWork, command: 'node', args: review(['--jobs', String(jobs), '--no-cache']) }],
      ['warm', { name: `secreview, warm cache, ${workers(jobs)}`, work: allWork, command: 'node', args: review(['--jobs', String(jobs), '--cache-dir', cacheDir]) }],
      ['bandit', banditConfiguration(files, pythonWork, work)],
      ['ruff', ruffConfiguration(list, pythonWork)],
    ];
    const results = measureInterleaved(
      roles.map(([, configuration]) => configuration),
      runs,
    );
    printTable(results);
    printRatios(new Map(roles.flatMap(([role], i) => (results[i] ? [[role, results[i]] as [Role, Measurement]] : []))), jobs);
    if (!values['skip-ceiling'] && jobs > 1) {
      await parallelCeiling(jobs, {
        floor: [join(DIST, 'parse-only.js'), floorList],
        review: (k) => [BIN, 'review', corpus, '--format', 'json', '--output', join(work, `ceiling-${k}.json`), '--fail-on', 'none', '--jobs', '1', '--no-cache'],
      });
    }
    if (!values['skip-diff']) diffReview(corpus, files, work, jobs);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `--instructions`: callgrind's counts instead of times (see instructions.ts). */
async function instructionCounts(collected: readonly { frontend: { id: string }; absolutePath: string }[], every: number, work: string): Promise<number> {
  if (!valgrindAvailable()) {
    log('instruction counts need valgrind (apt-get install valgrind); not installed here\n');
    return 0;
  }
  const sampled = everyNth(collected, every);
  log(`counting instructions of ${sampled.length} of ${collected.length} files under callgrind (a few minutes)…\n`);
  const counts = await countInstructions(
    { files: sampled.map((f) => f.absolutePath), floorLines: sampled.map((f) => `${f.frontend.id}\t${f.absolutePath}`) },
    { bin: BIN, parseOnly: join(DIST, 'parse-only.js'), work },
  );
  log(formatCounts(counts, sampled.length, every));
  return counts.some((c) => c.instructions === undefined) ? 1 : 0;
}

/** The number an option gives; throws what is wrong with it otherwise. */
function positiveInteger(option: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option} needs a whole number of at least 1, not "${value ?? ''}"`);
  return n;
}

function pythonStdlib(): string {
  return execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
}

function lineCount(path: string): number {
  const text = readFileSync(path, 'latin1');
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Runs a command under /usr/bin/time when present (for peak RSS); throws on failure. */
function run(command: string, args: readonly string[]): { seconds: number; peakRss?: number; cpuSeconds?: number; stdout: string } {
  const timed = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const child = timed
    ? spawnSync('/usr/bin/time', ['-f', '__rss_kb=%M __cpu=%U+%S', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (${child.status}): ${child.stderr.slice(-400)}`);
  const rss = /__rss_kb=(\d+)/.exec(child.stderr)?.[1];
  const cpu = /__cpu=([\d.]+)\+([\d.]+)/.exec(child.stderr);
  return {
    seconds,
    stdout: child.stdout,
    ...(rss ? { peakRss: Number(rss) * 1024 } : {}),
    ...(cpu ? { cpuSeconds: Number(cpu[1]) + Number(cpu[2]) } : {}),
  };
}

/**
 * Times every configuration `runs` times, one round at a time (each round runs every
 * configuration once). A machine whose speed drifts during the bench (shared VMs do, by ±10 %
 * over minutes) then shifts every configuration alike, and the ratios stay fair.
 */
function measureInterleaved(configurations: readonly Configuration[], runs: number): Measurement[] {
  const times = configurations.map((): number[] => []);
  const cpus = configurations.map((): (number | undefined)[] => []);
  const peaks = configurations.map(() => 0);
  for (let round = 0; round < runs; round++) {
    configurations.forEach((configuration, i) => {
      if (!('command' in configuration)) return;
      const result = run(configuration.command, configuration.args);
      times[i]?.push(result.seconds);
      cpus[i]?.push(result.cpuSeconds);
      peaks[i] = Math.max(peaks[i] ?? 0, result.peakRss ?? 0);
    });
  }
  return configurations.map((configuration, i) => {
    const { name, work } = configuration;
    if (!('command' in configuration)) return { name, work, seconds: Number.NaN, median: Number.NaN, spread: 0, note: configuration.unavailable };
    const measured = times[i] ?? [];
    const { best, median, spread } = summarizeTimes(measured);
    const peakRss = peaks[i] ?? 0;
    const cpuSeconds = cpus[i]?.[measured.indexOf(best)];
    log(`  ${name}: ${measured.map((t) => t.toFixed(2)).join(', ')} s\n`);
    return {
      name,
      work,
      seconds: best,
      median,
      spread,
      ...(peakRss > 0 ? { peakRss } : {}),
      ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
    };
  });
}

function banditConfiguration(files: readonly string[], python: Work, work: string): Configuration {
  const which = spawnSync('sh', ['-c', 'command -v bandit'], { encoding: 'utf8' });
  if (which.status !== 0) return { name: 'Bandit', work: python, unavailable: 'not installed (apt-get install python3-bandit)' };
  // Bandit exits 1 when it finds issues; that is a normal run here.
  return { name: 'Bandit (1 process)', work: python, command: 'bandit', args: ['-q', '-f', 'json', '-o', join(work, 'bandit.json'), ...files] };
}

function ruffConfiguration(list: string, python: Work): Configuration {
  if (!existsSync(join(ROOT, 'node_modules', '@astral-sh', 'ruff-wasm-nodejs'))) {
    return { name: 'Ruff S rules (WASM)', work: python, unavailable: 'not installed (npm install, devDependencies)' };
  }
  return { name: 'Ruff S rules (WASM), 1 thread', work: python, command: 'node', args: [join(DIST, 'ruff-s.js'), list] };
}

function printTable(results: readonly Measurement[]): void {
  const header = ['configuration', 'files', 'lines', 'seconds', 'CPU s', 'lines/s', 'peak RSS', 'spread'];
  const rows = results.map((r) => [
    r.name,
    String(r.work.files),
    String(r.work.lines),
    Number.isNaN(r.seconds) ? '—' : r.seconds.toFixed(2),
    r.cpuSeconds !== undefined ? r.cpuSeconds.toFixed(2) : '—',
    Number.isNaN(r.seconds) ? (r.note ?? '—') : Math.round(r.work.lines / r.seconds).toLocaleString('en-US'),
    r.peakRss ? `${(r.peakRss / 2 ** 20).toFixed(0)} MiB` : '—',
    Number.isNaN(r.seconds) ? '' : `${(r.spread * 100).toFixed(0)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  log(`\n${line(header)}\n${rows.map(line).join('\n')}\n`);
}

/**
 * The one-worker review with the process held to one core (`taskset`), V8's background threads
 * included. Unpinned, a one-worker review already keeps more than one core busy (the CPU column
 * shows how much): V8 compiles and collects garbage on background threads, which run on the
 * otherwise idle cores. Against this row, the all-cores run shows what adding cores gives.
 */
function pinnedConfiguration(work: Work, oneWorker: readonly string[]): Configuration {
  const name = 'secreview, 1 worker, held to 1 core';
  // The first core this process may run on (a container may not allow core 0), e.g. from
  // "pid 42's current affinity list: 2-3,6".
  const affinity = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (affinity.error) return { name, work, unavailable: 'taskset not installed (util-linux)' };
  const core = /list:\s*(\d+)/.exec(affinity.stdout)?.[1];
  if (affinity.status !== 0 || core === undefined || spawnSync('taskset', ['-c', core, 'true']).status !== 0) {
    return { name, work, unavailable: 'taskset cannot set this process\'s cores here' };
  }
  return { name, work, command: 'taskset', args: ['-c', core, 'node', ...oneWorker] };
}

function printRatios(byRole: ReadonlyMap<Role, Measurement>, jobs: number): void {
  const pinned = byRole.get('pinned');
  const [parse, one, all, warm, bandit, ruff] = (['floor', 'one', 'all', 'warm', 'bandit', 'ruff'] as const).map((role) => byRole.get(role));
  if (!parse || !one || !all || !warm || !bandit || !ruff) return;
  // Of best times, then of median times: a ratio that only one of them puts past a target is
  // within the machine's noise.
  const ratio = (a: Measurement, b: Measurement): string => `${formatRatio(a.seconds / b.seconds)} (median ${formatRatio(a.median / b.median)})`;
  const percent = (a: Measurement, b: Measurement): string => `${((a.seconds / b.seconds) * 100).toFixed(1)}% (median ${((a.median / b.median) * 100).toFixed(1)}%)`;
  const lines: [string, string][] = [
    ['secreview 1 worker time / parse-only time', `${ratio(one, parse)}, target ≤ 2×`],
    [`${workers(jobs)} speed-up over 1 worker`, `${ratio(one, all)}, target ≥ 1.7× on 2 cores`],
    ...(pinned ? [[`${jobs} workers on ${jobs} cores over 1 worker held to 1 core`, `${ratio(pinned, all)}, what the added cores give`] as [string, string]] : []),
    [`secreview ${workers(jobs)} vs Bandit`, `${ratio(bandit, all)}, target ≥ 6×`],
    [`secreview ${workers(jobs)} vs Ruff S (1 thread)`, ratio(ruff, all)],
    [`warm cache time / cold time (${workers(jobs)})`, `${percent(warm, all)}, target ≤ 10%`],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  log('\nratios of best times, and of median times (secreview and the floor also went through the files in other languages, if any):\n');
  for (const [label, value] of lines) log(`  ${`${label}:`.padEnd(width)} ${value}\n`);
}

/**
 * `jobs` independent single-worker reviews run at the same time. A one-worker review keeps more
 * than one core busy (V8 compiles and collects garbage on background threads; see the CPU
 * column), and cores may share caches, memory bandwidth or a host, so each copy slows down. As
 * long as every worker needs that background work too, `jobs` workers in one process cannot
 * scale better than `jobs` divided by that slowdown.
 *
 * The parse-only floor is run side by side the same way first. It has almost no background work
 * (WebAssembly, little garbage), so its slowdown is what the machine's cores cost each other;
 * the review's slowdown beyond it is the background work competing for the cores.
 */
async function parallelCeiling(jobs: number, args: { readonly floor: readonly string[]; readonly review: (k: number) => string[] }): Promise<void> {
  const floor = await sideBySide(jobs, () => args.floor);
  log(
    `\nside by side: ${jobs} parse-only floors at the same time took ${floor.times.map((t) => t.toFixed(2)).join(', ')} s ` +
      `(${floor.slowdown.toFixed(2)}× one run alone just before, ${floor.alone.toFixed(2)} s): what the cores cost each other on work without background threads\n`,
  );
  const review = await sideBySide(jobs, args.review);
  log(
    `side by side: ${jobs} independent 1-worker reviews at the same time took ${review.times.map((t) => t.toFixed(2)).join(', ')} s ` +
      `(${review.slowdown.toFixed(2)}× one run alone just before, ${review.alone.toFixed(2)} s), so with the same background work per worker, ` +
      `${jobs} workers can be at most ${(jobs / review.slowdown).toFixed(2)}× faster than 1 here\n`,
  );
}

/** One run of `node args(0)` alone, then `jobs` runs at once: their times and the slowest's slowdown. */
async function sideBySide(jobs: number, args: (k: number) => readonly string[]): Promise<{ alone: number; times: number[]; slowdown: number }> {
  const once = (k: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn('node', args(k), { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () => resolve(Number(process.hrtime.bigint() - started) / 1e9));
    });
  // The run alone is timed right before the parallel ones, not taken from the table: a VM's
  // speed drifts over minutes, and the ratio should compare like with like.
  const alone = await once(0);
  const times = await Promise.all(Array.from({ length: jobs }, (_, k) => once(k)));
  return { alone, times, slowdown: Math.max(...times) / alone };
}

/** A one-line change in a git copy of the corpus, reviewed with --diff on a warm cache. */
function diffReview(corpus: string, files: readonly string[], work: string, jobs: number): void {
  const repo = join(work, 'repo');
  cpSync(corpus, repo, { recursive: true, filter: (src) => !src.includes('site-packages') && !src.includes('__pycache__') });
  const git = (...args: string[]): void => void execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', 'add', '-A');
  git('-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', 'commit', '-q', '-m', 'corpus');
  const cacheDir = join(work, 'diff-cache');
  const base = [BIN, 'review', '--format', 'json', '--output', join(work, 'diff.json'), '--fail-on', 'none', '--jobs', String(jobs), '--cache-dir', cacheDir];
  spawnSync('node', [...base, '.'], { cwd: repo });
  // The stdlib's shlex.py as in earlier runs; any other corpus: its first file that was copied.
  const target = [join(repo, 'shlex.py'), ...files.map((f) => join(repo, relative(corpus, f)))].find((f) => existsSync(f));
  if (target === undefined) {
    log('\n--diff review: no Python file of the corpus to change; skipped\n');
    return;
  }
  writeFileSync(target, `${readFileSync(target, 'utf8')}\n_BENCH_MARKER = 1\n`);
  spawnSync('node', [...base, '--diff'], { cwd: repo }); // warm the change's own cache entries
  const started = process.hrtime.bigint();
  const child = spawnSync('node', [...base, '--diff'], { cwd: repo, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`\n--diff review of a one-line change in a git copy of the corpus (warm cache): ${seconds.toFixed(2)} s${child.status === 2 ? ` (failed: ${child.stderr.slice(-200)})` : ''} (target < 1 s)\n`);
}

function log(text: string): void {
  process.stdout.write(text);
}

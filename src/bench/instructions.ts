import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Instruction counts of the parse floor and a one-worker review on a sample of the corpus, under
 * Valgrind's callgrind, with V8 made deterministic (`node --predictable`: no background compiles
 * or collections, no time-based heuristics).
 *
 * Why: on a shared VM, wall time varied by 10–25 % from run to run, more than most single changes
 * to the review gain. The same build's count repeats within a few tenths of a percent, so two
 * builds can be compared run against run. A count is not a time (cache misses, WASM versus JS),
 * it includes the compiler's work, and `--predictable` changes how V8 compiles: a change to one
 * function moved the counts of two samples by 0.5–0.8 % while timing showed it a third faster.
 * The timed bench stays the measure of the targets.
 */
export interface InstructionSample {
  /** Paths of the sampled files, for the review. */
  readonly files: readonly string[];
  /** `front-end id <TAB> path` lines of the same files, for the parse floor. */
  readonly floorLines: readonly string[];
}

/** What callgrind counted for one command. */
export interface Counted {
  readonly name: string;
  readonly instructions?: number;
  readonly error?: string;
}

/** The total callgrind prints on stderr (`==123== Collected : 1234` or `I   refs: 1,234`). */
export function parseCallgrindTotal(stderr: string): number | undefined {
  const collected = /==\d+== Collected : (\d+)/.exec(stderr)?.[1];
  if (collected !== undefined) return Number(collected);
  const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  return refs === undefined ? undefined : Number(refs.replaceAll(',', ''));
}

/** Every `every`th entry of `items`, starting with the first. */
export function everyNth<T>(items: readonly T[], every: number): T[] {
  return items.filter((_, i) => i % every === 0);
}

/**
 * Counts the floor and the review on `sample`, and each on one file for their start-up (loading
 * modules and grammars), all at once: counts do not depend on what else the machine runs.
 */
export async function countInstructions(sample: InstructionSample, paths: { bin: string; parseOnly: string; work: string }): Promise<Counted[]> {
  const floorList = join(paths.work, 'instructions-floor.txt');
  const oneList = join(paths.work, 'instructions-floor-one.txt');
  writeFileSync(floorList, sample.floorLines.join('\n'));
  writeFileSync(oneList, sample.floorLines.slice(0, 1).join('\n'));
  const review = (files: readonly string[]): string[] => [
    paths.bin, 'review', ...files, '--jobs', '1', '--no-cache', '--format', 'json', '--output', join(paths.work, `instructions-${files.length}.json`), '--fail-on', 'none',
  ];
  const first = sample.files.slice(0, 1);
  const jobs: [string, string[]][] = [
    ['parse only (floor)', [paths.parseOnly, floorList]],
    ['parse only, start-up (1 file)', [paths.parseOnly, oneList]],
    ['secreview, 1 worker', review(sample.files)],
    ['secreview, 1 worker, start-up (1 file)', review(first)],
  ];
  return Promise.all(jobs.map(([name, args]) => counted(name, args)));
}

/** Whether `valgrind` can be run here. */
export function valgrindAvailable(): boolean {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

function counted(name: string, nodeArgs: readonly string[]): Promise<Counted> {
  return new Promise((resolve) => {
    const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', 'node', '--predictable', ...nodeArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => resolve({ name, error: error.message }));
    child.on('close', (status) => {
      const instructions = parseCallgrindTotal(stderr);
      // secreview exits 1 when it reports findings; that is a normal run here.
      if ((status !== 0 && status !== 1) || instructions === undefined) resolve({ name, error: `exit ${String(status)}: ${stderr.slice(-300)}` });
      else resolve({ name, instructions });
    });
  });
}

/** The table and the ratio, net of start-up, as the bench prints them. */
export function formatCounts(counts: readonly Counted[], sampled: number, every: number): string {
  const byName = new Map(counts.map((c) => [c.name, c]));
  const rows = counts.map((c) => `  ${c.name.padEnd(40)} ${c.instructions !== undefined ? `${(c.instructions / 1e9).toFixed(3)} G` : `failed (${c.error ?? ''})`}`);
  const net = (whole: string, startup: string): number | undefined => {
    const a = byName.get(whole)?.instructions;
    const b = byName.get(startup)?.instructions;
    return a === undefined || b === undefined ? undefined : a - b;
  };
  const floor = net('parse only (floor)', 'parse only, start-up (1 file)');
  const review = net('secreview, 1 worker', 'secreview, 1 worker, start-up (1 file)');
  const ratio = floor !== undefined && review !== undefined && floor > 0 ? `${(review / floor).toFixed(2)}×` : 'n/a';
  return (
    `\ninstructions (callgrind, node --predictable) on ${sampleWording(every)}, ${sampled} files:\n${rows.join('\n')}\n` +
    `  secreview / parse only, net of start-up: ${ratio} (instructions, not time; the same build repeats within ~0.3 %)\n`
  );
}

/** "every file", "every 2nd file", "every 8th file", "every 21st file". */
export function sampleWording(every: number): string {
  if (every <= 1) return 'every file';
  const lastTwo = every % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][every % 10] ?? 'th');
  return `every ${every}${suffix} file`;
}

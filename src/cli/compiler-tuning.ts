import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the CLI's process, set when it starts (see {@link tuneCompiler}).
 *
 * Why: a review runs a lot of code (dozens of rules, the dataflow engine), and V8 kept compiling
 * it. A traced one-worker review of the standard library made 671 optimizing compiles, 6.5 s of
 * compiler time on V8's background threads (the review's own thread: ~13 s), with up to 14
 * recompiles of one function after it deoptimized (the dataflow engine's values come in many
 * shapes). With two workers, every worker thread compiles the same code again, and those
 * compiles take CPU from the review on a machine whose cores it already uses.
 *
 * - `--interrupt-budget` (V8's default: 66 KiB of bytecode run): a function must run four times
 *   as long before it is optimized. More of its type feedback is in by then, so fewer optimized
 *   versions are thrown away, and code that runs only briefly is never optimized at all.
 * - `--max-inlined-bytecode-size-cumulative` (default 920): smaller optimized functions, which
 *   compile faster. Hot paths here are calls between small helpers, which still get inlined.
 *
 * Measured with these values, alternating runs against the defaults:
 * - A quarter of the standard library, one thread, traced: 401 optimizing compiles taking 4.2 s
 *   → 242 taking 1.2 s; 112 → 35 deoptimizations.
 * - Whole standard library, two workers (3 runs each): 12.73–12.95 s → 11.59–11.96 s; CPU time
 *   of all threads 22.0–22.2 s → 19.5–20.1 s.
 * - Four stdlib packages (asyncio, email, json, http; 4 runs each): 1.33–1.56 s → 1.13–1.29 s.
 * - One worker: the same wall time (14.8–15.3 s against 14.8–15.4 s). Background compiling fell
 *   from 4.6–5.1 s to 2.6–2.8 s of CPU; the review's own thread took ~0.8 s more.
 */
export const COMPILER_FLAGS: readonly string[] = ['--interrupt-budget=270336', '--max-inlined-bytecode-size-cumulative=300'];

/**
 * V8 versions the flags were measured on (Node 20 ships 11.3). V8 renames and retires compiler
 * flags between versions, and an unknown flag makes V8 print an error on stderr; other versions
 * keep their defaults until someone measures them.
 */
const MEASURED_V8 = /^11\.3\./;

/**
 * The flags of {@link COMPILER_FLAGS} to set: none on a V8 they were not measured on, else those
 * the user did not set already on the command line (`node --interrupt-budget=… bin/secreview.js`).
 * Theirs win. NODE_OPTIONS is read too, for a Node that lets these flags in there (Node 20
 * refuses them).
 */
export function compilerFlagsToSet(execArgv: readonly string[], nodeOptions: string | undefined, v8Version: string): string[] {
  if (!MEASURED_V8.test(v8Version)) return [];
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map(flagName).filter((name) => name !== '');
  return COMPILER_FLAGS.filter((flag) => !given.includes(flagName(flag)));
}

/**
 * Applies {@link COMPILER_FLAGS} to this process. Compiler flags are read at each compile, so
 * setting them at startup covers all the review's code, and worker threads started later
 * (V8's flags are per process). Only the CLI calls this: a program that imports secreview as
 * a library keeps its own settings.
 */
export function tuneCompiler(): void {
  for (const flag of compilerFlagsToSet(process.execArgv, process.env.NODE_OPTIONS, process.versions.v8)) setFlagsFromString(flag);
}

/** `interrupt-budget` for `--interrupt-budget=1` and `--interrupt_budget`; V8 treats `-` and `_` alike. */
function flagName(argument: string): string {
  if (!argument.startsWith('--')) return '';
  return argument.slice(2).split('=')[0]?.replaceAll('_', '-') ?? '';
}

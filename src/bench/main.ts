import { parseArgs } from 'node:util';

const USAGE = `usage: npm run bench -- [--lang python|cpp] [options]

Python (the default): secreview against the parse-only floor, Bandit and Ruff's S rules.
  --corpus PATH     the tree to review (default: the standard library of python3)
  --runs N          timed runs of each configuration, the best and the median compared (default: 3)
  --jobs N          workers of the all-cores rows (default: the number of cores)
  --skip-ceiling    leave out the floors and one-worker reviews run side by side
  --skip-diff       leave out the --diff review of a one-line change
  --instructions    count instructions under Valgrind's callgrind instead of timing
  --every N         with --instructions: every Nth file of the corpus (default: 8)

C/C++ (--lang cpp): secreview, flawfinder and cppcheck on the C/C++ fixtures.
  DIR               the folder holding c/ and cpp/ (default: test/fixtures)
`;

/**
 * `npm run bench [-- --lang python|cpp] [...]`: speed and accuracy benchmarks. Each language
 * has its own module; this entry only dispatches. Benchmarks print figures; they never fail
 * on a time (tests do not assert wall-clock times).
 */
export async function runBench(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { values } = parseArgs({ args: [...argv], options: { lang: { type: 'string', default: 'python' } }, strict: false, allowPositionals: true });
  const lang = typeof values.lang === 'string' ? values.lang : 'python';
  const rest = argv.filter((a, i) => a !== '--lang' && argv[i - 1] !== '--lang' && !a.startsWith('--lang='));
  try {
    switch (lang) {
      case 'python':
        return await (await import('./python.js')).benchPython(rest);
      case 'c':
      case 'cpp':
        return await (await import('./cpp.js')).benchCpp(rest);
      default:
        return usageError(`unknown --lang ${lang} (python, cpp)`);
    }
  } catch (error) {
    // An unknown or malformed option (node:util's parseArgs) is the user's mistake, not a crash.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return usageError((error as Error).message);
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  return 2;
}

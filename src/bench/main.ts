import { parseArgs } from 'node:util';

/**
 * `npm run bench [-- --lang python|cpp] [...]`: speed and accuracy benchmarks. Each language
 * has its own module; this entry only dispatches. Benchmarks print figures; they never fail
 * on a time (tests do not assert wall-clock times).
 */
export async function runBench(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { lang: { type: 'string', default: 'python' } }, strict: false, allowPositionals: true });
  const lang = typeof values.lang === 'string' ? values.lang : 'python';
  const rest = argv.filter((a, i) => a !== '--lang' && argv[i - 1] !== '--lang' && !a.startsWith('--lang='));
  switch (lang) {
    case 'python':
      return (await import('./python.js')).benchPython(rest);
    case 'c':
    case 'cpp':
      return (await import('./cpp.js')).benchCpp(rest);
    default:
      process.stderr.write(`bench: unknown --lang ${lang} (python, cpp)\n`);
      return 2;
  }
}

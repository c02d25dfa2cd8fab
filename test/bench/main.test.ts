import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBench } from '../../src/bench/main.js';

afterEach(() => vi.restoreAllMocks());

/** What runBench wrote to stdout and stderr, and its exit code. */
async function bench(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await runBench(argv);
  return { code, out, err };
}

describe('npm run bench: arguments', () => {
  it('prints its usage on --help, with every option of both languages', async () => {
    const { code, out, err } = await bench(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const option of ['--lang', '--corpus', '--runs', '--jobs', '--skip-ceiling', '--skip-diff', '--instructions', '--every', 'DIR']) expect(out).toContain(option);
  });

  it('answers an unknown option or language with exit code 2 and the usage, not a stack trace', async () => {
    const unknown = await bench(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^bench: Unknown option '--bogus'/);
    expect(unknown.err).toContain('usage: npm run bench');
    const language = await bench(['--lang', 'rust']);
    expect(language.code).toBe(2);
    expect(language.err).toMatch(/^bench: unknown --lang rust \(python, cpp\)/);
  });
});

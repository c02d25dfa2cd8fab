import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cppFrontend } from '../lang/cpp/index.js';
import { classifyContext } from '../review/context.js';

/** A tool's answer on one fixture line: the line and the CWE numbers it claims. */
interface Claim { readonly file: string; readonly line: number; readonly cwes: readonly number[] }

interface Expectation { readonly file: string; readonly line: number; readonly cwe: number; readonly ok: boolean }

// CWE families: a tool's claim matches an expectation when both fall in the same family.
const FAMILIES: readonly (readonly number[])[] = [
  [119, 120, 121, 122, 125, 126, 129, 131, 170, 193, 242, 676, 785, 787, 788, 805, 806],
  [190, 191, 680, 195, 197, 681, 682], [134], [78, 77, 88], [89], [22, 73, 36], [362, 367, 363], [327, 328, 338, 330, 331, 326],
  [798, 259, 321], [295, 297], [401, 775, 772, 404], [415], [416, 825], [476, 690, 252, 253], [457, 665, 908, 909], [770, 400, 789],
];

function family(cwe: number): number {
  return FAMILIES.findIndex((f) => f.includes(cwe));
}

/** `npm run bench -- --lang cpp`: secreview, flawfinder and cppcheck on the C/C++ fixtures. */
export async function benchCpp(args: readonly string[]): Promise<number> {
  const root = args.find((a) => !a.startsWith('-')) ?? join(process.cwd(), 'test', 'fixtures');
  const files = ['c', 'cpp'].flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
  const expectations = expectationsOf(files);
  const rows: string[] = [];
  rows.push(await runTool('secreview', () => secreviewClaims(files), expectations));
  rows.push(await runTool('flawfinder', () => flawfinderClaims(files), expectations));
  rows.push(await runTool('cppcheck', () => cppcheckClaims(files), expectations));
  process.stdout.write(`C/C++ fixtures: ${files.length} files, ${expectations.filter((e) => !e.ok).length} expected defects, ${expectations.filter((e) => e.ok).length} safe look-alikes\n\n`);
  process.stdout.write('| tool | true positives | false positives | misses | time |\n| --- | --- | --- | --- | --- |\n');
  process.stdout.write(rows.join('\n') + '\n');
  return 0;
}

function expectationsOf(files: readonly string[]): Expectation[] {
  const rules = new Map(cppFrontend.rules.map((r) => [r.id, Number(r.cwe.slice(4))]));
  const out: Expectation[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((raw, i) => {
      // The fixture annotations (`// expect: ID`, `// ok: ID`); a comment alone applies to the next code line.
      const m = /\/\/\s*(expect|ok):\s*([A-Z][A-Z0-9-]*)/.exec(raw);
      if (!m) return;
      let line = i + 1;
      if (raw.trim().startsWith('//')) while (line < lines.length && /^\s*(?:\/\/.*)?$/.test(lines[line] ?? '')) line++;
      if (raw.trim().startsWith('//')) line++;
      out.push({ file, line, cwe: rules.get(m[2] ?? '') ?? 0, ok: m[1] === 'ok' });
    });
  }
  return out;
}

async function runTool(name: string, run: () => Promise<Claim[] | string>, expectations: readonly Expectation[]): Promise<string> {
  const started = performance.now();
  const claims = await run();
  const ms = Math.round(performance.now() - started);
  if (typeof claims === 'string') return `| ${name} | – | – | – | ${claims} |`;
  const expected = expectations.filter((e) => !e.ok);
  const hit = (e: Expectation): boolean => claims.some((c) => c.file === e.file && c.line === e.line && c.cwes.some((w) => family(w) === family(e.cwe)));
  const tp = expected.filter(hit).length;
  const fp = claims.filter((c) => !expected.some((e) => e.file === c.file && e.line === c.line && c.cwes.some((w) => family(w) === family(e.cwe)))).length;
  return `| ${name} | ${tp} | ${fp} | ${expected.length - tp} | ${ms} ms |`;
}

async function secreviewClaims(files: readonly string[]): Promise<Claim[]> {
  const analyzer = await cppFrontend.createAnalyzer();
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return analyzer.analyze({ path: file, text, context: classifyContext(file, text) }).findings.map((f) => ({ file, line: f.line, cwes: [Number(f.cwe.slice(4))] }));
  });
}

function available(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
}

function flawfinderClaims(files: readonly string[]): Promise<Claim[] | string> {
  return Promise.resolve(flawfinderSync(files));
}

function flawfinderSync(files: readonly string[]): Claim[] | string {
  if (!available('flawfinder')) return 'not installed (apt-get install flawfinder)';
  const out = spawnSync('flawfinder', ['--csv', '--minlevel=1', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
  return out.split('\n').slice(1).filter(Boolean).map((line) => {
    const cells = line.split(',');
    return { file: cells[0] ?? '', line: Number(cells[1]), cwes: [...line.matchAll(/CWE-(\d+)/g)].map((m) => Number(m[1])) };
  });
}

function cppcheckClaims(files: readonly string[]): Promise<Claim[] | string> {
  return Promise.resolve(cppcheckSync(files));
}

function cppcheckSync(files: readonly string[]): Claim[] | string {
  if (!available('cppcheck')) return 'not installed (apt-get install cppcheck)';
  const result = spawnSync('cppcheck', ['--enable=warning,style,portability', '--inconclusive', '--quiet', '--template={file}|{line}|{cwe}|{id}', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  void execFileSync;
  return result.stderr.split('\n').filter((l) => l.includes('|')).map((l) => {
    const [file = '', line = '0', cwe = '0'] = l.split('|');
    return { file, line: Number(line), cwes: [Number(cwe)] };
  }).filter((c) => c.cwes[0] !== 0);
}

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'secreview.js');

interface JsonReport {
  schemaVersion: string;
  verdict: string;
  findings: { ruleId: string; cwe: string; line: number; file: string }[];
  errors: { file: string; kind: string; message: string; line?: number }[];
  stats: { files: number; lines: number };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'secreview-cli-'));
}

describe('secreview review (built binary)', () => {
  it('reports CWE-78 on line 3 of a stdin snippet, as JSON', () => {
    const run = spawnSync('node', [BIN, 'review', '-', '--format', 'json'], {
      input: 'import os\ndef f(u):\n    os.system("ls " + u)\n',
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.verdict).toBe('defects');
    expect(report.findings.map((f) => [f.cwe, f.line])).toEqual([['CWE-78', 3]]);
  });

  it('says the clean verdict for a clean snippet and exits 0', () => {
    const input = 'import subprocess\ndef f(u):\n    subprocess.run(["ls", u], check=True)\n';
    const text = spawnSync('node', [BIN, 'review', '-'], { input, encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(CLEAN_VERDICT);
    const json = spawnSync('node', [BIN, 'review', '-', '--format', 'json'], { input, encoding: 'utf8' });
    expect((JSON.parse(json.stdout) as JsonReport).verdict).toBe('clean');
  });

  it('prints --version and --help with exit 0', () => {
    const version = execFileSync('node', [BIN, '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = execFileSync('node', [BIN, 'review', '--help'], { encoding: 'utf8' });
    expect(help).toContain('--fail-on');
  });
});

describe('secreview review (in process)', () => {
  it('exits 2 on a usage error', async () => {
    const run = await runCli(['review', '--format', 'yaml', '-'], { stdin: 'x = 1\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('yaml');
  });

  it('exits 2 on an unknown rule id and on a bad size', async () => {
    expect((await runCli(['review', '--select', 'PY-NOPE-999', '-'], { stdin: 'x = 1\n' })).code).toBe(2);
    expect((await runCli(['review', '--max-file-size', 'huge', '-'], { stdin: 'x = 1\n' })).code).toBe(2);
  });

  it('honours --fail-on', async () => {
    const stdin = 'import os\ndef f(u):\n    os.system("ls " + u)\n';
    expect((await runCli(['review', '-', '--fail-on', 'critical'], { stdin })).code).toBe(0);
    expect((await runCli(['review', '-', '--fail-on', 'high'], { stdin })).code).toBe(1);
    expect((await runCli(['review', '-', '--fail-on', 'none'], { stdin })).code).toBe(0);
  });

  it('--select and --ignore restrict the rules that run', async () => {
    const stdin = 'import os\ndef f(u):\n    os.system("ls " + u)\n    eval("1 + " + u)\n';
    const only = JSON.parse((await runCli(['review', '-', '-f', 'json', '--select', 'PY-EXEC-001'], { stdin })).stdout) as JsonReport;
    expect(only.findings.map((f) => f.ruleId)).toEqual(['PY-EXEC-001']);
    const without = JSON.parse((await runCli(['review', '-', '-f', 'json', '--ignore', 'PY-EXEC-001'], { stdin })).stdout) as JsonReport;
    expect(without.findings.map((f) => f.ruleId)).toEqual(['PY-CMD-001']);
  });

  it('writes the report to --output and keeps stdout empty', async () => {
    const dir = tempDir();
    const out = join(dir, 'nested', 'report.sarif');
    const run = await runCli(['review', '-', '-f', 'sarif', '-o', out], { stdin: 'eval(input())\n' });
    expect(run.stdout).toBe('');
    const { readFileSync } = await import('node:fs');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('uses colours only on a TTY', async () => {
    const stdin = 'import os\ndef f(u):\n    os.system("ls " + u)\n';
    const plain = await runCli(['review', '-'], { stdin });
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = await runCli(['review', '-'], { stdin, tty: true });
    expect(tty.stdout).toContain('\u001b[');
    const forcedOff = await runCli(['review', '-', '--no-color'], { stdin, tty: true });
    expect(forcedOff.stdout).not.toContain('\u001b[');
  });

  it('lists rules as text and JSON', async () => {
    const text = await runCli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('PY-CMD-001');
    const json = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as { id: string; cwe: string; docs: object }[];
    expect(json.find((r) => r.id === 'PY-CMD-001')?.cwe).toBe('CWE-78');
    expect(json.every((r) => typeof r.docs === 'object')).toBe(true);
  });
});

describe('bad input: one diagnostic per file, the rest still reviewed', () => {
  it('handles binary, non-UTF-8, oversize, syntax errors, broken links and loops in one run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.py'), 'import os\ndef f(u):\n    os.system("ls " + u)\n');
    writeFileSync(join(dir, 'binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
    writeFileSync(join(dir, 'declared.py'), Buffer.from('# -*- coding: latin-1 -*-\nname = "caf\xe9"\neval(name + input())\n', 'latin1'));
    writeFileSync(join(dir, 'big.py'), `x = 1\n${'# padding\n'.repeat(2000)}`);
    writeFileSync(join(dir, 'broken.py'), 'def f(:\n    pass\n\neval(input())\n');
    writeFileSync(join(dir, 'empty.py'), '');
    symlinkSync(join(dir, 'missing.py'), join(dir, 'dangling.py'));
    mkdirSync(join(dir, 'pkg'));
    symlinkSync(dir, join(dir, 'pkg', 'loop'));
    writeFileSync(join(dir, 'notes.txt'), 'not python\n');

    const run = await runCli(['review', '.', '-f', 'json', '--max-file-size', '10k'], { cwd: dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    const byFile = Object.fromEntries(report.errors.map((e) => [e.file, e.kind]));
    expect(byFile).toEqual({
      'binary.py': 'binary',
      'latin.py': 'encoding',
      'big.py': 'size',
      'broken.py': 'parse',
      'dangling.py': 'symlink',
      'pkg/loop': 'symlink',
    });
    const found = report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(found).toEqual(['broken.py:4 PY-EXEC-001', 'declared.py:3 PY-EXEC-001', 'good.py:3 PY-CMD-001']);
    expect(report.errors.find((e) => e.file === 'broken.py')?.line).toBe(1);
    expect(run.code).toBe(1);
  });

  it('reports a missing path and an explicitly named empty file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.py'), '');
    const run = await runCli(['review', 'nope.py', 'empty.py', '-f', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.errors.map((e) => [e.file, e.kind])).toEqual([
      ['empty.py', 'empty'],
      ['nope.py', 'io'],
    ]);
    expect(report.verdict).toBe('clean');
  });

  it('exits 2 when nothing at all could be reviewed', async () => {
    const dir = tempDir();
    const run = await runCli(['review', 'nope.py'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.py');
  });

  it('rejects binary and non-UTF-8 stdin with exit 2', async () => {
    expect((await runCli(['review', '-'], { stdin: new Uint8Array([0, 1, 2]) })).code).toBe(2);
    expect((await runCli(['review', '-'], { stdin: new Uint8Array([0x78, 0x3d, 0xff, 0x0a]) })).code).toBe(2);
  });
});

describe('file collection', () => {
  it('honours .gitignore and skips virtualenvs, node_modules and .git', async () => {
    const dir = tempDir();
    const vulnerable = 'import os\ndef f(u):\n    os.system("ls " + u)\n';
    writeFileSync(join(dir, '.gitignore'), 'generated/\n*_pb2.py\n');
    for (const sub of ['src', 'generated', 'node_modules/pkg', '.git', 'env', 'src/sub']) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, 'env', 'pyvenv.cfg'), 'home = /usr/bin\n');
    writeFileSync(join(dir, 'src', '.gitignore'), 'local_*.py\n');
    for (const file of ['src/app.py', 'generated/out.py', 'src/api_pb2.py', 'node_modules/pkg/x.py', '.git/hook.py', 'env/site.py', 'src/local_settings.py', 'src/sub/local_x.py', 'src/sub/ok.py']) {
      writeFileSync(join(dir, file), vulnerable);
    }
    writeFileSync(join(dir, 'script'), `#!/usr/bin/env python3\n${vulnerable}`);
    const report = JSON.parse((await runCli(['review', '-f', 'json'], { cwd: dir })).stdout) as JsonReport;
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['script', 'src/app.py', 'src/sub/ok.py']);
    const all = JSON.parse((await runCli(['review', '-f', 'json', '--no-gitignore'], { cwd: dir })).stdout) as JsonReport;
    expect(all.findings.map((f) => f.file)).toContain('generated/out.py');
  });
});

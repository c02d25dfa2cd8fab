import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../src/core/rule.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { analyzeFiles } from '../../src/review/executor/index.js';
import { ResultCache } from '../../src/review/executor/cache.js';
import { buildSchedule } from '../../src/review/executor/schedule.js';
import { createTaskRunner } from '../../src/review/executor/run-task.js';
import type { Task } from '../../src/review/executor/tasks.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'secreview.js');

/** A small package: helpers imported by views, a cycle, and findings that need cross-file flow. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'secreview-exec-'));
  const files: Record<string, string> = {
    'shop/__init__.py': '',
    'shop/db.py': 'def build(where):\n    return "SELECT * FROM t WHERE " + where\n',
    'shop/shell.py': 'import os\n\ndef run(name):\n    os.system("tool " + name)\n',
    'shop/a.py': 'from . import b\n\ndef ping(x):\n    return b.pong(x)\n',
    'shop/b.py': 'from . import a\n\ndef pong(x):\n    return x\n',
    'shop/views.py': [
      'import sqlite3',
      'from flask import Flask, request',
      'from .db import build',
      'from .shell import run',
      'from .a import ping',
      'app = Flask(__name__)',
      '@app.route("/q")',
      'def q():',
      '    sqlite3.connect("x").execute(build(request.args["w"]))',
      '    run(request.args["n"])',
      '    return ping(request.args["p"])',
      '',
    ].join('\n'),
  };
  for (let i = 0; i < 6; i++) files[`shop/extra_${i}.py`] = `import hashlib\n\ndef token_${i}(password):\n    return hashlib.md5(password.encode()).hexdigest()\n`;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function review(cwd: string, ...args: string[]): { findings: unknown[]; errors: unknown[] } {
  const run = spawnSync('node', [BIN, 'review', '.', '--format', 'json', '--fail-on', 'none', ...args], { cwd, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: unknown[] };
  return { findings: report.findings, errors: report.errors };
}

describe('parallel review', () => {
  it('gives identical, identically ordered results whatever --jobs is', () => {
    const root = project();
    const one = review(root, '--jobs', '1', '--no-cache');
    const two = review(root, '--jobs', '2', '--no-cache');
    const three = review(root, '--jobs', '3', '--no-cache');
    expect(one.findings.length).toBeGreaterThan(2);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });
});

describe('worker bundle', () => {
  it('is built, and a worker thread running it analyses a file as this thread does', async () => {
    // The build bundles the worker's modules into one file (faster thread start-up); the pool
    // falls back to the module tree without it, so a missing bundle would only show as time.
    const bundle = join(import.meta.dirname, '..', '..', 'dist', 'review', 'executor', 'worker.bundle.js');
    expect(existsSync(bundle)).toBe(true);
    const task: Task = {
      kind: 'analyze',
      frontend: 'python',
      source: { path: 'app.py', text: 'import os, sys\nos.system("ls " + sys.argv[1])\n', context: 'production' },
    };
    const code = `
      const { parentPort, workerData } = await import('node:worker_threads');
      const { runTask } = await import(workerData.url);
      parentPort.postMessage(await runTask(workerData.task));`;
    const worker = new Worker(code, { eval: true, workerData: { url: pathToFileURL(bundle).href, task } });
    try {
      const inWorker = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const here = await createTaskRunner()(task);
      expect(here.kind === 'analyze' && here.analysis.findings.length).toBeGreaterThan(0);
      expect(inWorker).toEqual(here);
    } finally {
      await worker.terminate();
    }
  });
});

describe('incremental cache', () => {
  it('returns the same results warm, and survives corrupted entries', () => {
    const root = project();
    const cacheDir = join(root, '.cache');
    const cold = review(root, '--cache-dir', cacheDir, '--jobs', '2');
    const entries = listFiles(join(cacheDir, 'v1'));
    expect(entries.length).toBeGreaterThan(0);
    expect(review(root, '--cache-dir', cacheDir, '--jobs', '2')).toEqual(cold);
    // Corrupt every entry: the run must recompute, report the same, and rewrite the entries.
    for (const entry of entries) writeFileSync(entry, '{ not json');
    expect(review(root, '--cache-dir', cacheDir, '--jobs', '1')).toEqual(cold);
    for (const entry of entries) expect(() => JSON.parse(readFileSync(entry, 'utf8')) as unknown).not.toThrow();
  });

  it('does not reuse a result when the file changes', () => {
    const root = project();
    const cacheDir = join(root, '.cache');
    const before = review(root, '--cache-dir', cacheDir);
    writeFileSync(join(root, 'shop', 'shell.py'), 'import subprocess\n\ndef run(name):\n    subprocess.run(["tool", name])\n');
    const after = review(root, '--cache-dir', cacheDir);
    expect(after.findings.length).toBe(before.findings.length - 1);
    expect(review(root, '--no-cache')).toEqual(after);
  });
});

describe('incremental cache shared by runs at the same time', () => {
  it('gives every run the results of an uncached one, and leaves only whole entries', async () => {
    const root = project();
    const cacheDir = join(root, '.cache');
    const reference = review(root, '--no-cache');
    // Three processes race to fill one empty cache: each writes entries the others may be reading.
    const runs = await Promise.all(
      ['1', '2', '1'].map(
        (jobs) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn('node', [BIN, 'review', '.', '--format', 'json', '--fail-on', 'none', '--cache-dir', cacheDir, '--jobs', jobs], { cwd: root });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('error', reject);
            child.on('close', (code) => resolve({ code, stdout, stderr }));
          }),
      ),
    );
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: unknown[] };
      expect({ findings: report.findings, errors: report.errors }).toEqual(reference);
    }
    const entries = listFiles(join(cacheDir, 'v1'));
    expect(entries.filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
    for (const entry of entries) expect(() => JSON.parse(readFileSync(entry, 'utf8')) as unknown).not.toThrow();
    expect(review(root, '--cache-dir', cacheDir)).toEqual(reference);
  });

  it('keeps the results of one rule selection apart from another\'s', () => {
    const root = project();
    const cacheDir = join(root, '.cache');
    const reference = review(root, '--no-cache');
    const selected = review(root, '--cache-dir', cacheDir, '--select', 'PY-CMD-001');
    expect(selected.findings.length).toBeGreaterThan(0);
    expect(selected.findings.length).toBeLessThan(reference.findings.length);
    expect(review(root, '--cache-dir', cacheDir)).toEqual(reference);
    expect(review(root, '--cache-dir', cacheDir, '--select', 'PY-CMD-001')).toEqual(selected);
  });
});

describe('analyzeFiles', () => {
  it('turns a file whose scan and analysis fail into that file\'s diagnostic, and reviews the rest', async () => {
    // A front-end id the task runner does not know makes both tasks of that file fail.
    const broken = { ...pythonFrontend, id: 'no-such-language' as LanguageId };
    const source = (path: string, text: string) => ({ path, text, context: 'production' as const });
    const results = await analyzeFiles(
      [
        { source: source('pkg/bad.py', 'import os\n'), frontend: broken, rootRelativePath: 'pkg/bad.py' },
        { source: source('pkg/good.py', 'import os\nos.system("ls " + input())\n'), frontend: pythonFrontend, rootRelativePath: 'pkg/good.py' },
      ],
      { jobs: 1, rulesetVersion: 'test' },
    );
    expect(results[0]?.errors).toEqual([{ file: 'pkg/bad.py', kind: 'internal', message: expect.stringContaining('the analysis of this file failed') as string }]);
    expect(results[1]?.findings.map((f) => f.ruleId)).toContain('PY-CMD-001');
  });
});

describe('analyzeFiles progress', () => {
  it('counts the scanned modules, then the analysed files, each phase from none to all', async () => {
    const files = ['pkg/__init__.py', 'pkg/a.py', 'pkg/b.py', 'pkg/c.py'].map((path, i) => ({
      source: { path, text: i === 0 ? '' : `from . import a\n\ndef f${i}(x):\n    return x\n`, context: 'production' as const },
      frontend: pythonFrontend,
      rootRelativePath: path,
    }));
    const reports: string[] = [];
    await analyzeFiles(files, { jobs: 1, rulesetVersion: 'test', onProgress: ({ phase, done, total }) => reports.push(`${phase} ${done}/${total}`) });
    // The four modules' scans go to the task runner as one batch.
    expect(reports).toEqual(['scan 0/4', 'scan 4/4', 'review 0/4', 'review 1/4', 'review 2/4', 'review 3/4', 'review 4/4']);
  });
});

describe('analyzeFiles on code the engine cannot follow', () => {
  it('keeps the pattern rules of a file whose 200,000-term expression overflows the dataflow engine', async () => {
    const chain = `x = ${'a+'.repeat(200_000)}a\n`;
    const text = `import requests\nrequests.get("https://example.com", verify=False)\n${chain}`;
    const [result] = await analyzeFiles(
      [
        { source: { path: 'pkg/chain.py', text, context: 'production' }, frontend: pythonFrontend, rootRelativePath: 'pkg/chain.py' },
        { source: { path: 'pkg/other.py', text: 'from . import chain\n', context: 'production' }, frontend: pythonFrontend, rootRelativePath: 'pkg/other.py' },
      ],
      { jobs: 1, rulesetVersion: 'test' },
    );
    expect(result?.findings.map((f) => f.ruleId)).toContain('PY-TLS-001');
    // One diagnostic names every dataflow rule the failure stopped.
    expect(result?.errors).toHaveLength(1);
    expect(result?.errors[0]?.message).toMatch(/^rules PY-CMD-001, .*PY-SQLI-001.* failed here and were skipped for this file: RangeError/);
  });
});

describe('ResultCache', () => {
  it('is empty until it holds an entry, whatever else its folder holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-cache-'));
    expect(ResultCache.isEmpty(join(dir, 'missing'))).toBe(true);
    // The CLI puts a .gitignore in a new cache folder before the first run.
    writeFileSync(join(dir, '.gitignore'), '*\n');
    expect(ResultCache.isEmpty(dir)).toBe(true);
    await new ResultCache(dir).set(ResultCache.key('k'), { v: 1 });
    expect(ResultCache.isEmpty(dir)).toBe(false);
  });

  it('fingerprints Maps by content at any depth (summaries hold Maps of fields)', () => {
    const summary = (field: string): unknown => [['shop.db.build', { returns: { taint: [], fields: new Map([[field, { taint: [] }]]) } }]];
    expect(ResultCache.fingerprint(summary('a'))).toBe(ResultCache.fingerprint(summary('a')));
    expect(ResultCache.fingerprint(summary('a'))).not.toBe(ResultCache.fingerprint(summary('b')));
    expect(ResultCache.fingerprint(new Map([['k', 1]]))).not.toBe(ResultCache.fingerprint(new Map([['k', 2]])));
  });

  it('gives back Maps at any depth, and plain JSON as it was written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-cache-'));
    const cache = new ResultCache(dir);
    const summary = { returns: { taint: [{ line: 3 }], fields: new Map([['a', { taint: [], fields: new Map([['b', { taint: [] }]]) }]]) } };
    const value = {
      findings: [{ ruleId: 'PY-X', notes: ['n'] }],
      exports: new Map<unknown, unknown>([['pkg.mod.f', summary], [2, [new Map([['k', null]])]]]),
      empty: new Map(),
      nested: [[{ deep: new Map([['x', [1, 2]]]) }]],
    };
    const withMaps = ResultCache.key('maps');
    await cache.set(withMaps, value);
    expect(cache.get(withMaps)).toEqual(value);
    // A key that JSON may hold but an assignment would treat specially stays a plain property.
    const plain = JSON.parse('{"__proto__": {"polluted": true}, "list": [{"a": 1}], "n": null}') as Record<string, unknown>;
    const withoutMaps = ResultCache.key('plain');
    await cache.set(withoutMaps, plain);
    const back = cache.get<Record<string, unknown>>(withoutMaps);
    expect(back && Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back && Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(back?.['list']).toEqual([{ a: 1 }]);
    // The same entry with a Map beside the odd key: the walk must not set that key again.
    const mixed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    mixed['m'] = new Map([['k', 1]]);
    const withBoth = ResultCache.key('both');
    await cache.set(withBoth, mixed);
    const both = cache.get<Record<string, unknown>>(withBoth);
    expect(both && Object.getPrototypeOf(both)).toBe(Object.prototype);
    expect(both?.['m']).toEqual(new Map([['k', 1]]));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('treats unreadable entries as missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-cache-'));
    const cache = new ResultCache(dir);
    const key = ResultCache.key('a', 'b');
    expect(cache.get(key)).toBeUndefined();
    await cache.set(key, { findings: [1], exports: new Map([['x', 1]]) });
    expect(cache.get(key)).toEqual({ findings: [1], exports: new Map([['x', 1]]) });
    const [entry] = listFiles(join(dir, 'v1'));
    writeFileSync(entry as string, '');
    expect(cache.get(key)).toBeUndefined();
  });
});

describe('buildSchedule', () => {
  it('puts imported files in earlier levels and keeps cycles together', () => {
    // 0 imports 1 and 2; 1 and 2 import each other; 3 imports 0.
    const schedule = buildSchedule([[1, 2], [2], [1], [0]]);
    expect(schedule.levels).toEqual([[1, 2], [0], [3]]);
    expect(schedule.dependencies).toEqual([[1, 2], [], [], [0]]);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

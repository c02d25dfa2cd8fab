import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGitChange } from '../../src/review/change/git-change.js';
import type { Git } from '../../src/review/change/git.js';
import { prepareRun } from '../../src/review/config/prepare.js';
import { allRules, frontends } from '../../src/review/languages.js';
import { runReview } from '../../src/review/review.js';
import { systemGit } from '../../src/review/change/git.js';
import { runCli } from '../support/cli.js';
import { tempRepo } from './repo.js';

interface Report {
  findings: { ruleId: string; file: string; line: number }[];
  errors: { kind: string; message: string }[];
  change?: { source: string; baseRef?: string; message?: string; commits?: number; scope: string; files: { path: string; oldPath?: string; status: string; added: number; removed: number; binary?: boolean }[] };
}

const OLD = 'import os\n\n\ndef old(u):\n    os.system("ls " + u)\n';
const NEW_FUNCTION = '\n\ndef new(u):\n    os.system("rm -rf " + u)\n';

async function json(args: string[], cwd: string): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runCli(['review', ...args, '--format', 'json'], { cwd });
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as Report, stderr: run.stderr };
}

const lines = (report: Report): [string, number][] => report.findings.map((f) => [f.file, f.line]);

describe('secreview review --diff (a temporary git repository)', () => {
  it('reports only the newly added vulnerable line; --all reports both', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    repo.write('app.py', OLD + NEW_FUNCTION);
    repo.commit('Add a cleanup helper\n\nRemoves the user directory.');

    const diff = await json(['--diff', 'HEAD~1'], repo.dir);
    expect(diff.code).toBe(1);
    expect(lines(diff.report)).toEqual([['app.py', 9]]);
    expect(diff.report.change).toMatchObject({ source: 'diff', baseRef: 'HEAD~1', message: 'Add a cleanup helper\n\nRemoves the user directory.', commits: 1, scope: 'changed-lines' });
    expect(diff.report.change?.files).toEqual([{ path: 'app.py', status: 'modified', added: 4, removed: 0 }]);

    const all = await json(['--diff', 'HEAD~1', '--all'], repo.dir);
    expect(lines(all.report)).toEqual([['app.py', 5], ['app.py', 9]]);
    expect(all.report.change?.scope).toBe('whole-files');
  });

  it('reviews uncommitted work against HEAD by default, including untracked files', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    repo.write('app.py', OLD + NEW_FUNCTION);
    repo.write('tools/new_tool.py', 'import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n');
    repo.write('notes.txt', 'not code\n');

    const { report } = await json(['--diff'], repo.dir);
    expect(report.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([
      ['app.py', 9, 'PY-CMD-001'],
      ['tools/new_tool.py', 5, 'PY-DESER-001'],
    ]);
    expect(report.change?.baseRef).toBe('HEAD');
    expect(report.change?.message).toBeUndefined();
    expect(report.change?.files.map((f) => [f.path, f.status])).toEqual([['app.py', 'modified'], ['notes.txt', 'added'], ['tools/new_tool.py', 'added']]);
  });

  it('shows the commit subject in the text report header', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    repo.write('app.py', OLD + NEW_FUNCTION);
    repo.commit('Add a cleanup helper');
    const run = await runCli(['review', '--diff', 'HEAD~1'], { cwd: repo.dir });
    const [first, second] = run.stdout.split('\n');
    expect(first).toBe('Change: Add a cleanup helper');
    expect(second).toMatch(/^ {2}working tree against HEAD~1 \([0-9a-f]{12}\) · 1 file changed \(\+4 -0\) · findings on changed lines only/);
  });

  it('--staged reviews the index version, not the working tree', async () => {
    const repo = tempRepo();
    repo.write('app.py', 'import os\n');
    repo.commit('Initial version');
    repo.write('app.py', 'import os\n\n\ndef staged(u):\n    os.system("a " + u)\n');
    repo.git('add', 'app.py');
    repo.write('app.py', 'import os\n\n\ndef staged(u):\n    os.system("a " + u)\n\n\ndef unstaged(u):\n    os.system("b " + u)\n');

    const staged = await json(['--staged'], repo.dir);
    expect(lines(staged.report)).toEqual([['app.py', 5]]);
    expect(staged.report.change?.source).toBe('staged');
    const worktree = await json(['--diff'], repo.dir);
    expect(lines(worktree.report)).toEqual([['app.py', 5], ['app.py', 9]]);
  });

  it('defaults the base to the merge-base with the upstream branch, and counts the commits since', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.git('branch', '-q', '--set-upstream-to=main');
    repo.write('app.py', OLD + NEW_FUNCTION);
    repo.commit('First step');
    repo.write('more.py', 'import yaml\n\n\ndef read(text):\n    return yaml.load(text)\n');
    repo.commit('Second step');

    const { report } = await json(['--diff'], repo.dir);
    expect(report.change).toMatchObject({ baseRef: 'merge-base with main', commits: 2, message: 'First step\n\nSecond step' });
    expect(lines(report)).toEqual([['app.py', 9], ['more.py', 5]]);
    const text = await runCli(['review', '--diff'], { cwd: repo.dir });
    expect(text.stdout.split('\n')[0]).toBe('Change: First step (+1 more commit)');
  });

  it('reads "--diff DIR" as a path when DIR is not a revision, and limits the change to it', async () => {
    const repo = tempRepo();
    repo.write('src/a.py', 'x = 1\n');
    repo.write('other/b.py', 'x = 1\n');
    repo.commit('Initial version');
    repo.write('src/a.py', 'import os\n\n\ndef f(u):\n    os.system("ls " + u)\n');
    repo.write('other/b.py', 'import os\n\n\ndef f(u):\n    os.system("ls " + u)\n');
    const { report } = await json(['--diff', 'src'], repo.dir);
    expect(lines(report)).toEqual([['src/a.py', 5]]);
    expect(report.change?.files.map((f) => f.path)).toEqual(['src/a.py']);
  });

  it('lists deleted, renamed and binary files; binary ones are not reviewed and raise no error', async () => {
    const repo = tempRepo();
    repo.write('gone.py', 'import os\nos.system("ls")\n');
    repo.write('keep.py', OLD);
    repo.commit('Initial version');
    repo.git('rm', '-q', 'gone.py');
    repo.git('mv', 'keep.py', 'moved.py');
    writeFileSync(join(repo.dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    repo.commit('Reorganise');
    const { code, report } = await json(['--diff', 'HEAD~1'], repo.dir);
    expect(code).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.change?.files).toEqual([
      { path: 'gone.py', status: 'deleted', added: 0, removed: 2 },
      { path: 'logo.png', status: 'added', added: 0, removed: 0, binary: true },
      { path: 'moved.py', oldPath: 'keep.py', status: 'renamed', added: 0, removed: 0 },
    ]);
    const text = await runCli(['review', '--diff', 'HEAD~1'], { cwd: repo.dir });
    expect(text.stdout).toContain('binary, not reviewed: logo.png');
  });

  it('keeps the baseline entries of a renamed file', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    expect((await runCli(['baseline', 'create'], { cwd: repo.dir })).code).toBe(0);
    repo.commit('Record the baseline');
    repo.git('mv', 'app.py', 'service.py');
    repo.write('service.py', OLD + NEW_FUNCTION);
    repo.commit('Rename and extend');

    const withBaseline = await json(['--diff', 'HEAD~1', '--all', '--baseline', '.secreview-baseline.json'], repo.dir);
    expect(lines(withBaseline.report)).toEqual([['service.py', 9]]);
    const without = await json(['--diff', 'HEAD~1', '--all'], repo.dir);
    expect(lines(without.report)).toEqual([['service.py', 5], ['service.py', 9]]);

    // The old finding is hidden as known, naming the path it was recorded under.
    const prepared = await prepareRun([], { diff: 'HEAD~1', all: true, baseline: '.secreview-baseline.json', gitignore: true }, { cwd: repo.dir, readStdin: () => Promise.resolve(new Uint8Array()), git: systemGit(), frontends, rules: allRules() });
    if (!prepared.ok) throw new Error(prepared.message);
    const result = await runReview({ sources: prepared.run.sources ?? [], frontends, cwd: repo.dir, fileStages: prepared.run.fileStages, runStages: prepared.run.runStages });
    expect(result.hidden?.map((h) => [h.reason, h.finding.line, h.detail])).toEqual([
      ['baseline', 5, 'known in the baseline .secreview-baseline.json (recorded for app.py, renamed in this change)'],
    ]);
  });

  it('fails with exit code 2 outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-nogit-'));
    const run = await runCli(['review', '--diff'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not inside a git repository; --diff and --staged need one');
  });

  it('fails with exit code 2 on an unknown base revision', async () => {
    const repo = tempRepo();
    repo.write('a.py', 'x = 1\n');
    repo.commit('Initial version');
    const run = await runCli(['review', '--diff', 'no-such-branch'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown revision "no-such-branch"');
  });
});

describe('loadGitChange with a fake git', () => {
  it('says so when git is missing', async () => {
    const missing: Git = { run: () => Promise.resolve({ code: 127, stdout: Buffer.alloc(0), stderr: 'spawn git ENOENT' }) };
    const load = await loadGitChange({ git: missing, cwd: '/tmp', staged: false, paths: ['.'], frontends });
    expect(load).toEqual({ ok: false, message: 'git is not installed or not on PATH; --diff and --staged need it (use --patch FILE to review a patch)' });
  });

  it('asks git for exactly the diff it needs, with argument arrays', async () => {
    const calls: string[][] = [];
    const answers: Record<string, string> = {
      'rev-parse --show-toplevel': '/repo\n',
      'rev-parse --abbrev-ref --symbolic-full-name @{upstream}': '',
      'rev-parse --verify --quiet --end-of-options HEAD^{commit}': 'a'.repeat(40),
      'rev-parse --verify --quiet --end-of-options HEAD': 'a'.repeat(40),
    };
    const fake: Git = {
      run: (args) => {
        calls.push([...args]);
        const key = args.join(' ');
        const stdout = answers[key] ?? (args[0] === 'diff' || args[0] === 'ls-files' ? '' : undefined);
        return Promise.resolve(stdout === undefined ? { code: 128, stdout: Buffer.alloc(0), stderr: 'fatal: no upstream' } : { code: 0, stdout: Buffer.from(stdout), stderr: '' });
      },
    };
    const load = await loadGitChange({ git: fake, cwd: '/repo', staged: false, paths: ['src'], frontends });
    expect(load.ok).toBe(true);
    expect(calls.find((c) => c[0] === 'diff')).toEqual(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '-U0', '--src-prefix=a/', '--dst-prefix=b/', 'a'.repeat(40), '--', 'src']);
  });
});

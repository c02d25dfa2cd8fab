import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempRepo } from './repo.js';
import type { TempRepo } from './repo.js';

interface Report {
  findings: { file: string; line: number; ruleId: string }[];
  change?: { source: string; head?: string; message?: string; commits?: number; reconstructed: boolean; files: { path: string; status: string; reconstructed?: boolean; binary?: boolean }[] };
}

const OLD = 'import os\n\n\ndef old(u):\n    os.system("ls " + u)\n';
const NEW_FUNCTION = '\n\ndef new(u):\n    os.system("rm -rf " + u)\n';

/** A repository with one commit adding a vulnerable function to a file that already had one. */
function repoWithChange(): TempRepo {
  const repo = tempRepo();
  repo.write('app.py', OLD);
  repo.commit('Initial version');
  repo.write('app.py', OLD + NEW_FUNCTION);
  repo.commit('Add a cleanup helper\n\nIt removes the user directory.');
  return repo;
}

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'secreview-patch-'));
}

async function review(args: string[], cwd: string, stdin?: string): Promise<{ code: number; report: Report; stdout: string; stderr: string }> {
  const json = await runCli(['review', ...args, '--format', 'json'], { cwd, ...(stdin !== undefined ? { stdin } : {}) });
  const text = await runCli(['review', ...args], { cwd, ...(stdin !== undefined ? { stdin } : {}) });
  return { code: json.code, report: JSON.parse(json.stdout || '{}') as Report, stdout: text.stdout, stderr: json.stderr };
}

describe('secreview review --patch', () => {
  it('reviews a format-patch file against the working tree that has the change, with its message', async () => {
    const repo = repoWithChange();
    writeFileSync(join(repo.dir, 'change.patch'), repo.git('format-patch', '-1', '--stdout'));
    const { code, report, stdout } = await review(['--patch', 'change.patch'], repo.dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['app.py', 9]]);
    expect(report.change).toMatchObject({ source: 'patch', message: 'Add a cleanup helper\n\nIt removes the user directory.', commits: 1, reconstructed: false });
    expect(stdout.split('\n')[0]).toBe('Change: Add a cleanup helper');
    expect(stdout).not.toContain('reconstructed');
  });

  it('reconstructs files that are not in the working tree from stdin, and says so', async () => {
    const patch = repoWithChange().git('format-patch', '-1', '--stdout');
    const { report, stdout } = await review(['--patch', '-'], emptyDir(), patch);
    expect(report.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([['app.py', 9, 'PY-CMD-001']]);
    expect(report.change?.reconstructed).toBe(true);
    expect(report.change?.files).toEqual([{ path: 'app.py', status: 'modified', added: 4, removed: 0, reconstructed: true }]);
    expect(stdout).toContain('reconstructed from the patch: app.py (not in the working tree; only the lines the hunks show were reviewed)');
  });

  it('reconstructs when the working tree holds the file before the change, not after it', async () => {
    const repo = repoWithChange();
    const patch = repo.git('format-patch', '-1', '--stdout');
    repo.git('checkout', '-q', 'HEAD~1');
    const { report } = await review(['--patch', '-'], repo.dir, patch);
    expect(report.change?.reconstructed).toBe(true);
    expect(report.findings.map((f) => f.line)).toEqual([9]);
  });

  it('reviews a GitHub-style multi-commit patch at the final line numbers', async () => {
    const repo = tempRepo();
    repo.write('app.py', OLD);
    repo.commit('Initial version');
    repo.write('app.py', OLD + NEW_FUNCTION);
    repo.commit('Add a cleanup helper');
    repo.write('app.py', 'import os\nimport yaml\n\n\n' + OLD.slice('import os\n'.length) + NEW_FUNCTION + '\n\ndef conf(t):\n    return yaml.load(t)\n');
    repo.commit('Read the configuration');
    const series = repo.git('format-patch', '-2', '--stdout');
    const { report, stdout } = await review(['--patch', '-'], emptyDir(), series);
    expect(report.findings.map((f) => [f.line, f.ruleId])).toEqual([[12, 'PY-CMD-001'], [16, 'PY-DESER-002']]);
    expect(report.change).toMatchObject({ commits: 2, message: 'Add a cleanup helper\n\nRead the configuration' });
    expect(stdout.split('\n')[0]).toBe('Change: Add a cleanup helper (+1 more commit)');
  });

  it('decodes a Gerrit patch download (base64 of the format-patch text)', async () => {
    const patch = repoWithChange().git('format-patch', '-1', '--stdout');
    const encoded = Buffer.from(patch).toString('base64').replace(/(.{76})/g, '$1\n');
    const { report } = await review(['--patch', '-'], emptyDir(), encoded);
    expect(report.change?.message).toBe('Add a cleanup helper\n\nIt removes the user directory.');
    expect(report.findings.map((f) => f.line)).toEqual([9]);
  });

  it('lists binary and deleted files of a patch without reviewing them', async () => {
    const repo = tempRepo();
    repo.write('gone.py', 'import os\n');
    repo.commit('Initial version');
    repo.git('rm', '-q', 'gone.py');
    writeFileSync(join(repo.dir, 'icon.bin'), Buffer.from([0, 1, 2, 3]));
    repo.commit('Swap files');
    const { code, report } = await review(['--patch', '-'], emptyDir(), repo.git('format-patch', '-1', '--stdout'));
    expect(code).toBe(0);
    expect(report.change?.files.map((f) => [f.path, f.status, f.binary ?? false])).toEqual([['gone.py', 'deleted', false], ['icon.bin', 'added', true]]);
  });

  it('--message replaces the message of the patch', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'msg.txt'), 'Reviewed title\n\nDetails.\n');
    const { report } = await review(['--patch', '-', '--message', 'msg.txt'], dir, repoWithChange().git('format-patch', '-1', '--stdout'));
    expect(report.change?.message).toBe('Reviewed title\n\nDetails.');
  });

  it('rejects input that is not a patch, a missing file, and two readers of stdin, with exit code 2', async () => {
    const dir = emptyDir();
    const notPatch = await runCli(['review', '--patch', '-'], { cwd: dir, stdin: 'hello\n' });
    expect([notPatch.code, notPatch.stderr]).toEqual([2, 'secreview: <stdin>: no file changes found; expected a unified diff (git diff, git format-patch, diff -u)\n']);
    const missing = await runCli(['review', '--patch', 'nope.diff'], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, 'secreview: --patch: cannot read nope.diff: no such file\n']);
    const both = await runCli(['review', '--patch', '-', '--message', '-'], { cwd: dir, stdin: '' });
    expect(both.code).toBe(2);
    const noChange = await runCli(['review', '.', '--all'], { cwd: dir });
    expect([noChange.code, noChange.stderr]).toEqual([2, 'secreview: --all applies to a change review (--diff, --staged or --patch)\n']);
  });
});

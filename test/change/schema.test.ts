import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { describeErrors, reportValidator } from '../report/validate.js';
import { tempRepo } from './repo.js';

describe('JSON reports of change reviews', () => {
  it('validate against schemas/report.schema.json, with the change, fingerprints and suppression diagnostics', async () => {
    const repo = tempRepo();
    repo.write('app.py', 'import yaml\n');
    repo.commit('Initial version');
    repo.write('app.py', 'import yaml\n\n\ndef conf(t):\n    return yaml.load(t)  # secreview: ignore[PY-DESER-002]\n');
    repo.git('mv', 'app.py', 'service.py');
    const run = await runCli(['review', '--staged', '--diff', 'HEAD', '--format', 'json'], { cwd: repo.dir });
    repo.git('add', '-A');
    const staged = await runCli(['review', '--staged', '--format', 'json'], { cwd: repo.dir });
    const validate = reportValidator();
    for (const text of [run.stdout, staged.stdout]) {
      const report = JSON.parse(text) as { change?: unknown; errors: { kind: string }[] };
      expect(validate(report), describeErrors(validate.errors)).toBe(true);
      expect(report.change).toBeDefined();
    }
    const report = JSON.parse(staged.stdout) as { errors: { kind: string }[]; findings: { fingerprint: string }[]; change: { files: { status: string }[] } };
    expect(report.errors.map((e) => e.kind)).toEqual(['suppression']);
    expect(report.findings[0]?.fingerprint).toMatch(/^[0-9a-f]{32}:1$/);
    // Too different for git's rename detection (under 50% similar): a deletion and an addition.
    expect(report.change.files.map((f) => f.status)).toEqual(['deleted', 'added']);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

interface Report {
  findings: { ruleId: string; file: string; line: number; severity: string; context: string }[];
  errors: { file: string; kind: string; message: string }[];
}

const VULNERABLE = 'import pickle\nimport yaml\n\n\ndef load(blob, text):\n    a = pickle.loads(blob)\n    b = yaml.load(text)\n    return a, b\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function review(cwd: string, ...args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runCli(['review', '--format', 'json', ...args], { cwd });
  return { code: run.code, report: (run.stdout ? JSON.parse(run.stdout) : { findings: [], errors: [] }) as Report, stderr: run.stderr };
}

const ids = (report: Report): string[] => report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

describe('configuration discovery', () => {
  it('finds .secreview.toml in a parent directory, and resolves its patterns from there', async () => {
    const dir = project({ '.secreview.toml': 'exclude = ["src/legacy/"]\n', 'src/app.py': VULNERABLE, 'src/legacy/old.py': VULNERABLE });
    const { report } = await review(join(dir, 'src'), '.');
    expect(ids(report)).toEqual(['app.py:6 PY-DESER-001', 'app.py:7 PY-DESER-002']);
  });

  it('reads [tool.secreview] from pyproject.toml, and skips a pyproject.toml without it', async () => {
    const dir = project({
      'pyproject.toml': '[project]\nname = "demo"\n\n[tool.secreview]\nignore = ["PY-DESER-002"]\n',
      'pkg/pyproject.toml': '[project]\nname = "inner"\n',
      'pkg/app.py': VULNERABLE,
    });
    const { report } = await review(join(dir, 'pkg'), '.');
    expect(ids(report)).toEqual(['app.py:6 PY-DESER-001']);
  });

  it('prefers .secreview.toml, then .secreview.yml, to pyproject.toml in the same directory', async () => {
    const dir = project({
      '.secreview.yml': 'ignore: [PY-DESER-001]\n',
      'pyproject.toml': '[tool.secreview]\nignore = ["PY-DESER-002"]\n',
      'app.py': VULNERABLE,
    });
    expect(ids((await review(dir, '.')).report)).toEqual(['app.py:7 PY-DESER-002']);
    writeFileSync(join(dir, '.secreview.toml'), 'select = ["CWE-502"]\nignore = []\n');
    expect(ids((await review(dir, '.')).report)).toEqual(['app.py:6 PY-DESER-001', 'app.py:7 PY-DESER-002']);
  });

  it('uses --config FILE instead, and nothing with --no-config', async () => {
    const dir = project({ '.secreview.toml': 'ignore = ["PY-DESER-001"]\n', 'ci/strict.yaml': 'ignore: [PY-DESER-002]\n', 'app.py': VULNERABLE });
    expect(ids((await review(dir, '.', '--config', 'ci/strict.yaml')).report)).toEqual(['app.py:6 PY-DESER-001']);
    expect(ids((await review(dir, '.', '--no-config')).report)).toHaveLength(2);
  });
});

describe('configuration validation', () => {
  it('names the file, the key and what is allowed for an unknown key, and exits 2', async () => {
    const dir = project({ 'pyproject.toml': '[tool.secreview]\nexlude = ["x"]\n', 'app.py': 'x = 1\n' });
    const { code, stderr } = await review(dir, '.');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'secreview: pyproject.toml: [tool.secreview] exlude: unknown key (did you mean "exclude"?); allowed keys: baseline, exclude, fail-on, ignore, include, max-file-size, per-file-ignores, report-unused-suppressions, respect-gitignore, select, severity, test-paths\n',
    );
  });

  it('reports every wrong value with its key', async () => {
    const dir = project({ '.secreview.toml': 'fail-on = "hi"\nselect = "PY-DESER-001"\nmax-file-size = "huge"\n[severity]\nPY-DESER-001 = "urgent"\n', 'app.py': 'x = 1\n' });
    const { code, stderr } = await review(dir, '.');
    expect(code).toBe(2);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'secreview: .secreview.toml: select: must be a list (got string "PY-DESER-001")',
      '  .secreview.toml: severity.PY-DESER-001: must be one of "low", "medium", "high", "critical" (got "urgent")',
      '  .secreview.toml: fail-on: must be one of "none", "low", "medium", "high", "critical" (got "hi")',
      '  .secreview.toml: max-file-size: must be a byte count or a size such as "800k" or "5m" (got "huge")',
    ]);
  });

  it('rejects a selector that names no rule, since it would silently do nothing', async () => {
    const dir = project({ '.secreview.yml': 'ignore:\n  - PY-DESER-01\n', 'app.py': 'x = 1\n' });
    const { code, stderr } = await review(dir, '.');
    expect(code).toBe(2);
    expect(stderr).toContain('secreview: .secreview.yml: ignore: "PY-DESER-01" names no rule; use rule ids (PY-SQLI-001), id prefixes (PY-CRYPTO), rule names or CWE ids (CWE-89)');
  });

  it('reports TOML and YAML syntax errors with their position', async () => {
    const toml = await review(project({ '.secreview.toml': 'select = ["a",\n', 'a.py': '' }), '.');
    expect(toml.code).toBe(2);
    expect(toml.stderr).toMatch(/^secreview: \.secreview\.toml: not valid TOML at line \d+, column \d+: /);
    const yaml = await review(project({ '.secreview.yml': 'select: [a\nignore: b: c\n', 'a.py': '' }), '.');
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/^secreview: \.secreview\.yml: not valid YAML at line \d+, column \d+: /);
    const missing = await review(project({ 'a.py': '' }), '.', '--config', 'nope.toml');
    expect(missing.stderr).toBe('secreview: nope.toml: no such file\n');
  });
});

describe('configured settings', () => {
  it('selects rules by CWE and id prefix, and overrides severities (most specific selector wins)', async () => {
    const dir = project({ '.secreview.toml': 'select = ["CWE-502", "PY-TLS"]\n[severity]\n"CWE-502" = "low"\n"PY-DESER-002" = "critical"\n', 'app.py': VULNERABLE });
    const { report } = await review(dir, '.');
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['PY-DESER-001', 'low'], ['PY-DESER-002', 'critical']]);
    const text = await runCli(['review', '.'], { cwd: dir });
    expect(text.stdout).toContain('CRITICAL · CWE-502');
  });

  it('lets command-line flags win: --fail-on over fail-on, --select over select', async () => {
    const dir = project({ '.secreview.toml': 'fail-on = "critical"\nselect = ["PY-DESER-002"]\n', 'app.py': VULNERABLE });
    const fromConfig = await review(dir, '.');
    expect([fromConfig.code, ids(fromConfig.report)]).toEqual([0, ['app.py:7 PY-DESER-002']]);
    const fromFlags = await review(dir, '.', '--fail-on', 'high', '--select', 'PY-DESER-001');
    expect([fromFlags.code, ids(fromFlags.report)]).toEqual([1, ['app.py:6 PY-DESER-001']]);
  });

  it('applies include and exclude to files found in directories, never to files named on the command line', async () => {
    const dir = project({ '.secreview.toml': 'include = ["src/"]\nexclude = ["*_generated.py"]\n', 'src/a.py': VULNERABLE, 'src/b_generated.py': VULNERABLE, 'scripts/c.py': VULNERABLE });
    expect(new Set((await review(dir, '.')).report.findings.map((f) => f.file))).toEqual(new Set(['src/a.py']));
    expect(new Set((await review(dir, 'scripts/c.py')).report.findings.map((f) => f.file))).toEqual(new Set(['scripts/c.py']));
  });

  it('treats test-paths as test code', async () => {
    const dir = project({ '.secreview.toml': 'test-paths = ["qa/"]\n', 'qa/check.py': 'PASSWORD = "s3cr3t-value-for-qa"\n', 'app.py': 'PASSWORD = "s3cr3t-value-for-qa"\n' });
    const { report } = await review(dir, '.', '--include-tests');
    expect(report.findings.map((f) => [f.file, f.context])).toEqual([['app.py', 'production'], ['qa/check.py', 'test']]);
  });

  it('hides findings of per-file-ignores in matching files', async () => {
    const dir = project({ '.secreview.toml': '[per-file-ignores]\n"tools/**" = ["PY-DESER-001"]\n', 'tools/dump.py': VULNERABLE, 'app.py': VULNERABLE });
    expect(ids((await review(dir, '.')).report)).toEqual(['app.py:6 PY-DESER-001', 'app.py:7 PY-DESER-002', 'tools/dump.py:7 PY-DESER-002']);
  });

  it('reports unused suppressions and reviews ignored files when the configuration says so', async () => {
    const dir = project({
      '.secreview.yml': 'report-unused-suppressions: true\nrespect-gitignore: false\n',
      '.gitignore': 'generated/\n',
      'generated/app.py': VULNERABLE,
      'ok.py': 'x = 1  # secreview: ignore[PY-DESER-001] left over\n',
    });
    const { report } = await review(dir, '.');
    expect(ids(report)).toEqual(['generated/app.py:6 PY-DESER-001', 'generated/app.py:7 PY-DESER-002']);
    expect(report.errors.map((e) => [e.file, e.kind])).toEqual([['ok.py', 'suppression']]);
    // --no-gitignore can only turn it off; the configuration cannot turn a flag back on.
    writeFileSync(join(dir, '.secreview.yml'), 'respect-gitignore: true\n');
    expect(ids((await review(dir, '.')).report)).toEqual([]);
    expect(ids((await review(dir, '.', '--no-gitignore')).report)).toHaveLength(2);
  });

  it('caps the file size from the configuration, and --max-file-size overrides it', async () => {
    const dir = project({ '.secreview.toml': 'max-file-size = 20\n', 'app.py': VULNERABLE });
    const capped = await review(dir, '.');
    expect(capped.report.errors.map((e) => e.kind)).toEqual(['size']);
    expect(ids((await review(dir, '.', '--max-file-size', '1k')).report)).toHaveLength(2);
  });
});

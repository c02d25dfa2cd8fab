import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import { formatLines } from '../../src/review/considered.js';
import { runCli } from '../support/cli.js';
import { parseAnnotations } from '../support/annotations.js';
import { reportValidator, sarifValidator } from '../report/validate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'python', 'context-openstack-functional.py');
const FIXTURE_ARG = relative(ROOT, FIXTURE);
const annotations = parseAnnotations(readFileSync(FIXTURE, 'utf8')).annotations;

interface JsonReport {
  verdict: string;
  findings: { ruleId: string; line: number; severity: string; demoted?: { reason: string; detail: string } }[];
  considered?: { file: string; cwe: string; title: string; conclusion: string; lines: number[] }[];
}

/** Rules that look at test code themselves and only note it (their docs say so); the others are demoted by the stage. */
const RULES_SKIPPING_TESTS = new Set(['PY-ASSERT-001', 'PY-RAND-001']);

function okLines(ruleId?: string): number[] {
  return annotations.filter((a) => a.kind === 'ok' && (ruleId === undefined || a.ruleId === ruleId)).map((a) => a.line);
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'secreview-considered-'));
}

describe('an OpenStack-style functional test', () => {
  it('has no expect lines and marks its test-only candidates with ok lines', () => {
    expect(annotations.filter((a) => a.kind !== 'ok')).toEqual([]);
    expect(new Set(annotations.map((a) => a.ruleId)).size).toBeGreaterThanOrEqual(7);
  });

  it('reviews clean: the Considered section cites the lines, and the verdict line is last', async () => {
    const run = await runCli(['review', FIXTURE_ARG], { cwd: ROOT });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(CLEAN_VERDICT);
    const heading = lines.indexOf('Considered:');
    expect(heading).toBeGreaterThan(0);
    const section = lines.slice(heading + 1, lines.length - 2);
    const credentials = section.find((l) => l.startsWith('  CWE-798 Hard-coded credentials: '));
    expect(credentials).toContain(`a credential is a fixture or placeholder value that no deployment uses (not a defect at ${formatLines(okLines('PY-SECRET-001'))})`);
    const tls = section.find((l) => l.startsWith('  CWE-295 Certificate validation: '));
    expect(tls).toContain(`(not a defect at ${formatLines(okLines('PY-TLS-001'))})`);
    expect(section.find((l) => l.startsWith('  CWE-703 '))).toMatch(/test expectations in test code, not access checks \(assert at lines [\d, ]+\)/i);
  });

  it('cites every demoted candidate in the JSON considered list, which matches the schema', async () => {
    const run = await runCli(['review', FIXTURE_ARG, '--format', 'json'], { cwd: ROOT });
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(reportValidator()(report)).toBe(true);
    expect(report.verdict).toBe('clean');
    const cited = new Set(report.considered?.flatMap((c) => c.lines));
    expect(okLines().filter((line) => !cited.has(line))).toEqual([]);
  });

  it('--include-tests shows exactly the demoted ok lines as information, and the exit code stays 0', async () => {
    const run = await runCli(['review', FIXTURE_ARG, '--format', 'json', '--include-tests', '--fail-on', 'low'], { cwd: ROOT });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(reportValidator()(report)).toBe(true);
    expect(report.verdict).toBe('clean');
    expect(report.findings.every((f) => f.demoted?.reason === 'test-context')).toBe(true);
    const shown = report.findings.map((f) => `${f.line} ${f.ruleId}`).sort();
    const expected = annotations
      .filter((a) => a.kind === 'ok' && !RULES_SKIPPING_TESTS.has(a.ruleId))
      .map((a) => `${a.line} ${a.ruleId}`)
      .sort();
    expect(shown).toEqual(expected);
  });

  it('--include-tests in text and SARIF: INFO blocks with the reason, SARIF notes with a property', async () => {
    const text = await runCli(['review', FIXTURE_ARG, '--include-tests'], { cwd: ROOT });
    expect(text.stdout).toContain('INFO (high in production code) · CWE-798');
    expect(text.stdout).toContain('  Demoted: In test code, a credential is a fixture or placeholder value that no deployment uses.');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(CLEAN_VERDICT);
    const sarif = await runCli(['review', FIXTURE_ARG, '--include-tests', '--format', 'sarif'], { cwd: ROOT });
    const log = JSON.parse(sarif.stdout) as { runs: { results: { level: string; properties: { demoted?: { reason: string } } }[] }[] };
    expect(sarifValidator()(log)).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBe(annotations.filter((a) => a.kind === 'ok' && !RULES_SKIPPING_TESTS.has(a.ruleId)).length);
    expect(results.every((r) => r.level === 'note' && r.properties.demoted?.reason === 'test-context')).toBe(true);
  });

  it('--no-considered leaves the section out', async () => {
    const run = await runCli(['review', FIXTURE_ARG, '--no-considered'], { cwd: ROOT });
    expect(run.stdout).not.toContain('Considered');
    const json = JSON.parse((await runCli(['review', FIXTURE_ARG, '-f', 'json', '--no-considered'], { cwd: ROOT })).stdout) as JsonReport;
    expect(json.considered).toBeUndefined();
  });
});

describe('Considered defaults and real leaks under tests/', () => {
  it('is on for a stdin snippet, off for a directory unless asked for', async () => {
    const snippet = await runCli(['review', '-'], { stdin: 'import yaml\ndef f(s):\n    return yaml.safe_load(s)\n' });
    expect(snippet.stdout).toContain('  CWE-502 Unsafe deserialization: SafeLoader builds plain data only (yaml.safe_load at line 3).');
    const dir = tempDir();
    writeFileSync(join(dir, 'a.py'), 'import yaml\ndef f(s):\n    return yaml.safe_load(s)\n');
    writeFileSync(join(dir, 'b.py'), 'import tempfile\nfd, path = tempfile.mkstemp()\n');
    expect((await runCli(['review', dir])).stdout).not.toContain('Considered');
    const asked = await runCli(['review', '.', '--considered'], { cwd: dir });
    expect(asked.stdout).toContain('Considered in a.py:');
    expect(asked.stdout).toContain('Considered in b.py:\n  CWE-377 Insecure temporary file: ');
  });

  it('still reports a private key committed under tests/, and nothing else there', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'tests'));
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'RkFLRS1LRVktTUFURVJJQUwtRk9SLVNFQ1JFVklFVy1URVNUUy1PTkxZLU5PVC1BLVJFQUwtS0VZ', '-----END RSA PRIVATE KEY-----'];
    writeFileSync(join(dir, 'tests', 'test_tls.py'), `ADMIN_PASSWORD = "fake-password"\nSERVER_KEY = """${pem.join('\n')}"""\n`);
    const run = await runCli(['review', '.', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => [f.ruleId, f.line, f.demoted])).toEqual([['PY-SECRET-001', 2, undefined]]);
  });
});

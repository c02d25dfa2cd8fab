import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_VERSION } from '../../src/core/fingerprint.js';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import { runCli } from '../support/cli.js';

const SERVICE = [
  'import pickle',
  'import requests',
  '',
  'API_PASSWORD = "hunter2-but-longer"',
  '',
  '',
  'def load(blob):',
  '    return pickle.loads(blob)',
  '',
  '',
  'def fetch(url):',
  '    return requests.get(url, verify=False, timeout=5)',
  '',
].join('\n');

interface Report {
  findings: { ruleId: string; file: string; line: number; fingerprint: string }[];
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-baseline-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function findings(dir: string, ...args: string[]): Promise<[string, number][]> {
  const run = await runCli(['review', '--format', 'json', ...args], { cwd: dir });
  return (JSON.parse(run.stdout) as Report).findings.map((f) => [f.ruleId, f.line]);
}

describe('secreview baseline create', () => {
  it('records every finding with its fingerprint, and no source text', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    const run = await runCli(['baseline', 'create'], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([0, 'secreview: recorded 3 findings in .secreview-baseline.json; review with --baseline .secreview-baseline.json to see only new ones\n']);
    const text = readFileSync(join(dir, '.secreview-baseline.json'), 'utf8');
    const file = JSON.parse(text) as { version: number; fingerprint: string; findings: Record<string, unknown>[] };
    expect(file.version).toBe(1);
    expect(file.fingerprint).toBe(FINGERPRINT_VERSION);
    expect(file.findings.map((e) => [e.ruleId, e.path, e.line, e.scope])).toEqual([
      ['PY-SECRET-001', 'app/service.py', 4, undefined],
      ['PY-DESER-001', 'app/service.py', 8, 'load'],
      ['PY-TLS-001', 'app/service.py', 12, 'fetch'],
    ]);
    // A baseline is committed next to the code: the secret itself must not be copied into it.
    expect(text).not.toContain('hunter2');
  });

  it('writes where --output says, relative paths from the baseline file', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    await runCli(['baseline', 'create', '--output', 'security/known.json'], { cwd: dir });
    const file = JSON.parse(readFileSync(join(dir, 'security/known.json'), 'utf8')) as { findings: { path: string }[] };
    expect(new Set(file.findings.map((e) => e.path))).toEqual(new Set(['../app/service.py']));
  });
});

describe('secreview review --baseline', () => {
  it('hides known findings, so a clean review says so', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    await runCli(['baseline', 'create'], { cwd: dir });
    const run = await runCli(['review', '--baseline', '.secreview-baseline.json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  3 findings not shown: 3 in the baseline\n');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(CLEAN_VERDICT);
  });

  it('keeps hiding known findings when lines move or are reformatted, and shows new ones', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    await runCli(['baseline', 'create'], { cwd: dir });
    const edited = SERVICE.replace('import requests\n', 'import requests\nimport logging\n\nLOG = logging.getLogger(__name__)\n')
      // Reformatting keeps the fingerprint; a second identical statement in the same function is new.
      .replace('    return pickle.loads(blob)', '    return  pickle.loads( blob )\n    return pickle.loads(blob)')
      // Changed code is new.
      .replace('verify=False, timeout=5', 'verify=False, timeout=10')
      // The same statement in another function is new.
      .concat('\n\ndef load_again(blob):\n    return pickle.loads(blob)\n');
    writeFileSync(join(dir, 'app/service.py'), edited);
    expect(await findings(dir, '--baseline', '.secreview-baseline.json')).toEqual([
      ['PY-DESER-001', 12],
      ['PY-TLS-001', 16],
      ['PY-DESER-001', 20],
    ]);
  });

  it('works from a subdirectory: paths are relative to the baseline file', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    await runCli(['baseline', 'create'], { cwd: dir });
    expect(await findings(join(dir, 'app'), '--baseline', '../.secreview-baseline.json')).toEqual([]);
  });

  it('uses the fingerprints the JSON and SARIF reports carry', async () => {
    const dir = project({ 'app/service.py': SERVICE });
    await runCli(['baseline', 'create'], { cwd: dir });
    const baseline = JSON.parse(readFileSync(join(dir, '.secreview-baseline.json'), 'utf8')) as { findings: { fingerprint: string }[] };
    const json = JSON.parse((await runCli(['review', '--format', 'json'], { cwd: dir })).stdout) as Report;
    const sarif = JSON.parse((await runCli(['review', '--format', 'sarif'], { cwd: dir })).stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    const expected = baseline.findings.map((e) => e.fingerprint);
    expect(json.findings.map((f) => f.fingerprint)).toEqual(expected);
    expect(sarif.runs[0]?.results.map((r) => r.partialFingerprints[FINGERPRINT_VERSION])).toEqual(expected);
  });

  it('exits 2 with a clear message for a missing, malformed or outdated baseline', async () => {
    const dir = project({ 'a.py': 'x = 1\n', 'bad.json': '{"version": 1, "fingerprint": "secreviewFindingHash/v2", "findings": [{"ruleId": "nope"}]}', 'old.json': '{"version": 1, "fingerprint": "secreviewFindingHash/v1", "findings": []}', 'broken.json': '{' });
    const missing = await runCli(['review', '--baseline', 'none.json'], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, 'secreview: none.json: no such file; create it with "secreview baseline create"\n']);
    const bad = await runCli(['review', '--baseline', 'bad.json'], { cwd: dir });
    expect([bad.code, bad.stderr]).toEqual([2, "secreview: bad.json: not a secreview baseline at /findings/0: must have required property 'path' (see docs/baseline.md)\n"]);
    const old = await runCli(['review', '--baseline', 'old.json'], { cwd: dir });
    expect(old.stderr).toBe(`secreview: old.json: written with fingerprint algorithm secreviewFindingHash/v1, this secreview uses ${FINGERPRINT_VERSION}; recreate it with "secreview baseline create"\n`);
    const broken = await runCli(['review', '--baseline', 'broken.json'], { cwd: dir });
    expect(broken.stderr).toMatch(/^secreview: broken\.json: not valid JSON/);
  });

  it('takes the baseline path from the configuration, for create and review; --no-baseline turns it off', async () => {
    const dir = project({ 'app/service.py': SERVICE, '.secreview.toml': 'baseline = "security/baseline.json"\n' });
    expect((await runCli(['baseline', 'create'], { cwd: dir })).stdout).toContain('recorded 3 findings in security/baseline.json');
    expect(await findings(dir)).toEqual([]);
    expect((await findings(dir, '--no-baseline')).length).toBe(3);
  });
});

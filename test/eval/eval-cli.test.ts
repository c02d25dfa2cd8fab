import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFileName } from '../../src/eval/run.js';
import type { EvalSample } from '../../src/eval/dataset.js';
import { runCli } from '../support/cli.js';
import { answer, startFakeLlm, userPrompt } from '../llm/fake-server.js';
import type { FakeLlm, Reply } from '../llm/fake-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLES = readFileSync(join(ROOT, 'eval', 'dataset.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as EvalSample);
const TOTAL_EXPECTED = SAMPLES.reduce((n, s) => n + s.expected.length, 0);

interface Row {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}
interface EvalJson {
  samples: number;
  cleanSamples: number;
  reviewers: Array<{ reviewer: string; overall: Row; scorecard: number | null; perCwe: Array<Row & { cwe: string; expected: number }> }>;
  llm: Array<{ design: string; chunks: number; accepted: number; rejected: Array<{ reason: string }> }>;
  errors: unknown[];
}

let server: FakeLlm | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FALSE_ALARM = 'clean-slugify';
const HALLUCINATION = 'yaml-safe-load';

/**
 * A model that knows the answers: it reports every expected defect with the exact line, one
 * false alarm on a clean sample, and one claim on a line that does not exist.
 */
function oracle(request: Parameters<Parameters<typeof startFakeLlm>[0]>[0]): Reply {
  const prompt = userPrompt(request);
  const sample = SAMPLES.find((s) => prompt.includes(`File: ${sampleFileName(s)}\n`));
  if (!sample) return answer({ verdict: 'clean', findings: [] });
  const lines = sample.code.split('\n');
  const claim = (cwe: string, line: number): Record<string, unknown> => ({
    cwe,
    line,
    endLine: line,
    code: lines[line - 1] ?? '',
    title: `${cwe} here`,
    explanation: 'Explained.',
    fix: 'Fixed.',
    confidence: 'high',
  });
  const findings = sample.expected.map((e) => claim(e.cwe, e.line));
  if (sample.id === FALSE_ALARM) findings.push(claim('CWE-89', 1));
  if (sample.id === HALLUCINATION) findings.push({ ...claim('CWE-502', 1), line: 99 });
  return answer({ verdict: findings.length > 0 ? 'defects' : 'clean', findings });
}

describe('secreview eval', () => {
  it('scores the static rules offline on the bundled dataset', async () => {
    const json = await runCli(['eval', '--dataset', 'eval/dataset.jsonl', '--format', 'json'], { cwd: ROOT });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as EvalJson;
    expect(report.samples).toBe(SAMPLES.length);
    expect(report.reviewers.map((r) => r.reviewer)).toEqual(['static']);
    const staticScore = report.reviewers[0]!;
    expect(staticScore.overall.tp + staticScore.overall.fn).toBe(TOTAL_EXPECTED);
    const sqli = staticScore.perCwe.find((r) => r.cwe === 'CWE-89');
    expect(sqli).toMatchObject({ expected: SAMPLES.filter((s) => s.expected.some((e) => e.cwe === 'CWE-89')).length, recall: 1 });
    // The text table has a row per CWE, the totals and the scorecard.
    const text = await runCli(['eval', '--dataset', 'eval/dataset.jsonl'], { cwd: ROOT });
    expect(text.stdout).toContain(`secreview eval · eval/dataset.jsonl · ${SAMPLES.length} samples`);
    expect(text.stdout).toMatch(/^CWE-89 +\d+ │ +\S+ +1\.00 +\S+$/m);
    expect(text.stdout).toMatch(/^overall +\d+ │/m);
    expect(text.stdout).toMatch(/^scorecard +│ +-?\d\.\d\d$/m);
    expect(text.stdout).toContain(`${staticScore.overall.tp}/${staticScore.overall.fp}/${staticScore.overall.fn}`);
  });

  it('scores the LLM and the merged result against a fake server', async () => {
    server = await startFakeLlm(oracle);
    const args = ['eval', '--dataset', 'eval/dataset.jsonl', '--format', 'json', '--llm', '--llm-model', 'oracle', '--llm-base-url', server.baseUrl, '--no-cache'];
    const run = await runCli(args, { cwd: ROOT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as EvalJson;
    expect(server.requests).toHaveLength(SAMPLES.length);
    const [staticScore, llm, merged] = report.reviewers;
    expect(report.reviewers.map((r) => r.reviewer)).toEqual(['static', 'llm', 'merged']);
    expect(llm?.overall).toMatchObject({ tp: TOTAL_EXPECTED, fp: 1, fn: 0, recall: 1, precision: TOTAL_EXPECTED / (TOTAL_EXPECTED + 1) });
    expect(merged?.overall).toMatchObject({ tp: TOTAL_EXPECTED, fn: 0, fp: (staticScore?.overall.fp ?? 0) + 1 });
    expect(report.llm).toEqual([expect.objectContaining({ design: 'full', chunks: SAMPLES.length, accepted: TOTAL_EXPECTED + 1 })]);
    expect(report.llm[0]?.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^line 99 does not exist/)]);
    // Commit messages reach the prompt of their own sample.
    const withMessage = SAMPLES.find((s) => s.id === 'missing-authorization-delete');
    const prompt = server.requests.map(userPrompt).find((p) => p.includes(`File: ${sampleFileName(withMessage!)}\n`));
    expect(prompt).toContain(`Commit message:\n${withMessage?.commitMessage ?? ''}`);
  });

  it('compares prompt designs side by side in the table', async () => {
    server = await startFakeLlm(oracle);
    const run = await runCli(['eval', '--dataset', 'eval/dataset.jsonl', '--llm', '--llm-model', 'oracle', '--llm-base-url', server.baseUrl, '--llm-prompt', 'basic,full', '--no-cache'], { cwd: ROOT });
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(2 * SAMPLES.length);
    const header = run.stdout.split('\n').find((l) => l.startsWith('CWE ')) ?? '';
    expect(header.split('│').map((c) => c.trim().replace(/\s+/g, ' '))).toEqual(['CWE defects', 'static', 'llm basic', 'merged basic', 'llm full', 'merged full']);
    expect(run.stdout).toContain('LLM oracle, prompt basic:');
  });

  it('exits 2 after the report when the LLM failed, and for a bad dataset', async () => {
    server = await startFakeLlm(() => ({ kind: 'status', status: 401, message: 'invalid key' }));
    const failed = await runCli(['eval', '--dataset', 'eval/dataset.jsonl', '--llm', '--llm-model', 'm', '--llm-base-url', server.baseUrl, '--no-cache'], { cwd: ROOT });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toContain('The LLM numbers are incomplete');
    expect(failed.stderr).toContain('HTTP 401');
    const bad = await runCli(['eval', '--dataset', 'nope.jsonl'], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read the dataset nope\.jsonl/);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { describeErrors, reportValidator, sarifValidator } from '../report/validate.js';
import { answer, content, sequence, startFakeLlm, status, userPrompt } from './fake-server.js';
import type { FakeLlm, Reply, Script } from './fake-server.js';

// Line 9 is an OS command injection the static rules find; line 15 deletes any invoice for any
// caller (missing authorization), which only a reviewer who reads the intent can see.
const APP = [
  'import os',
  'import sqlite3',
  'from flask import Flask, request',
  '',
  'app = Flask(__name__)',
  '',
  '@app.get("/run")',
  'def run():',
  '    os.system("ls " + request.args["dir"])',
  '',
  '@app.post("/invoice/delete")',
  'def delete_invoice():',
  '    invoice_id = request.args["id"]',
  '    db = sqlite3.connect("app.db")',
  '    db.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))',
  '    return "deleted"',
].join('\n') + '\n';

const CMD = {
  cwe: 'CWE-78',
  line: 9,
  endLine: 9,
  code: '    os.system("ls " + request.args["dir"])',
  title: 'Shell command built from a request parameter',
  explanation: 'The dir parameter is appended to a shell command line, so `; rm -rf ~` runs.',
  fix: 'Use subprocess.run(["ls", "--", directory]).',
  confidence: 'high',
};
const AUTHZ = {
  cwe: 'CWE-862',
  line: 15,
  endLine: 15,
  code: 'db.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))',
  title: 'Any caller can delete any invoice',
  explanation: 'The handler deletes the invoice named in the request without checking that the caller owns it.',
  fix: 'Check the invoice owner against the logged-in user before deleting.',
  confidence: 'medium',
};

interface Report {
  verdict: string;
  findings: Array<{ ruleId: string; cwe: string; line: number; source?: string; confidence: string; helpUri: string }>;
  errors: Array<{ file: string; kind: string; message: string }>;
  llm?: { model: string; promptDesign: string; chunks: number; cachedChunks: number; failedChunks: number; accepted: number; rejected: Array<{ claim: Record<string, unknown>; reason: string }> };
}

const validate = reportValidator();
const validateSarif = sarifValidator();
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'secreview.js');
let server: FakeLlm | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-llm-'));
  writeFileSync(join(dir, 'app.py'), APP);
  return dir;
}

async function review(script: Script, extra: readonly string[] = [], format = 'json'): Promise<{ code: number; stdout: string; stderr: string; report?: Report }> {
  server = await startFakeLlm(script);
  const run = await runCli(['review', 'app.py', '-f', format, '--llm', '--llm-model', 'fake-coder', '--llm-base-url', server.baseUrl, '--no-cache', ...extra], { cwd: project() });
  if (format !== 'json') return run;
  const report = JSON.parse(run.stdout) as Report;
  expect(validate(report), describeErrors(validate.errors)).toBe(true);
  return { ...run, report };
}

const defects = (...findings: unknown[]): Reply => answer({ verdict: 'defects', findings });
const lines = (report: Report | undefined): Array<[number, string, string | undefined]> => (report?.findings ?? []).map((f) => [f.line, f.cwe, f.source]);

describe('review --llm against a fake OpenAI-compatible server', () => {
  it('merges a correct JSON answer: the confirmed static finding becomes "both", the new one "llm"', async () => {
    const run = await review(sequence(defects(CMD, AUTHZ)));
    expect(lines(run.report)).toEqual([
      [9, 'CWE-78', 'both'],
      [15, 'CWE-862', 'llm'],
    ]);
    const llmOnly = run.report?.findings.find((f) => f.source === 'llm');
    expect(llmOnly?.ruleId).toBe('LLM-REVIEW-001');
    expect(llmOnly?.confidence).toBe('medium');
    expect(llmOnly?.helpUri).toBe('https://cwe.mitre.org/data/definitions/862.html');
    expect(run.report?.llm).toMatchObject({ model: 'fake-coder', promptDesign: 'full', chunks: 1, failedChunks: 0, accepted: 2, rejected: [] });
    expect(run.code).toBe(1);
    // The request asked for structured output with the model and the numbered code.
    const request = server?.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body.model).toBe('fake-coder');
    expect(request?.body.response_format?.type).toBe('json_schema');
    expect(userPrompt(request!)).toContain('15 | ' + '    db.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))');
  });

  it('says in the text report which reviewer found what', async () => {
    const run = await review(sequence(defects(CMD, AUTHZ)), [], 'text');
    expect(run.stdout).toMatch(/CWE-78 .*\[static\+llm\]/);
    expect(run.stdout).toMatch(/CWE-862 .*LLM-REVIEW-001 llm-review · \[llm\]/);
    expect(run.stdout).toContain('LLM reviewer fake-coder, prompt full: 1 chunk reviewed, 2 claims verified.');
    expect(run.stdout).toContain('Any caller can delete any invoice');
  });

  it('reads JSON from a fenced block in a prose answer', async () => {
    const prose = 'I reviewed the code.\n\n```json\n' + JSON.stringify({ verdict: 'defects', findings: [AUTHZ] }, null, 2) + '\n```\nHope this helps.';
    const run = await review(sequence(content(prose)));
    expect(lines(run.report)).toEqual([
      [9, 'CWE-78', 'static'],
      [15, 'CWE-862', 'llm'],
    ]);
  });

  it('sends one repair request for prose without JSON, then reports the LLM step as failed without losing static findings', async () => {
    const run = await review(sequence(content('The code looks mostly fine, but be careful with os.system.')));
    expect(server?.requests).toHaveLength(2);
    expect(userPrompt(server!.requests[1]!)).toContain('Your previous answer could not be used: the answer contains no JSON object');
    expect(lines(run.report)).toEqual([[9, 'CWE-78', 'static']]);
    expect(run.report?.errors).toEqual([
      expect.objectContaining({ file: 'app.py', kind: 'llm', message: expect.stringContaining('not usable JSON, also after one repair request') as string }),
    ]);
    expect(run.report?.llm?.failedChunks).toBe(1);
    expect(run.code).toBe(1);
  });

  it('accepts the answer of the repair request', async () => {
    const run = await review(sequence(content('Sure! Let me think about it.'), defects(AUTHZ)));
    expect(lines(run.report)).toEqual([
      [9, 'CWE-78', 'static'],
      [15, 'CWE-862', 'llm'],
    ]);
    expect(run.report?.errors).toEqual([]);
  });

  it.each([
    ['a hallucinated line number', { ...AUTHZ, line: 40, endLine: 40 }, 'line 40 does not exist: app.py has 16 lines'],
    ['a wrong code quote', { ...AUTHZ, code: 'os.remove(path)' }, 'the quoted code does not match line 15'],
    ['a quote of another line', { ...AUTHZ, line: 14, endLine: 14 }, 'the quoted code does not match line 14 (it matches line 15)'],
    ['an unknown CWE', { ...AUTHZ, cwe: 'CWE-99999' }, "CWE-99999 is not in secreview's CWE catalog"],
    ['a vague claim without a line', { cwe: 'CWE-20', title: 'Input is not validated', explanation: 'Inputs should be validated.' }, 'vague claim: it names no line'],
  ])('rejects %s and lists it under llm.rejected, never as a finding', async (_name, claim, reason) => {
    const run = await review(sequence(defects(claim)));
    expect(lines(run.report)).toEqual([[9, 'CWE-78', 'static']]);
    expect(run.report?.llm?.rejected).toEqual([{ claim: expect.objectContaining({ file: 'app.py' }) as object, reason }]);
    expect(run.report?.llm?.accepted).toBe(0);
    const text = await review(sequence(defects(claim)), [], 'text');
    expect(text.stdout).toContain('0 claims verified, 1 rejected by verification (listed with --format json)');
    expect(text.stdout).not.toContain('CWE-862');
  });

  it('retries after a 429, honouring retry-after, and then succeeds', async () => {
    const run = await review(sequence(status(429, { 'retry-after': '0' }), defects(AUTHZ)));
    expect(server?.requests).toHaveLength(2);
    expect(lines(run.report)).toContainEqual([15, 'CWE-862', 'llm']);
    expect(run.report?.errors).toEqual([]);
  });

  it('gives up on a server that never answers within --llm-timeout, with a diagnostic and the static findings', async () => {
    const run = await review(() => ({ kind: 'hang' }), ['--llm-timeout', '300ms']);
    expect(server?.requests.length).toBe(3);
    expect(lines(run.report)).toEqual([[9, 'CWE-78', 'static']]);
    expect(run.report?.errors[0]).toMatchObject({ kind: 'llm', message: expect.stringContaining('no answer within 0.3s (raise --llm-timeout') as string });
    expect(run.code).toBe(1);
  });

  it('retries a 500 twice, then reports it on stderr in text mode and keeps the exit status', async () => {
    const plain = await runCli(['review', 'app.py'], { cwd: project() });
    const run = await review(sequence(status(500)), [], 'text');
    expect(server?.requests).toHaveLength(3);
    expect(run.stderr).toMatch(/secreview: app\.py: the LLM review of app\.py failed for 1 of 1 chunk: HTTP 500/);
    expect(run.stdout).toContain('The LLM review is incomplete: 1 chunk failed (see the diagnostics on stderr); the static findings are complete.');
    expect(run.stdout).toMatch(/CWE-78 .*\[static\]/);
    expect(run.code).toBe(plain.code);
  });

  it('falls back from json_schema to json_object when the server rejects the response format', async () => {
    const run = await review((request) => (request.body.response_format?.type === 'json_schema' ? status(400, {}, 'response_format json_schema is not supported') : defects(AUTHZ)));
    expect(server?.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
    expect(lines(run.report)).toContainEqual([15, 'CWE-862', 'llm']);
  });

  it('reports an unreachable server once for the whole run', async () => {
    const dead = await startFakeLlm(sequence(status(500)));
    const baseUrl = dead.baseUrl;
    await dead.close();
    const run = await runCli(['review', 'app.py', '-f', 'json', '--llm', '--llm-model', 'm', '--llm-base-url', baseUrl, '--no-cache'], { cwd: project() });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([expect.objectContaining({ file: '', kind: 'llm', message: expect.stringContaining(`cannot connect to ${baseUrl}`) as string })]);
    expect(report.findings.map((f) => f.cwe)).toEqual(['CWE-78']);
    expect(run.code).toBe(1);
  });

  it('sends nothing without --llm, even when the other LLM options are given', async () => {
    server = await startFakeLlm(sequence(defects(AUTHZ)));
    const run = await runCli(['review', 'app.py', '-f', 'json', '--llm-model', 'm', '--llm-base-url', server.baseUrl], { cwd: project() });
    expect(server.requests).toHaveLength(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.llm).toBeUndefined();
    expect(report.findings.map((f) => f.source)).toEqual([undefined]);
  });

  it('exits 2 with a usage error when --llm has no model', async () => {
    const run = await runCli(['review', 'app.py', '--llm'], { cwd: project() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--llm needs a model');
  });

  it('answers a second run from the disk cache, and asks again with --no-cache', async () => {
    server = await startFakeLlm(sequence(defects(AUTHZ)));
    const cwd = project();
    const args = ['review', 'app.py', '-f', 'json', '--llm', '--llm-model', 'fake-coder', '--llm-base-url', server.baseUrl];
    const first = JSON.parse((await runCli(args, { cwd })).stdout) as Report;
    const second = JSON.parse((await runCli(args, { cwd })).stdout) as Report;
    expect(server.requests).toHaveLength(1);
    expect(first.llm?.cachedChunks).toBe(0);
    expect(second.llm?.cachedChunks).toBe(1);
    expect(second.findings).toEqual(first.findings);
    await runCli([...args, '--llm-prompt', 'basic'], { cwd });
    expect(server.requests).toHaveLength(2);
    await runCli([...args, '--no-cache'], { cwd });
    expect(server.requests).toHaveLength(3);
  });

  it('writes valid SARIF with the reviewer of each result and the LLM diagnostics as warnings', async () => {
    server = await startFakeLlm(sequence(defects(CMD, { ...AUTHZ, line: 40 })));
    const ok = await runCli(['review', 'app.py', '-f', 'sarif', '--llm', '--llm-model', 'm', '--llm-base-url', server.baseUrl, '--no-cache'], { cwd: project() });
    const log = JSON.parse(ok.stdout) as { runs: Array<{ results: Array<{ properties: { source?: string } }>; invocations: Array<{ toolExecutionNotifications: unknown[] }> }> };
    expect(validateSarif(log), describeErrors(validateSarif.errors)).toBe(true);
    expect(log.runs[0]?.results.map((r) => r.properties.source)).toEqual(['both']);
    await server.close();
    const failed = await runCli(['review', 'app.py', '-f', 'sarif', '--llm', '--llm-model', 'm', '--llm-base-url', server.baseUrl, '--no-cache'], { cwd: project() });
    const failedLog = JSON.parse(failed.stdout) as typeof log;
    expect(validateSarif(failedLog), describeErrors(validateSarif.errors)).toBe(true);
    expect(failedLog.runs[0]?.invocations[0]?.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', properties: { kind: 'llm' } }),
    ]);
    server = undefined;
  });

  it('works from the built package, which must ship the prompt templates', async () => {
    server = await startFakeLlm(sequence(defects(AUTHZ)));
    const run = await promisify(execFile)('node', [BIN, 'review', 'app.py', '-f', 'json', '--llm', '--llm-model', 'm', '--llm-base-url', server.baseUrl, '--no-cache', '--fail-on', 'none'], { cwd: project() });
    expect((JSON.parse(run.stdout) as Report).findings.map((f) => [f.line, f.source])).toEqual([
      [9, 'static'],
      [15, 'llm'],
    ]);
  });
});

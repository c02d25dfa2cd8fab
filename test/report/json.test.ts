import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { renderJson } from '../../src/report/json.js';
import { cleanResult, sampleInfo, sampleResult } from './sample.js';
import { describeErrors, reportValidator } from './validate.js';

const validate = reportValidator();

interface JsonReport {
  schemaVersion: string;
  findings: Array<Record<string, unknown>>;
  errors: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

function parse(text: string): JsonReport {
  return JSON.parse(text) as JsonReport;
}

describe('JSON report', () => {
  it('renders the sample', async () => {
    await expect(renderJson(sampleResult, sampleInfo())).toMatchFileSnapshot('__snapshots__/sample.json');
  });

  it.each([
    ['sample', sampleResult],
    ['clean', cleanResult],
  ])('validates against schemas/report.schema.json (%s)', (_name, result) => {
    const ok = validate(parse(renderJson(result, sampleInfo())));
    expect(describeErrors(validate.errors)).toBe('');
    expect(ok).toBe(true);
  });

  it('fails validation for a broken report, so the schema check can fail', () => {
    const broken = parse(renderJson(sampleResult, sampleInfo()));
    const first = broken.findings[0] ?? {};
    delete first.cweName;
    first.severity = 'severe';
    expect(validate(broken)).toBe(false);
    expect(describeErrors(validate.errors)).toMatch(/cweName/);
    const extra = { ...parse(renderJson(cleanResult, sampleInfo())), unexpected: true };
    expect(validate(extra)).toBe(false);
  });

  it('keeps a stable top-level key order, pretty-printed with a trailing newline', () => {
    const text = renderJson(sampleResult, sampleInfo());
    expect(Object.keys(parse(text))).toEqual(['schemaVersion', 'tool', 'verdict', 'findings', 'errors', 'stats']);
    expect(text.startsWith('{\n  "schemaVersion": "1.1",\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('carries every Finding field plus cweName, ruleTitle and helpUri', () => {
    const report = parse(renderJson(sampleResult, sampleInfo()));
    const source = sampleResult.findings.find((f) => f.dataflow !== undefined) as Finding;
    const out = report.findings.find((f) => f.file === source.file && f.line === source.line) ?? {};
    for (const [key, value] of Object.entries(source)) expect(out[key]).toEqual(value);
    expect(out.cweName).toBe("Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')");
    expect(out.ruleTitle).toBe(sampleInfo().rules.find((r) => r.id === source.ruleId)?.title);
    expect(out.helpUri).toBe('https://github.com/secreview/secreview/blob/main/docs/rules/PY-CMD-001.md');
  });

  it('leaves ruleTitle out when the rule is not part of the run', () => {
    const report = parse(renderJson(sampleResult, { ...sampleInfo(), rules: [] }));
    expect(report.findings.every((f) => !('ruleTitle' in f))).toBe(true);
    expect(validate(report)).toBe(true);
  });

  it('sorts findings by file, line, column and rule id, and errors by file', () => {
    const report = parse(renderJson(sampleResult, sampleInfo()));
    expect(report.findings.map((f) => `${String(f.file)}:${String(f.line)}`)).toEqual([
      'app/jobs.py:12',
      'app/jobs.py:30',
      'app/views.py:8',
      'app/views.py:21',
      'scripts/nightly backup/run job.py:5',
      'tests/test_api.py:9',
    ]);
    expect(report.errors.map((e) => e.file)).toEqual(['app/broken.py', 'vendor/blob.py']);
  });

  it('keeps Unicode in code and messages as text, not escapes', () => {
    const text = renderJson(sampleResult, sampleInfo());
    expect(text).toContain('结果 = eval(用户输入)');
    expect(text).toContain('eval() evaluates 用户输入, a string that is not a constant');
  });
});

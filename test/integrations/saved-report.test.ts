import { describe, expect, it } from 'vitest';
import { parseSavedReport } from '../../src/integrations/saved-report.js';
import { renderJson } from '../../src/report/json.js';
import { sampleInfo, sampleResult } from '../report/sample.js';

describe('parseSavedReport', () => {
  it('reads back every finding of a JSON report', () => {
    const read = parseSavedReport(renderJson(sampleResult, sampleInfo()));
    if (!read.ok) throw new Error(read.message);
    expect(read.result.findings).toHaveLength(sampleResult.findings.length);
    const jobs = read.result.findings.find((f) => f.file === 'app/jobs.py' && f.line === 12);
    const original = sampleResult.findings.find((f) => f.file === 'app/jobs.py' && f.line === 12);
    expect(jobs).toEqual(original);
    expect(read.result.errors).toHaveLength(2);
    expect(read.result.stats.files).toBe(12);
  });

  it('says what is wrong with a file that is not a usable report', () => {
    expect(parseSavedReport('{')).toMatchObject({ ok: false, message: expect.stringMatching(/^it is not JSON/) as unknown });
    expect(parseSavedReport('{"a":1}')).toEqual({ ok: false, message: 'it is not a secreview JSON report (no schemaVersion)' });
    expect(parseSavedReport('{"schemaVersion":"2.0","findings":[]}')).toEqual({ ok: false, message: 'report schema version 2.0 is not supported (expected 1.x)' });
    expect(parseSavedReport('{"schemaVersion":"1.0","findings":[{"ruleId":"X"}]}')).toEqual({ ok: false, message: 'findings[0]: "ruleName" must be a string' });
  });
});

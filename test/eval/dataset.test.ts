import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseDataset } from '../../src/eval/dataset.js';

const BUNDLED = new URL('../../eval/dataset.jsonl', import.meta.url);

describe('the bundled dataset', () => {
  it('loads, has 40–60 samples across many CWEs, clean code and safe look-alikes', async () => {
    const dataset = await loadDataset(BUNDLED.pathname, 'eval/dataset.jsonl');
    expect(dataset.ok, dataset.ok ? '' : dataset.problems.join('\n')).toBe(true);
    if (!dataset.ok) return;
    const { samples } = dataset;
    expect(samples.length).toBeGreaterThanOrEqual(40);
    expect(samples.length).toBeLessThanOrEqual(60);
    expect(new Set(samples.flatMap((s) => s.expected.map((e) => e.cwe))).size).toBeGreaterThanOrEqual(20);
    expect(samples.filter((s) => s.expected.length === 0).length).toBeGreaterThanOrEqual(15);
    expect(samples.filter((s) => s.commitMessage !== undefined).length).toBeGreaterThanOrEqual(20);
  });

  it('marks lines that hold real code', () => {
    for (const line of readFileSync(BUNDLED, 'utf8').trim().split('\n')) {
      const sample = JSON.parse(line) as { id: string; code: string; expected: Array<{ line: number }> };
      for (const e of sample.expected) expect(sample.code.split('\n')[e.line - 1]?.trim(), sample.id).not.toBe('');
    }
  });
});

describe('dataset validation', () => {
  it('names the file and line of every problem', () => {
    const text = [
      '{"id":"a","lang":"python","code":"x = 1\\n","expected":[]}',
      '',
      'not json',
      '{"id":"a","lang":"python","code":"y = 2\\n","expected":[]}',
      '{"id":"b","lang":"cobol","code":"x","expected":[]}',
      '{"id":"c","lang":"python","code":"x = 1\\n","expected":[{"cwe":"CWE-123456","line":1}]}',
      '{"id":"d","lang":"python","code":"x = 1\\n","expected":[{"cwe":"CWE-89","line":3}]}',
      '{"id":"e","lang":"python","code":"x = 1\\n"}',
    ].join('\n');
    const out = parseDataset(text, 'd.jsonl');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems).toEqual([
      expect.stringMatching(/^d\.jsonl:3: not valid JSON/),
      'd.jsonl:4: the id "a" is used twice',
      'd.jsonl:5: "lang" must be one of: python',
      'd.jsonl:6: expected[0].cwe: "CWE-123456" is not a CWE id in src/core/cwe.ts',
      'd.jsonl:7: expected[0].line must be a line of the code (1–1)',
      'd.jsonl:8: "expected" must be a list (empty for clean code)',
    ]);
  });

  it('rejects an empty dataset and an unreadable file', async () => {
    expect(parseDataset('\n\n', 'e.jsonl')).toEqual({ ok: false, problems: ['e.jsonl: the dataset has no samples'] });
    const missing = await loadDataset('/nonexistent/x.jsonl', 'x.jsonl');
    expect(missing.ok ? '' : missing.problems[0]).toMatch(/^cannot read the dataset x\.jsonl/);
  });
});

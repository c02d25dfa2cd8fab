import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import { renderText } from '../../src/report/text.js';
import { cleanResult, cleanWithErrorsResult, sampleInfo, sampleResult } from './sample.js';

// Any ANSI escape sequence (colours, bold, reset).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('text report', () => {
  it('renders the sample as a reviewer would read it', async () => {
    await expect(renderText(sampleResult, sampleInfo(false))).toMatchFileSnapshot('__snapshots__/sample.txt');
  });

  it('renders a clean review', async () => {
    await expect(renderText(cleanResult, sampleInfo(false))).toMatchFileSnapshot('__snapshots__/clean.txt');
  });

  it('writes no ANSI codes when colour is off', () => {
    for (const result of [sampleResult, cleanResult, cleanWithErrorsResult]) {
      expect(renderText(result, sampleInfo(false))).not.toMatch(ANSI);
    }
  });

  it('colours the report when colour is on, without changing its text', () => {
    const coloured = renderText(sampleResult, sampleInfo(true));
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(renderText(sampleResult, sampleInfo(false)));
  });

  it('ends a clean review with exactly the verdict line', () => {
    const lines = renderText(cleanResult, sampleInfo(false)).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe(CLEAN_VERDICT);
    const coloured = renderText(cleanResult, sampleInfo(true)).replace(ANSI, '');
    expect(coloured.endsWith(`\n${CLEAN_VERDICT}\n`)).toBe(true);
  });

  it('counts the files it could not review before the verdict of a clean review', () => {
    const text = renderText(cleanWithErrorsResult, sampleInfo(false));
    expect(text.endsWith(`\n${CLEAN_VERDICT}\n`)).toBe(true);
    expect(text.indexOf('2 files could not be fully reviewed:')).toBeGreaterThan(-1);
    expect(text.indexOf('2 files could not be fully reviewed:')).toBeLessThan(text.indexOf(CLEAN_VERDICT));
  });

  it('never claims a clean verdict when there are findings', () => {
    expect(renderText(sampleResult, sampleInfo(false))).not.toContain(CLEAN_VERDICT);
  });

  it('starts with a one-line summary', () => {
    const first = renderText(sampleResult, sampleInfo(false)).split('\n')[0];
    expect(first).toBe(
      'secreview: 6 findings in 4 files (2 critical, 2 high, 1 medium, 1 low) · 12 files, 1,840 lines reviewed',
    );
  });

  it('lists findings sorted by file, line, column and rule id', () => {
    const text = renderText(sampleResult, sampleInfo(false));
    const locations = [...text.matchAll(/^ {2}(\S.*?:\d+:\d+)(?: \(\w+ code\))?$/gm)].map((m) => m[1]);
    expect(locations).toEqual([
      'app/jobs.py:12:5',
      'app/jobs.py:30:5',
      'app/views.py:8:12',
      'app/views.py:21:10',
      'scripts/nightly backup/run job.py:5:8',
      'tests/test_api.py:9:12',
    ]);
  });

  it('puts the caret under the reported columns, counting wide characters as two cells', () => {
    const lines = renderText(sampleResult, sampleInfo(false)).split('\n');
    const code = lines.findIndex((l) => l.includes('结果 = eval(用户输入)'));
    // "    结果 = " is 11 cells wide; "eval(用户输入)" is 14 cells.
    expect(lines[code + 1]).toBe(`       | ${' '.repeat(11)}${'^'.repeat(14)}`);
  });

  it('says where a cut-short multi-line snippet ends', () => {
    const base = sampleResult.findings.find((f) => f.file === 'app/jobs.py' && f.line === 30);
    if (!base) throw new Error('sample changed');
    const cut = { ...base, endLine: 40, snippet: base.snippet.split('\n').slice(0, 2).join('\n') };
    const text = renderText({ ...cleanResult, verdict: 'defects', findings: [cut] }, sampleInfo(false));
    expect(text).toContain(['    31 |         f"tar czf {archive} {directory}",', '       | … through line 40'].join('\n'));
  });

  it('marks test code and shows the dataflow path compactly', () => {
    const text = renderText(sampleResult, sampleInfo(false));
    expect(text).toContain('tests/test_api.py:9:12 (test code)');
    expect(text).toContain('Flow: line 11 request.args → line 11 host → line 12 os.system');
  });
});

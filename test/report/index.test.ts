import { describe, expect, it } from 'vitest';
import { renderReport, reporters } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { sampleInfo, sampleResult } from './sample.js';

describe('renderReport', () => {
  it('offers exactly the text, json, sarif, markdown, html and gerrit formats', () => {
    expect(Object.keys(reporters).sort()).toEqual(['gerrit', 'html', 'json', 'markdown', 'sarif', 'text']);
  });

  it('dispatches to the reporter of each format', () => {
    const info = sampleInfo();
    expect(renderReport('text', sampleResult, info)).toBe(renderText(sampleResult, info));
    expect(renderReport('json', sampleResult, info)).toBe(renderJson(sampleResult, info));
    expect(renderReport('sarif', sampleResult, info)).toBe(renderSarif(sampleResult, info));
  });

  it('is pure: the same input gives the same report, and the input is not changed', () => {
    const before = JSON.stringify(sampleResult);
    const info = sampleInfo();
    for (const format of ['text', 'json', 'sarif', 'markdown', 'html', 'gerrit'] as const) {
      expect(renderReport(format, sampleResult, info)).toBe(renderReport(format, sampleResult, info));
    }
    expect(JSON.stringify(sampleResult)).toBe(before);
  });
});

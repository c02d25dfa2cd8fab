import { describe, expect, it } from 'vitest';
import { sampleResult } from './sample.js';
import { sampleSources } from './sample-sources.js';

describe('sample sources', () => {
  it('hold every sample snippet at its line, so context tests exercise real context', () => {
    for (const f of sampleResult.findings) {
      const lines = sampleSources.get(f.file)?.split('\n') ?? [];
      expect(lines.slice(f.line - 1, f.endLine).join('\n'), `${f.file}:${f.line}`).toBe(f.snippet);
    }
  });
});

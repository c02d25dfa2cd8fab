import { describe, expect, it } from 'vitest';
import { everyNth, formatCounts, parseCallgrindTotal, sampleWording } from '../../src/bench/instructions.js';

describe('bench: instruction counts', () => {
  it('reads the total from either form callgrind prints', () => {
    expect(parseCallgrindTotal('==42== Events    : Ir\n==42== Collected : 19231082531\n==42==\n==42== I   refs:      19,231,082,531\n')).toBe(19231082531);
    expect(parseCallgrindTotal('==7== I   refs:      1,810,777,473\n')).toBe(1810777473);
    expect(parseCallgrindTotal('valgrind: failed to start tool')).toBeUndefined();
  });

  it('samples every nth entry from the first', () => {
    expect(everyNth(['a', 'b', 'c', 'd', 'e'], 2)).toEqual(['a', 'c', 'e']);
    expect(everyNth(['a', 'b'], 8)).toEqual(['a']);
  });

  it('names the sample in plain English', () => {
    expect([1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 23, 101, 112].map(sampleWording)).toEqual([
      'every file', 'every 2nd file', 'every 3rd file', 'every 4th file', 'every 8th file', 'every 11th file', 'every 12th file',
      'every 13th file', 'every 21st file', 'every 22nd file', 'every 23rd file', 'every 101st file', 'every 112th file',
    ]);
  });

  it('reports the ratio net of each side\'s start-up, and n/a when a count failed', () => {
    const counts = [
      { name: 'parse only (floor)', instructions: 3e9 },
      { name: 'parse only, start-up (1 file)', instructions: 1e9 },
      { name: 'secreview, 1 worker', instructions: 11e9 },
      { name: 'secreview, 1 worker, start-up (1 file)', instructions: 2e9 },
    ];
    const text = formatCounts(counts, 224, 8);
    expect(text).toContain('every 8th file, 224 files');
    expect(text).toContain('net of start-up: 4.50×');
    expect(formatCounts([...counts.slice(0, 3), { name: 'secreview, 1 worker, start-up (1 file)', error: 'exit 2' }], 224, 8)).toContain('net of start-up: n/a');
  });
});

import { describe, expect, it } from 'vitest';
import { summarizeTimes } from '../../src/bench/stats.js';

describe('bench: timed runs', () => {
  it('reports the best run, the median and the spread', () => {
    expect(summarizeTimes([24.61, 20.68, 23.15])).toEqual({ best: 20.68, median: 23.15, spread: (24.61 - 20.68) / 20.68 });
    expect(summarizeTimes([3, 1, 4, 2])).toEqual({ best: 1, median: 2.5, spread: 3 });
    expect(summarizeTimes([5])).toEqual({ best: 5, median: 5, spread: 0 });
  });

  it('refuses an empty list instead of reporting Infinity', () => {
    expect(() => summarizeTimes([])).toThrow(/no runs/);
  });
});

import { describe, expect, it } from 'vitest';
import type { EvalSample } from '../../src/eval/dataset.js';
import { scoreReviewer, scores } from '../../src/eval/metrics.js';
import type { Prediction } from '../../src/eval/metrics.js';

const sample = (id: string, expected: EvalSample['expected']): EvalSample => ({ id, lang: 'python', code: 'x\n'.repeat(30), expected });

const SAMPLES: EvalSample[] = [
  sample('sqli', [{ cwe: 'CWE-89', line: 10 }]),
  sample('cmd', [{ cwe: 'CWE-78', line: 5 }, { cwe: 'CWE-78', line: 20 }]),
  sample('clean-1', []),
  sample('clean-2', []),
];

describe('scoring a reviewer', () => {
  it('counts hits within ±2 lines with a related CWE, misses, and false positives', () => {
    const predictions = new Map<string, Prediction[]>([
      // Hit (line 12 is within 2), plus a repeat of the same defect that is not a false positive.
      ['sqli', [{ cwe: 'CWE-89', line: 12 }, { cwe: 'CWE-89', line: 11 }]],
      // CWE-77 is the parent of CWE-78: a hit; line 20 is missed; line 26 is a false positive.
      ['cmd', [{ cwe: 'CWE-77', line: 4 }, { cwe: 'CWE-78', line: 26 }]],
      // Any finding on clean code is a false positive.
      ['clean-1', [{ cwe: 'CWE-89', line: 1 }]],
    ]);
    const score = scoreReviewer('static', SAMPLES, predictions);
    expect(score.overall).toEqual({ tp: 2, fp: 2, fn: 1, precision: 0.5, recall: 2 / 3, f1: expect.closeTo(4 / 7, 10) as number });
    expect(score.perCwe.map((r) => [r.cwe, r.expected, r.tp, r.fp, r.fn])).toEqual([
      ['CWE-78', 2, 1, 1, 1],
      ['CWE-89', 1, 1, 1, 0],
    ]);
    // CWE-78: TPR 1/2, FPR 0/3 (sqli, clean-1, clean-2 report no command injection).
    // CWE-89: TPR 1, FPR 1/3 (clean-1 reports one).
    expect(score.categories).toEqual([
      { cwe: 'CWE-78', tpr: 0.5, fpr: 0 },
      { cwe: 'CWE-89', tpr: 1, fpr: 1 / 3 },
    ]);
    expect(score.scorecard).toBeCloseTo((0.5 + (1 - 1 / 3)) / 2, 10);
  });

  it('does not count a line 3 away or an unrelated CWE as a hit', () => {
    const score = scoreReviewer('x', SAMPLES.slice(0, 1), new Map([['sqli', [{ cwe: 'CWE-89', line: 13 }, { cwe: 'CWE-79', line: 10 }]]]));
    expect(score.overall).toMatchObject({ tp: 0, fp: 2, fn: 1 });
  });

  it('matches one finding to one defect only', () => {
    const twoOnOneLine = [sample('two', [{ cwe: 'CWE-78', line: 5 }, { cwe: 'CWE-78', line: 6 }])];
    expect(scoreReviewer('x', twoOnOneLine, new Map([['two', [{ cwe: 'CWE-78', line: 5 }]]])).overall).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('leaves 0/0 ratios undefined instead of calling them 0 or 1', () => {
    expect(scores({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: null, recall: null, f1: null });
    expect(scores({ tp: 0, fp: 0, fn: 3 })).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(scoreReviewer('x', [sample('clean', [])], new Map()).scorecard).toBeNull();
  });
});

import { cweFamily, relatedCwes } from '../review/llm/cwe-family.js';
import type { EvalSample, Expectation } from './dataset.js';

/** A finding of a reviewer, reduced to what scoring needs. */
export interface Prediction {
  readonly cwe: string;
  readonly line: number;
}

/** True positives, false positives, false negatives. */
export interface Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** Precision, recall and F1; null where the ratio is 0/0. */
export interface Scores {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** One CWE's row: TP and FN count under the expected CWE, FP under the reported one. */
export interface CweRow extends Counts, Scores {
  readonly cwe: string;
  /** Defects of this CWE in the dataset. */
  readonly expected: number;
}

/** One category's true-positive and false-positive rates, for the scorecard. */
export interface CategoryRate {
  readonly cwe: string;
  readonly tpr: number;
  readonly fpr: number;
}

/** Everything measured for one reviewer. */
export interface ReviewerScore {
  readonly reviewer: string;
  readonly perCwe: readonly CweRow[];
  readonly overall: Counts & Scores;
  /** Mean of TPR − FPR over the dataset's CWE categories (the OWASP Benchmark scorecard); null without categories. */
  readonly scorecard: number | null;
  readonly categories: readonly CategoryRate[];
}

/** How far a reported line may be from the expected one and still count. */
export const LINE_TOLERANCE = 2;

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Scores one reviewer. A hit needs a related CWE (same id, or parent and child as in
 * cwe-family.ts) and a line within ±2; each expected defect is hit at most once. Repeats of a
 * hit defect are neither hits nor false positives; anything else reported is a false positive,
 * including every finding on a clean sample.
 */
export function scoreReviewer(reviewer: string, samples: readonly EvalSample[], predictions: ReadonlyMap<string, readonly Prediction[]>): ReviewerScore {
  const rows = new Map<string, Tally>();
  const tally = (cwe: string): Tally => {
    const row = rows.get(cwe) ?? { tp: 0, fp: 0, fn: 0 };
    rows.set(cwe, row);
    return row;
  };
  for (const sample of samples) {
    const found = predictions.get(sample.id) ?? [];
    const matched = matchSample(sample.expected, found);
    sample.expected.forEach((e, i) => {
      if (matched.expectedHit[i]) tally(e.cwe).tp += 1;
      else tally(e.cwe).fn += 1;
    });
    found.forEach((p, i) => {
      if (!matched.predictionHit[i] && !sample.expected.some((e) => isHit(e, p))) tally(p.cwe).fp += 1;
    });
  }
  const expectedBy = countExpected(samples);
  const perCwe = [...rows.entries()]
    .sort(([a], [b]) => cweOrder(a) - cweOrder(b))
    .map(([cwe, t]) => ({ cwe, expected: expectedBy.get(cwe) ?? 0, ...t, ...scores(t) }));
  const total = perCwe.reduce((sum, r) => ({ tp: sum.tp + r.tp, fp: sum.fp + r.fp, fn: sum.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
  const categories = categoryRates(samples, predictions, perCwe);
  const scorecard = categories.length === 0 ? null : categories.reduce((sum, c) => sum + c.tpr - c.fpr, 0) / categories.length;
  return { reviewer, perCwe, overall: { ...total, ...scores(total) }, scorecard, categories };
}

function isHit(e: Expectation, p: Prediction): boolean {
  return relatedCwes(e.cwe, p.cwe) && Math.abs(e.line - p.line) <= LINE_TOLERANCE;
}

/** One-to-one matching, closest lines first, so two findings cannot both claim one defect. */
function matchSample(expected: readonly Expectation[], found: readonly Prediction[]): { expectedHit: boolean[]; predictionHit: boolean[] } {
  const pairs: Array<[number, number, number]> = [];
  expected.forEach((e, i) =>
    found.forEach((p, j) => {
      if (isHit(e, p)) pairs.push([Math.abs(e.line - p.line), i, j]);
    }),
  );
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const expectedHit = expected.map(() => false);
  const predictionHit = found.map(() => false);
  for (const [, i, j] of pairs) {
    if (expectedHit[i] || predictionHit[j]) continue;
    expectedHit[i] = true;
    predictionHit[j] = true;
  }
  return { expectedHit, predictionHit };
}

/**
 * Per CWE category of the dataset: TPR is the share of its defects found; FPR is the share of
 * samples without a defect of that category in which the reviewer still reported one.
 */
function categoryRates(samples: readonly EvalSample[], predictions: ReadonlyMap<string, readonly Prediction[]>, rows: readonly CweRow[]): CategoryRate[] {
  const categories = [...new Set(samples.flatMap((s) => s.expected.map((e) => e.cwe)))].sort((a, b) => cweOrder(a) - cweOrder(b));
  return categories.map((cwe) => {
    const row = rows.find((r) => r.cwe === cwe);
    const tpr = row && row.tp + row.fn > 0 ? row.tp / (row.tp + row.fn) : 0;
    const negatives = samples.filter((s) => !s.expected.some((e) => cweFamily(e.cwe) === cweFamily(cwe)));
    const flagged = negatives.filter((s) => (predictions.get(s.id) ?? []).some((p) => relatedCwes(p.cwe, cwe)));
    return { cwe, tpr, fpr: negatives.length === 0 ? 0 : flagged.length / negatives.length };
  });
}

/** Precision, recall and F1 of counts. */
export function scores(c: Counts): Scores {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : null;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : c.tp + c.fp + c.fn > 0 ? 0 : null;
  return { precision, recall, f1 };
}

function countExpected(samples: readonly EvalSample[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of samples.flatMap((s) => s.expected)) counts.set(e.cwe, (counts.get(e.cwe) ?? 0) + 1);
  return counts;
}

function cweOrder(id: string): number {
  const n = Number(id.replace(/^CWE-/, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

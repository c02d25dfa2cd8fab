import type { FileError } from '../core/result.js';
import { LINE_TOLERANCE } from './metrics.js';
import type { ReviewerScore } from './metrics.js';
import type { EvalOutcome } from './run.js';

/** Facts about the run that the report shows. */
export interface EvalReportInfo {
  readonly dataset: string;
  readonly model?: string;
}

/**
 * The evaluation as a table in the style of the research on LLM security review: one row per
 * CWE, precision / recall / F1 per reviewer, then the totals and the scorecard.
 */
export function renderEvalText(outcome: EvalOutcome, info: EvalReportInfo): string {
  const { samples, reviewers } = outcome;
  const clean = samples.filter((s) => s.expected.length === 0).length;
  const header = `secreview eval · ${info.dataset} · ${samples.length} samples (${samples.length - clean} with defects, ${clean} clean) · line tolerance ±${LINE_TOLERANCE}`;
  const cwes = [...new Set(reviewers.flatMap((r) => r.perCwe.map((row) => row.cwe)))].sort((a, b) => cweNumber(a) - cweNumber(b));
  const expected = new Map(reviewers[0]?.perCwe.map((row) => [row.cwe, row.expected]) ?? []);
  const width = Math.max(8, ...reviewers.map((r) => r.reviewer.length));
  const cell = (text: string): string => ` │ ${text.padEnd(width > 17 ? width : 17)}`;
  const lines = [
    header,
    '',
    `${'CWE'.padEnd(10)}${'defects'.padStart(8)}${reviewers.map((r) => cell(r.reviewer)).join('')}`,
    `${''.padEnd(18)}${reviewers.map(() => cell(`${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)}`)).join('')}`,
  ];
  for (const cwe of cwes) {
    const row = (r: ReviewerScore): string => {
      const found = r.perCwe.find((x) => x.cwe === cwe);
      return found ? triple(found.precision, found.recall, found.f1) : triple(null, null, null);
    };
    lines.push(`${cwe.padEnd(10)}${String(expected.get(cwe) ?? 0).padStart(8)}${reviewers.map((r) => cell(row(r))).join('')}`);
  }
  const totalExpected = samples.reduce((n, s) => n + s.expected.length, 0);
  lines.push(`${'overall'.padEnd(10)}${String(totalExpected).padStart(8)}${reviewers.map((r) => cell(triple(r.overall.precision, r.overall.recall, r.overall.f1))).join('')}`);
  lines.push(`${'TP/FP/FN'.padEnd(18)}${reviewers.map((r) => cell(`${r.overall.tp}/${r.overall.fp}/${r.overall.fn}`)).join('')}`);
  lines.push(`${'scorecard'.padEnd(18)}${reviewers.map((r) => cell(r.scorecard === null ? '—' : signed(r.scorecard))).join('')}`);
  lines.push('');
  lines.push(...footnotes(reviewers[0]?.categories.length ?? 0));
  lines.push(...llmLines(outcome, info));
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

function footnotes(categories: number): string[] {
  return [
    `P = TP/(TP+FP), R = TP/(TP+FN). A hit needs the expected CWE (or its parent or child) within ±${LINE_TOLERANCE} lines;`,
    'any finding on a clean sample is a false positive. "—" means no data (0/0).',
    `Scorecard: TPR − FPR averaged over the ${categories} CWE categories of the dataset (1 is perfect, 0 is guessing).`,
  ];
}

function llmLines(outcome: EvalOutcome, info: EvalReportInfo): string[] {
  const out: string[] = [];
  for (const run of outcome.llm) {
    const s = run.summary;
    out.push(
      `LLM ${info.model ?? s.model}, prompt ${run.design}: ${s.chunks} chunks (${s.cachedChunks} from cache, ${s.failedChunks} failed), ${s.accepted} claims accepted, ${s.rejected.length} rejected.`,
    );
  }
  const llmErrors = outcome.errors.filter((e) => e.kind === 'llm');
  if (llmErrors.length > 0) out.push(`The LLM numbers are incomplete: ${llmErrors.length} diagnostic${llmErrors.length === 1 ? '' : 's'} (see stderr).`);
  return out.length > 0 ? ['', ...out] : [];
}

function triple(p: number | null, r: number | null, f: number | null): string {
  return [p, r, f].map((v) => (v === null ? '—' : v.toFixed(2)).padStart(5)).join(' ');
}

function signed(value: number): string {
  return value < 0 ? `−${Math.abs(value).toFixed(2)}` : value.toFixed(2);
}

function cweNumber(id: string): number {
  const n = Number(id.replace(/^CWE-/, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** The evaluation as JSON: every count and score, per reviewer and per CWE, plus the LLM runs. */
export function renderEvalJson(outcome: EvalOutcome, info: EvalReportInfo): string {
  const clean = outcome.samples.filter((s) => s.expected.length === 0).length;
  const report = {
    dataset: info.dataset,
    samples: outcome.samples.length,
    samplesWithDefects: outcome.samples.length - clean,
    cleanSamples: clean,
    lineTolerance: LINE_TOLERANCE,
    reviewers: outcome.reviewers.map((r) => ({
      reviewer: r.reviewer,
      overall: r.overall,
      scorecard: r.scorecard,
      categories: r.categories,
      perCwe: r.perCwe,
    })),
    llm: outcome.llm.map((run) => ({ design: run.design, ...run.summary })),
    errors: outcome.errors.map(toJsonError),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function toJsonError(e: FileError): Record<string, unknown> {
  return { file: e.file, kind: e.kind, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) };
}

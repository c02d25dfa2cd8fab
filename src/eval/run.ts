import type { Finding } from '../core/finding.js';
import type { FileError, LlmSummary } from '../core/result.js';
import { allRules, frontendById, frontends } from '../review/languages.js';
import type { LlmReviewDeps } from '../review/llm/reviewer.js';
import { createLlmStep } from '../review/llm/step.js';
import type { LlmStepFile } from '../review/llm/step.js';
import type { LlmSettings, PromptDesign } from '../review/llm/types.js';
import { runReview } from '../review/review.js';
import type { Snippet } from '../review/review.js';
import type { EvalSample } from './dataset.js';
import { scoreReviewer } from './metrics.js';
import type { Prediction, ReviewerScore } from './metrics.js';

/** The LLM part of an evaluation: settings, the designs to compare, and optional fakes for tests. */
export interface EvalLlmOptions {
  readonly settings: LlmSettings;
  readonly designs: readonly PromptDesign[];
  readonly deps?: Partial<LlmReviewDeps>;
}

/** What one prompt design did over the dataset. */
export interface EvalLlmRun {
  readonly design: PromptDesign;
  readonly summary: LlmSummary;
}

/** The scores of every reviewer, and what went wrong on the way. */
export interface EvalOutcome {
  readonly samples: readonly EvalSample[];
  readonly reviewers: readonly ReviewerScore[];
  readonly llm: readonly EvalLlmRun[];
  readonly errors: readonly FileError[];
}

/** The file name a sample is reviewed under; ids become safe path segments. */
export function sampleFileName(sample: EvalSample): string {
  return `${sample.id.replace(/[^\w.-]+/g, '_')}.py`;
}

/**
 * Reviews every sample with the static rules and, when asked, with the LLM reviewer under each
 * prompt design, then scores static, LLM and merged findings against the expectations.
 */
export async function runEval(samples: readonly EvalSample[], cwd: string, llm?: EvalLlmOptions): Promise<EvalOutcome> {
  const byFile = new Map(samples.map((s) => [sampleFileName(s), s]));
  const snippets: Snippet[] = samples.map((s) => ({ name: sampleFileName(s), text: s.code, frontend: frontendFor(s) }));
  const result = await runReview({ snippets, frontends, cwd, considered: false });
  const reviewers: ReviewerScore[] = [scoreReviewer('static', samples, predictionsOf(result.findings, byFile))];
  const errors: FileError[] = [...result.errors];
  const runs: EvalLlmRun[] = [];
  for (const design of llm?.designs ?? []) {
    if (!llm) break;
    const step = createLlmStep({ ...llm.settings, promptDesign: design }, allRules(), llm.deps);
    const files: LlmStepFile[] = samples.map((s) => ({
      source: { path: sampleFileName(s), text: s.code, context: 'production' },
      language: s.lang,
      ...(s.commitMessage !== undefined ? { commitMessage: s.commitMessage } : {}),
    }));
    const out = await step.review({ files, findings: result.findings, hidden: [], fileStages: [] });
    const suffix = llm.designs.length > 1 ? ` ${design}` : '';
    reviewers.push(scoreReviewer(`llm${suffix}`, samples, predictionsOf(out.llmFindings, byFile)));
    reviewers.push(scoreReviewer(`merged${suffix}`, samples, predictionsOf(out.findings, byFile)));
    errors.push(...out.errors);
    runs.push({ design, summary: out.summary });
  }
  return { samples, reviewers, llm: runs, errors };
}

function frontendFor(sample: EvalSample): Snippet['frontend'] {
  const frontend = frontendById(sample.lang);
  // The dataset loader accepts only languages with a front-end.
  if (!frontend) throw new Error(`no front-end for language ${sample.lang}`);
  return frontend;
}

function predictionsOf(findings: readonly Finding[], byFile: ReadonlyMap<string, EvalSample>): Map<string, Prediction[]> {
  const out = new Map<string, Prediction[]>();
  for (const f of findings) {
    const sample = byFile.get(f.file);
    if (!sample) continue;
    out.set(sample.id, [...(out.get(sample.id) ?? []), { cwe: f.cwe, line: f.line }]);
  }
  return out;
}

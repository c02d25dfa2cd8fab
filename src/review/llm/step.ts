import type { CweId } from '../../core/cwe.js';
import { severityRank } from '../../core/finding.js';
import type { Finding, Severity } from '../../core/finding.js';
import type { SourceFile } from '../../core/language.js';
import type { FileError, HiddenFinding, LlmSummary } from '../../core/result.js';
import type { LanguageId, RuleMeta } from '../../core/rule.js';
import { applyStages } from '../stages.js';
import type { FileStage } from '../stages.js';
import { diskCache } from './cache.js';
import { splitLines } from './chunk.js';
import { createOpenAiClient } from './client.js';
import { mergeFindings } from './merge.js';
import { defaultRetryPolicy } from './retry.js';
import { reviewWithLlm } from './reviewer.js';
import type { LlmReviewDeps } from './reviewer.js';
import { loadPromptTemplates } from './templates.js';
import { claimToFinding, severityForCwe } from './to-finding.js';
import type { LlmSettings, LlmSourceFile } from './types.js';

/** A file the static analysis reviewed, with the language of its front-end. */
export interface LlmStepFile {
  readonly source: SourceFile;
  readonly language: LanguageId;
  /** A commit message for this file alone (evaluation samples); else the input's. */
  readonly commitMessage?: string;
}

/** What the review pipeline hands the LLM step after static analysis. */
export interface LlmStepInput {
  readonly files: readonly LlmStepFile[];
  /** Static findings after the per-file stages. */
  readonly findings: readonly Finding[];
  readonly hidden: readonly HiddenFinding[];
  /** The per-file stages (suppressions), applied to the LLM's findings too. */
  readonly fileStages: readonly FileStage[];
  /** Changed lines by display path when reviewing a change; files without an entry are not sent. */
  readonly changedLines?: ReadonlyMap<string, ReadonlySet<number>>;
  readonly commitMessage?: string;
}

/** The merged findings and what the LLM step adds to the result. */
export interface LlmStepOutput {
  readonly findings: readonly Finding[];
  /** Hidden findings to add (LLM findings that stages or hidden static findings absorbed). */
  readonly hidden: readonly HiddenFinding[];
  readonly errors: readonly FileError[];
  readonly summary: LlmSummary;
  /** Every verified LLM finding before merging, for evaluation. */
  readonly llmFindings: readonly Finding[];
}

/** The LLM second reviewer as a pipeline step. */
export interface LlmStep {
  review(input: LlmStepInput): Promise<LlmStepOutput>;
}

// A claim within one line of a static finding's range is the same defect (models are often off by one).
const MERGE_TOLERANCE = 1;

/** Builds the step; `deps` replaces the real client, cache, templates or retry policy (tests). */
export function createLlmStep(settings: LlmSettings, rules: readonly RuleMeta[], deps: Partial<LlmReviewDeps> = {}): LlmStep {
  const full: LlmReviewDeps = {
    client: deps.client ?? createOpenAiClient(settings),
    templates: deps.templates ?? loadPromptTemplates(),
    retry: deps.retry ?? defaultRetryPolicy(settings.retries),
    ...(deps.cache ? { cache: deps.cache } : settings.cacheDir !== undefined ? { cache: diskCache(settings.cacheDir, settings.model, settings.promptDesign) } : {}),
  };
  const severities = severitiesByCwe(rules);
  const relatedByRule = new Map(rules.map((r) => [r.id, r.relatedCwe ?? []]));
  return {
    async review(input: LlmStepInput): Promise<LlmStepOutput> {
      const files = llmFiles(input);
      const out = await reviewWithLlm({ files, ...(input.commitMessage !== undefined ? { commitMessage: input.commitMessage } : {}) }, settings, full);
      const byPath = new Map(input.files.map((f) => [f.source.path, f]));
      const llmFindings = out.claims.map((claim) => {
        const file = byPath.get(claim.file)?.source;
        return claimToFinding(claim, splitLines(file?.text ?? ''), file?.context ?? 'production', severityForCwe(claim.cwe, severities));
      });
      const staged = stageFindings(llmFindings, byPath, input.fileStages);
      const merged = mergeFindings(input.findings, input.hidden, staged.findings, { tolerance: MERGE_TOLERANCE, relatedByRule });
      return {
        findings: merged.findings,
        hidden: [...staged.hidden, ...merged.hidden],
        errors: out.errors,
        summary: {
          model: settings.model,
          promptDesign: settings.promptDesign,
          chunks: out.chunks,
          cachedChunks: out.cachedChunks,
          failedChunks: out.failedChunks,
          accepted: out.claims.length,
          rejected: out.rejected,
        },
        llmFindings,
      };
    },
  };
}

function llmFiles(input: LlmStepInput): LlmSourceFile[] {
  const files: LlmSourceFile[] = [];
  for (const { source: file, commitMessage } of input.files) {
    const base = { path: file.path, text: file.text, context: file.context, ...(commitMessage !== undefined ? { commitMessage } : {}) };
    if (!input.changedLines) files.push(base);
    else {
      const changed = input.changedLines.get(file.path);
      if (changed && changed.size > 0) files.push({ ...base, changedLines: changed });
    }
  }
  return files;
}

/** Runs the per-file stages (suppressions, context) over the LLM's findings, file by file. */
function stageFindings(findings: readonly Finding[], files: ReadonlyMap<string, LlmStepFile>, stages: readonly FileStage[]): { findings: Finding[]; hidden: HiddenFinding[] } {
  const out = { findings: [] as Finding[], hidden: [] as HiddenFinding[] };
  for (const [path, group] of groupByFile(findings)) {
    const file = files.get(path);
    if (!file || stages.length === 0) {
      out.findings.push(...group);
      continue;
    }
    const staged = applyStages(group, stages, (stage, current) => stage.apply(current, file.source, { language: file.language }));
    out.findings.push(...staged.findings);
    out.hidden.push(...staged.hidden);
    // Stage errors are about the file (a malformed suppression comment); the static pass reported them.
  }
  return out;
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.file, [...(groups.get(f.file) ?? []), f]);
  return groups;
}

/** The highest severity among the rules of each CWE. */
function severitiesByCwe(rules: readonly RuleMeta[]): Map<CweId, Severity> {
  const map = new Map<CweId, Severity>();
  for (const rule of rules) {
    const current = map.get(rule.cwe);
    if (!current || severityRank(rule.severity) > severityRank(current)) map.set(rule.cwe, rule.severity);
  }
  return map;
}

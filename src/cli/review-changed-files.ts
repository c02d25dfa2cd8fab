import type { Finding } from '../core/finding.js';
import type { ReviewResult } from '../core/result.js';
import { systemGit } from '../review/change/git.js';
import { prepareRun } from '../review/config/prepare.js';
import type { PreparedRun } from '../review/config/prepare.js';
import { createContextStage } from '../review/context-stage.js';
import { allRules, frontends } from '../review/languages.js';
import { runReview } from '../review/review.js';
import type { ReviewRequest } from '../review/review.js';

// The review behind `gerrit post` and `github review`: exactly `secreview review --patch`, with
// the patch the review site reports for the change. So the files come from the working tree
// (the CI checkout of the change) when they match the patch, else are reconstructed from its
// hunks; only findings on changed lines are kept (unless `all`); and configuration, inline
// suppressions, the baseline and test-code context apply as in any other review.

/** A change review: the findings with repository-relative paths, or a message for exit code 2. */
export type ChangeReview = { readonly ok: true; readonly result: ReviewResult } | { readonly ok: false; readonly message: string };

/** Reviews the change that `patch` (a unified diff, git format-patch, or base64 of either) describes. */
export async function reviewPatch(patch: Uint8Array, cwd: string, all: boolean): Promise<ChangeReview> {
  const prepared = await prepareRun([], { gitignore: true, patch: '-', all }, { cwd, readStdin: () => Promise.resolve(patch), git: systemGit(), frontends, rules: allRules() });
  if (!prepared.ok) return prepared;
  const run = prepared.run;
  const { settings } = run;
  const result = await runReview({
    ...changeSources(run),
    frontends,
    cwd,
    maxFileSize: settings.maxFileSize,
    respectGitignore: settings.respectGitignore,
    fileStages: [...run.fileStages, createContextStage({ includeTests: false })],
    runStages: run.runStages,
    considered: false,
    ...(settings.onlyRules ? { onlyRules: settings.onlyRules } : {}),
  });
  return { ok: true, result: withRepositoryPaths(result, run) };
}

/** What runReview needs to know about the change (the same as `review --patch` passes). */
function changeSources(run: PreparedRun): Partial<ReviewRequest> {
  return {
    sources: run.sources ?? [],
    ...(run.changeSummary ? { change: run.changeSummary } : {}),
    ...(run.changedLines ? { changedLines: run.changedLines } : {}),
    ...(run.inputErrors.length > 0 ? { inputErrors: run.inputErrors } : {}),
    ...(run.fileFilter ? { fileFilter: run.fileFilter } : {}),
    ...(run.isTestPath ? { isTestPath: run.isTestPath } : {}),
  };
}

/**
 * Review sites name files from the repository root; display paths are relative to the working
 * directory. They agree when the command runs at the root; elsewhere the change's own mapping
 * turns one into the other.
 */
function withRepositoryPaths(result: ReviewResult, run: PreparedRun): ReviewResult {
  const repoPath = new Map((run.change?.sources ?? []).filter((s) => s.repoPath).map((s) => [s.displayPath, s.repoPath]));
  if ([...repoPath].every(([display, repo]) => display === repo)) return result;
  const move = (f: Finding): Finding => ({ ...f, file: repoPath.get(f.file) ?? f.file });
  const scopes = result.scopes ? Object.fromEntries(Object.entries(result.scopes).map(([file, spans]) => [repoPath.get(file) ?? file, spans])) : undefined;
  return {
    ...result,
    findings: result.findings.map(move),
    ...(result.hidden ? { hidden: result.hidden.map((h) => ({ ...h, finding: move(h.finding) })) } : {}),
    ...(scopes ? { scopes } : {}),
  };
}

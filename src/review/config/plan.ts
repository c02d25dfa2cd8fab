import { dirname } from 'node:path';
import type { ChangeSummary } from '../../core/result.js';
import type { RuleMeta } from '../../core/rule.js';
import type { BaselineFile } from '../baseline/format.js';
import { createBaselineStage } from '../baseline/stage.js';
import type { LoadedChange } from '../change/load.js';
import { createChangeStage, touchesLine } from '../change/restrict.js';
import type { FileStage, RunStage } from '../stages.js';
import { createSuppressionStage } from '../suppressions/stage.js';
import type { Settings } from './settings.js';
import { createPerFileIgnoreStage, createSeverityStage } from './stages.js';

/** What shapes a run besides its inputs. */
export interface PlanInput {
  readonly settings: Settings;
  /** Every rule secreview knows. */
  readonly rules: readonly RuleMeta[];
  readonly cwd: string;
  readonly baseline?: BaselineFile;
  readonly change?: LoadedChange;
  /** `--all`: report whole files of a change, not only its changed lines. */
  readonly all: boolean;
}

/** The post-processing of a run, in order. */
export interface ReviewPlan {
  /** Suppressions, then the baseline; stages of other concerns (context) come after these. */
  readonly fileStages: readonly FileStage[];
  /** Severity overrides, per-file ignores, then the restriction to the change. */
  readonly runStages: readonly RunStage[];
  /** The change for the report header. */
  readonly change?: ChangeSummary;
}

/**
 * Builds the stages of a run. Suppressions come first, so a suppressed finding is reported as
 * suppressed (the reader's explicit decision) rather than as known or out of the change, and
 * so a suppression counts as used even when another stage would also have hidden its finding.
 */
export function planReview(input: PlanInput): ReviewPlan {
  const { settings, change } = input;
  const restricted = change !== undefined && !input.all;
  const changed = new Map(change?.sources.map((s) => [s.displayPath, s.changed]) ?? []);
  const fileStages: FileStage[] = [
    createSuppressionStage({
      rules: input.rules,
      ...(settings.onlyRules ? { activeRules: settings.onlyRules } : {}),
      reportUnused: settings.reportUnusedSuppressions,
      // In a change, only the suppressions on changed lines are the author's business.
      ...(restricted ? { reportsLine: (file: string, line: number) => touchesLine(changed.get(file), line) } : {}),
    }),
  ];
  if (input.baseline && settings.baseline) {
    fileStages.push(
      createBaselineStage({
        baseline: input.baseline,
        baselineDir: dirname(settings.baseline.absolute),
        shownPath: settings.baseline.shown,
        cwd: input.cwd,
        ...(change ? { renames: change.renames } : {}),
      }),
    );
  }
  const runStages: RunStage[] = [];
  if (settings.severity.size > 0) runStages.push(createSeverityStage(settings.severity));
  if (settings.perFileIgnores.length > 0) {
    runStages.push(createPerFileIgnoreStage(settings.perFileIgnores, input.cwd, settings.config?.shownFile ?? 'the configuration'));
  }
  if (restricted) runStages.push(createChangeStage(changed));
  return {
    fileStages,
    runStages,
    ...(change ? { change: { ...change.summary, scope: input.all ? 'whole-files' : 'changed-lines' } } : {}),
  };
}

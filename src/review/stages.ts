import type { Finding } from '../core/finding.js';
import type { SourceFile } from '../core/language.js';
import type { FileError, HiddenFinding } from '../core/result.js';
import type { LanguageId } from '../core/rule.js';

/** What a post-processing stage returns: the findings it keeps, and what it hid and why. */
export interface StageOutput {
  readonly findings: readonly Finding[];
  readonly hidden?: readonly HiddenFinding[];
  /** Problems the stage found (e.g. a suppression comment without a reason). */
  readonly errors?: readonly FileError[];
  /** Findings the stage adds (e.g. a report about a malformed suppression). */
  readonly added?: readonly Finding[];
}

/** Facts about a file that a stage may need besides its text. */
export interface FileStageInfo {
  /** The language of the front-end that analysed the file (decides its comment syntax). */
  readonly language: LanguageId;
}

/**
 * A stage that sees one file's findings together with its source text: inline suppressions,
 * context classification. Runs right after the file is analysed.
 */
export interface FileStage {
  readonly name: string;
  apply(findings: readonly Finding[], file: SourceFile, info: FileStageInfo): StageOutput;
}

/** A stage over the whole run's findings: baselines, restriction to a change. */
export interface RunStage {
  readonly name: string;
  apply(findings: readonly Finding[]): StageOutput;
}

/** Runs stages in order, collecting what each hides. */
export function applyStages<T>(
  findings: readonly Finding[],
  stages: readonly T[],
  run: (stage: T, current: readonly Finding[]) => StageOutput,
): { findings: Finding[]; hidden: HiddenFinding[]; errors: FileError[] } {
  let current: Finding[] = [...findings];
  const hidden: HiddenFinding[] = [];
  const errors: FileError[] = [];
  for (const stage of stages) {
    const out = run(stage, current);
    current = [...out.findings, ...(out.added ?? [])];
    hidden.push(...(out.hidden ?? []));
    errors.push(...(out.errors ?? []));
  }
  return { findings: current, hidden, errors };
}

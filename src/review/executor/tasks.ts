import type { AnalyzeOptions, FileAnalysis, ModuleScan, SourceFile } from '../../core/language.js';

/** Work for one file, as plain data so it can cross to a worker thread. */
export type Task =
  | {
      /** Module scans of several files of one language: each is cheap, a message each was not. */
      readonly kind: 'scan';
      readonly frontend: string;
      readonly files: readonly { readonly source: SourceFile; readonly moduleName: string }[];
    }
  | {
      readonly kind: 'analyze';
      readonly frontend: string;
      readonly source: SourceFile;
      readonly onlyRules?: readonly string[];
      readonly moduleName?: string;
      /** Summaries exported by the files this one imports (published name → summary). */
      readonly summaries?: readonly (readonly [string, unknown])[];
      /** Names of this module's functions that other reviewed files call. */
      readonly calledNames?: readonly string[];
      readonly modules?: readonly string[];
    };

/** A scan that threw is null: that file loses only its cross-file ordering. */
export type TaskResult = { readonly kind: 'scan'; readonly scans: readonly (ModuleScan | null)[] } | { readonly kind: 'analyze'; readonly analysis: FileAnalysis };

/** The analyzer options a task carries. */
export function optionsOf(task: Extract<Task, { kind: 'analyze' }>): AnalyzeOptions {
  return {
    ...(task.onlyRules ? { onlyRules: new Set(task.onlyRules) } : {}),
    ...(task.moduleName !== undefined ? { moduleName: task.moduleName } : {}),
    ...(task.summaries
      ? { project: { summaries: new Map(task.summaries), calledNames: new Set(task.calledNames ?? []), modules: new Set(task.modules ?? []) } }
      : {}),
  };
}

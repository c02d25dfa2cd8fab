import type { ReviewResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';

/** Facts about the run that reports show besides the result. Never the clock or the file system. */
export interface ReportInfo {
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  /** Every rule that took part in the run (SARIF lists them in tool.driver.rules). */
  readonly rules: readonly RuleMeta[];
  /** Use ANSI colours (only when writing to a TTY). */
  readonly color: boolean;
  /**
   * The per-file diagnostics are already shown elsewhere (the CLI writes them to stderr in
   * text mode); the text report then only counts them instead of listing them again.
   */
  readonly diagnosticsShownElsewhere?: boolean;
}

/** A reporter is a pure function from a result to the text of a report. */
export type Reporter = (result: ReviewResult, info: ReportInfo) => string;

/** Output formats the CLI offers. */
export type ReportFormat = 'text' | 'json' | 'sarif';

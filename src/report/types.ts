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
  /**
   * Source text of the reviewed files, keyed by the display path findings use. Reporters that
   * show code around a finding (markdown, html) take context lines from here; without it they
   * show only the finding's own lines. The CLI reads the files, so reporters stay pure.
   */
  readonly sources?: ReadonlyMap<string, string>;
  /** Options of the Gerrit ReviewInput output (`--format gerrit`). */
  readonly gerrit?: GerritReportOptions;
}

/** How the Gerrit output comments and votes. */
export interface GerritReportOptions {
  /**
   * `robot` writes `robot_comments` (structured, with fix suggestions); `human` writes plain
   * `comments` for servers that disabled robot comments (Gerrit 3.10+ default, removed in 3.13).
   */
  readonly commentKind: 'robot' | 'human';
  /** Label to vote on: -1 when there are findings, 0 when clean. Unset: no vote. */
  readonly voteLabel?: string;
}

/** A reporter is a pure function from a result to the text of a report. */
export type Reporter = (result: ReviewResult, info: ReportInfo) => string;

/** Output formats the CLI offers. */
export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'html' | 'gerrit';

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Severity } from '../core/finding.js';
import { hasFindingsAtOrAbove } from '../core/result.js';
import type { ReviewResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import { renderReport } from '../report/index.js';
import type { ReportFormat } from '../report/types.js';
import { allRules, frontendById, frontends } from '../review/languages.js';
import { createContextStage } from '../review/context-stage.js';
import { systemGit } from '../review/change/git.js';
import { prepareRun } from '../review/config/prepare.js';
import type { PreparedRun, RunChoices } from '../review/config/prepare.js';
import { decodeSource } from '../review/read.js';
import { runReview } from '../review/review.js';
import type { ReviewRequest, Snippet } from '../review/review.js';
import type { LlmOptionValues } from '../review/llm/settings.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion } from './io.js';
import type { CliIo } from './io.js';
import { llmStepFromOptions } from './llm-options.js';
import { performanceRequest } from './performance-options.js';
import type { PerformanceOptions } from './performance-options.js';
import { reportExtras } from './report-extras.js';
import type { GerritFormatOptions } from './report-extras.js';

export { parseSize } from '../review/config/settings.js';

/** Options of `secreview review`, as commander parses them. */
export interface ReviewCommandOptions extends LlmOptionValues, RunChoices, GerritFormatOptions, PerformanceOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly lang: string;
  /** Show demoted test-code findings as information (`--include-tests`). */
  readonly includeTests?: boolean;
  /** `--considered` / `--no-considered`; unset means "one file or a snippet". */
  readonly considered?: boolean;
  readonly color?: boolean;
}

const STDIN_NAME = '<stdin>';

/** Runs a review and writes the report; resolves to the exit code. */
export async function runReviewCommand(paths: readonly string[], options: ReviewCommandOptions, io: CliIo): Promise<number> {
  const prepared = await prepareRun(paths.filter((p) => p !== '-'), options, { cwd: io.cwd, readStdin: io.readStdin, git: systemGit(), frontends, rules: allRules() });
  if (!prepared.ok) return usageError(io, prepared.message);
  const run = prepared.run;
  const { settings } = run;
  const onlyRules = settings.onlyRules;

  const snippets: Snippet[] = [];
  if (paths.includes('-')) {
    const frontend = frontendById(options.lang);
    if (!frontend) return usageError(io, `--lang: unknown language "${options.lang}"`);
    const decoded = decodeSource(await io.readStdin());
    if (!decoded.ok) return usageError(io, `stdin: ${decoded.message}`);
    snippets.push({ name: STDIN_NAME, text: decoded.text, frontend });
  }
  const filePaths = paths.filter((p) => p !== '-');
  // Without --llm nothing is built that could touch the network.
  const llm = options.llm ? await llmStepFromOptions(options, io.env, io.cwd) : undefined;
  if (typeof llm === 'string') return usageError(io, llm);
  const performance = performanceRequest(options, io);
  if (typeof performance === 'string') return usageError(io, performance);

  const result = await runReview({
    ...changeOrPaths(run, filePaths),
    snippets,
    frontends,
    cwd: io.cwd,
    maxFileSize: settings.maxFileSize,
    respectGitignore: settings.respectGitignore,
    // Suppressions and the baseline first (see review/config/plan.ts), then the context.
    fileStages: [...run.fileStages, createContextStage({ includeTests: options.includeTests === true })],
    runStages: run.runStages,
    considered: options.considered ?? 'auto',
    ...(onlyRules ? { onlyRules } : {}),
    ...(llm ? { llm } : {}),
    ...performance,
  });

  const color = options.format === 'text' && !options.output && (options.color ?? (io.stdoutIsTty && !io.env.NO_COLOR));
  const rules = withSeverityOverrides(allRules().filter((r) => !onlyRules || onlyRules.has(r.id)), settings.severity);
  const report = renderReport(options.format, result, {
    tool: { name: 'secreview', version: packageVersion(), informationUri: 'https://github.com/secreview/secreview' },
    rules,
    color: Boolean(color),
    diagnosticsShownElsewhere: options.format === 'text',
    ...(await reportExtras(options.format, result, io.cwd, snippets, options)),
  });

  // Diagnostics go to stderr in text mode (one line each), and whenever the report goes to a file.
  if (options.format === 'text' || options.output) reportErrorsOnStderr(result, io);
  if (options.output) {
    try {
      const target = resolve(io.cwd, options.output);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, report);
    } catch (error) {
      io.stderr(`secreview: cannot write the report to ${options.output}: ${(error as Error).message}\n`);
      return ExitCode.Error;
    }
  } else {
    io.stdout(report);
  }
  return exitCodeFor(result, settings.failOn);
}

/** A change's files with what the run needs to know about the change, or the paths to walk. */
function changeOrPaths(run: PreparedRun, paths: readonly string[]): Partial<ReviewRequest> {
  return {
    ...(run.sources ? { sources: run.sources } : { paths }),
    ...(run.changeSummary ? { change: run.changeSummary } : {}),
    ...(run.changedLines ? { changedLines: run.changedLines } : {}),
    ...(run.inputErrors.length > 0 ? { inputErrors: run.inputErrors } : {}),
    ...(run.fileFilter ? { fileFilter: run.fileFilter } : {}),
    ...(run.isTestPath ? { isTestPath: run.isTestPath } : {}),
  };
}

/** Rule metadata as the run sees it: configured severity overrides show in SARIF's rule levels too. */
function withSeverityOverrides(rules: readonly RuleMeta[], overrides: ReadonlyMap<string, Severity>): RuleMeta[] {
  return rules.map((r) => {
    const severity = overrides.get(r.id);
    return severity === undefined ? r : { ...r, severity };
  });
}

function exitCodeFor(result: ReviewResult, failOn: Severity | 'none'): number {
  // Nothing could be reviewed at all: the run did not do its job.
  if (result.stats.files === 0 && result.errors.length > 0) return ExitCode.Error;
  if (failOn === 'none') return ExitCode.Clean;
  return hasFindingsAtOrAbove(result.findings, failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function reportErrorsOnStderr(result: ReviewResult, io: CliIo): void {
  for (const error of result.errors) {
    // Run-level diagnostics (a failed LLM step) belong to no file.
    if (error.file === '') {
      io.stderr(`secreview: ${error.kind}: ${error.message}\n`);
      continue;
    }
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
    io.stderr(`secreview: ${where}: ${error.message}\n`);
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

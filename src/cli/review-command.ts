import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Severity } from '../core/finding.js';
import { hasFindingsAtOrAbove } from '../core/result.js';
import type { ReviewResult } from '../core/result.js';
import { renderReport } from '../report/index.js';
import type { ReportFormat } from '../report/types.js';
import { allRules, frontendById, frontends } from '../review/languages.js';
import { decodeSource } from '../review/read.js';
import { runReview } from '../review/review.js';
import type { Snippet } from '../review/review.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion } from './io.js';
import type { CliIo } from './io.js';

/** Options of `secreview review`, as commander parses them. */
export interface ReviewCommandOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly failOn: Severity | 'none';
  readonly lang: string;
  readonly maxFileSize: string;
  readonly select?: string;
  readonly ignore?: string;
  readonly gitignore: boolean;
  readonly color?: boolean;
}

const STDIN_NAME = '<stdin>';

/** Runs a review and writes the report; resolves to the exit code. */
export async function runReviewCommand(paths: readonly string[], options: ReviewCommandOptions, io: CliIo): Promise<number> {
  const maxFileSize = parseSize(options.maxFileSize);
  if (maxFileSize === undefined) return usageError(io, `--max-file-size: "${options.maxFileSize}" is not a size (examples: 500000, 800k, 5m)`);
  const onlyRules = selectRules(options.select, options.ignore);
  if (typeof onlyRules === 'string') return usageError(io, onlyRules);

  const snippets: Snippet[] = [];
  if (paths.includes('-')) {
    const frontend = frontendById(options.lang);
    if (!frontend) return usageError(io, `--lang: unknown language "${options.lang}"`);
    const decoded = decodeSource(await io.readStdin());
    if (!decoded.ok) return usageError(io, `stdin: ${decoded.message}`);
    snippets.push({ name: STDIN_NAME, text: decoded.text, frontend });
  }
  const filePaths = paths.filter((p) => p !== '-');

  const result = await runReview({
    paths: filePaths,
    snippets,
    frontends,
    cwd: io.cwd,
    maxFileSize,
    respectGitignore: options.gitignore,
    ...(onlyRules ? { onlyRules } : {}),
  });

  const color = options.format === 'text' && !options.output && (options.color ?? (io.stdoutIsTty && !io.env.NO_COLOR));
  const rules = allRules().filter((r) => !onlyRules || onlyRules.has(r.id));
  const report = renderReport(options.format, result, {
    tool: { name: 'secreview', version: packageVersion(), informationUri: 'https://github.com/secreview/secreview' },
    rules,
    color: Boolean(color),
    diagnosticsShownElsewhere: options.format === 'text',
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
  return exitCodeFor(result, options.failOn);
}

function exitCodeFor(result: ReviewResult, failOn: Severity | 'none'): number {
  // Nothing could be reviewed at all: the run did not do its job.
  if (result.stats.files === 0 && result.errors.length > 0) return ExitCode.Error;
  if (failOn === 'none') return ExitCode.Clean;
  return hasFindingsAtOrAbove(result.findings, failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function reportErrorsOnStderr(result: ReviewResult, io: CliIo): void {
  for (const error of result.errors) {
    const where = error.line === undefined ? error.file : `${error.file}:${error.line}${error.column === undefined ? '' : `:${error.column}`}`;
    io.stderr(`secreview: ${where}: ${error.message}\n`);
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

/** Parses `5m`, `800k` or a plain byte count. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(match[1]) * factor);
}

/** The set of rule ids to run, or an error message naming unknown ids. */
function selectRules(select: string | undefined, ignore: string | undefined): ReadonlySet<string> | undefined | string {
  if (select === undefined && ignore === undefined) return undefined;
  const known = new Set(allRules().map((r) => r.id));
  const parse = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = [...parse(select), ...parse(ignore)].filter((id) => !known.has(id));
  if (unknown.length > 0) return `unknown rule id(s): ${unknown.join(', ')} (see "secreview rules")`;
  const chosen = select === undefined ? new Set(known) : new Set(parse(select));
  for (const id of parse(ignore)) chosen.delete(id);
  return chosen;
}

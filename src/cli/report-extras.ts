import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ReviewResult } from '../core/result.js';
import type { GerritReportOptions, ReportFormat, ReportInfo } from '../report/types.js';

// What some report formats need besides the result: the markdown and html reports show code
// around each finding (reporters never read files, so it is read here, after the review, for the
// files with findings only), and the gerrit format how to comment and vote.

/** The `review` options that shape the gerrit format. */
export interface GerritFormatOptions {
  /** `--gerrit-vote` alone votes on Code-Review; `--gerrit-vote Verified` on that label. */
  readonly gerritVote?: boolean | string;
  readonly gerritComments?: 'robot' | 'human';
}

/** Formats that show code around findings. */
const NEEDS_SOURCES: ReadonlySet<ReportFormat> = new Set(['markdown', 'html']);

/** The ReportInfo fields `format` needs beyond the basics. */
export async function reportExtras(
  format: ReportFormat,
  result: ReviewResult,
  cwd: string,
  snippets: readonly { readonly name: string; readonly text: string }[],
  options: GerritFormatOptions,
): Promise<Pick<ReportInfo, 'sources' | 'gerrit'>> {
  if (NEEDS_SOURCES.has(format)) return { sources: await loadReportSources(result, cwd, new Map(snippets.map((s) => [s.name, s.text]))) };
  if (format === 'gerrit') return { gerrit: gerritReportOptions(options) };
  return {};
}

/** How `--format gerrit` comments and votes. */
export function gerritReportOptions(options: GerritFormatOptions): GerritReportOptions {
  const voteLabel = options.gerritVote === true ? 'Code-Review' : typeof options.gerritVote === 'string' ? options.gerritVote : undefined;
  return { commentKind: options.gerritComments ?? 'robot', ...(voteLabel ? { voteLabel } : {}) };
}

/**
 * The text of every file with a finding, keyed by display path. Snippets given directly (stdin)
 * come from `given`; a file that can no longer be read is left out, and its findings show only
 * their own lines.
 */
export async function loadReportSources(result: ReviewResult, cwd: string, given: ReadonlyMap<string, string> = new Map()): Promise<ReadonlyMap<string, string>> {
  const sources = new Map<string, string>();
  for (const file of new Set(result.findings.map((f) => f.file))) {
    const text = given.get(file) ?? (await readFile(resolve(cwd, file), 'utf8').catch(() => undefined));
    if (text !== undefined) sources.set(file, text);
  }
  return sources;
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Severity } from '../core/finding.js';
import { hasFindingsAtOrAbove } from '../core/result.js';
import type { ReportInfo } from '../report/types.js';
import { GITHUB_API_DEFAULT, createGithubClient } from '../integrations/github/client.js';
import { postGithubReview } from '../integrations/github/post.js';
import type { GithubFindingSource, GithubReviewOutcome, LedgerEntry } from '../integrations/github/post.js';
import type { ApiFailure, FailureKind } from '../integrations/result.js';
import { parseSavedReport } from '../integrations/saved-report.js';
import { allRules } from '../review/languages.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion } from './io.js';
import type { CliIo } from './io.js';
import { reviewPatch } from './review-changed-files.js';

/** Options of `secreview github review`, as commander parses them. */
export interface GithubReviewOptions {
  readonly repo: string;
  readonly pr: string;
  readonly report?: string;
  readonly event: 'comment' | 'request-changes';
  readonly dryRun?: boolean;
  readonly failOn: Severity | 'none';
}

/** Reviews a pull request and posts inline comments; resolves to the exit code. */
export async function runGithubReviewCommand(options: GithubReviewOptions, io: CliIo): Promise<number> {
  const target = parseTarget(options);
  if (typeof target === 'string') return fail(io, target);
  const token = io.env.GITHUB_TOKEN;
  if (!token) return fail(io, 'set GITHUB_TOKEN to a token that may write pull-request reviews (in GitHub Actions: permissions: pull-requests: write)');
  const source = await findingSource(options, io);
  if (typeof source === 'string') return fail(io, source);

  const version = packageVersion();
  const client = createGithubClient({ token, baseUrl: io.env.GITHUB_API_URL || GITHUB_API_DEFAULT, userAgent: `secreview/${version}` }, target);
  const info: ReportInfo = { tool: { name: 'secreview', version, informationUri: 'https://github.com/secreview/secreview' }, rules: allRules(), color: false };
  const where = `${target.owner}/${target.repo}#${target.pull}`;
  const posted = await postGithubReview(client, { source, info, event: options.event === 'request-changes' ? 'REQUEST_CHANGES' : 'COMMENT', dryRun: options.dryRun === true });

  if (!posted.ok && posted.stage === 'read') {
    return fail(io, [`${where}: could not ${posted.step}: ${posted.failure.message}`, ...hint(posted.failure), 'Nothing was posted.'].join('\n  '));
  }
  if (!posted.ok && posted.stage === 'review') return fail(io, `${where}: cannot review the pull request: ${posted.message}\n  Nothing was posted.`);
  if (!posted.ok) {
    const failure = posted.outcome.ledger.find((e) => e.status === 'failed')?.failure;
    io.stderr(`secreview: ${where}: posting stopped part-way${failure ? `: ${failure.message}` : ''}\n${ledgerText(posted.outcome.ledger)}${failure ? hint(failure).map((h) => `  ${h}\n`).join('') : ''}`);
    return ExitCode.Error;
  }
  const outcome = posted.outcome;
  io.stdout(options.dryRun ? dryRunText(outcome, where) : `secreview: ${where} at ${outcome.headSha.slice(0, 12)}: ${summary(outcome)}\n${ledgerText(outcome.ledger)}`);
  if (options.failOn === 'none') return ExitCode.Clean;
  return hasFindingsAtOrAbove(outcome.result.findings, options.failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function parseTarget(options: GithubReviewOptions): { owner: string; repo: string; pull: number } | string {
  const repo = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repo);
  if (!repo?.[1] || !repo[2]) return `--repo: "${options.repo}" is not OWNER/NAME`;
  if (!/^[1-9]\d*$/.test(options.pr)) return `--pr: "${options.pr}" is not a pull request number`;
  return { owner: repo[1], repo: repo[2], pull: Number(options.pr) };
}

async function findingSource(options: GithubReviewOptions, io: CliIo): Promise<GithubFindingSource | string> {
  if (options.report === undefined) {
    return { kind: 'review', review: (patch) => reviewPatch(patch, io.cwd, false) };
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, options.report), 'utf8');
  } catch (error) {
    return `cannot read --report ${options.report}: ${(error as Error).message}`;
  }
  const saved = parseSavedReport(text);
  return saved.ok ? { kind: 'result', result: saved.result } : `--report ${options.report}: ${saved.message}`;
}

const HINTS: Readonly<Partial<Record<FailureKind, string>>> = {
  auth: 'GITHUB_TOKEN was refused: it is missing, expired or revoked',
  forbidden: 'the token may not do this: it needs pull-requests: write (and contents: read on private repositories)',
  'not-found': 'check --repo and --pr, and that the token can see the repository (private repositories answer 404 to tokens without access)',
  'rate-limit': 'GitHub is rate-limiting this token; run the command again after the wait',
  invalid: 'GitHub refused the request; a comment on a line outside the diff is the usual cause',
  network: 'check GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3) and that the server is reachable',
};

function hint(failure: ApiFailure): string[] {
  const text = HINTS[failure.kind];
  return text ? [text] : [];
}

const MARK: Readonly<Record<LedgerEntry['status'], string>> = { done: 'posted', failed: 'FAILED', 'not-attempted': 'not attempted' };

/** One line per write: what was posted, what failed, what was never tried. */
function ledgerText(ledger: readonly LedgerEntry[]): string {
  return ledger.map((e) => `  ${MARK[e.status]}: ${e.action}${e.url ? ` (${e.url})` : ''}${e.failure ? `: ${e.failure.message}` : ''}\n`).join('');
}

function summary(outcome: GithubReviewOutcome): string {
  const { plan, result } = outcome;
  const parts = [`${plural(result.findings.length, 'finding')} on the diff`];
  if (plan.unchanged.length > 0) parts.push(`${plural(plan.unchanged.length, 'comment')} already up to date`);
  if (plan.notInDiff.length > 0) parts.push(`${plan.notInDiff.length} not on a diff line (listed in the review body)`);
  if (outcome.withoutDiff.length > 0) parts.push(`${plural(outcome.withoutDiff.length, 'file')} without a diff from the API not reviewed`);
  if (outcome.ledger.length === 0) parts.push('nothing to post');
  return parts.join('; ');
}

function dryRunText(outcome: GithubReviewOutcome, where: string): string {
  const { plan } = outcome;
  const lines = [
    `secreview: dry run for ${where} at ${outcome.headSha.slice(0, 12)}: nothing was posted.`,
    `  ${outcome.postsReview ? `would create a review with ${plural(plan.create.length, 'inline comment')}` : 'would create no review'}`,
    ...plan.create.map((c) => `    ${c.anchor.path}:${c.anchor.startLine !== undefined ? `${c.anchor.startLine}-` : ''}${c.anchor.line} ${c.finding.ruleId} ${c.finding.message}`),
    ...plan.edit.map((e) => `  would edit comment ${e.id} (${e.reason})`),
    ...(plan.unchanged.length > 0 ? [`  ${plural(plan.unchanged.length, 'comment')} already up to date`] : []),
  ];
  return lines.join('\n') + '\n';
}

function fail(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Severity } from '../core/finding.js';
import { hasFindingsAtOrAbove } from '../core/result.js';
import type { GerritReviewInput } from '../report/gerrit.js';
import type { ReportInfo } from '../report/types.js';
import { createGerritClient } from '../integrations/gerrit/client.js';
import { postGerritReview } from '../integrations/gerrit/post.js';
import type { GerritFindingSource, GerritPostFailure, GerritPostOutcome } from '../integrations/gerrit/post.js';
import type { FailureKind } from '../integrations/result.js';
import { parseSavedReport } from '../integrations/saved-report.js';
import { allRules } from '../review/languages.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion } from './io.js';
import type { CliIo } from './io.js';
import { reviewPatch } from './review-changed-files.js';

/** Options of `secreview gerrit post`, as commander parses them. */
export interface GerritPostOptions {
  readonly change: string;
  readonly revision: string;
  readonly report?: string;
  readonly all?: boolean;
  /** `--vote` alone votes on Code-Review; `--vote Verified` on that label. */
  readonly vote?: boolean | string;
  readonly comments: 'robot' | 'human';
  readonly dryRun?: boolean;
  readonly failOn: Severity | 'none';
}

const ENV = { url: 'GERRIT_URL', user: 'GERRIT_USER', password: 'GERRIT_HTTP_PASSWORD' } as const;

/** Posts a review to one revision of a Gerrit change; resolves to the exit code. */
export async function runGerritPostCommand(options: GerritPostOptions, io: CliIo): Promise<number> {
  const missing = Object.values(ENV).filter((name) => !io.env[name]);
  if (missing.length > 0) return fail(io, `set ${missing.join(', ')} to reach Gerrit (the HTTP password is under Settings → HTTP Credentials)`);
  const info = reportInfo(options);
  const source = await findingSource(options, io);
  if (typeof source === 'string') return fail(io, source);

  const client = createGerritClient({ baseUrl: io.env[ENV.url] ?? '', user: io.env[ENV.user] ?? '', password: io.env[ENV.password] ?? '' });
  const posted = await postGerritReview(client, { change: options.change, revision: options.revision, source, info, dryRun: options.dryRun === true });
  if (!posted.ok) return fail(io, failureText(posted.error, options));

  const { outcome } = posted;
  for (const d of outcome.dropped) {
    io.stderr(`secreview: left out ${plural(d.count, 'comment')} on ${d.path}: the file is not part of revision ${options.revision}\n`);
  }
  if (options.dryRun) {
    io.stdout(JSON.stringify(outcome.input, null, 2) + '\n');
    io.stderr(`secreview: dry run: nothing was posted to change ${options.change}\n`);
  } else {
    io.stdout(`secreview: ${postedSummary(outcome, options)}\n`);
  }
  return exitCodeFor(outcome, options.failOn);
}

function reportInfo(options: GerritPostOptions): ReportInfo {
  const voteLabel = options.vote === true ? 'Code-Review' : typeof options.vote === 'string' ? options.vote : undefined;
  return {
    tool: { name: 'secreview', version: packageVersion(), informationUri: 'https://github.com/secreview/secreview' },
    rules: allRules(),
    color: false,
    gerrit: { commentKind: options.comments, ...(voteLabel ? { voteLabel } : {}) },
  };
}

/** The saved report (JSON report or ReviewInput) or a review of the working tree. */
async function findingSource(options: GerritPostOptions, io: CliIo): Promise<GerritFindingSource | string> {
  if (options.report === undefined) {
    return { kind: 'review', review: (patch) => reviewPatch(patch, io.cwd, options.all === true) };
  }
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, options.report), 'utf8');
  } catch (error) {
    return `cannot read --report ${options.report}: ${(error as Error).message}`;
  }
  if (looksLikeReviewInput(text)) return { kind: 'review-input', input: JSON.parse(text) as GerritReviewInput };
  const saved = parseSavedReport(text);
  return saved.ok ? { kind: 'result', result: saved.result } : `--report ${options.report}: ${saved.message}`;
}

/** A file written by `--format gerrit`: a ReviewInput, not a JSON report. */
function looksLikeReviewInput(text: string): boolean {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    return typeof data === 'object' && data !== null && !('schemaVersion' in data) && typeof data.message === 'string';
  } catch {
    return false;
  }
}

const STEP_TEXT: Readonly<Record<GerritPostFailure['step'], string>> = {
  'list-files': "reading the revision's files",
  'read-patch': "reading the revision's patch",
  review: 'reviewing the change',
  'post-review': 'posting the review',
};

const HINTS: Readonly<Partial<Record<FailureKind, string>>> = {
  auth: `check ${ENV.user} and ${ENV.password} (the HTTP password from Gerrit's Settings → HTTP Credentials, not the login password)`,
  forbidden: 'the account may not review this change or vote on that label',
  'not-found': 'check --change (number, Change-Id or project~branch~Change-Id) and --revision (commit, patch set number or "current"), and that the account can see the change',
  'rate-limit': 'Gerrit is limiting the requests of this account; run the command again later',
  conflict: 'the change does not accept this review in its current state (closed or abandoned, or the label is not allowed)',
  invalid: 'Gerrit refused the review input',
  network: `check ${ENV.url} and that the server is reachable`,
};

function failureText(error: GerritPostFailure, options: GerritPostOptions): string {
  const hint = error.step === 'review' ? undefined : HINTS[error.failure.kind];
  const detail = error.step === 'review' ? error.message : error.failure.message;
  return [
    `Gerrit change ${options.change} revision ${options.revision}: ${STEP_TEXT[error.step]} failed: ${detail}`,
    ...(hint ? [hint] : []),
    // Set Review is one atomic write, so a failed post leaves nothing behind.
    'Nothing was posted.',
  ].join('\n  ');
}

function postedSummary(outcome: GerritPostOutcome, options: GerritPostOptions): string {
  const comments = Object.entries(outcome.input.robot_comments ?? outcome.input.comments ?? {});
  const count = comments.reduce((n, [, list]) => n + list.length, 0);
  const kind = outcome.input.robot_comments ? 'robot comment' : 'comment';
  const votes = Object.entries(outcome.input.labels ?? {}).map(([label, value]) => `${label} ${value > 0 ? '+' : ''}${value}`);
  const outside = (outcome.result?.hidden ?? []).filter((h) => h.reason === 'outside-change').length;
  return [
    `posted to change ${options.change} revision ${options.revision}: ${plural(count, kind)} on ${plural(comments.length, 'file')}`,
    ...(votes.length > 0 ? [`vote ${votes.join(', ')}`] : []),
    ...(outside > 0 ? [`${plural(outside, 'finding')} outside the changed lines not posted (--all posts them)`] : []),
  ].join('; ');
}

function exitCodeFor(outcome: GerritPostOutcome, failOn: Severity | 'none'): number {
  if (failOn === 'none' || !outcome.result) return ExitCode.Clean;
  return hasFindingsAtOrAbove(outcome.result.findings, failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

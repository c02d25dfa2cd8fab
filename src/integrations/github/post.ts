import { compareFindings } from '../../core/finding.js';
import type { ReviewResult } from '../../core/result.js';
import { enclosingScope, fingerprintFindings } from '../../core/fingerprint.js';
import type { ReportInfo } from '../../report/types.js';
import { parseHunks } from '../diff-lines.js';
import type { FileDiffLines } from '../diff-lines.js';
import type { PatchReview } from '../patch-review.js';
import type { ApiFailure, ApiResult } from '../result.js';
import type { GithubClient, GithubDraftComment, GithubPullFile } from './client.js';
import { REVIEW_MARKER } from './comments.js';
import { planReview } from './plan.js';
import type { NewComment, ReviewPlan } from './plan.js';
import { reviewBody } from './summary.js';

// One `github review` run: read the pull request, find the findings on its diff, plan the
// comments (plan.ts), then write: first one review holding every new comment (GitHub creates it
// atomically), then the edits of earlier comments one by one. Each write is recorded in a ledger,
// so when one fails the user is told exactly what was and was not posted.

/** Where the findings come from. */
export type GithubFindingSource =
  /** Review the pull request's diff against the working tree (its checked-out head). */
  | { readonly kind: 'review'; readonly review: PatchReview }
  /** A result read from a saved JSON report, posted as it is. */
  | { readonly kind: 'result'; readonly result: ReviewResult };

export interface GithubReviewRequest {
  readonly source: GithubFindingSource;
  readonly info: ReportInfo;
  readonly event: 'COMMENT' | 'REQUEST_CHANGES';
  /** Plan everything, write nothing. */
  readonly dryRun: boolean;
}

/** One write and what became of it. */
export interface LedgerEntry {
  readonly action: string;
  readonly status: 'done' | 'failed' | 'not-attempted';
  readonly failure?: ApiFailure;
  readonly url?: string;
}

export interface GithubReviewOutcome {
  readonly headSha: string;
  readonly result: ReviewResult;
  readonly plan: ReviewPlan;
  /** Whether a new review (summary, new comments) is part of the plan. */
  readonly postsReview: boolean;
  readonly ledger: readonly LedgerEntry[];
  /** Changed files whose diff the API left out (binary, or too large): not reviewed. */
  readonly withoutDiff: readonly string[];
}

export type GithubReviewResult =
  | { readonly ok: true; readonly outcome: GithubReviewOutcome }
  /** A read failed: nothing was written. */
  | { readonly ok: false; readonly stage: 'read'; readonly step: string; readonly failure: ApiFailure }
  /** The review itself could not run (configuration, baseline): nothing was written. */
  | { readonly ok: false; readonly stage: 'review'; readonly message: string }
  /** A write failed: the ledger says what was posted and what was not. */
  | { readonly ok: false; readonly stage: 'write'; readonly outcome: GithubReviewOutcome };

/** Failures after which further writes would fail the same way. */
const STOPS_EVERYTHING = new Set(['auth', 'rate-limit', 'network']);

/** Reviews a pull request and posts (or, with dryRun, only plans) the comments. */
export async function postGithubReview(client: GithubClient, request: GithubReviewRequest): Promise<GithubReviewResult> {
  const pull = await client.getPull();
  if (!pull.ok) return { ok: false, stage: 'read', step: 'read the pull request', failure: pull.failure };
  const files = await client.listFiles();
  if (!files.ok) return { ok: false, stage: 'read', step: 'list the pull request files', failure: files.failure };
  const { diff, withoutDiff } = diffOf(files.value);
  let result: ReviewResult;
  if (request.source.kind === 'result') result = request.source.result;
  else {
    const reviewed = await request.source.review(Buffer.from(unifiedDiff(files.value), 'utf8'));
    if (!reviewed.ok) return { ok: false, stage: 'review', message: reviewed.message };
    result = reviewed.result;
  }
  const findings = [...result.findings].sort(compareFindings);
  const comments = await client.listReviewComments();
  if (!comments.ok) return { ok: false, stage: 'read', step: 'list the review comments', failure: comments.failure };
  const reviews = await client.listReviews();
  if (!reviews.ok) return { ok: false, stage: 'read', step: 'list the reviews', failure: reviews.failure };

  const headSha = pull.value.headSha;
  const fingerprints = fingerprintFindings(findings, (f) => enclosingScope(result.scopes?.[f.file], f.line));
  const plan = planReview({ findings, fingerprints, diff, comments: comments.value, headSha });
  const hasSummary = reviews.value.some((r) => r.body.includes(REVIEW_MARKER));
  // A new review carries new comments; without any, only the first run posts one (the summary).
  const postsReview = plan.create.length > 0 || !hasSummary;
  const base = { headSha, result, plan, postsReview, withoutDiff };
  if (request.dryRun) return { ok: true, outcome: { ...base, ledger: [] } };

  const ledger = await execute(client, plan, postsReview ? { commit_id: headSha, body: reviewBody(result, plan, request.info, withoutDiff), event: eventFor(request, result) } : undefined);
  const outcome = { ...base, ledger };
  return ledger.some((e) => e.status === 'failed') ? { ok: false, stage: 'write', outcome } : { ok: true, outcome };
}

function eventFor(request: GithubReviewRequest, result: ReviewResult): 'COMMENT' | 'REQUEST_CHANGES' {
  return request.event === 'REQUEST_CHANGES' && result.findings.length > 0 ? 'REQUEST_CHANGES' : 'COMMENT';
}

function diffOf(files: readonly GithubPullFile[]): { diff: Map<string, FileDiffLines>; withoutDiff: string[] } {
  const diff = new Map<string, FileDiffLines>();
  const withoutDiff: string[] = [];
  for (const file of files) {
    if (file.status === 'removed') continue;
    if (file.patch === undefined) withoutDiff.push(file.filename);
    else diff.set(file.filename, parseHunks(file.patch));
  }
  return { diff, withoutDiff: withoutDiff.sort() };
}

/**
 * The pull request as one unified diff, built from the per-file hunks the API returns, so the
 * review runs exactly as `secreview review --patch` would on `git diff base...head`.
 */
export function unifiedDiff(files: readonly GithubPullFile[]): string {
  const sections = files
    .filter((f) => f.patch !== undefined && f.status !== 'removed')
    .map((f) => {
      const old = f.status === 'added' ? undefined : (f.previousFilename ?? f.filename);
      const header = [`diff --git a/${old ?? f.filename} b/${f.filename}`];
      if (f.status === 'added') header.push('new file mode 100644');
      if (old !== undefined && old !== f.filename) header.push(`rename from ${old}`, `rename to ${f.filename}`);
      header.push(old === undefined ? '--- /dev/null' : `--- a/${old}`, `+++ b/${f.filename}`);
      return `${header.join('\n')}\n${(f.patch ?? '').replace(/\n?$/, '\n')}`;
    });
  return sections.join('');
}

type NewReview = { readonly commit_id: string; readonly body: string; readonly event: 'COMMENT' | 'REQUEST_CHANGES' };

/** Runs the writes in order and records each; stops early only when every later write would fail too. */
async function execute(client: GithubClient, plan: ReviewPlan, review: NewReview | undefined): Promise<LedgerEntry[]> {
  const steps: { action: string; run: () => Promise<ApiResult<unknown>> }[] = [];
  if (review) {
    const action = `create a review with ${plural(plan.create.length, 'inline comment')}`;
    steps.push({ action, run: () => client.createReview({ ...review, comments: plan.create.map(draftComment) }) });
  }
  for (const edit of plan.edit) {
    steps.push({ action: `edit comment ${edit.id} (${edit.reason})`, run: () => client.updateComment(edit.id, edit.body) });
  }
  const ledger: LedgerEntry[] = [];
  let stopped = false;
  for (const step of steps) {
    if (stopped) {
      ledger.push({ action: step.action, status: 'not-attempted' });
      continue;
    }
    const outcome = await step.run();
    if (outcome.ok) {
      const url = urlOf(outcome.value);
      ledger.push({ action: step.action, status: 'done', ...(url ? { url } : {}) });
    } else {
      ledger.push({ action: step.action, status: 'failed', failure: outcome.failure });
      // Without the review, the "moved" edits would point at comments that do not exist.
      stopped = STOPS_EVERYTHING.has(outcome.failure.kind) || (review !== undefined && ledger.length === 1);
    }
  }
  return ledger;
}

function urlOf(value: unknown): string | undefined {
  const url = typeof value === 'object' && value !== null ? (value as { url?: unknown }).url : undefined;
  return typeof url === 'string' ? url : undefined;
}

function draftComment(c: NewComment): GithubDraftComment {
  const base = { path: c.anchor.path, line: c.anchor.line, side: 'RIGHT' as const, body: c.body };
  return c.anchor.startLine !== undefined ? { ...base, start_line: c.anchor.startLine, start_side: 'RIGHT' } : base;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

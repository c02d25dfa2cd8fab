import { Octokit } from '@octokit/rest';
import { REQUEST_TIMEOUT_MS } from '../http.js';
import { describeWait, fail, failureKindOf, ok, parseRetryAfter } from '../result.js';
import type { ApiFailure, ApiResult } from '../result.js';

// The part of GitHub's REST API a pull-request review needs, through Octokit:
//   GET   /repos/{owner}/{repo}/pulls/{n}              head commit
//   GET   /repos/{owner}/{repo}/pulls/{n}/files        changed files with their patches
//   GET   /repos/{owner}/{repo}/pulls/{n}/comments     review comments (secreview's earlier ones)
//   GET   /repos/{owner}/{repo}/pulls/{n}/reviews      reviews (secreview's earlier summaries)
//   POST  /repos/{owner}/{repo}/pulls/{n}/reviews      a review with inline comments, atomically
//   PATCH /repos/{owner}/{repo}/pulls/comments/{id}    edit one review comment

/** Which pull request, and how to reach the API. */
export interface GithubTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
}

export interface GithubPull {
  readonly headSha: string;
  readonly state: string;
}

export interface GithubPullFile {
  readonly filename: string;
  /** added, removed, modified, renamed, copied, changed, unchanged. */
  readonly status: string;
  readonly previousFilename?: string;
  /** Absent for binary files and diffs too large for the API. */
  readonly patch?: string;
}

export interface GithubReviewComment {
  readonly id: number;
  readonly path: string;
  readonly line: number | null;
  readonly body: string;
}

export interface GithubReview {
  readonly id: number;
  readonly body: string;
}

/** One inline comment of a new review (right side of the diff). */
export interface GithubDraftComment {
  readonly path: string;
  readonly line: number;
  readonly start_line?: number;
  readonly side: 'RIGHT';
  readonly start_side?: 'RIGHT';
  readonly body: string;
}

export interface GithubNewReview {
  readonly commit_id: string;
  readonly body: string;
  readonly event: 'COMMENT' | 'REQUEST_CHANGES';
  readonly comments: readonly GithubDraftComment[];
}

/** The calls the GitHub integration makes. */
export interface GithubClient {
  getPull(): Promise<ApiResult<GithubPull>>;
  listFiles(): Promise<ApiResult<GithubPullFile[]>>;
  listReviewComments(): Promise<ApiResult<GithubReviewComment[]>>;
  listReviews(): Promise<ApiResult<GithubReview[]>>;
  createReview(review: GithubNewReview): Promise<ApiResult<{ id: number; url: string }>>;
  updateComment(id: number, body: string): Promise<ApiResult<void>>;
}

/** Connection settings: a token and the API root (GitHub Enterprise: https://HOST/api/v3). */
export interface GithubConnection {
  readonly token: string;
  readonly baseUrl: string;
  readonly userAgent: string;
}

/** The public API root, used when GITHUB_API_URL is not set. */
export const GITHUB_API_DEFAULT = 'https://api.github.com';

/** An Octokit-backed client for one pull request. */
export function createGithubClient(connection: GithubConnection, target: GithubTarget, now: () => number = Date.now): GithubClient {
  const octokit = new Octokit({
    auth: connection.token,
    baseUrl: connection.baseUrl.replace(/\/+$/, ''),
    userAgent: connection.userAgent,
    // Octokit would log failed requests to the console; the command reports them itself.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    request: { fetch: withTimeout },
  });
  const pr = { owner: target.owner, repo: target.repo, pull_number: target.pull };
  const call = async <T>(run: () => Promise<T>): Promise<ApiResult<T>> => {
    try {
      return ok(await run());
    } catch (error) {
      return fail(toFailure(error, now));
    }
  };
  return {
    getPull: () => call(async () => {
      const { data } = await octokit.rest.pulls.get(pr);
      return { headSha: data.head.sha, state: data.state };
    }),
    listFiles: () => call(async () => {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...pr, per_page: 100 });
      return files.map((f) => ({
        filename: f.filename,
        status: f.status,
        ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}),
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
      }));
    }),
    listReviewComments: () => call(async () => {
      const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...pr, per_page: 100 });
      return comments.map((c) => ({ id: c.id, path: c.path, line: c.line ?? null, body: c.body }));
    }),
    listReviews: () => call(async () => {
      const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...pr, per_page: 100 });
      return reviews.map((r) => ({ id: r.id, body: r.body }));
    }),
    createReview: (review) => call(async () => {
      const { data } = await octokit.rest.pulls.createReview({ ...pr, ...review, comments: [...review.comments] });
      return { id: data.id, url: data.html_url };
    }),
    updateComment: (id, body) => call(async () => {
      await octokit.rest.pulls.updateReviewComment({ owner: target.owner, repo: target.repo, comment_id: id, body });
    }),
  };
}

function withTimeout(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

/** Octokit's RequestError (status, response headers and data), or a network error, as a failure. */
export function toFailure(error: unknown, now: () => number): ApiFailure {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  // Octokit reports a request that got no HTTP answer as status 500 without a response.
  const answered = (error as { response?: unknown }).response !== undefined;
  if (typeof status !== 'number' || !answered) {
    return { kind: 'network', message: `no answer from the GitHub API: ${networkCause(error)}` };
  }
  const headers = ((error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {});
  const wait = rateLimitWait(status, headers, message, now);
  const detail = githubErrorDetail(error) ?? message;
  if (wait !== undefined) {
    const text = `HTTP ${status}: ${detail}${wait.seconds !== undefined ? ` (retry after ${describeWait(wait.seconds)})` : ''}`;
    return wait.seconds !== undefined ? { kind: 'rate-limit', status, message: text, retryAfterSeconds: wait.seconds } : { kind: 'rate-limit', status, message: text };
  }
  return { kind: failureKindOf(status), status, message: `HTTP ${status}: ${detail}` };
}

/**
 * GitHub signals its primary rate limit with 403/429 and `x-ratelimit-remaining: 0` (reset time in
 * `x-ratelimit-reset`), and secondary limits with 403/429 and `retry-after`.
 */
function rateLimitWait(status: number, headers: Record<string, string | undefined>, message: string, now: () => number): { seconds?: number } | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = parseRetryAfter(headers['retry-after'], now());
  if (retryAfter !== undefined) return { seconds: retryAfter };
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) && reset > 0 ? { seconds: Math.max(0, Math.ceil(reset - now() / 1000)) } : {};
  }
  return status === 429 || /rate limit/i.test(message) ? {} : undefined;
}

/** GitHub's `message` plus the `errors` details of a 422, which say which comment was refused. */
function githubErrorDetail(error: unknown): string | undefined {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors) ? errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))) : [];
  const head = typeof message === 'string' ? message : undefined;
  return [head, ...details].filter((part): part is string => part !== undefined).join('; ') || undefined;
}

function networkCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

import { describeWait, fail, failureKindOf, ok, parseRetryAfter } from './result.js';
import type { ApiFailure, ApiResult } from './result.js';

// A thin JSON-over-HTTP helper for the Gerrit client: one request, a bounded wait, and every
// outcome turned into a value. (The GitHub client goes through Octokit instead.)

/** The fetch function the clients use; tests and proxies may pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** How long one request may take before it counts as a network failure. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** One HTTP exchange: the answer's body text on 2xx, a described failure otherwise. */
export async function httpText(fetchImpl: FetchLike, url: string, init: RequestInit, now: () => number): Promise<ApiResult<{ text: string; headers: Headers }>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    return fail({ kind: 'network', message: `no answer from ${originOf(url)}: ${causeOf(error)}` });
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return ok({ text, headers: response.headers });
  return fail(httpFailure(response.status, response.headers, text, now));
}

/** A failure for a non-2xx answer, with the server's own words when it gave any. */
export function httpFailure(status: number, headers: Headers, body: string, now: () => number): ApiFailure {
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'), now());
  const detail = body.trim().replace(/^\)\]\}'\s*/, '').slice(0, 500);
  const base = {
    kind: failureKindOf(status),
    status,
    message: `HTTP ${status}${detail ? `: ${detail}` : ''}${retryAfterSeconds !== undefined ? ` (retry after ${describeWait(retryAfterSeconds)})` : ''}`,
  };
  return retryAfterSeconds !== undefined ? { ...base, retryAfterSeconds } : base;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} seconds`;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

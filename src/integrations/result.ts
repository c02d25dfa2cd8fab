// What a call to a review site (Gerrit, GitHub) can come back with. Network and HTTP problems
// are values, not exceptions, so every command can say exactly what failed and what was done.

/** Why a call to a review site failed. */
export type FailureKind =
  | 'auth' // 401: missing or wrong credentials
  | 'forbidden' // 403 without rate-limit headers: the account may not do this
  | 'not-found' // 404: no such change/revision/repository/pull request, or not visible
  | 'rate-limit' // 429, or GitHub's 403 with x-ratelimit-remaining: 0
  | 'invalid' // 400/422: the site refused the request body
  | 'conflict' // 409: the change or pull request is in a state that refuses this
  | 'server' // 5xx
  | 'network' // no HTTP answer at all
  | 'protocol'; // an answer that is not what the API documents

/** A failed call, with what the user needs to act on it. */
export interface ApiFailure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly status?: number;
  /** Seconds to wait before retrying, from Retry-After or a rate-limit reset header. */
  readonly retryAfterSeconds?: number;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ApiFailure };

/** A successful result. */
export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

/** A failed result. */
export function fail<T>(failure: ApiFailure): ApiResult<T> {
  return { ok: false, failure };
}

/** The failure kind of an HTTP status that is not a success. */
export function failureKindOf(status: number): FailureKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limit';
  if (status === 400 || status === 422) return 'invalid';
  return status >= 500 ? 'server' : 'protocol';
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date relative to `now`). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** "retry in 2 minutes" style wording for a wait in seconds. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

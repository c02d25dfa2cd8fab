import type { GerritReviewInput } from '../../report/gerrit.js';
import { httpText } from '../http.js';
import type { FetchLike } from '../http.js';
import { fail, ok } from '../result.js';
import type { ApiResult } from '../result.js';

// The part of Gerrit's REST API that posting a review needs (Documentation/rest-api-changes):
//   GET  /a/changes/{change-id}/revisions/{revision-id}/files    → map path → FileInfo
//   GET  /a/changes/{change-id}/revisions/{revision-id}/patch    → base64 of the patch
//   POST /a/changes/{change-id}/revisions/{revision-id}/review   ReviewInput → ReviewResult
// The /a/ prefix makes Gerrit require HTTP basic authentication with the account's HTTP password.

/** FileInfo: only the fields used here. Status is absent for modified files. */
export interface GerritFileInfo {
  readonly status?: 'A' | 'D' | 'R' | 'C' | 'W' | 'M';
  readonly old_path?: string;
  readonly binary?: boolean;
}

/** ReviewResult: what Gerrit applied. */
export interface GerritReviewResult {
  readonly labels?: Readonly<Record<string, number>>;
  readonly ready?: boolean;
  readonly error?: string;
}

/** Where and as whom to talk to Gerrit. */
export interface GerritConnection {
  readonly baseUrl: string;
  readonly user: string;
  readonly password: string;
}

/** The calls the Gerrit integration makes; tests substitute a local server, not this interface. */
export interface GerritClient {
  listFiles(change: string, revision: string): Promise<ApiResult<Readonly<Record<string, GerritFileInfo>>>>;
  getPatch(change: string, revision: string): Promise<ApiResult<string>>;
  postReview(change: string, revision: string, input: GerritReviewInput): Promise<ApiResult<GerritReviewResult>>;
}

/** Gerrit prefixes JSON answers with this line so a browser cannot run them as a script (XSSI). */
export const GERRIT_XSSI_PREFIX = ")]}'";

/** A client over fetch with HTTP basic authentication. */
export function createGerritClient(connection: GerritConnection, fetchImpl: FetchLike = fetch, now: () => number = Date.now): GerritClient {
  const base = connection.baseUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${connection.user}:${connection.password}`).toString('base64')}`;
  const revisionUrl = (change: string, revision: string): string =>
    `${base}/a/changes/${encodeURIComponent(change)}/revisions/${encodeURIComponent(revision)}`;
  const headers = { Authorization: auth, Accept: 'application/json' };

  const getJson = async <T>(url: string): Promise<ApiResult<T>> => {
    const answer = await httpText(fetchImpl, url, { method: 'GET', headers }, now);
    return answer.ok ? parseGerritJson<T>(answer.value.text) : answer;
  };

  return {
    listFiles: (change, revision) => getJson(`${revisionUrl(change, revision)}/files`),
    async getPatch(change, revision) {
      const answer = await httpText(fetchImpl, `${revisionUrl(change, revision)}/patch`, { method: 'GET', headers: { Authorization: auth } }, now);
      return answer.ok ? ok(Buffer.from(answer.value.text.trim(), 'base64').toString('utf8')) : answer;
    },
    async postReview(change, revision, input) {
      const answer = await httpText(
        fetchImpl,
        `${revisionUrl(change, revision)}/review`,
        { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json; charset=UTF-8' }, body: JSON.stringify(input) },
        now,
      );
      return answer.ok ? parseGerritJson<GerritReviewResult>(answer.value.text) : answer;
    },
  };
}

/** Parses a Gerrit JSON answer after removing the XSSI prefix line. */
export function parseGerritJson<T>(text: string): ApiResult<T> {
  const body = text.startsWith(GERRIT_XSSI_PREFIX) ? text.slice(GERRIT_XSSI_PREFIX.length) : text;
  try {
    return ok(JSON.parse(body) as T);
  } catch {
    return fail({ kind: 'protocol', message: `Gerrit answered with something that is not JSON: ${body.trim().slice(0, 200)}` });
  }
}

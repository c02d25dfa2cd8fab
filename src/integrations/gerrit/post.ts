import type { ReviewResult } from '../../core/result.js';
import { toGerritReviewInput } from '../../report/gerrit.js';
import type { GerritCommentInput, GerritReviewInput } from '../../report/gerrit.js';
import type { ReportInfo } from '../../report/types.js';
import type { PatchReview } from '../patch-review.js';
import { sitePath } from '../site-path.js';
import type { ApiFailure } from '../result.js';
import type { GerritClient, GerritFileInfo, GerritReviewResult } from './client.js';

// Posting a review to one revision of a Gerrit change. Gerrit applies a ReviewInput as a whole
// (all comments and the vote, or nothing), so there is exactly one write and it cannot be half
// done; the reads before it only decide what goes into it.

/** Where the findings come from. */
export type GerritFindingSource =
  /** Review the revision's patch against the working tree (the CI checkout of the change). */
  | { readonly kind: 'review'; readonly review: PatchReview }
  /** A result read from a saved JSON report. */
  | { readonly kind: 'result'; readonly result: ReviewResult }
  /** A ReviewInput saved with `--format gerrit`, posted as it is (minus comments Gerrit would refuse). */
  | { readonly kind: 'review-input'; readonly input: GerritReviewInput };

/** One `gerrit post`. */
export interface GerritPostRequest {
  readonly change: string;
  readonly revision: string;
  readonly source: GerritFindingSource;
  readonly info: ReportInfo;
  /** Build everything, post nothing. */
  readonly dryRun: boolean;
}

/** Comments left out because Gerrit would refuse the whole review for them. */
export interface DroppedComments {
  readonly path: string;
  readonly count: number;
}

/** What a post did. */
export interface GerritPostOutcome {
  readonly input: GerritReviewInput;
  readonly posted: boolean;
  readonly dropped: readonly DroppedComments[];
  /** The review that was run, when the findings came from one. */
  readonly result?: ReviewResult;
  readonly response?: GerritReviewResult;
}

/** Which step failed; nothing was posted in any case. */
export type GerritPostFailure =
  | { readonly step: 'list-files' | 'read-patch' | 'post-review'; readonly failure: ApiFailure }
  | { readonly step: 'review'; readonly message: string };

export type GerritPostResult = { readonly ok: true; readonly outcome: GerritPostOutcome } | { readonly ok: false; readonly error: GerritPostFailure };

/** Gerrit's pseudo-files: the commit message, merge list and patch-set-level comments. */
const MAGIC_PATHS = new Set(['/COMMIT_MSG', '/MERGE_LIST', '/PATCHSET_LEVEL']);

/** Reads the revision, builds the ReviewInput and posts it (unless dry-run). */
export async function postGerritReview(client: GerritClient, request: GerritPostRequest): Promise<GerritPostResult> {
  const files = await client.listFiles(request.change, request.revision);
  if (!files.ok) return { ok: false, error: { step: 'list-files', failure: files.failure } };
  const live = livePaths(files.value);

  let result: ReviewResult | undefined;
  let input: GerritReviewInput;
  if (request.source.kind === 'review-input') {
    input = request.source.input;
  } else if (request.source.kind === 'result') {
    result = request.source.result;
    input = toGerritReviewInput(result, request.info);
  } else {
    const patch = await client.getPatch(request.change, request.revision);
    if (!patch.ok) return { ok: false, error: { step: 'read-patch', failure: patch.failure } };
    const reviewed = await request.source.review(Buffer.from(patch.value, 'utf8'));
    if (!reviewed.ok) return { ok: false, error: { step: 'review', message: reviewed.message } };
    result = reviewed.result;
    input = toGerritReviewInput(result, request.info);
  }

  const { kept, dropped } = keepRevisionFiles(input, live);
  const outcome = { input: kept, dropped, ...(result ? { result } : {}) };
  if (request.dryRun) return { ok: true, outcome: { ...outcome, posted: false } };
  const response = await client.postReview(request.change, request.revision, kept);
  if (!response.ok) return { ok: false, error: { step: 'post-review', failure: response.failure } };
  return { ok: true, outcome: { ...outcome, posted: true, response: response.value } };
}

/** Files that exist in the revision (not deleted, not binary, not Gerrit's pseudo-files). */
function livePaths(files: Readonly<Record<string, GerritFileInfo>>): Set<string> {
  return new Set(
    Object.entries(files)
      .filter(([path, info]) => !MAGIC_PATHS.has(path) && info.status !== 'D' && info.binary !== true)
      .map(([path]) => path),
  );
}

/**
 * Gerrit rejects a whole review when one comment names a file that is not in the revision, so
 * those comments are taken out (and reported) instead of losing every other comment with them.
 */
function keepRevisionFiles(input: GerritReviewInput, live: ReadonlySet<string>): { kept: GerritReviewInput; dropped: DroppedComments[] } {
  const dropped: DroppedComments[] = [];
  const filter = <T extends GerritCommentInput>(map: Readonly<Record<string, readonly T[]>> | undefined): Record<string, readonly T[]> | undefined => {
    if (!map) return undefined;
    const entries = Object.entries(map).filter(([path, list]) => {
      if (live.has(sitePath(path))) return true;
      dropped.push({ path, count: list.length });
      return false;
    });
    return Object.fromEntries(entries.map(([path, list]) => [sitePath(path), list]));
  };
  const robot = filter(input.robot_comments);
  const human = filter(input.comments);
  const kept: GerritReviewInput = {
    message: input.message,
    tag: input.tag,
    omit_duplicate_comments: input.omit_duplicate_comments,
    ...(input.labels ? { labels: input.labels } : {}),
    ...(robot && Object.keys(robot).length > 0 ? { robot_comments: robot } : {}),
    ...(human && Object.keys(human).length > 0 ? { comments: human } : {}),
  };
  return { kept, dropped };
}

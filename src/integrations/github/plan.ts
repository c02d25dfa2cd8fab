import type { Finding } from '../../core/finding.js';
import type { FileDiffLines } from '../diff-lines.js';
import { sitePath } from '../site-path.js';
import { fixedCommentBody, movedCommentBody, openCommentBody, parseMarker } from './comments.js';

// Deciding what a run posts, as a pure function of the findings, the pull request's diff and
// the comments secreview left before. One inline comment per finding, identified by the
// finding's fingerprint:
//   - new finding                     → a new comment (in one new review)
//   - same finding, same place        → left alone if the text is the same, else edited
//   - same finding, comment outdated  → a new comment; the old one is edited to say "moved"
//   - finding gone                    → the old comment is edited to say "fixed" (kept, not
//                                       deleted, so the discussion under it survives)
//   - a fixed/moved comment whose finding is back at the same place → edited back to open

/** Where on the pull request's diff (new side) a comment goes. */
export interface Anchor {
  readonly path: string;
  /** The (last) line of the comment. */
  readonly line: number;
  /** The first line of a multi-line comment. */
  readonly startLine?: number;
  /** True when the comment covers exactly the finding's lines. */
  readonly coversFinding: boolean;
}

/** A review comment secreview wrote earlier (as listed by the API). */
export interface ExistingComment {
  readonly id: number;
  readonly path: string;
  /** Null when the comment is outdated (its line no longer exists in the current diff). */
  readonly line: number | null;
  readonly body: string;
}

/** A comment to create. */
export interface NewComment {
  readonly fingerprint: string;
  readonly finding: Finding;
  readonly anchor: Anchor;
  readonly body: string;
}

/** An existing comment to edit, and why. */
export interface CommentEdit {
  readonly id: number;
  readonly fingerprint: string;
  readonly body: string;
  readonly reason: 'changed' | 'reopened' | 'fixed' | 'moved';
}

/** Everything one run will do, before it does any of it. */
export interface ReviewPlan {
  readonly create: readonly NewComment[];
  readonly edit: readonly CommentEdit[];
  /** Comments that already say the right thing. */
  readonly unchanged: readonly number[];
  /** Findings that cannot be placed on the diff; the review body lists them. */
  readonly notInDiff: readonly Finding[];
}

/** What the plan is computed from. */
export interface PlanInput {
  /** Findings in report order, with their fingerprints at the same index. */
  readonly findings: readonly Finding[];
  readonly fingerprints: readonly string[];
  /** New-side lines per file of the pull request's diff (files with a patch only). */
  readonly diff: ReadonlyMap<string, FileDiffLines>;
  /** Review comments on the pull request; those without secreview's marker are ignored. */
  readonly comments: readonly ExistingComment[];
  /** The head commit the review is made on (named in "fixed" notes). */
  readonly headSha: string;
}

/** The plan for one run. */
export function planReview(input: PlanInput): ReviewPlan {
  const ours = ownComments(input.comments);
  const create: NewComment[] = [];
  const edit: CommentEdit[] = [];
  const unchanged: number[] = [];
  const notInDiff: Finding[] = [];
  const current = new Set<string>();

  input.findings.forEach((finding, i) => {
    const fingerprint = input.fingerprints[i] ?? '';
    const anchor = anchorFor(finding, input.diff.get(sitePath(finding.file)));
    if (!anchor) {
      notInDiff.push(finding);
      return;
    }
    current.add(fingerprint);
    const body = openCommentBody(finding, fingerprint, { coversFinding: anchor.coversFinding, anchorLine: anchor.line });
    const existing = ours.get(fingerprint);
    if (existing && existing.comment.line === anchor.line && existing.comment.path === anchor.path) {
      if (existing.comment.body === body) unchanged.push(existing.comment.id);
      else edit.push({ id: existing.comment.id, fingerprint, body, reason: existing.state === 'open' ? 'changed' : 'reopened' });
      return;
    }
    create.push({ fingerprint, finding, anchor, body });
    if (existing?.state === 'open') {
      edit.push({ id: existing.comment.id, fingerprint, body: movedCommentBody(existing.comment.body, fingerprint, anchor.line), reason: 'moved' });
    }
  });

  for (const [fingerprint, { comment, state }] of ours) {
    if (state !== 'open' || current.has(fingerprint)) continue;
    edit.push({ id: comment.id, fingerprint, body: fixedCommentBody(comment.body, fingerprint, input.headSha), reason: 'fixed' });
  }
  return { create, edit, unchanged, notInDiff };
}

/** The newest secreview comment per fingerprint (a re-run edits that one). */
function ownComments(comments: readonly ExistingComment[]): Map<string, { comment: ExistingComment; state: 'open' | 'fixed' | 'moved' }> {
  const ours = new Map<string, { comment: ExistingComment; state: 'open' | 'fixed' | 'moved' }>();
  for (const comment of [...comments].sort((a, b) => a.id - b.id)) {
    const marker = parseMarker(comment.body);
    if (!marker) continue;
    const previous = ours.get(marker.fingerprint);
    // An open comment wins over a closed one; among equals, the newest.
    if (previous && previous.state === 'open' && marker.state !== 'open') continue;
    ours.set(marker.fingerprint, { comment, state: marker.state });
  }
  return ours;
}

/**
 * Where a finding's comment goes: across the finding's lines when the diff shows all of them;
 * else on the first line of the finding that the change added; else on the last changed line
 * of its dataflow path. Undefined when the diff shows none of those.
 */
export function anchorFor(f: Finding, lines: FileDiffLines | undefined): Anchor | undefined {
  if (!lines) return undefined;
  const path = sitePath(f.file);
  const own = range(f.line, f.endLine);
  if (own.every((n) => lines.visible.has(n))) {
    return f.endLine > f.line ? { path, line: f.endLine, startLine: f.line, coversFinding: true } : { path, line: f.line, coversFinding: true };
  }
  const added = own.find((n) => lines.added.has(n));
  if (added !== undefined) return { path, line: added, coversFinding: false };
  const step = [...(f.dataflow ?? [])].reverse().find((s) => lines.added.has(s.line));
  return step ? { path, line: step.line, coversFinding: false } : undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(1, to - from + 1) }, (_, i) => from + i);
}

import type { Finding } from '../../core/finding.js';
import { codeFence, escapeInline, findingDetails, findingReference, severityBadge } from '../../report/markdown.js';
import { fixedLines, mechanicalFix } from '../../report/mechanical-fixes.js';

// The text of secreview's pull-request review comments. Each carries a hidden HTML comment with
// the finding's fingerprint and state, which is how a later run recognises its own comments
// (GitHub shows no HTML comments, so readers never see it).

/** What a marker says about the comment it sits in. */
export interface CommentMarker {
  readonly fingerprint: string;
  /** `fixed`: the finding is gone; `moved`: a newer comment carries it (this one is outdated). */
  readonly state: 'open' | 'fixed' | 'moved';
}

const MARKER = /<!-- secreview:finding v1 fingerprint=([0-9a-f]{8,64}:\d+) state=(open|fixed|moved) -->/;
/** The marker of the review (summary) bodies secreview posts. */
export const REVIEW_MARKER = '<!-- secreview:review v1 -->';

/** The marker line for a finding comment. */
export function formatMarker(marker: CommentMarker): string {
  return `<!-- secreview:finding v1 fingerprint=${marker.fingerprint} state=${marker.state} -->`;
}

/** The marker in a comment body, when secreview wrote it. */
export function parseMarker(body: string): CommentMarker | undefined {
  const match = MARKER.exec(body);
  if (!match?.[1] || !match[2]) return undefined;
  return { fingerprint: match[1], state: match[2] as CommentMarker['state'] };
}

/** How the comment is placed relative to the finding (decides whether a suggestion fits). */
export interface CommentPlacement {
  /** The comment covers exactly the finding's lines, so a suggestion can replace them. */
  readonly coversFinding: boolean;
  /** When the comment sits on another line (a changed line of a dataflow path), which one. */
  readonly anchorLine: number;
}

/** The body of the inline comment for an open finding. */
export function openCommentBody(f: Finding, fingerprint: string, placement: CommentPlacement): string {
  const rule = `**${severityBadge(f)}: ${escapeInline(f.message)}**`;
  const parts = [formatMarker({ fingerprint, state: 'open' }), rule, `${codeLocation(f)} · ${findingReference(f)}`];
  if (!placement.coversFinding) parts.push(placementNote(f, placement.anchorLine));
  if (f.demoted) parts.push(`ℹ️ ${escapeInline(f.demoted.detail)}`);
  const suggestion = placement.coversFinding ? suggestionBlock(f) : undefined;
  if (suggestion) parts.push(suggestion);
  parts.push(findingDetails(f));
  return parts.join('\n\n');
}

/** The body a comment gets when its finding is gone: the verdict, with the original folded away. */
export function fixedCommentBody(previousBody: string, fingerprint: string, commit: string): string {
  return closedBody(previousBody, { fingerprint, state: 'fixed' }, `✅ **Fixed**: secreview no longer reports this finding at ${commit.slice(0, 12)}.`);
}

/** The body of an outdated comment whose finding is now carried by a new comment at `line`. */
export function movedCommentBody(previousBody: string, fingerprint: string, line: number): string {
  return closedBody(previousBody, { fingerprint, state: 'moved' }, `↪️ **Moved**: the code changed; this finding is now reported in a new comment at line ${line}.`);
}

function closedBody(previousBody: string, marker: CommentMarker, verdict: string): string {
  // Keep only the original text, not earlier verdicts, however often a comment closes.
  const original = /<summary>Original finding<\/summary>\n\n([\s\S]*)\n\n<\/details>\s*$/.exec(previousBody)?.[1] ?? previousBody.replace(MARKER, '').trim();
  return [formatMarker(marker), verdict, `<details><summary>Original finding</summary>\n\n${original}\n\n</details>`].join('\n\n');
}

/** Why the comment is not on the finding's own lines. */
function placementNote(f: Finding, anchorLine: number): string {
  if (anchorLine >= f.line && anchorLine <= f.endLine) {
    return `The finding spans lines ${f.line}-${f.endLine}; this comment sits on line ${anchorLine}, the part of it that the pull request changes.`;
  }
  return `The finding is at line ${f.line}; this changed line ${anchorLine} is on its dataflow path.`;
}

function codeLocation(f: Finding): string {
  const range = f.endLine > f.line ? `${f.line}-${f.endLine}` : `${f.line}`;
  return `\`line ${range}\``;
}

/** A GitHub suggestion that replaces the finding's lines, for mechanical fixes only. */
function suggestionBlock(f: Finding): string | undefined {
  const fix = mechanicalFix(f);
  const lines = fix ? fixedLines(f, fix) : undefined;
  if (!fix || !lines) return undefined;
  return `Suggested fix: ${escapeInline(fix.description)}.\n\n${codeFence(lines.join('\n'), 'suggestion')}`;
}

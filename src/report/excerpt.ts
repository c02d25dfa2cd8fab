import type { Finding } from '../core/finding.js';

/** The part of one excerpt line that the finding points at: [start, end) in UTF-16 code units. */
export interface LineMark {
  readonly start: number;
  readonly end: number;
}

/** One numbered source line of a code excerpt. */
export interface ExcerptLine {
  readonly number: number;
  readonly text: string;
  /** True for the lines the finding covers (as opposed to context lines). */
  readonly flagged: boolean;
  /** The flagged span on this line, when it is not empty. */
  readonly mark?: LineMark;
}

/** Context lines shown before and after a finding when the source text is available. */
export const DEFAULT_CONTEXT_LINES = 3;

/**
 * The lines to show for a finding: its own lines with `context` lines either side when the
 * file's text is known and still matches the snippet, else just the snippet. A source that no
 * longer matches (edited since the review) is ignored rather than showing the wrong code.
 */
export function findingExcerpt(f: Finding, sources: ReadonlyMap<string, string> | undefined, context = DEFAULT_CONTEXT_LINES): ExcerptLine[] {
  const own = splitLines(f.snippet);
  const source = sources?.get(f.file);
  const all = source === undefined ? undefined : splitLines(source);
  const matches = all !== undefined && own.every((text, i) => all[f.line - 1 + i] === text);
  if (!matches || f.snippet === '') return own.map((text, i) => excerptLine(f, f.line + i, text));
  const first = Math.max(1, f.line - context);
  const last = Math.min(all.length, Math.max(f.endLine, f.line + own.length - 1) + context);
  const out: ExcerptLine[] = [];
  for (let n = first; n <= last; n += 1) out.push(excerptLine(f, n, all[n - 1] ?? ''));
  // A trailing empty line (the file's final newline) is noise, not context.
  while (out.length > 0 && out.at(-1)?.text === '' && (out.at(-1)?.number ?? 0) > f.endLine) out.pop();
  return out;
}

/** One line of a source file, by 1-based number; undefined when it does not exist. */
export function sourceLine(sources: ReadonlyMap<string, string> | undefined, file: string, line: number): string | undefined {
  const source = sources?.get(file);
  return source === undefined ? undefined : splitLines(source)[line - 1];
}

function excerptLine(f: Finding, number: number, text: string): ExcerptLine {
  const flagged = number >= f.line && number <= f.endLine;
  if (!flagged) return { number, text, flagged };
  const start = number === f.line ? Math.max(0, f.column - 1) : leadingSpace(text);
  const end = number === f.endLine ? Math.min(text.length, Math.max(start, f.endColumn - 1)) : text.length;
  return end > start ? { number, text, flagged, mark: { start, end } } : { number, text, flagged };
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

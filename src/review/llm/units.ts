/**
 * Splits source lines into statement-level units by indentation, without a parser, so the LLM
 * reviewer can cut large files at function and class boundaries in any indentation-structured
 * language. It is a heuristic: a unit boundary is a line at the given indentation that starts a
 * new statement (not a continuation, a closing bracket, or an `else`/`except` clause).
 */

/** A range of 1-based line numbers, both ends included. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const CLAUSE = /^(else\b|elif\b|except\b|finally\b|case\b)/;
const CLOSER = /^[)\]}]/;
const CONTINUES = /(\\|[,([{:]|\b(and|or|not|in|is))\s*$/;

/** Leading whitespace width; tabs count as one (only equality of widths matters here). */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Line numbers (1-based) inside triple-quoted strings, which must never start a unit. */
function linesInsideStrings(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  let open: string | undefined;
  lines.forEach((line, i) => {
    if (open !== undefined) inside.add(i + 1);
    for (const match of line.matchAll(/"""|'''/g)) {
      if (open === undefined) open = match[0];
      else if (open === match[0]) open = undefined;
    }
  });
  return inside;
}

/**
 * Units of `lines[from..to]` at indentation `level`: each starts at a statement on that level and
 * runs up to the next one. Decorators stay with what they decorate; comments and blank lines
 * directly above a statement belong to it.
 */
export function splitUnits(lines: readonly string[], span: Span, level: number): Span[] {
  const inString = linesInsideStrings(lines);
  const starts: number[] = [];
  let previous = '';
  let previousDecorator = false;
  for (let n = span.start; n <= span.end; n += 1) {
    const line = lines[n - 1] ?? '';
    if (isBlankOrComment(line)) continue;
    const text = line.trimStart();
    const starter =
      indentOf(line) === level &&
      !inString.has(n) &&
      !CLAUSE.test(text) &&
      !CLOSER.test(text) &&
      !CONTINUES.test(previous.replace(/#.*$/, '').trimEnd()) &&
      !previousDecorator;
    if (starter) starts.push(n);
    previousDecorator = indentOf(line) === level && text.startsWith('@');
    previous = line;
  }
  if (starts.length === 0) return [span];
  const firstStart = starts[0] ?? span.start;
  const withLeading = firstStart > span.start ? [span.start, ...starts.slice(1)] : starts;
  const bounds = withLeading.map((start, i) => (i === 0 ? start : attachLeadingComments(lines, start, withLeading[i - 1] ?? span.start)));
  return bounds.map((start, i) => ({ start, end: (bounds[i + 1] ?? span.end + 1) - 1 }));
}

/** Moves a unit's start up over the comment lines right above it (not past the previous unit's start). */
function attachLeadingComments(lines: readonly string[], start: number, floor: number): number {
  let n = start;
  while (n - 1 > floor && (lines[n - 2] ?? '').trim().startsWith('#')) n -= 1;
  return n;
}

/** The indentation of the body of the block that starts at `span.start`, or undefined for a simple statement. */
export function bodyLevel(lines: readonly string[], span: Span): number | undefined {
  const header = indentOf(lines[span.start - 1] ?? '');
  for (let n = span.start + 1; n <= span.end; n += 1) {
    const line = lines[n - 1] ?? '';
    if (isBlankOrComment(line)) continue;
    const level = indentOf(line);
    return level > header ? level : undefined;
  }
  return undefined;
}

import type { LexicalSyntax, StringDelimiter } from './lexicon.js';

/** A comment in the source, without its comment marker. */
export interface SourceComment {
  /** 1-based line and column of the comment marker. */
  readonly line: number;
  readonly column: number;
  readonly text: string;
  /** Nothing but whitespace before it, and no statement left open: the comment is a line of its own. */
  readonly standalone: boolean;
}

/** One statement's physical lines (a logical line, in Python's terms). */
export interface LogicalLine {
  readonly first: number;
  readonly last: number;
  /** Indentation of the first line, tabs counted to the next multiple of 8 as Python does. */
  readonly indent: number;
  /** The code of the first line, without its indentation. */
  readonly code: string;
}

export interface LexedSource {
  readonly comments: readonly SourceComment[];
  readonly logicalLines: readonly LogicalLine[];
}

/** Mutable scan state, local to one `lexSource` call. */
interface Scan {
  readonly text: string;
  readonly syntax: LexicalSyntax;
  readonly lineStarts: number[];
  readonly comments: SourceComment[];
  readonly logical: LogicalLine[];
  i: number;
  line: number;
  depth: number;
  inString: StringDelimiter | undefined;
  /** First line of the statement being read, if any code has been seen. */
  start: number | undefined;
  /** First characters of the string delimiters: only these can open a string. */
  readonly openers: ReadonlySet<string>;
  /** Sticky pattern for a run of characters that open nothing (no line break, comment, continuation, string or bracket). */
  readonly inert: RegExp;
  /** Per string delimiter, a sticky pattern for a run of characters inside such a string that end nothing. */
  readonly stringRuns: Map<StringDelimiter, RegExp>;
}

/**
 * Finds comments and statement boundaries in source text. Tolerant by design: an unterminated
 * string or an unbalanced bracket never throws; the scan just carries on.
 */
export function lexSource(text: string, syntax: LexicalSyntax): LexedSource {
  const openers = new Set(syntax.strings.map((d) => d.open.charAt(0)));
  const s: Scan = {
    text, syntax, lineStarts: [0], comments: [], logical: [], i: 0, line: 1, depth: 0, inString: undefined, start: undefined,
    openers, inert: inertRun(syntax, openers), stringRuns: new Map(),
  };
  while (s.i < text.length) {
    if (s.inString) scanInString(s);
    else scanCode(s);
  }
  endStatement(s, s.line);
  return { comments: s.comments, logicalLines: s.logical };
}

function scanInString(s: Scan): void {
  const delimiter = s.inString;
  if (!delimiter) return;
  const ch = s.text[s.i];
  if (ch === s.syntax.escape) {
    if (s.text[s.i + 1] === '\n') newLine(s, s.i + 2);
    s.i += 2;
  } else if (s.text.startsWith(delimiter.close, s.i)) {
    s.inString = undefined;
    s.i += delimiter.close.length;
  } else if (ch === '\n') {
    // An unterminated one-line string ends at the line break, as the tokenizer would give up there.
    if (!delimiter.multiline) {
      s.inString = undefined;
      return;
    }
    newLine(s, s.i + 1);
    s.i += 1;
  } else {
    s.i += 1;
    // Skip a run of characters that can neither escape, close the string nor break the line
    // (docstrings are long).
    let run = s.stringRuns.get(delimiter);
    if (!run) s.stringRuns.set(delimiter, (run = inertStringRun(s.syntax.escape, delimiter)));
    run.lastIndex = s.i;
    if (run.test(s.text)) s.i = run.lastIndex;
  }
}

function inertStringRun(escape: string, delimiter: StringDelimiter): RegExp {
  return runWithout(['\n', escape, delimiter.close.charAt(0)]);
}

/** A sticky pattern for a run of characters none of which is in `special`. */
function runWithout(special: Iterable<string>): RegExp {
  const escaped = [...special].map((c) => c.replace(/[\\\]^[-]/g, '\\$&')).join('');
  return new RegExp(`[^${escaped}]+`, 'y');
}

function scanCode(s: Scan): void {
  const { text, syntax } = s;
  const ch = text[s.i] ?? '';
  if (syntax.blockComment && text.startsWith(syntax.blockComment.open, s.i)) {
    readBlockComment(s, syntax.blockComment);
  } else if (text.startsWith(syntax.lineComment, s.i)) {
    readComment(s);
  } else if (ch === '\n') {
    if (s.depth === 0) endStatement(s, s.line);
    newLine(s, s.i + 1);
    s.i += 1;
  } else if (ch === syntax.lineContinuation && isLineEnd(text, s.i + 1)) {
    s.i += text[s.i + 1] === '\r' ? 2 : 1;
    s.start ??= s.line;
    newLine(s, s.i + 1);
    s.i += 1;
  } else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
    s.i += 1;
  } else {
    s.start ??= s.line;
    // Most characters cannot open a string; only try the delimiters for those that can.
    const delimiter = s.openers.has(ch) ? syntax.strings.find((d) => text.startsWith(d.open, s.i)) : undefined;
    if (delimiter) {
      s.inString = delimiter;
      s.i += delimiter.open.length;
      return;
    }
    if (syntax.openBrackets.includes(ch)) s.depth += 1;
    else if (syntax.closeBrackets.includes(ch)) s.depth = Math.max(0, s.depth - 1);
    s.i += 1;
    // Skip a run of characters none of the cases above cares about in one step.
    s.inert.lastIndex = s.i;
    if (s.inert.test(text)) s.i = s.inert.lastIndex;
  }
}

function inertRun(syntax: LexicalSyntax, openers: ReadonlySet<string>): RegExp {
  const special = new Set(['\n', syntax.lineComment.charAt(0), ...openers, ...syntax.openBrackets, ...syntax.closeBrackets]);
  if (syntax.blockComment) special.add(syntax.blockComment.open.charAt(0));
  if (syntax.lineContinuation) special.add(syntax.lineContinuation);
  return runWithout(special);
}

function readComment(s: Scan): void {
  const lineStart = s.lineStarts[s.line - 1] ?? 0;
  const before = s.text.slice(lineStart, s.i);
  const end = s.text.indexOf('\n', s.i);
  const stop = end < 0 ? s.text.length : end;
  s.comments.push({
    line: s.line,
    column: s.i - lineStart + 1,
    text: s.text.slice(s.i + s.syntax.lineComment.length, stop).replace(/\r$/, ''),
    standalone: before.trim() === '' && s.start === undefined,
  });
  s.i = stop;
}

/** `/* … *\/`: one comment at its opening line, however many lines it spans. */
function readBlockComment(s: Scan, marker: { readonly open: string; readonly close: string }): void {
  const lineStart = s.lineStarts[s.line - 1] ?? 0;
  const before = s.text.slice(lineStart, s.i);
  const close = s.text.indexOf(marker.close, s.i + marker.open.length);
  const stop = close < 0 ? s.text.length : close;
  s.comments.push({
    line: s.line,
    column: s.i - lineStart + 1,
    text: s.text.slice(s.i + marker.open.length, stop),
    standalone: before.trim() === '' && s.start === undefined,
  });
  for (let j = s.text.indexOf('\n', s.i); j >= 0 && j < stop; j = s.text.indexOf('\n', j + 1)) newLine(s, j + 1);
  s.i = close < 0 ? s.text.length : close + marker.close.length;
}

function endStatement(s: Scan, last: number): void {
  if (s.start === undefined) return;
  const first = s.start;
  const lineText = lineAt(s, first);
  const code = lineText.trimStart();
  s.logical.push({ first, last, indent: indentWidth(lineText.slice(0, lineText.length - code.length)), code: code.replace(/\r$/, '') });
  s.start = undefined;
  s.depth = 0;
}

function newLine(s: Scan, nextStart: number): void {
  s.line += 1;
  s.lineStarts.push(nextStart);
}

function lineAt(s: Scan, line: number): string {
  const start = s.lineStarts[line - 1] ?? 0;
  const end = s.text.indexOf('\n', start);
  return s.text.slice(start, end < 0 ? s.text.length : end);
}

function isLineEnd(text: string, i: number): boolean {
  return text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n');
}

function indentWidth(whitespace: string): number {
  let width = 0;
  for (const ch of whitespace) width = ch === '\t' ? width + 8 - (width % 8) : width + 1;
  return width;
}

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
  readonly tables: SyntaxTables;
}

/** The lexer's tables for one syntax (see {@link tablesOf}). */
interface SyntaxTables {
  /** See {@link openingPairs}: which characters may open a string, given the next one. */
  readonly opening: OpeningPairs;
  /** The characters that end a run of code that opens nothing (line break, comment, continuation, string, bracket). */
  readonly inert: Uint8Array;
  /** Per string delimiter, the characters that end a run inside such a string (line break, escape, closing quote). */
  readonly stringRuns: ReadonlyMap<StringDelimiter, Uint8Array>;
}

// Lexicons are constant, so their tables are made once each; files are lexed by the hundred.
const tablesBySyntax = new WeakMap<LexicalSyntax, SyntaxTables>();

function tablesOf(syntax: LexicalSyntax): SyntaxTables {
  let tables = tablesBySyntax.get(syntax);
  if (!tables) {
    const openers = new Set(syntax.strings.map((d) => d.open.charAt(0)));
    tables = {
      opening: openingPairs(syntax.strings),
      inert: inertRun(syntax, openers),
      stringRuns: new Map(syntax.strings.map((d) => [d, inertStringRun(syntax.escape, d)])),
    };
    tablesBySyntax.set(syntax, tables);
  }
  return tables;
}

/**
 * Finds comments and statement boundaries in source text. Tolerant by design: an unterminated
 * string or an unbalanced bracket never throws; the scan just carries on.
 */
export function lexSource(text: string, syntax: LexicalSyntax): LexedSource {
  const s: Scan = {
    text, syntax, lineStarts: [0], comments: [], logical: [], i: 0, line: 1, depth: 0, inString: undefined, start: undefined,
    tables: tablesOf(syntax),
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
    s.i = skipRun(s.text, s.i, s.tables.stringRuns.get(delimiter) as Uint8Array);
  }
}

function inertStringRun(escape: string, delimiter: StringDelimiter): Uint8Array {
  return stopsAt(['\n', escape, delimiter.close.charAt(0)]);
}

/**
 * The characters that end a run (see {@link skipRun}), as a table by character code. Every
 * lexicon's special characters are ASCII. Why not a sticky regular expression: tested at every
 * run, it allocated a match result each time, 190 MB over a standard-library review.
 */
function stopsAt(special: Iterable<string>): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of special) {
    const code = c.charCodeAt(0);
    if (code >= 128) throw new Error(`lexer: special character ${JSON.stringify(c)} is not ASCII`);
    table[code] = 1;
  }
  return table;
}

/** The index of the first character at or after `i` that is in `stops`, or the text's length. */
function skipRun(text: string, i: number, stops: Uint8Array): number {
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code < 128 && stops[code] === 1) return i;
    i++;
  }
  return n;
}

/**
 * The first two characters of the string delimiters, as a table: Python's prefixes make every
 * r, b, f and u a possible opener, and nearly all of them are inside names (`return`), which the
 * next character rules out before any delimiter is compared.
 */
interface OpeningPairs {
  /** `first * 128 + second` is 1 when a delimiter opens with those two characters. */
  readonly pairs: Uint8Array;
  /** 1 for a one-character delimiter: it opens whatever follows. */
  readonly alone: Uint8Array;
}

function openingPairs(delimiters: readonly StringDelimiter[]): OpeningPairs {
  const pairs = new Uint8Array(128 * 128);
  const alone = new Uint8Array(128);
  for (const { open } of delimiters) {
    const first = open.charCodeAt(0);
    const second = open.charCodeAt(1);
    if (first >= 128 || (open.length > 1 && second >= 128)) throw new Error(`lexer: string delimiter ${JSON.stringify(open)} is not ASCII`);
    if (open.length === 1) alone[first] = 1;
    else pairs[first * 128 + second] = 1;
  }
  return { pairs, alone };
}

/** Whether some delimiter may open at `i` (then each is compared in full). */
function mayOpenString(opening: OpeningPairs, text: string, i: number): boolean {
  const first = text.charCodeAt(i);
  if (first >= 128) return false;
  if (opening.alone[first] === 1) return true;
  const second = text.charCodeAt(i + 1);
  return second < 128 && opening.pairs[first * 128 + second] === 1;
}

/** Space, tab, carriage return, form feed: blanks that neither start a statement nor end one. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12;
}

function scanCode(s: Scan): void {
  const { text, syntax } = s;
  // Blanks first, a run at a time: indentation alone is a good part of a Python file, and no
  // comment marker, string, bracket or continuation starts with one.
  if (isBlank(text.charCodeAt(s.i))) {
    let i = s.i + 1;
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    s.i = i;
    return;
  }
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
  } else {
    s.start ??= s.line;
    // Most characters cannot open a string; only try the delimiters for those that can.
    const delimiter = mayOpenString(s.tables.opening, text, s.i) ? syntax.strings.find((d) => text.startsWith(d.open, s.i)) : undefined;
    if (delimiter) {
      s.inString = delimiter;
      s.i += delimiter.open.length;
      return;
    }
    if (syntax.openBrackets.includes(ch)) s.depth += 1;
    else if (syntax.closeBrackets.includes(ch)) s.depth = Math.max(0, s.depth - 1);
    s.i += 1;
    // Skip a run of characters none of the cases above cares about in one step.
    s.i = skipRun(text, s.i, s.tables.inert);
  }
}

function inertRun(syntax: LexicalSyntax, openers: ReadonlySet<string>): Uint8Array {
  const special = new Set(['\n', syntax.lineComment.charAt(0), ...openers, ...syntax.openBrackets, ...syntax.closeBrackets]);
  if (syntax.blockComment) special.add(syntax.blockComment.open.charAt(0));
  if (syntax.lineContinuation) special.add(syntax.lineContinuation);
  return stopsAt(special);
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

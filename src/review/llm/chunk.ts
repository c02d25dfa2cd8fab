import type { LlmSourceFile } from './types.js';
import { bodyLevel, indentOf, splitUnits } from './units.js';
import type { Span } from './units.js';

/** One numbered line of a chunk. */
export interface ChunkLine {
  readonly number: number;
  readonly text: string;
  /** Added or modified by the change under review. */
  readonly changed: boolean;
  /** Shown for reference only (imports, the enclosing class or function header). */
  readonly context: boolean;
}

/** A piece of one file sent to the model in one request. */
export interface Chunk {
  readonly file: string;
  /** Lines in file order; gaps between them are elided. */
  readonly lines: readonly ChunkLine[];
  /** The file is reviewed as a change (changed lines are known and marked). */
  readonly change: boolean;
  /** The chunk shows every line of the file. */
  readonly wholeFile: boolean;
  /** 1-based position among the file's chunks, and their count. */
  readonly index: number;
  readonly total: number;
}

interface Piece {
  readonly span: Span;
  /** Header lines of enclosing blocks that were split, shown as context. */
  readonly headers: readonly number[];
}

/**
 * A rough token count (about three characters per token for code, on the safe side), so a chunk
 * fits small local models' context windows without a tokenizer for every model family.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** The lines of a text, without the empty string after a final newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Cuts a file into chunks of at most about `budget` tokens of code, at function and class
 * boundaries. A file that fits is one chunk. In a larger file under change, only the units that
 * contain changed lines are sent. Each chunk repeats the file's imports and the headers of split blocks as context.
 */
export function chunkFile(file: LlmSourceFile, budget: number): Chunk[] {
  const lines = splitLines(file.text);
  if (lines.length === 0) return [];
  const all: Span = { start: 1, end: lines.length };
  const changed = file.changedLines;
  if (changed && ![...changed].some((n) => n >= 1 && n <= lines.length)) return [];
  if (tokensOf(lines, all) <= budget) {
    // A file that fits is sent whole, even in a change: the unchanged lines are the context.
    const chunk = { file: file.path, lines: numbered(lines, allNumbers(all), new Set(), changed), wholeFile: true, index: 1, total: 1 };
    return [{ ...chunk, change: changed !== undefined }];
  }
  let pieces = splitToBudget(lines, all, [], budget).filter((p) => hasCode(lines, p.span));
  if (changed) pieces = pieces.filter((p) => overlaps(p.span, changed));
  const groups = pack(lines, pieces, budget);
  const imports = importLines(lines, Math.floor(budget / 4));
  return groups.map((group, i) => {
    const shown = new Set(group.flatMap((p) => allNumbers(p.span)));
    const context = new Set([...imports, ...group.flatMap((p) => p.headers)].filter((n) => !shown.has(n)));
    const wholeFile = groups.length === 1 && shown.size === lines.length;
    return {
      file: file.path,
      lines: numbered(lines, [...shown, ...context], context, changed),
      change: changed !== undefined,
      wholeFile,
      index: i + 1,
      total: groups.length,
    };
  });
}

function numbered(lines: readonly string[], numbers: readonly number[], context: ReadonlySet<number>, changed: ReadonlySet<number> | undefined): ChunkLine[] {
  return [...new Set(numbers)]
    .sort((a, b) => a - b)
    .map((n) => ({ number: n, text: lines[n - 1] ?? '', changed: changed?.has(n) ?? false, context: context.has(n) }));
}

function splitToBudget(lines: readonly string[], span: Span, headers: readonly number[], budget: number): Piece[] {
  if (tokensOf(lines, span) <= budget) return [{ span, headers }];
  const units = splitUnits(lines, span, indentOf(lines[firstCode(lines, span) - 1] ?? ''));
  if (units.length > 1) return units.flatMap((u) => splitToBudget(lines, u, headers, budget));
  const body = bodyLevel(lines, { start: firstCode(lines, span), end: span.end });
  if (body !== undefined) {
    const header = blockHeader(lines, span);
    const inner = splitUnits(lines, { start: header + 1, end: span.end }, body);
    if (inner.length > 1) {
      const [first, ...rest] = inner;
      const head: Span = { start: span.start, end: first?.end ?? header };
      return [
        ...splitToBudget(lines, head, headers, budget),
        ...rest.flatMap((u) => splitToBudget(lines, u, [...headers, header], budget)),
      ];
    }
  }
  return windows(lines, span, budget).map((w) => ({ span: w, headers }));
}

/** Fixed windows with a small overlap, for a block that has no smaller units (a long script body). */
function windows(lines: readonly string[], span: Span, budget: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (start <= span.end) {
    let end = start;
    let tokens = estimateTokens(lines[start - 1] ?? '');
    while (end < span.end && tokens + estimateTokens(`${lines[end] ?? ''}\n`) <= budget) {
      end += 1;
      tokens += estimateTokens(`${lines[end - 1] ?? ''}\n`);
    }
    out.push({ start, end });
    if (end >= span.end) break;
    start = Math.max(start + 1, end - 2);
  }
  return out;
}

/** Groups consecutive pieces into chunks that stay within the budget. */
function pack(lines: readonly string[], pieces: readonly Piece[], budget: number): Piece[][] {
  const groups: Piece[][] = [];
  let current: Piece[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    const size = tokensOf(lines, piece.span);
    if (current.length > 0 && tokens + size > budget) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(piece);
    tokens += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Top-level import lines, which tell the model what names mean; capped at `budget` tokens. */
function importLines(lines: readonly string[], budget: number): number[] {
  const out: number[] = [];
  let tokens = 0;
  lines.forEach((line, i) => {
    if (!/^(import|from)\s+[\w.]+/.test(line)) return;
    tokens += estimateTokens(line);
    if (tokens <= budget) out.push(i + 1);
  });
  return out;
}

/** The `def`/`class` line of a block, after its decorators and comments. */
function blockHeader(lines: readonly string[], span: Span): number {
  for (let n = span.start; n <= span.end; n += 1) {
    const text = (lines[n - 1] ?? '').trim();
    if (text !== '' && !text.startsWith('#') && !text.startsWith('@')) return n;
  }
  return span.start;
}

function firstCode(lines: readonly string[], span: Span): number {
  for (let n = span.start; n <= span.end; n += 1) {
    const text = (lines[n - 1] ?? '').trim();
    if (text !== '' && !text.startsWith('#')) return n;
  }
  return span.start;
}

function hasCode(lines: readonly string[], span: Span): boolean {
  return lines.slice(span.start - 1, span.end).some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

function overlaps(span: Span, changed: ReadonlySet<number>): boolean {
  for (let n = span.start; n <= span.end; n += 1) if (changed.has(n)) return true;
  return false;
}

function tokensOf(lines: readonly string[], span: Span): number {
  return estimateTokens(lines.slice(span.start - 1, span.end).join('\n'));
}

function allNumbers(span: Span): number[] {
  return Array.from({ length: span.end - span.start + 1 }, (_, i) => span.start + i);
}

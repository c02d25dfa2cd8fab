// A small Python tokenizer for the HTML report's code excerpts. It only colours; it never has to
// be right about the grammar, so it is a single left-to-right scan with no parser state beyond
// "inside a (possibly multi-line) string". Excerpts are short, which keeps this cheap.

/** What a token is, as far as colouring goes; `plain` is left uncoloured. */
export type TokenKind = 'plain' | 'keyword' | 'builtin' | 'string' | 'comment' | 'number' | 'decorator' | 'definition' | 'call' | 'self';

/** A run of source text with one colour. Tokens never span a line break. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case',
]);

const BUILTINS = new Set([
  'abs', 'all', 'any', 'bool', 'bytes', 'callable', 'compile', 'dict', 'dir', 'enumerate', 'eval', 'exec', 'filter',
  'float', 'format', 'getattr', 'globals', 'hasattr', 'hash', 'input', 'int', 'isinstance', 'issubclass', 'iter', 'len',
  'list', 'locals', 'map', 'max', 'min', 'next', 'object', 'open', 'print', 'range', 'repr', 'reversed', 'round', 'set',
  'setattr', 'sorted', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip', '__import__', 'Exception', 'ValueError',
]);

// Ordered alternatives; the first that matches at the current position wins.
const STRING_START = /^(?:[rRbBuUfF]{1,2})?('''|"""|'|")/;
const NUMBER = /^(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)/;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*/u;
const DECORATOR = /^@[\p{L}_][\p{L}\p{N}_.]*/u;
const SPACE = /^[ \t]+/;

/** Tokens of `source`, line by line: `result[i]` are the tokens of line i. */
export function highlightPython(source: string): Token[][] {
  const lines: Token[][] = [[]];
  const push = (kind: TokenKind, text: string): void => {
    text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines.at(-1)?.push({ kind, text: part });
    });
  };
  let rest = source;
  let previousWord = '';
  while (rest !== '') {
    const [kind, text] = nextToken(rest, previousWord);
    push(kind, text);
    if (kind !== 'plain' || text.trim() !== '') previousWord = kind === 'keyword' ? text : '';
    rest = rest.slice(text.length);
  }
  return lines;
}

function nextToken(rest: string, previousWord: string): [TokenKind, string] {
  const first = rest[0] ?? '';
  if (first === '\n') return ['plain', '\n'];
  const space = SPACE.exec(rest);
  if (space) return ['plain', space[0]];
  if (first === '#') return ['comment', rest.slice(0, lineEnd(rest))];
  const quote = STRING_START.exec(rest);
  if (quote?.[1]) return ['string', rest.slice(0, stringEnd(rest, quote[0].length, quote[1]))];
  const number = /^[\d.]/.test(first) ? NUMBER.exec(rest) : null;
  if (number && number[0] !== '.' && number[0] !== '') return ['number', number[0]];
  const decorator = first === '@' ? DECORATOR.exec(rest) : null;
  if (decorator) return ['decorator', decorator[0]];
  const word = IDENTIFIER.exec(rest);
  if (word) return [wordKind(word[0], rest.slice(word[0].length), previousWord), word[0]];
  return ['plain', first];
}

function wordKind(word: string, after: string, previousWord: string): TokenKind {
  if (previousWord === 'def' || previousWord === 'class') return 'definition';
  if (KEYWORDS.has(word)) return 'keyword';
  if (word === 'self' || word === 'cls') return 'self';
  if (BUILTINS.has(word)) return 'builtin';
  return /^\s*\(/.test(after) ? 'call' : 'plain';
}

function lineEnd(text: string): number {
  const i = text.indexOf('\n');
  return i === -1 ? text.length : i;
}

/** Where a string that opens with `delimiter` ends (after its closing quote, or at the line/text end). */
function stringEnd(text: string, from: number, delimiter: string): number {
  const triple = delimiter.length === 3;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '\n' && !triple) return i;
    if (text.startsWith(delimiter, i)) return i + delimiter.length;
  }
  return text.length;
}

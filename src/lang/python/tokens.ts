/**
 * A small Python tokenizer for the module scan: names, operators, strings (as one token each)
 * and logical line ends, with comments, line continuations and blank lines dropped. The
 * expressions inside f-string replacement fields are tokenized too (`f"{os.getcwd()}"` calls
 * a function) and marked as nested, so statement structure never depends on them.
 *
 * Why not the parser: the scan runs before the analysis over every file of a review, and a
 * tokenizer pass over the text costs a small fraction of a tree-sitter parse. It only has to be
 * right for the tokens the scan reads (imports, module-level bindings, dotted callees).
 */

export const enum TokenKind {
  Name,
  Op,
  String,
  /** The end of a logical line (outside brackets). */
  Newline,
}

const AT_COLUMN_ZERO = 1;
const NESTED = 2;

/**
 * A module's tokens as columns indexed by token number. Why columns: the scan tokenizes every
 * file of a review, and one object per token (plus a string per name) was an eighth of all the
 * memory a standard-library review allocated. Names and operators stay in the text until the
 * scan asks for them; comparing them there needs no string at all.
 */
export class Tokens {
  count = 0;
  /** Whether some token lies inside an f-string replacement field. */
  hasNested = false;
  private kinds: Uint8Array;
  private flags: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;

  constructor(readonly text: string) {
    // About one token per four characters of Python; the columns grow when a file has more.
    const capacity = (text.length >> 2) + 16;
    this.kinds = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Appends a token spanning `[start, end)` of the text. */
  add(kind: TokenKind, start: number, end: number, atColumnZero: boolean, nested: boolean): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.flags[i] = (atColumnZero ? AT_COLUMN_ZERO : 0) | (nested ? NESTED : 0);
    if (nested) this.hasNested = true;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  kind(i: number): TokenKind | undefined {
    return i >= 0 && i < this.count ? this.kinds[i] : undefined;
  }

  /** First token of its physical line, at column 0. */
  atColumnZero(i: number): boolean {
    return ((this.flags[i] as number) & AT_COLUMN_ZERO) !== 0;
  }

  /** Inside an f-string replacement field. */
  nested(i: number): boolean {
    return ((this.flags[i] as number) & NESTED) !== 0;
  }

  /** The name or operator text of token `i` ('' for strings and line ends). */
  value(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** The character code of a one-character operator token; -1 for any other token. */
  opChar(i: number): number {
    const start = this.starts[i] as number;
    return this.kinds[i] === TokenKind.Op && this.ends[i] === start + 1 ? this.text.charCodeAt(start) : -1;
  }

  /** Whether token `i` spells `word`, compared in the text without making a string. */
  spells(i: number, word: string): boolean {
    const start = this.starts[i] as number;
    return (this.ends[i] as number) - start === word.length && this.text.startsWith(word, start);
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    const flags = new Uint8Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    kinds.set(this.kinds);
    flags.set(this.flags);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.flags = flags;
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * Deeper f-string nesting is read as plain string text. Real code nests a few levels; the bound
 * keeps a hostile file (thousands of `f"{` in a row) from exhausting the stack.
 */
const MAX_FIELD_DEPTH = 64;

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf', 't', 'tr', 'rt']);
const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_PART = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;

/**
 * Whether the non-ASCII code unit at `at` can start or continue a name, by the Unicode classes
 * Python uses. ASCII characters are classed by ASCII_CLASS in the tokenizer's loop.
 */
function isNonAsciiNameStart(text: string, at: number): boolean {
  return NAME_START.test(text[at] as string);
}

function isNonAsciiNamePart(text: string, at: number): boolean {
  return NAME_PART.test(text[at] as string);
}

/** `[0-9A-Za-z_.]`: what may follow the first digit of a number (`1.5e3`, `0x1F`, `1_000`, `1j`). */
function isNumberPartCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 46;
}

// Inside a string only a backslash, a line break, the quote character and (in an f-string) `{`
// can matter. Sticky: `lastIndex` is set before every use, so sharing them is safe.
const RUN_SINGLE = /[^\\\n']+/y;
const RUN_DOUBLE = /[^\\\n"]+/y;
const FORMATTED_RUN_SINGLE = /[^\\\n'{]+/y;
const FORMATTED_RUN_DOUBLE = /[^\\\n"{]+/y;

// Classes of ASCII characters for the tokenizer's main loop (see Tokenizer.code).
const OTHER = 0;
/** Space, tab, carriage return, form feed. */
const BLANK = 1;
/** `[A-Za-z_]`. */
const NAME = 2;
/** `[0-9]`. */
const DIGIT = 4;
const NAME_OR_DIGIT = NAME | DIGIT;
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) =>
  c === 32 || c === 9 || c === 13 || c === 12 ? BLANK : (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 ? NAME : c >= 48 && c <= 57 ? DIGIT : OTHER,
);

/** Two-character operators the scan must not mistake for `=` or `:` (`==`, `:=`, `->` …). */
const PAIRS: readonly string[] = ['==', ':=', '!=', '<=', '>=', '->', '**', '//'];
/** {@link PAIRS} as a table by `first * 128 + second` character code: no string per operator. */
const PAIR_TABLE = new Uint8Array(128 * 128);
for (const pair of PAIRS) PAIR_TABLE[pair.charCodeAt(0) * 128 + pair.charCodeAt(1)] = 1;

/** Tokenizes a whole module. */
export function tokenize(text: string): Tokens {
  return new Tokenizer(text).run();
}

class Tokenizer {
  private readonly tokens: Tokens;
  private pos = 0;
  private lineStart = 0;
  /** Tokens emitted since the last logical line end (for blank-line handling). */
  private lineHasTokens = false;
  /** How many f-string replacement fields enclose the current position. */
  private fieldDepth = 0;

  constructor(private readonly text: string) {
    this.tokens = new Tokens(text);
  }

  run(): Tokens {
    this.code(false);
    if (this.lineHasTokens) this.push(TokenKind.Newline, false, 0, 0);
    return this.tokens;
  }

  /** Adds the token `[start, end)`; strings and line ends are added empty (`end` = `start`). */
  private push(kind: TokenKind, nested: boolean, start: number, end: number): void {
    this.tokens.add(kind, start, end, start === this.lineStart && kind !== TokenKind.Newline, nested);
    if (kind === TokenKind.Newline) this.lineHasTokens = false;
    else if (!nested) this.lineHasTokens = true;
  }

  /**
   * Tokenizes code until the end of the text or, inside an f-string field (`nested`), until the
   * `}`, `!` or `:` that ends the expression at bracket depth 0 (returned, not consumed). Quotes
   * inside a field start a nested string, as PEP 701 reads them (older Pythons reject them).
   */
  private code(nested: boolean): string | undefined {
    // This loop visits every character of every file of a review before any analysis starts:
    // character codes and a class table rather than strings, and the position in a local that
    // goes back to `this.pos` only around calls that move it (strings, the end).
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    let depth = 0;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      const kind = code < 128 ? (ASCII_CLASS[code] as number) : OTHER;
      if (kind === BLANK) {
        pos += 1;
        continue;
      }
      // A name: ASCII letters by the table, other characters by the Unicode classes Python uses.
      if (kind === NAME || (code >= 128 && isNonAsciiNameStart(text, pos))) {
        const start = pos;
        let end = pos + 1;
        for (;;) {
          // Past the end `c` is NaN, which takes the second branch, and that stops.
          const c = text.charCodeAt(end);
          if (c < 128 ? ((ASCII_CLASS[c] as number) & NAME_OR_DIGIT) !== 0 : end < length && isNonAsciiNamePart(text, end)) end += 1;
          else break;
        }
        const after = text.charCodeAt(end);
        // Only a name of one or two characters right before a quote can be a string prefix.
        const prefix = (after === 34 || after === 39) && end - start <= 2 ? text.slice(start, end).toLowerCase() : '';
        if (STRING_PREFIXES.has(prefix)) {
          this.pos = end;
          this.string(prefix, nested, start);
          pos = this.pos;
          continue;
        }
        pos = end;
        this.push(TokenKind.Name, nested, start, end);
        continue;
      }
      if (code === 10) {
        pos += 1;
        if (!nested && depth === 0 && this.lineHasTokens) this.push(TokenKind.Newline, false, pos - 1, pos - 1);
        this.lineStart = pos;
        continue;
      }
      if (code === 35) {
        const end = text.indexOf('\n', pos);
        pos = end === -1 ? length : end;
        continue;
      }
      const next = text.charCodeAt(pos + 1);
      if (code === 92 && (next === 10 || next === 13)) {
        // A line continuation: the next physical line continues this logical line.
        pos += next === 13 && text.charCodeAt(pos + 2) === 10 ? 3 : 2;
        this.lineStart = -1;
        continue;
      }
      // `}`, `:`, or `!` not starting `!=`
      if (nested && depth === 0 && (code === 125 || code === 58 || (code === 33 && next !== 61))) {
        this.pos = pos;
        return text[pos];
      }
      const start = pos;
      if (code === 34 || code === 39) {
        this.pos = pos;
        this.string('', nested, start);
        pos = this.pos;
        continue;
      }
      if (kind === DIGIT) {
        // Numbers matter only as non-names: an operator token that spells no operator.
        let end = pos + 1;
        while (end < length && isNumberPartCode(text.charCodeAt(end))) end += 1;
        pos = end;
        this.push(TokenKind.Op, nested, start, end);
        continue;
      }
      // ( [ {  and  ) ] }
      if (code === 40 || code === 91 || code === 123) depth += 1;
      else if (code === 41 || code === 93 || code === 125) depth = Math.max(0, depth - 1);
      pos += 1;
      if (code < 128 && next < 128 && PAIR_TABLE[code * 128 + next] === 1) {
        pos += 1;
        this.push(TokenKind.Op, nested, start, start + 2);
        continue;
      }
      this.push(TokenKind.Op, nested, start, start + 1);
    }
    this.pos = pos;
    return undefined;
  }

  /** A string literal starting at `this.pos` (the opening quote); f-strings yield their fields' tokens. */
  private string(prefix: string, nested: boolean, start: number): void {
    const text = this.text;
    const q = text[this.pos] as string;
    const triple = text.startsWith(q + q + q, this.pos);
    const quote = triple ? q + q + q : q;
    this.push(TokenKind.String, nested, start, start);
    this.pos += quote.length;
    const formatted = prefix.includes('f') || prefix.includes('t');
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === '\\') {
        this.pos += 2;
        continue;
      }
      if (!triple && ch === '\n') return; // unterminated; the parser reports it
      if (text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return;
      }
      if (formatted && ch === '{' && this.fieldDepth < MAX_FIELD_DEPTH) {
        if (text[this.pos + 1] === '{') {
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        this.field(quote);
        continue;
      }
      if (ch === '\n') this.lineStart = this.pos + 1;
      this.pos += 1;
      // The rest of a run of characters none of the cases above cares about, in one step
      // (docstrings are long).
      const run = q === '"' ? (formatted ? FORMATTED_RUN_DOUBLE : RUN_DOUBLE) : formatted ? FORMATTED_RUN_SINGLE : RUN_SINGLE;
      run.lastIndex = this.pos;
      if (run.test(text)) this.pos = run.lastIndex;
    }
  }

  /** An f-string replacement field after its `{`: the expression, then conversion and format spec. */
  private field(quote: string): void {
    this.fieldDepth += 1;
    try {
      this.fieldBody(quote);
    } finally {
      this.fieldDepth -= 1;
    }
  }

  private fieldBody(quote: string): void {
    const text = this.text;
    const stop = this.code(true);
    if (stop === undefined) return;
    if (stop === '!' || stop === ':') {
      // Conversion (`!r`) and format spec: literal text with nested `{…}` fields.
      while (this.pos < text.length) {
        const ch = text[this.pos] as string;
        if (ch === '}') break;
        if (text.startsWith(quote, this.pos)) return;
        if (ch === '{' && this.fieldDepth < MAX_FIELD_DEPTH) {
          this.pos += 1;
          this.field(quote);
          continue;
        }
        this.pos += 1;
      }
    }
    if (text[this.pos] === '}') this.pos += 1;
  }
}

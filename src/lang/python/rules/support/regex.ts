/**
 * A small parser for Python regular expressions and a check for the classic exponential
 * backtracking shape: a repeated group whose body can match the same text in more than one
 * way, such as `(a+)+`, `(\w+\s?)*` or `(\d{1,3},?)+`, followed by something that can fail.
 * It is deliberately conservative: shapes it does not understand are treated as safe.
 */

/** Coarse character classes, as a bit set over a sample alphabet (see SAMPLE). */
type CharSet = bigint;

/** One quantified element of a sequence. */
interface Item {
  readonly atom: Atom;
  readonly min: number;
  readonly max: number;
  /** Possessive quantifiers (`a++`, Python 3.11+) never backtrack. */
  readonly possessive: boolean;
  /** Offset of the item in the pattern, for messages. */
  readonly start: number;
  readonly end: number;
}

type Atom =
  | { readonly kind: 'chars'; readonly set: CharSet }
  | { readonly kind: 'group'; readonly alternatives: readonly (readonly Item[])[]; readonly atomic: boolean }
  /** Zero-width: anchors, word boundaries, lookarounds. They still make a match fail. */
  | { readonly kind: 'assert' };

const SAMPLE = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  ' ', '\t', '\n', '\r', '\f', '\v',
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^`{|}~',
  'é', '\u00a0', '€',
];
const ALL: CharSet = (1n << BigInt(SAMPLE.length)) - 1n;

function setOf(test: (ch: string) => boolean): CharSet {
  let set = 0n;
  SAMPLE.forEach((ch, i) => {
    if (test(ch)) set |= 1n << BigInt(i);
  });
  return set;
}

const WORD = setOf((c) => /\w/u.test(c));
const DIGIT = setOf((c) => /\d/u.test(c));
const SPACE = setOf((c) => /\s/u.test(c));
const DOT = setOf((c) => c !== '\n');

/** The class of a single literal character; characters outside the sample share one bit with é. */
function literal(ch: string): CharSet {
  const i = SAMPLE.indexOf(ch);
  return i >= 0 ? 1n << BigInt(i) : 1n << BigInt(SAMPLE.indexOf('é'));
}

const CLASS_ESCAPES: Readonly<Record<string, CharSet>> = {
  w: WORD, W: ALL & ~WORD, d: DIGIT, D: ALL & ~DIGIT, s: SPACE, S: ALL & ~SPACE,
};
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };

class ParseError extends Error {}

/** Recursive-descent parser over the pattern text. */
class RegexParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Item[][] {
    const alternatives = this.alternation();
    if (this.pos < this.src.length) throw new ParseError('unbalanced )');
    return alternatives;
  }

  private alternation(): Item[][] {
    const alternatives: Item[][] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const start = this.pos;
      const atom = this.atom();
      if (!atom) continue;
      items.push({ atom, ...this.quantifier(), start, end: this.pos });
    }
    return items;
  }

  private atom(): Atom | undefined {
    const ch = this.src[this.pos++] ?? '';
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        return { kind: 'chars', set: this.charClass() };
      case '.':
        return { kind: 'chars', set: DOT };
      case '^':
      case '$':
        return { kind: 'assert' };
      case '\\':
        return this.escape();
      default:
        return { kind: 'chars', set: literal(ch) };
    }
  }

  private group(): Atom | undefined {
    let atomic = false;
    if (this.src[this.pos] === '?') {
      const rest = this.src.slice(this.pos + 1);
      if (rest.startsWith('#')) {
        const close = this.src.indexOf(')', this.pos);
        if (close === -1) throw new ParseError('unterminated comment');
        this.pos = close + 1;
        return undefined;
      }
      const lookaround = /^(?:[=!]|<[=!])/.exec(rest);
      const named = /^P<\w+>/.exec(rest);
      const backref = /^P=\w+\)/.exec(rest);
      const flags = /^[aiLmsux-]+(?::|\))/.exec(rest);
      if (backref) {
        this.pos += 1 + backref[0].length;
        return { kind: 'chars', set: ALL };
      }
      if (flags?.[0].endsWith(')')) {
        this.pos += 1 + flags[0].length;
        return undefined;
      }
      if (rest.startsWith('(')) throw new ParseError('conditional groups are not analysed');
      if (lookaround) {
        this.pos += 1 + lookaround[0].length;
        this.alternation();
        this.expect(')');
        return { kind: 'assert' };
      }
      atomic = rest.startsWith('>');
      const prefix = atomic || rest.startsWith(':') ? 1 : (named?.[0].length ?? flags?.[0].length);
      if (prefix === undefined) throw new ParseError('unknown group');
      this.pos += 1 + prefix;
    }
    const alternatives = this.alternation();
    this.expect(')');
    return { kind: 'group', alternatives, atomic };
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new ParseError(`expected ${ch}`);
    this.pos++;
  }

  private escape(): Atom {
    const ch = this.src[this.pos++] ?? '';
    const cls = CLASS_ESCAPES[ch];
    if (cls !== undefined) return { kind: 'chars', set: cls };
    if ('bBAZ'.includes(ch)) return { kind: 'assert' };
    if (/[1-9]/.test(ch)) return { kind: 'chars', set: ALL };
    return { kind: 'chars', set: literal(this.escapedChar(ch)) };
  }

  /** The character an escape stands for (`\n`, `\x41`, `\.`); the backslash is already consumed. */
  private escapedChar(ch: string): string {
    const control = CONTROL_ESCAPES[ch];
    if (control !== undefined) return control;
    const hex = ch === 'x' ? 2 : ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = this.src.slice(this.pos, this.pos + hex);
      this.pos += hex;
      // `\U05000000` is past Unicode: the regex engine rejects it, and here it stands for a
      // character no text contains (fromCodePoint would throw).
      const code = parseInt(digits, 16) || 0;
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    return ch;
  }

  private charClass(): CharSet {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    let set = 0n;
    let first = true;
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false;
      const low = this.classChar();
      if (typeof low !== 'string') {
        set |= low;
        continue;
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const high = this.classChar();
        const top = typeof high === 'string' ? high : low;
        set |= setOf((c) => c >= low && c <= top);
      } else {
        set |= literal(low);
      }
    }
    this.expect(']');
    return negated ? ALL & ~set : set;
  }

  /** One character of a class, or a whole class escape such as `\w`. */
  private classChar(): string | CharSet {
    const ch = this.src[this.pos++] ?? '';
    if (ch !== '\\') return ch;
    const next = this.src[this.pos++] ?? '';
    return CLASS_ESCAPES[next] ?? this.escapedChar(next);
  }

  private quantifier(): { min: number; max: number; possessive: boolean } {
    const ch = this.src[this.pos];
    let min = 1;
    let max = 1;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.pos++;
      min = ch === '+' ? 1 : 0;
      max = ch === '?' ? 1 : Infinity;
    } else if (ch === '{') {
      const braces = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!braces || (braces[1] === '' && braces[2] === undefined)) return { min, max, possessive: false };
      this.pos += braces[0].length;
      min = braces[1] === '' ? 0 : Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    } else {
      return { min, max, possessive: false };
    }
    const lazyOrPossessive = this.src[this.pos];
    if (lazyOrPossessive === '?' || lazyOrPossessive === '+') this.pos++;
    return { min, max, possessive: lazyOrPossessive === '+' };
  }
}

/** Removes whitespace and `#` comments outside character classes, as re.VERBOSE does. */
export function stripVerbose(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') inClass = true;
    if (ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
      continue;
    }
    if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** The characters an item can consume (for groups, any character of their body). */
function charsOf(item: Item): CharSet {
  const { atom } = item;
  if (atom.kind === 'chars') return atom.set;
  if (atom.kind === 'assert') return 0n;
  return atom.alternatives.flat().reduce((set, inner) => set | charsOf(inner), 0n);
}

/** True when the item can match texts of different lengths (and so can split its input several ways). */
function isVariable(item: Item): boolean {
  if (item.possessive || item.atom.kind === 'assert') return false;
  if (item.max > item.min && item.max > 1) return true;
  const { atom } = item;
  return atom.kind === 'group' && !atom.atomic && atom.alternatives.some((alt) => alt.some(isVariable));
}

/**
 * True when one iteration of a repeated group body can be split into several iterations, or
 * merged with the next: every required part has variable length and the last required part
 * can consume what the first one starts with.
 */
function isAmbiguousBody(body: readonly Item[]): boolean {
  const required = body.filter((i) => i.min > 0 && i.atom.kind !== 'assert');
  if (required.length === 0) return body.some(isVariable);
  if (!required.every(isVariable)) return false;
  const first = required[0];
  const last = required.at(-1);
  return first !== undefined && last !== undefined && (charsOf(first) & charsOf(last)) !== 0n;
}

/** A nested quantifier found in a pattern, as text for the message. */
export interface BacktrackingShape {
  readonly fragment: string;
}

/**
 * The first repeated group in `pattern` that backtracks exponentially when the match fails
 * after it. `anchoredEnd` says the caller requires the whole input to match (fullmatch).
 * Undefined for safe patterns and for patterns this parser does not handle.
 */
export function findBacktracking(pattern: string, options: { anchoredEnd?: boolean; verbose?: boolean } = {}): BacktrackingShape | undefined {
  const anchoredEnd = options.anchoredEnd ?? false;
  const text = options.verbose === true || /^\(\?[aiLmsu]*x/.test(pattern) ? stripVerbose(pattern) : pattern;
  let alternatives: Item[][];
  try {
    alternatives = new RegexParser(text).parse();
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
  const found = scan(alternatives, anchoredEnd);
  return found ? { fragment: text.slice(found.start, found.end) } : undefined;
}

function scan(alternatives: readonly (readonly Item[])[], tailRequired: boolean): Item | undefined {
  for (const sequence of alternatives) {
    for (let i = 0; i < sequence.length; i++) {
      const item = sequence[i];
      if (!item) continue;
      const tail = tailRequired || sequence.slice(i + 1).some((next) => next.min > 0);
      const { atom } = item;
      if (atom.kind !== 'group' || atom.atomic) continue;
      const repeated = !item.possessive && (item.max === Infinity || item.max > 10) && item.max > 1;
      if (repeated && tail && atom.alternatives.some(isAmbiguousBody)) return item;
      const inner = scan(atom.alternatives, tail);
      if (inner) return inner;
    }
  }
  return undefined;
}

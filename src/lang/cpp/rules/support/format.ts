import type { CppFileFacts } from '../../facts.js';
import type { Node } from '../../parser.js';
import { maxStringLength, rangeOf } from './values.js';

/** One conversion of a printf or scanf format. */
export interface Conversion {
  readonly spec: string;
  readonly conversion: string;
  readonly width?: number;
  readonly precision?: number;
  /** `*` width or precision: takes an argument of its own. */
  readonly starArgs: number;
}

/** The conversions of a printf-style format, in order (`%%` excluded). */
export function conversionsOf(format: string): Conversion[] {
  const out: Conversion[] = [];
  for (const m of format.matchAll(/%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|z|j|t|q)?([diouxXeEfFgGaAcspn%]|\[[^\]]*\])/g)) {
    if (m[5] === '%') continue;
    const width = m[2] !== undefined && m[2] !== '*' ? Number(m[2]) : undefined;
    const precision = m[3] !== undefined && m[3] !== '*' ? Number(m[3]) : undefined;
    out.push({ spec: m[0], conversion: m[5] ?? '', ...(width !== undefined ? { width } : {}), ...(precision !== undefined ? { precision } : {}), starArgs: (m[2] === '*' ? 1 : 0) + (m[3] === '*' ? 1 : 0) });
  }
  return out;
}

const INT_DIGITS: Readonly<Record<string, number>> = { '': 11, hh: 4, h: 6, l: 20, ll: 20, z: 20, j: 20, t: 20, q: 20, L: 20 };

/**
 * The longest text `sprintf(dst, format, args…)` can write (without the terminator), or
 * undefined when some conversion is unbounded (`%s` of a string of unknown length, `%f`).
 */
export function formatMaxLength(facts: CppFileFacts, format: string, args: readonly Node[]): number | undefined {
  let total = Buffer.byteLength(format.replace(/%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|z|j|t|q)?([diouxXeEfFgGaAcspn%]|\[[^\]]*\])/g, (m) => (m === '%%' ? '%' : '')), 'utf8');
  let argIndex = 0;
  for (const c of conversionsOf(format)) {
    argIndex += c.starArgs;
    const arg = args[argIndex++];
    const length = conversionLength(facts, c, arg);
    if (length === undefined) return undefined;
    total += Math.max(length, c.width ?? 0);
  }
  return total;
}

function conversionLength(facts: CppFileFacts, c: Conversion, arg: Node | undefined): number | undefined {
  const modifier = /%[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(hh|h|ll|l|L|z|j|t|q)?/.exec(c.spec)?.[1] ?? '';
  switch (c.conversion) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
      const range = arg ? rangeOf(facts, arg) : undefined;
      if (range?.lo !== undefined && range.hi !== undefined) return Math.max(String(range.lo).length, String(range.hi).length) + (c.conversion === 'o' ? 2 : 0);
      return (INT_DIGITS[modifier] ?? 20) + (c.conversion === 'o' ? 2 : 0);
    }
    case 'c': return 1;
    case 'p': return 18;
    case 's': {
      const length = arg ? maxStringLength(facts, arg) : undefined;
      if (c.precision !== undefined) return length === undefined ? c.precision : Math.min(length, c.precision);
      return length;
    }
    case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': return 24 + (c.precision ?? 6);
    default: return undefined;
  }
}

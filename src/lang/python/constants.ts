import { namedChildrenOf, unwrapParens } from './ast.js';
import type { BindingIndex } from './bindings.js';
import type { Node } from './parser.js';
import { DerivedKind } from '../syntax-tree.js';

/** A Python value known at analysis time. Bytes literals are kept as strings. */
export type PyConstant = string | number | boolean | null | readonly PyConstant[];

/** Marker for "not a compile-time constant". */
export const UNKNOWN = Symbol('unknown');
export type Evaluated = PyConstant | typeof UNKNOWN;

const MAX_DEPTH = 24;

/**
 * Folds literals, names bound once to constants, and simple operators into values, so rules
 * can tell `chmod(p, 0o777)` or `host = "0.0.0.0"; run(host=host)` from dynamic values.
 */
export class ConstantEvaluator {
  constructor(private readonly bindings: BindingIndex) {}

  evaluate(node: Node, depth = 0): Evaluated {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const n = unwrapParens(node);
    switch (n.type) {
      case 'string':
        return stringLiteralValue(n) ?? UNKNOWN;
      case 'concatenated_string':
        return this.concatenate(namedChildrenOf(n), depth);
      case 'integer':
        return parseInteger(n.text);
      case 'float':
        return Number(n.text.replace(/_/g, ''));
      case 'true':
        return true;
      case 'false':
        return false;
      case 'none':
        return null;
      case 'unary_operator':
        return this.unary(n, depth);
      case 'binary_operator':
        return this.binary(n, depth);
      case 'identifier': {
        const value = this.bindings.singleValue(n.text, n);
        return value ? this.evaluate(value, depth + 1) : UNKNOWN;
      }
      case 'tuple':
      case 'list':
        return this.sequence(namedChildrenOf(n), depth);
      case 'conditional_expression':
        return this.conditional(n, depth);
      default:
        return UNKNOWN;
    }
  }

  /** The string value of `node`, when it is a constant string. */
  stringValue(node: Node): string | undefined {
    const value = this.evaluate(node);
    return typeof value === 'string' ? value : undefined;
  }

  private concatenate(parts: readonly Node[], depth: number): Evaluated {
    let result = '';
    for (const part of parts) {
      const value = this.evaluate(part, depth + 1);
      if (typeof value !== 'string') return UNKNOWN;
      result += value;
    }
    return result;
  }

  private sequence(items: readonly Node[], depth: number): Evaluated {
    const values: PyConstant[] = [];
    for (const item of items) {
      const value = this.evaluate(item, depth + 1);
      if (value === UNKNOWN) return UNKNOWN;
      values.push(value);
    }
    return values;
  }

  private unary(n: Node, depth: number): Evaluated {
    const operand = n.childForFieldName('argument');
    const op = n.childForFieldName('operator')?.text;
    if (!operand) return UNKNOWN;
    const value = this.evaluate(operand, depth + 1);
    if (typeof value !== 'number') return UNKNOWN;
    if (op === '-') return -value;
    if (op === '+') return value;
    if (op === '~') return ~value;
    return UNKNOWN;
  }

  private binary(n: Node, depth: number): Evaluated {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const op = n.childForFieldName('operator')?.text;
    if (!left || !right || !op) return UNKNOWN;
    const a = this.evaluate(left, depth + 1);
    if (a === UNKNOWN) return UNKNOWN;
    const b = this.evaluate(right, depth + 1);
    if (b === UNKNOWN) return UNKNOWN;
    return applyBinary(op, a, b);
  }

  private conditional(n: Node, depth: number): Evaluated {
    // `a if cond else b`: children are [a, cond, b].
    const [whenTrue, condition, whenFalse] = namedChildrenOf(n);
    if (!whenTrue || !condition || !whenFalse) return UNKNOWN;
    const test = this.evaluate(condition, depth + 1);
    if (test === UNKNOWN) {
      const a = this.evaluate(whenTrue, depth + 1);
      const b = this.evaluate(whenFalse, depth + 1);
      return a !== UNKNOWN && JSON.stringify(a) === JSON.stringify(b) ? a : UNKNOWN;
    }
    return this.evaluate(isTruthy(test) ? whenTrue : whenFalse, depth + 1);
  }
}

/** Python truthiness of a constant. */
export function isTruthy(value: PyConstant): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function applyBinary(op: string, a: PyConstant, b: PyConstant): Evaluated {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '|': return a | b;
      case '&': return a & b;
      case '^': return a ^ b;
      case '<<': return a << b;
      case '>>': return a >> b;
      case '//': return b === 0 ? UNKNOWN : Math.floor(a / b);
      case '%': return b === 0 ? UNKNOWN : ((a % b) + b) % b;
      case '**': return a ** b;
      default: return UNKNOWN;
    }
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  if (typeof a === 'string' && typeof b === 'number' && op === '*') return b > 0 && b < 10_000 ? a.repeat(b) : '';
  return UNKNOWN;
}

function parseInteger(text: string): Evaluated {
  const clean = text.replace(/_/g, '').toLowerCase().replace(/l$/, '');
  let value: number;
  if (clean.startsWith('0o')) value = parseInt(clean.slice(2), 8);
  else if (clean.startsWith('0x')) value = parseInt(clean.slice(2), 16);
  else if (clean.startsWith('0b')) value = parseInt(clean.slice(2), 2);
  else if (/^0\d+$/.test(clean)) value = parseInt(clean, 8); // Python 2 octal, still seen in old code
  else value = Number(clean);
  return Number.isFinite(value) ? value : UNKNOWN;
}

/**
 * The value of a plain string literal (no interpolations), with common escapes decoded.
 * Raw strings keep their backslashes. Undefined for f-strings with `{…}` holes.
 */
export function stringLiteralValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  return node.tree.derived(STRING_VALUES, node.id, () => decodeStringLiteral(node));
}

// Several rules and the dataflow engine ask for the same literals; decoding (docstrings are long)
// is done once per node.
const STRING_VALUES = new DerivedKind<string | undefined>('string literal value');

function decodeStringLiteral(node: Node): string | undefined {
  let raw = false;
  let value = '';
  // Children by index: no child lists for the thousands of literals in a file.
  for (let i = 0, count = node.childCount; i < count; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (child.type === 'string_start') raw = /r/i.test(child.text);
    else if (child.type === 'interpolation') return undefined;
    else if (child.type === 'string_content') value += raw ? child.text : decodeEscapes(child.text);
  }
  return value;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};

function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g, (whole, esc: string) => {
    if (esc === '\n') return '';
    const first = esc[0];
    if (first === 'x' || first === 'u' || first === 'U') {
      // Past U+10FFFF Python rejects the literal (`'\U05000000'`); the text is kept as written.
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return SIMPLE_ESCAPES[esc] ?? whole;
  });
}

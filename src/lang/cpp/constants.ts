import { argumentsOf, byteLength, calleeOf, charLiteralValue, namedChildrenOf, stringLiteralValue, unwrap } from './ast.js';
import type { Node } from './parser.js';
import { elementSize, scalarSize } from './symbols.js';
import type { SymbolTable, VarInfo } from './symbols.js';

/** A macro, enumerator or constant variable: its integer or string value. */
type Named = { readonly int?: number; readonly str?: string };

// Wrappers that only change a literal's character type or mark it for translation.
const STRING_WRAPPERS = new Set(['QStringLiteral', 'QLatin1String', 'QLatin1StringView', 'QByteArrayLiteral', 'QString', 'QByteArray', 'string', 'tr', 'QObject::tr', 'QT_TR_NOOP', '_', 'N_', 'gettext', 'u8', 'TEXT', '_T', 'L']);
const MAX_DEPTH = 12;

/**
 * Compile-time values of C/C++ expressions: integer arithmetic over literals, `#define`s,
 * enumerators, `const` variables and `sizeof` of declared arrays and scalar types; string
 * literals, string macros and wrapped literals (`QStringLiteral("…")`).
 */
export class ConstantEvaluator {
  private readonly named = new Map<string, Named>();

  constructor(root: Node, private readonly symbols: SymbolTable) {
    for (const def of root.descendantsOfType('preproc_def')) {
      const name = def?.childForFieldName('name')?.text;
      const value = def?.childForFieldName('value')?.text;
      if (name !== undefined && value !== undefined) this.named.set(name, parseMacro(value, this.named));
    }
    for (const e of root.descendantsOfType('enumerator')) this.addEnumerator(e);
  }

  /** The integer value of an expression, if it is a compile-time constant. */
  integer(node: Node | null | undefined, depth = 0): number | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const n = unwrap(node);
    switch (n.type) {
      case 'number_literal': return parseNumber(n.text);
      case 'char_literal': return charLiteralValue(n);
      case 'true': return 1;
      case 'false': case 'null': case 'nullptr': return 0;
      case 'identifier': return this.namedInteger(n, depth);
      case 'sizeof_expression': return this.sizeOf(n);
      case 'unary_expression': return this.unary(n, depth);
      case 'binary_expression': return this.binary(n, depth);
      case 'conditional_expression': {
        const c = this.integer(n.childForFieldName('condition'), depth + 1);
        return c === undefined ? undefined : this.integer(n.childForFieldName(c !== 0 ? 'consequence' : 'alternative'), depth + 1);
      }
      case 'call_expression': return this.callInteger(n, depth);
      default: return undefined;
    }
  }

  /** The string value of an expression: a literal, a string macro or constant, a wrapped literal. */
  string(node: Node | null | undefined, depth = 0): string | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const n = unwrap(node);
    const literal = stringLiteralValue(n);
    if (literal !== undefined) return literal;
    if (n.type === 'identifier') {
      const macro = this.named.get(n.text)?.str;
      if (macro !== undefined) return macro;
      const info = this.symbols.lookup(n.text, n);
      return info && info.isConst && info.init ? this.string(info.init, depth + 1) : undefined;
    }
    if (n.type === 'call_expression') {
      const callee = calleeOf(n);
      const args = argumentsOf(n);
      if (callee && !callee.receiver && STRING_WRAPPERS.has(callee.name) && args.length === 1) return this.string(args[0], depth + 1);
    }
    if (n.type === 'user_defined_literal') return this.string(namedChildrenOf(n)[0], depth + 1);
    return undefined;
  }

  /** Bytes a variable occupies when it is an array whose dimensions are constant. */
  arrayBytes(info: VarInfo): number | undefined {
    if (info.dims.length === 0) return undefined;
    const size = elementSize(info);
    if (size === undefined) return undefined;
    let count = 1;
    for (const dim of info.dims) {
      const n = dim ? this.integer(dim) : this.initializerLength(info);
      if (n === undefined || n < 0) return undefined;
      count *= n;
    }
    return count * size;
  }

  /** Elements of an array's first dimension. */
  arrayLength(info: VarInfo): number | undefined {
    const first = info.dims[0];
    if (first === undefined) return undefined;
    return first ? this.integer(first) : this.initializerLength(info);
  }

  /** `char s[] = "abc"` has 4 elements; `int a[] = {1, 2}` has 2. */
  private initializerLength(info: VarInfo): number | undefined {
    if (!info.init) return undefined;
    const s = this.string(info.init);
    if (s !== undefined) return byteLength(s) + 1;
    return info.init.type === 'initializer_list' ? namedChildrenOf(info.init).length : undefined;
  }

  private namedInteger(n: Node, depth: number): number | undefined {
    const named = this.named.get(n.text);
    if (named?.int !== undefined) return named.int;
    const info = this.symbols.lookup(n.text, n);
    if (info && info.isConst && info.init && info.dims.length === 0 && info.pointer === 0) return this.integer(info.init, depth + 1);
    return undefined;
  }

  private sizeOf(n: Node): number | undefined {
    const typeNode = n.childForFieldName('type');
    if (typeNode) {
      const text = typeNode.text.replace(/\b(?:const|volatile|struct)\b/g, '').trim();
      return text.endsWith('*') ? 8 : scalarSize(text);
    }
    const value = n.childForFieldName('value');
    if (!value) return undefined;
    const inner = unwrap(value);
    const literal = stringLiteralValue(inner);
    if (literal !== undefined) return byteLength(literal) + 1;
    const info = this.symbols.declarationOf(inner);
    if (!info) return undefined;
    if (info.dims.length > 0) return this.arrayBytes(info);
    if (info.pointer > 0 && !info.param) return 8;
    return info.pointer === 0 ? scalarSize(info.type) : 8;
  }

  private unary(n: Node, depth: number): number | undefined {
    const v = this.integer(n.childForFieldName('argument'), depth + 1);
    if (v === undefined) return undefined;
    const op = n.childForFieldName('operator')?.text;
    if (op === '-') return -v;
    if (op === '+') return v;
    if (op === '!') return v === 0 ? 1 : 0;
    if (op === '~') return ~v;
    return undefined;
  }

  private binary(n: Node, depth: number): number | undefined {
    const a = this.integer(n.childForFieldName('left'), depth + 1);
    const b = this.integer(n.childForFieldName('right'), depth + 1);
    if (a === undefined || b === undefined) return undefined;
    return applyOperator(n.childForFieldName('operator')?.text ?? '', a, b);
  }

  private callInteger(n: Node, depth: number): number | undefined {
    const callee = calleeOf(n);
    const args = argumentsOf(n);
    if (callee?.name === 'strlen' && args.length === 1) {
      const s = this.string(args[0], depth + 1);
      return s === undefined ? undefined : byteLength(s);
    }
    return undefined;
  }

  private addEnumerator(e: Node | null): void {
    const name = e?.childForFieldName('name')?.text;
    if (!e || name === undefined) return;
    const value = e.childForFieldName('value');
    if (value) {
      const v = this.integer(value);
      if (v !== undefined) this.named.set(name, { int: v });
      return;
    }
    // Without a value: one more than the previous enumerator (0 for the first).
    const previous = e.previousNamedSibling;
    const prevName = previous?.type === 'enumerator' ? previous.childForFieldName('name')?.text : undefined;
    const prevValue = prevName !== undefined ? this.named.get(prevName)?.int : -1;
    if (prevValue !== undefined) this.named.set(name, { int: prevValue + 1 });
  }
}

/** Parses a C integer literal (decimal, hex, octal, binary; suffixes and digit separators ignored). */
export function parseNumber(text: string): number | undefined {
  const t = text.replace(/'/g, '').replace(/[uUlLzZ]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  return undefined;
}

function applyOperator(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    default: return undefined;
  }
}

/** A macro body: a string literal, or an integer expression over numbers and earlier macros. */
function parseMacro(text: string, named: ReadonlyMap<string, Named>): Named {
  const body = text.trim();
  const str = /^"((?:\\.|[^"\\])*)"$/.exec(body);
  if (str) return { str: (str[1] ?? '').replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n').replace(/\\t/g, '\t') };
  const int = evaluateMacroExpression(body, named);
  return int === undefined ? {} : { int };
}

/** A small recursive-descent evaluator for `#define` bodies such as `(4 * 1024)` or `BUF_SIZE + 1`. */
function evaluateMacroExpression(text: string, named: ReadonlyMap<string, Named>): number | undefined {
  const tokens = text.match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|<<|>>|[-+*/%()|&]/g);
  if (!tokens || tokens.join('').length !== text.replace(/\s+/g, '').length) return undefined;
  let i = 0;
  const primary = (): number | undefined => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = expr(0);
      return tokens[i++] === ')' ? v : undefined;
    }
    if (t === '-') { const v = primary(); return v === undefined ? undefined : -v; }
    if (/^[A-Za-z_]/.test(t)) return named.get(t)?.int;
    return parseNumber(t);
  };
  const PRECEDENCE: Readonly<Record<string, number>> = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };
  const expr = (min: number): number | undefined => {
    let left = primary();
    for (;;) {
      const op = tokens[i];
      const prec = op !== undefined ? PRECEDENCE[op] : undefined;
      if (op === undefined || prec === undefined || prec < min || left === undefined) return left;
      i += 1;
      const right = expr(prec + 1);
      if (right === undefined) return undefined;
      left = applyOperator(op, left, right);
    }
  };
  const value = expr(0);
  return i === tokens.length ? value : undefined;
}

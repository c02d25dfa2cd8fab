import { argumentsOf, calleeOf, declaratorName, namedChildrenOf, normalizeName, unwrap } from '../ast.js';
import type { Callee } from '../ast.js';
import type { ConstantEvaluator } from '../constants.js';
import type { Node } from '../parser.js';
import { lineOf } from '../parser.js';
import { scalarSize, signednessOf } from '../symbols.js';
import type { SymbolTable } from '../symbols.js';
import { CLEAN, addStep, constantValue, makeFlow, markComposed, mergeTaint } from '../../../dataflow/taint.js';
import type { AbstractValue, Taint } from '../../../dataflow/taint.js';
import { applyCall } from './calls.js';
import type { CppSpecs } from './specs/index.js';
import { refineCondition } from './refine.js';
import { combineRanges, toWork } from './state.js';
import type { Range, WorkState } from './state.js';

/** The value of an expression and, for integers, its known bounds. */
export interface Evaluated {
  readonly value: AbstractValue;
  readonly range?: Range;
}

/** What expression evaluation needs from the function and file being analysed. */
export interface EvalHost {
  readonly symbols: SymbolTable;
  readonly constants: ConstantEvaluator;
  readonly specs: CppSpecs;
  /** The value of a name nothing on the path assigned: a parameter, a global or a constant. */
  initialValue(name: string, at: Node): AbstractValue;
  /** The result of calling a function defined in this file, from its summary. */
  callLocal(call: Node, callee: Callee, args: readonly AbstractValue[]): AbstractValue | undefined;
  /** Called for every call evaluated (sinks are checked here). */
  onCall(call: Node, callee: Callee | undefined, args: readonly Evaluated[], receiver: Evaluated | undefined): void;
  /** Records an expression's value (only while replaying the final states). */
  record(node: Node, evaluated: Evaluated): void;
}

const STRING_TYPES = /^(?:QString|QByteArray|string|wstring|QStringList|QLatin1String|QStringView|basic_string|u16string|QUrl)$/;
const STREAM_INPUTS = /^(?:cin|wcin|std::cin)$/;
const MAX_DEPTH = 60;

/** Abstract evaluation of C/C++ expressions over a {@link WorkState}. */
export class Evaluator {
  constructor(readonly host: EvalHost) {}

  evaluate(node: Node, work: WorkState, depth = 0): Evaluated {
    if (depth > MAX_DEPTH) return { value: CLEAN };
    const result = this.evaluateInner(node, work, depth);
    this.host.record(node, result);
    return result;
  }

  /** The value of a variable on this path. */
  variable(name: string, at: Node, work: WorkState): Evaluated {
    const value = work.values.get(name) ?? this.host.initialValue(name, at);
    const range = work.ranges.get(name) ?? this.typeRange(name, at, value);
    return range ? { value, range } : { value };
  }

  /** Binds a variable to a value (strong update), with the range the value has. */
  assign(name: string, evaluated: Evaluated, work: WorkState): void {
    work.values.set(name, evaluated.value);
    if (evaluated.range) work.ranges.set(name, evaluated.range);
    else work.ranges.delete(name);
  }

  /** Adds taint to what a pointer or buffer holds (a weak update of the base variable). */
  taintBase(target: Node, taint: Taint, work: WorkState, composed = false): void {
    const name = baseVariable(target);
    if (name === undefined || taint.length === 0) return;
    const old = work.values.get(name) ?? this.host.initialValue(name, target);
    const merged = mergeTaint(old.taint, composed ? markComposed(taint) : taint);
    work.values.set(name, { taint: merged, ...(old.origin !== undefined ? { origin: old.origin } : {}) });
  }

  private evaluateInner(node: Node, work: WorkState, depth: number): Evaluated {
    switch (node.type) {
      case 'identifier': return this.variable(node.text, node, work);
      case 'number_literal': case 'char_literal': case 'true': case 'false': case 'null': case 'nullptr': case 'sizeof_expression': case 'alignof_expression': {
        const n = this.host.constants.integer(node);
        return n === undefined ? { value: CLEAN } : { value: constantValue(n), range: { lo: n, hi: n } };
      }
      case 'string_literal': case 'concatenated_string': case 'raw_string_literal': {
        const s = this.host.constants.string(node);
        return { value: s === undefined ? CLEAN : constantValue(s) };
      }
      case 'parenthesized_expression': case 'condition_clause': {
        const inner = node.childForFieldName('value') ?? namedChildrenOf(node).at(-1);
        return inner ? this.evaluate(inner, work, depth + 1) : { value: CLEAN };
      }
      case 'cast_expression': return this.cast(node, work, depth);
      case 'assignment_expression': return this.assignment(node, work, depth);
      case 'update_expression': return this.update(node, work, depth);
      case 'binary_expression': return this.binary(node, work, depth);
      case 'unary_expression': return this.unary(node, work, depth);
      case 'pointer_expression': {
        const arg = node.childForFieldName('argument');
        return arg ? { value: stripConstant(this.evaluate(arg, work, depth + 1).value) } : { value: CLEAN };
      }
      case 'subscript_expression': return this.subscript(node, work, depth);
      case 'field_expression': {
        const arg = node.childForFieldName('argument');
        return arg ? { value: stripConstant(this.evaluate(arg, work, depth + 1).value) } : { value: CLEAN };
      }
      case 'conditional_expression': return this.conditional(node, work, depth);
      case 'comma_expression': {
        let last: Evaluated = { value: CLEAN };
        for (const child of namedChildrenOf(node)) last = this.evaluate(child, work, depth + 1);
        return last;
      }
      case 'call_expression': return this.call(node, work, depth);
      case 'new_expression': return this.construct(node, node.childForFieldName('type')?.text ?? '', node.childForFieldName('arguments'), work, depth);
      case 'qualified_identifier': {
        const name = normalizeName(node.text);
        const n = this.host.constants.integer(node);
        return { value: n !== undefined ? constantValue(n) : { taint: [], origin: name } };
      }
      case 'initializer_list': return this.sequence(namedChildrenOf(node), work, depth);
      case 'compound_literal_expression': {
        const value = node.childForFieldName('value');
        const type = normalizeName(node.childForFieldName('type')?.text ?? '');
        const inner = value ? this.evaluate(value, work, depth + 1) : { value: CLEAN };
        return { ...inner, value: { ...inner.value, ...(type !== '' ? { origin: type } : {}) } };
      }
      case 'lambda_expression': return { value: CLEAN };
      default: {
        const parts = namedChildrenOf(node).map((c) => this.evaluate(c, work, depth + 1).value.taint);
        return { value: { taint: mergeTaint(...parts) } };
      }
    }
  }

  /** Evaluates a declaration: every declarator with its initializer or constructor arguments. */
  declare(decl: Node, work: WorkState, depth = 0): void {
    const type = normalizeName((decl.childForFieldName('type')?.text ?? '').replace(/\b(?:const|volatile|struct|static)\b/g, ' ').trim());
    for (const declarator of decl.childrenForFieldName('declarator')) {
      if (declarator?.type === 'function_declarator') this.vexingParse(declarator, type, work);
      if (!declarator || declarator.type === 'function_declarator') continue;
      const name = declaratorName(declarator)?.text;
      if (name === undefined) continue;
      const init = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      this.evaluateArraySizes(declarator, work, depth);
      if (!init) {
        const origin = /^[A-Z]|::/.test(type) ? { taint: [] as Taint, origin: type } : CLEAN;
        this.assign(name, { value: origin }, work);
        continue;
      }
      const value = init.type === 'argument_list' || (init.type === 'initializer_list' && !/^(?:[a-z_]\w*)$/.test(type) && /^[A-Z]/.test(type))
        ? this.construct(init, type, init, work, depth)
        : this.evaluate(init, work, depth + 1);
      const withOrigin = value.value.origin === undefined && /^[A-Z]|::/.test(type) ? { ...value, value: { ...value.value, origin: type } } : value;
      this.assign(name, withOrigin, work);
    }
  }

  /**
   * `std::ifstream in(argv[1]);` parses as a function declaration; inside a body, when the
   * "parameter types" are variables in scope, it is an object built from those variables.
   */
  private vexingParse(declarator: Node, type: string, work: WorkState): void {
    const params = declarator.childForFieldName('parameters');
    const name = declarator.childForFieldName('declarator');
    if (!params || name?.type !== 'identifier' || !/^[A-Za-z_][\w:]*$/.test(type)) return;
    const args: Evaluated[] = [];
    for (const param of namedChildrenOf(params)) {
      const variable = param.childForFieldName('type')?.text ?? param.text;
      if (!/^[A-Za-z_]\w*$/.test(variable) || !this.host.symbols.lookup(variable, param)) return;
      args.push({ value: stripConstant(this.variable(variable, param, work).value) });
    }
    this.host.onCall(params, { name: type, node: declarator }, args, undefined);
    this.assign(name.text, this.constructed(type, args), work);
  }

  private evaluateArraySizes(declarator: Node, work: WorkState, depth: number): void {
    for (let d: Node | null = declarator; d; d = d.childForFieldName('declarator')) {
      const size = d.type === 'array_declarator' ? d.childForFieldName('size') : null;
      if (size) this.evaluate(size, work, depth + 1);
    }
  }

  private sequence(items: readonly Node[], work: WorkState, depth: number): Evaluated {
    const fields = new Map<string, AbstractValue>();
    const taints: Taint[] = [];
    items.forEach((item, i) => {
      const v = this.evaluate(item, work, depth + 1).value;
      fields.set(String(i), v);
      taints.push(v.taint);
    });
    return { value: { taint: mergeTaint(...taints), fields } };
  }

  private cast(node: Node, work: WorkState, depth: number): Evaluated {
    const inner = node.childForFieldName('value');
    const result = inner ? this.evaluate(inner, work, depth + 1) : { value: CLEAN };
    const type = node.childForFieldName('type')?.text.replace(/\s+/g, ' ').trim() ?? '';
    const size = scalarSize(type);
    // A cast to a narrow unsigned type bounds the value; other casts keep what is known.
    if (size !== undefined && size < 4 && signednessOf(type) === 'unsigned') return { value: result.value, range: { lo: 0, hi: 2 ** (size * 8) - 1 } };
    return result;
  }

  private assignment(node: Node, work: WorkState, depth: number): Evaluated {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text ?? '=';
    if (!left || !right) return { value: CLEAN };
    const rhs = this.evaluate(right, work, depth + 1);
    const target = unwrap(left);
    if (target.type !== 'identifier') {
      // `buf[i] = c`, `*p = v`, `s->f = v`: the object now holds the value too.
      if (target.type === 'subscript_expression') this.evaluateIndex(target, work, depth);
      this.taintBase(target, rhs.value.taint, work);
      return rhs;
    }
    if (op === '=') {
      this.assign(target.text, rhs, work);
      return rhs;
    }
    const old = this.variable(target.text, target, work);
    const stringy = this.isStringValue(target, old.value);
    const taint = mergeTaint(old.value.taint, rhs.value.taint);
    const value: AbstractValue = { taint: stringy && op === '+=' ? markComposed(taint) : taint, ...(old.value.origin !== undefined ? { origin: old.value.origin } : {}) };
    const range = combineRanges(op.slice(0, -1), old.range, rhs.range);
    this.assign(target.text, range ? { value, range } : { value }, work);
    return { value };
  }

  private update(node: Node, work: WorkState, depth: number): Evaluated {
    const arg = node.childForFieldName('argument');
    if (!arg) return { value: CLEAN };
    const current = this.evaluate(arg, work, depth + 1);
    const name = unwrap(arg).type === 'identifier' ? unwrap(arg).text : undefined;
    if (name !== undefined) {
      const delta = node.text.includes('++') ? 1 : -1;
      const shifted = current.range ? combineRanges('+', current.range, { lo: delta, hi: delta }) : undefined;
      this.assign(name, shifted ? { value: stripConstant(current.value), range: shifted } : { value: stripConstant(current.value) }, work);
    }
    return { value: stripConstant(current.value) };
  }

  private binary(node: Node, work: WorkState, depth: number): Evaluated {
    const op = node.childForFieldName('operator')?.text ?? '';
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    if (!leftNode || !rightNode) return { value: CLEAN };
    if (op === '>>' && STREAM_INPUTS.test(normalizeName(unwrap(leftNode).text))) return this.streamInput(node, rightNode, work);
    const left = this.evaluate(leftNode, work, depth + 1);
    if ((op === '&&' || op === '||')) {
      this.evaluate(rightNode, work, depth + 1);
      return { value: CLEAN, range: { lo: 0, hi: 1 } };
    }
    const right = this.evaluate(rightNode, work, depth + 1);
    if (['<', '>', '<=', '>=', '==', '!='].includes(op)) return { value: CLEAN, range: { lo: 0, hi: 1 } };
    if (op === '<<' && this.isListLike(leftNode, left.value)) return this.append(leftNode, left.value, right.value, work);
    if (op === '+' && (this.isStringValue(leftNode, left.value) || this.isStringValue(rightNode, right.value))) return { value: concatenate(left.value, right.value) };
    const folded = this.host.constants.integer(node);
    if (folded !== undefined) return { value: constantValue(folded), range: { lo: folded, hi: folded } };
    const taint = mergeTaint(left.value.taint, right.value.taint);
    return withRange({ taint }, arithmeticRange(op, left.range, right.range));
  }

  /** `std::cin >> a >> b`: every target receives standard input. */
  private streamInput(node: Node, right: Node, work: WorkState): Evaluated {
    const source = sourceTaint('stdin', 'std::cin', right, 'high');
    for (let n: Node | null = node; n && n.type === 'binary_expression'; n = n.childForFieldName('left')) {
      const target = n.childForFieldName('right');
      const name = target ? variableOf(target) : undefined;
      if (name !== undefined && target) this.assign(name, { value: { taint: addStep(source, lineOf(target), target.startPosition.column + 1, `${name} read from standard input`) } }, work);
    }
    return { value: { taint: [], origin: 'std::cin' } };
  }

  private unary(node: Node, work: WorkState, depth: number): Evaluated {
    const arg = node.childForFieldName('argument');
    const op = node.childForFieldName('operator')?.text ?? '';
    if (!arg) return { value: CLEAN };
    const inner = this.evaluate(arg, work, depth + 1);
    if (op === '!') return { value: CLEAN, range: { lo: 0, hi: 1 } };
    const folded = this.host.constants.integer(node);
    if (folded !== undefined) return { value: constantValue(folded), range: { lo: folded, hi: folded } };
    if (op === '-' && inner.range) return withRange(stripConstant(inner.value), { ...(inner.range.hi !== undefined ? { lo: -inner.range.hi } : {}), ...(inner.range.lo !== undefined ? { hi: -inner.range.lo } : {}) });
    return { value: stripConstant(inner.value) };
  }

  private subscript(node: Node, work: WorkState, depth: number): Evaluated {
    const arg = node.childForFieldName('argument');
    const base = arg ? this.evaluate(arg, work, depth + 1).value : CLEAN;
    const index = this.evaluateIndex(node, work, depth);
    const key = index?.value.constant !== undefined ? String(index.value.constant) : undefined;
    const element = (key !== undefined ? base.fields?.get(key) : undefined) ?? base.rest;
    return { value: element ? { taint: mergeTaint(element.taint, base.taint) } : stripConstant(base) };
  }

  /** Evaluates the index of a subscript expression (C: `index`, C++: `indices`). */
  evaluateIndex(node: Node, work: WorkState, depth: number): Evaluated | undefined {
    const index = indexOf(node);
    return index ? this.evaluate(index, work, depth + 1) : undefined;
  }

  private conditional(node: Node, work: WorkState, depth: number): Evaluated {
    const condition = node.childForFieldName('condition');
    if (condition) this.evaluate(condition, work, depth + 1);
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    // Each branch sees what the condition says on its side (`n < sizeof buf ? n : sizeof buf`).
    const branch = (expr: Node | null, truth: boolean): Evaluated => {
      if (!expr) return { value: CLEAN };
      const refined = condition ? refineCondition(condition, truth, work, this.host.constants) : work;
      return this.evaluate(expr, refined ? toWork(refined) : work, depth + 1);
    };
    const left = branch(a, true);
    const right = branch(b, false);
    const range = left.range && right.range ? { ...(left.range.lo !== undefined && right.range.lo !== undefined ? { lo: Math.min(left.range.lo, right.range.lo) } : {}), ...(left.range.hi !== undefined && right.range.hi !== undefined ? { hi: Math.max(left.range.hi, right.range.hi) } : {}) } : undefined;
    const sameConstant = left.value.constant !== undefined && left.value.constant === right.value.constant;
    return withRange({ taint: mergeTaint(left.value.taint, right.value.taint), ...(sameConstant ? { constant: left.value.constant ?? null } : {}) }, range);
  }

  private call(node: Node, work: WorkState, depth: number): Evaluated {
    const callee = calleeOf(node);
    const receiver = callee?.receiver ? this.evaluate(callee.receiver, work, depth + 1) : undefined;
    if (!callee?.receiver) {
      const fn = node.childForFieldName('function');
      if (fn && fn.type !== 'identifier' && fn.type !== 'qualified_identifier' && fn.type !== 'template_function') this.evaluate(fn, work, depth + 1);
    }
    const args = argumentsOf(node).map((a) => this.evaluate(a, work, depth + 1));
    this.host.onCall(node, callee, args, receiver);
    if (!callee) return { value: { taint: mergeTaint(...args.map((a) => a.value.taint)) } };
    // A `T(args)` call to a class is a constructor.
    if (!callee.receiver && /^[A-Z]\w*$/.test(callee.name) && this.host.symbols.lookup(callee.name, node) === undefined && !this.isFunctionName(callee.name)) {
      return this.constructed(callee.name, args);
    }
    return applyCall(this, { node, callee, args, ...(receiver ? { receiver } : {}), work });
  }

  private isFunctionName(name: string): boolean {
    return /^(?:Q[A-Z_]+|[A-Z_]+)$/.test(name) && !/^Q[A-Z][a-z]/.test(name);
  }

  private construct(node: Node, typeText: string, argList: Node | null, work: WorkState, depth: number): Evaluated {
    const type = normalizeName(typeText);
    const args = argList ? namedChildrenOf(argList).map((a) => this.evaluate(a, work, depth + 1)) : [];
    this.host.onCall(node, { name: type, node }, args, undefined);
    return this.constructed(type, args);
  }

  /** A value built by a constructor: strings copy their argument; other objects remember their type. */
  constructed(type: string, args: readonly Evaluated[]): Evaluated {
    const first = args[0]?.value;
    if (STRING_TYPES.test(type)) {
      if (args.length === 1 && first) return { value: { ...first, origin: type } };
      return { value: { taint: mergeTaint(...args.map((a) => a.value.taint)), origin: type } };
    }
    return { value: { taint: mergeTaint(...args.map((a) => a.value.taint)), origin: type } };
  }

  /** True when an expression is a string object or text (so `+` concatenates). */
  isStringValue(node: Node, value: AbstractValue): boolean {
    if (typeof value.constant === 'string' || value.prefix !== undefined) return true;
    if (value.origin !== undefined && STRING_TYPES.test(value.origin.replace(/^std::/, ''))) return true;
    const info = this.host.symbols.declarationOf(unwrap(node));
    return info !== undefined && info.pointer === 0 && STRING_TYPES.test(info.type);
  }

  private isListLike(node: Node, value: AbstractValue): boolean {
    if (value.fields !== undefined) return true;
    const type = value.origin ?? this.host.symbols.declarationOf(unwrap(node))?.type ?? '';
    return /^(?:QStringList|QList<QString>|QVector<QString>|vector|QTextStream|ostringstream|stringstream|QDebug|ostream)$/.test(type.replace(/^std::/, '')) || /^(?:QStringList)$/.test(unwrap(node).type === 'call_expression' ? (calleeOf(unwrap(node))?.name ?? '') : '');
  }

  /** `list << a << b`: appends elements (kept by position) and mutates a named list. */
  private append(leftNode: Node, list: AbstractValue, item: AbstractValue, work: WorkState): Evaluated {
    const fields = new Map(list.fields ?? []);
    fields.set(String(fields.size), item);
    const origin = list.origin ?? this.host.symbols.declarationOf(unwrap(leftNode))?.type ?? 'QStringList';
    const stream = /stream|QTextStream|QDebug/i.test(origin);
    const value: AbstractValue = { taint: stream ? markComposed(mergeTaint(list.taint, item.taint)) : mergeTaint(list.taint, item.taint), fields, origin };
    const name = variableOf(leftNode);
    if (name !== undefined) work.values.set(name, value);
    return { value };
  }

  private typeRange(name: string, at: Node, value: AbstractValue): Range | undefined {
    if (typeof value.constant === 'number') return { lo: value.constant, hi: value.constant };
    const info = this.host.symbols.lookup(name, at);
    if (!info || info.pointer > 0 || info.dims.length > 0) return undefined;
    const size = scalarSize(info.type);
    const sign = signednessOf(info.type);
    if (size === undefined || sign === undefined) return undefined;
    if (sign === 'unsigned') return size < 8 ? { lo: 0, hi: 2 ** (size * 8) - 1 } : { lo: 0 };
    return size < 4 ? { lo: -(2 ** (size * 8 - 1)), hi: 2 ** (size * 8 - 1) - 1 } : undefined;
  }
}

/** The index expression of a subscript. */
export function indexOf(node: Node): Node | undefined {
  const direct = node.childForFieldName('index');
  if (direct) return direct;
  return namedChildrenOf(node.childForFieldName('indices'))[0];
}

/** The variable whose memory an lvalue designates: `buf` for `buf[i]`, `*p`, `p->f`, `&x`. */
export function baseVariable(node: Node): string | undefined {
  let current = unwrap(node);
  for (let i = 0; i < 8; i++) {
    if (current.type === 'identifier') return current.text;
    const next = current.childForFieldName('argument') ?? (current.type === 'cast_expression' ? current.childForFieldName('value') : null);
    if (!next) return undefined;
    current = unwrap(next);
  }
  return undefined;
}

/** The variable an expression names directly, allowing `&x`. */
export function variableOf(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'pointer_expression' && n.childForFieldName('operator')?.text === '&') {
    const arg = n.childForFieldName('argument');
    return arg ? variableOf(arg) : undefined;
  }
  return undefined;
}

/** A fresh flow from a source, at `at`. */
export function sourceTaint(kind: Parameters<typeof makeSource>[0], label: string, at: Node, confidence: 'low' | 'medium' | 'high'): Taint {
  return [makeFlow(makeSource(kind, label, at, confidence), undefined, 0, false)];
}

function makeSource(kind: 'web' | 'cli' | 'stdin' | 'env' | 'file' | 'network' | 'param', label: string, at: Node, confidence: 'low' | 'medium' | 'high') {
  return { kind, label, line: lineOf(at), column: at.startPosition.column + 1, confidence };
}

/** `a + b` on strings: constant when both are, composed when a value is spliced into text. */
export function concatenate(a: AbstractValue, b: AbstractValue): AbstractValue {
  if (typeof a.constant === 'string' && typeof b.constant === 'string') return constantValue(a.constant + b.constant);
  const hasText = typeof a.constant === 'string' || typeof b.constant === 'string' || a.prefix !== undefined;
  const taint = mergeTaint(a.taint, b.taint);
  const prefix = typeof a.constant === 'string' ? a.constant : a.prefix;
  return { taint: hasText ? markComposed(taint) : taint, ...(prefix !== undefined ? { prefix } : {}), origin: 'QString' };
}

export function stripConstant(value: AbstractValue): AbstractValue {
  if (value.constant === undefined && value.prefix === undefined && value.fields === undefined) return value;
  return { taint: value.taint, ...(value.origin !== undefined ? { origin: value.origin } : {}) };
}

function withRange(value: AbstractValue, range: Range | undefined): Evaluated {
  return range ? { value, range } : { value };
}

function arithmeticRange(op: string, a: Range | undefined, b: Range | undefined): Range | undefined {
  if (op === '%' && b?.lo !== undefined && b.lo > 0 && b.hi !== undefined) return a?.lo !== undefined && a.lo >= 0 ? { lo: 0, hi: b.hi - 1 } : { lo: -(b.hi - 1), hi: b.hi - 1 };
  if (op === '&' && b?.lo !== undefined && b.lo >= 0 && b.hi !== undefined) return { lo: 0, hi: b.hi };
  if (op === '/' && a && b?.lo !== undefined && b.lo > 0) return { ...(a.lo !== undefined ? { lo: Math.min(0, a.lo) } : {}), ...(a.hi !== undefined ? { hi: Math.max(0, a.hi) } : {}) };
  if (op === '>>' && a?.lo !== undefined && a.lo >= 0) return { lo: 0, ...(a.hi !== undefined ? { hi: a.hi } : {}) };
  return combineRanges(op, a, b);
}

import { callArguments, dottedName, namedChildrenOf, unwrapParens } from '../ast.js';
import { UNKNOWN, isTruthy, stringLiteralValue } from '../constants.js';
import type { PyConstant } from '../constants.js';
import type { Node } from '../parser.js';
import { applyMethodModel } from './methods.js';
import type { CallParts } from './methods.js';
import { copyState } from './env.js';
import type { FlowEnv, State } from './env.js';
import type { SinkSpec, SinkTarget, SourceSpec } from '../../../dataflow/spec.js';
import {
  ALL_KINDS, CLEAN, addStep, cleans, cleanse, constantValue, deepTaint, joinValues, kindMask, makeFlow, markComposed, mergeTaint,
} from '../../../dataflow/taint.js';
import type { AbstractValue, Mutable, SinkKind, Taint } from '../../../dataflow/taint.js';

const NO_KEYWORDS: ReadonlyMap<string, AbstractValue> = new Map();
const NO_KEYWORD_NODES: ReadonlyMap<string, Node> = new Map();
/** Text that marks a string as HTML for the reflected-XSS check. */
const HTML_TAG = /<[a-zA-Z!/]/;

/**
 * Evaluates expressions to abstract values: taint with its paths, constants, container
 * fields, string prefixes and creators (origins). Records sink hits through the env.
 */
export class Evaluator {
  constructor(private readonly env: FlowEnv) {}

  evaluate(node: Node, state: State): AbstractValue {
    switch (node.type) {
      case 'identifier':
        return this.identifier(node, state);
      case 'attribute':
        return this.attribute(node, state);
      case 'call':
        return this.call(node, state);
      case 'subscript':
        return this.subscript(node, state);
      case 'string':
        return this.string(node, state);
      case 'concatenated_string':
        return this.concatenation(namedChildrenOf(node).map((p) => this.evaluate(p, state)));
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none': {
        const value = this.env.facts.constants.evaluate(node);
        return value === UNKNOWN ? CLEAN : constantValue(value);
      }
      case 'binary_operator':
        return this.binary(node, state);
      case 'boolean_operator':
        return this.booleanOperator(node, state);
      case 'not_operator': {
        const operand = node.childForFieldName('argument');
        const value = operand ? this.evaluate(operand, state) : CLEAN;
        return value.constant === undefined ? CLEAN : constantValue(!isTruthy(value.constant));
      }
      case 'comparison_operator':
        return this.comparison(node, state);
      case 'unary_operator': {
        const operand = node.childForFieldName('argument');
        const value = operand ? this.evaluate(operand, state) : CLEAN;
        const op = node.childForFieldName('operator')?.text;
        if (typeof value.constant === 'number') return constantValue(op === '-' ? -value.constant : op === '~' ? ~value.constant : value.constant);
        return { taint: value.taint };
      }
      case 'parenthesized_expression':
        return this.evaluate(unwrapParens(node), state);
      case 'tuple':
      case 'list':
      case 'expression_list':
      case 'pattern_list':
        return this.sequence(namedChildrenOf(node).filter((c) => c.type !== 'comment'), state);
      case 'set': {
        const items = namedChildrenOf(node).map((c) => this.evaluate(c, state));
        const constants = items.flatMap((i) => (i.constant === undefined ? [] : [i.constant]));
        const rest = this.joinAll(items);
        return constants.length === items.length ? { taint: [], rest, constant: constants } : { taint: [], rest };
      }
      case 'dictionary':
        return this.dictionary(node, state);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node, state);
      case 'conditional_expression':
        return this.conditional(node, state);
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const valueNode = node.childForFieldName('value');
        const value = valueNode ? this.evaluate(valueNode, state) : CLEAN;
        if (name) state.set(name.text, withStep(value, name, name.text));
        return value;
      }
      case 'await':
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument':
      case 'type':
        return node.namedChildren[node.namedChildren.length - 1] ? this.evaluate(node.namedChildren[node.namedChildren.length - 1] as Node, state) : CLEAN;
      case 'lambda': {
        this.lambdaBody(node, state);
        // A named lambda is a function of the file: calling the name applies its summary.
        const key = this.env.lambdaKey(node);
        return key === undefined ? CLEAN : { taint: [], functionKey: key };
      }
      case 'yield':
        return this.yieldExpression(node, state);
      case 'slice':
      case 'ellipsis':
      case 'comment':
        return CLEAN;
      default:
        // Unknown syntax (ERROR nodes, yield …): whatever flows into it may flow out.
        return { taint: mergeTaint(...namedChildrenOf(node).map((c) => deepTaint(this.evaluate(c, state)))) };
    }
  }

  /** Deep taint of an expression, for sinks that take a whole value. */
  private joinAll(values: readonly AbstractValue[]): AbstractValue {
    return values.reduce((acc, v) => joinValues(acc, v), values[0] ?? CLEAN);
  }

  private identifier(node: Node, state: State): AbstractValue {
    const name = node.text;
    const local = state.get(name);
    if (local) return local;
    const resolved = this.env.facts.names.resolve(node);
    if (resolved !== undefined) {
      const source = this.env.specs.attributeSources.get(resolved);
      if (source) return sourceValue(source, node);
      return { taint: [], origin: resolved, callable: resolved };
    }
    return this.env.lookupGlobal(name, node) ?? CLEAN;
  }

  private attribute(node: Node, state: State): AbstractValue {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return CLEAN;
    const dotted = dottedName(node);
    // `self.x` is tracked per method first, then per class.
    if (dotted !== undefined && object.type === 'identifier' && object.text === 'self') {
      const tracked = state.get(dotted) ?? this.env.classField(attr);
      if (tracked) return tracked;
    }
    let resolvedName: string | undefined;
    if (!(object.type === 'identifier' && state.has(object.text))) {
      resolvedName = this.env.facts.names.resolve(node);
      if (resolvedName !== undefined) {
        const source = this.env.specs.attributeSources.get(resolvedName);
        if (source) return sourceValue(source, node);
      }
    }
    const base = this.evaluate(object, state);
    const field = base.fields?.get(attr);
    if (field) return field;
    if (base.origin?.startsWith('local:') === true) {
      // `Config.CMD`, `config.CMD`: an attribute the body of a class of this file binds. An
      // object that is itself untrusted (a form filled from the request) keeps its own taint.
      const classAttribute = base.taint.length === 0 ? this.env.classAttribute(base.origin.slice('local:'.length), attr) : undefined;
      if (classAttribute) return classAttribute;
      // `obj.prop` where prop is a @property of a class in this file: the getter's result.
      const viaGetter = this.env.readProperty(node, base, attr);
      if (viaGetter) return viaGetter;
    }
    if (base.fields && base.rest) return base.rest;
    return {
      taint: base.fields ? [] : base.taint,
      ...(base.origin !== undefined ? { origin: `${base.origin}.${attr}` } : {}),
      // `os.system` as a value: a reference to that function.
      ...(resolvedName !== undefined ? { callable: resolvedName } : {}),
    };
  }

  private subscript(node: Node, state: State): AbstractValue {
    const valueNode = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!valueNode) return CLEAN;
    const container = this.evaluate(valueNode, state);
    const key = index ? this.evaluate(index, state) : CLEAN;
    if (index?.type === 'slice') return { taint: deepTaint(container), ...(container.rest ? { rest: container.rest } : {}) };
    if (container.fields || container.rest) {
      if (key.constant !== undefined && (typeof key.constant === 'string' || typeof key.constant === 'number')) {
        const field = container.fields?.get(String(key.constant));
        if (field) return field;
        return container.rest ?? { taint: container.taint };
      }
      return { taint: deepTaint(container) };
    }
    if (typeof container.constant === 'string' || Array.isArray(container.constant)) return CLEAN;
    return { taint: container.taint };
  }

  private string(node: Node, state: State): AbstractValue {
    const literal = stringLiteralValue(node);
    if (literal !== undefined) return { ...constantValue(literal), ...(HTML_TAG.test(literal) ? { html: true } : {}) };
    // An f-string: constant text around interpolated values.
    let prefix = '';
    let inPrefix = true;
    let html = false;
    const taints: Taint[] = [];
    for (const part of namedChildrenOf(node)) {
      if (part.type === 'string_content') {
        if (inPrefix) prefix += part.text;
        html ||= HTML_TAG.test(part.text);
      } else if (part.type === 'interpolation') {
        const expr = part.childForFieldName('expression') ?? part.namedChildren[0];
        const value = expr ? this.evaluate(expr, state) : CLEAN;
        if (typeof value.constant === 'string' || typeof value.constant === 'number') {
          if (inPrefix) prefix += String(value.constant);
        } else {
          inPrefix = false;
        }
        taints.push(deepTaint(value));
        html ||= value.html === true;
      }
    }
    // Composed: program text comes before the data (the code builds a value around it).
    const hasText = prefix.trim() !== '';
    const taint = mergeTaint(...taints);
    return { taint: hasText ? markComposed(taint) : taint, ...(prefix ? { prefix } : {}), ...(html ? { html } : {}) };
  }

  private concatenation(parts: readonly AbstractValue[]): AbstractValue {
    let constant: string | undefined = '';
    let prefix = '';
    let inPrefix = true;
    for (const part of parts) {
      if (typeof part.constant === 'string') {
        if (constant !== undefined) constant += part.constant;
        if (inPrefix) prefix += part.constant;
      } else {
        constant = undefined;
        if (inPrefix) prefix += part.prefix ?? '';
        inPrefix = false;
      }
    }
    const merged = mergeTaint(...parts.map((p) => p.taint));
    const html = parts.some((p) => p.html === true);
    if (constant !== undefined) return { ...constantValue(constant), ...(html ? { html } : {}) };
    // Composed: constant text precedes the first tainted part (`"SELECT … " + x`), so the code
    // builds the dangerous value around the data, rather than appending to what it was given.
    const withText = prefix.trim() !== '';
    const taint = withText ? markComposed(merged) : merged;
    return { taint, ...(prefix ? { prefix } : {}), ...(html ? { html } : {}) };
  }

  private binary(node: Node, state: State): AbstractValue {
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text ?? '';
    if (!leftNode || !rightNode) return CLEAN;
    const left = this.evaluate(leftNode, state);
    const right = this.evaluate(rightNode, state);
    const folded = foldBinary(op, left.constant, right.constant);
    if (folded !== undefined) return constantValue(folded);
    const taint = mergeTaint(deepTaint(left), deepTaint(right));
    const html = left.html === true || right.html === true;
    if (op === '+') {
      const joined = this.concatenation([left, right]);
      // Nested containers and non-string operands still carry their (deep) taint.
      return { ...joined, taint: joined.taint.length === taint.length ? joined.taint : mergeTaint(joined.taint, taint) };
    }
    if ((op === '%' || op === '+') && isMarkup(left)) {
      // markupsafe escapes what is formatted into or added to a Markup string.
      return { taint: mergeTaint(left.taint, cleanse(deepTaint(right), kindMask(['xss']))), origin: left.origin ?? 'markupsafe.Markup' };
    }
    if (op === '%' && typeof left.constant === 'string') {
      const cut = left.constant.indexOf('%');
      const prefix = cut === -1 ? left.constant : left.constant.slice(0, cut);
      return { taint: markComposed(taint), ...(prefix ? { prefix } : {}), ...(html ? { html } : {}) };
    }
    if (op === '/' && left.origin?.startsWith('pathlib.') === true) {
      // `BASE / name` builds another Path.
      return { taint, origin: 'pathlib.Path' };
    }
    if (left.fields || right.fields || left.rest || right.rest) {
      // List/tuple concatenation or repetition keeps elements.
      return { taint: [], rest: { taint } };
    }
    return { taint, ...(html ? { html } : {}) };
  }

  private booleanOperator(node: Node, state: State): AbstractValue {
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text;
    if (!leftNode || !rightNode) return CLEAN;
    const left = this.evaluate(leftNode, state);
    const leftTruth = truthOf(left);
    if (leftTruth !== undefined) {
      if ((op === 'and' && !leftTruth) || (op === 'or' && leftTruth)) return left;
      return this.evaluate(rightNode, state);
    }
    const right = this.evaluate(rightNode, state);
    const joined = joinValues(left, right);
    // `x or True` is truthy and `x and False` falsy, whatever x is.
    const rightTruth = truthOf(right);
    if (op === 'or' && rightTruth === true) return { ...joined, truthy: true };
    if (op === 'and' && rightTruth === false) return { ...joined, truthy: false };
    return joined;
  }

  /**
   * The file's functions a callee may take from a container, by subscript (`ACTIONS[key]`) or
   * by `.get` (`ACTIONS.get(key)`, whose default may be one too): the one under a constant key,
   * or, when the key is not known, every function the container holds (any of them may run).
   */
  private heldFunctions(callee: Node, state: State): string[] | undefined {
    let containerNode: Node | null;
    let index: Node | undefined;
    let fallback: Node | undefined;
    if (callee.type === 'subscript') {
      containerNode = callee.childForFieldName('value');
      index = callee.childForFieldName('subscript') ?? undefined;
    } else {
      const method = callee.childForFieldName('function');
      if (method?.type !== 'attribute' || method.childForFieldName('attribute')?.text !== 'get') return undefined;
      containerNode = method.childForFieldName('object');
      const args = callArguments(callee).positional;
      if (args.length === 0 || args.length > 2) return undefined;
      [index, fallback] = args;
    }
    if (!containerNode || !index) return undefined;
    const fields = this.evaluate(containerNode, state).fields;
    if (!fields) return undefined;
    const key = this.evaluate(index, state).constant;
    const candidates = typeof key === 'string' || typeof key === 'number' ? [fields.get(String(key))] : [...fields.values()];
    if (fallback) candidates.push(this.evaluate(fallback, state));
    const keys = [...new Set(candidates.flatMap((value) => (value?.functionKey !== undefined ? [value.functionKey] : [])))];
    return keys.length > 0 ? keys : undefined;
  }

  /** Sinks inside a lambda body are checked where the lambda is written; its parameters are unknown. */
  private lambdaBody(node: Node, state: State): void {
    const body = node.childForFieldName('body');
    if (!body) return;
    const inner: State = copyState(state);
    for (const id of node.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []) if (id) inner.set(id.text, CLEAN);
    this.evaluate(body, inner);
  }

  /** `yield x` / `yield from xs`: the values become elements of the generator's result. */
  private yieldExpression(node: Node, state: State): AbstractValue {
    const expr = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (!expr) return CLEAN;
    const value = this.evaluate(expr, state);
    const isFrom = node.children.some((c) => c?.type === 'from');
    this.env.recordYield(isFrom ? elementOf(value) : value);
    return CLEAN;
  }

  private comparison(node: Node, state: State): AbstractValue {
    const operands = namedChildrenOf(node);
    const operators = node.children.filter((c) => c !== null && !c.isNamed).map((c) => c?.type ?? '');
    const values = operands.map((o) => this.evaluate(o, state));
    if (values.length === 2 && operators.length >= 1) {
      const [a, b] = values;
      const folded = foldComparison(operators.join(' '), a?.constant, b?.constant);
      if (folded !== undefined) return constantValue(folded);
    }
    return CLEAN;
  }

  private sequence(items: readonly Node[], state: State): AbstractValue {
    const fields = new Map<string, AbstractValue>();
    const constants: PyConstant[] = [];
    let allConstant = true;
    let rest: AbstractValue | undefined;
    items.forEach((item, i) => {
      if (item.type === 'list_splat') {
        const spread = this.evaluate(item, state);
        rest = rest ? joinValues(rest, { taint: deepTaint(spread) }) : { taint: deepTaint(spread) };
        allConstant = false;
        return;
      }
      const value = this.evaluate(item, state);
      fields.set(String(i), value);
      if (value.constant === undefined) allConstant = false;
      else constants.push(value.constant);
    });
    return {
      taint: [],
      fields,
      ...(rest ? { rest } : {}),
      ...(allConstant ? { constant: constants } : {}),
    };
  }

  private dictionary(node: Node, state: State): AbstractValue {
    const fields = new Map<string, AbstractValue>();
    let rest: AbstractValue | undefined;
    for (const entry of namedChildrenOf(node)) {
      if (entry.type === 'pair') {
        const keyNode = entry.childForFieldName('key');
        const valueNode = entry.childForFieldName('value');
        const key = keyNode ? this.evaluate(keyNode, state) : CLEAN;
        const value = valueNode ? this.evaluate(valueNode, state) : CLEAN;
        if (typeof key.constant === 'string' || typeof key.constant === 'number') fields.set(String(key.constant), value);
        else rest = rest ? joinValues(rest, value) : { ...value, taint: mergeTaint(value.taint, key.taint) };
      } else if (entry.type === 'dictionary_splat') {
        const spread = this.evaluate(entry, state);
        for (const [k, v] of spread.fields ?? []) fields.set(k, v);
        if (spread.rest || spread.taint.length > 0) rest = joinValues(rest ?? CLEAN, { taint: mergeTaint(spread.taint, spread.rest?.taint ?? []) });
      }
    }
    return { taint: [], fields, ...(rest ? { rest } : {}) };
  }

  private comprehension(node: Node, state: State): AbstractValue {
    // Comprehensions have their own scope: bind loop variables in a copy of the state.
    const inner: State = copyState(state);
    for (const clause of namedChildrenOf(node)) {
      if (clause.type !== 'for_in_clause') continue;
      const target = clause.childForFieldName('left');
      const iterable = clause.childForFieldName('right');
      if (target && iterable) this.env.bindTarget(target, elementOf(this.evaluate(iterable, inner)), inner);
    }
    const body = node.childForFieldName('body');
    if (!body) return CLEAN;
    if (body.type === 'pair') {
      const key = body.childForFieldName('key');
      const value = body.childForFieldName('value');
      const taint = mergeTaint(key ? deepTaint(this.evaluate(key, inner)) : [], value ? deepTaint(this.evaluate(value, inner)) : []);
      return { taint: [], rest: { taint } };
    }
    const element = this.evaluate(body, inner);
    return { taint: [], rest: element };
  }

  private conditional(node: Node, state: State): AbstractValue {
    const [whenTrue, condition, whenFalse] = namedChildrenOf(node);
    if (!whenTrue || !condition || !whenFalse) return CLEAN;
    const test = this.evaluate(condition, state);
    if (test.constant !== undefined) return this.evaluate(isTruthy(test.constant) ? whenTrue : whenFalse, state);
    return joinValues(this.evaluate(whenTrue, state), this.evaluate(whenFalse, state));
  }

  // ---- calls ---------------------------------------------------------------------------

  private call(node: Node, state: State): AbstractValue {
    const callee = node.childForFieldName('function');
    if (!callee) return CLEAN;
    const parts = this.callParts(node, callee, state);
    const qualified = parts.receiverNode && parts.receiverNode.type === 'identifier' && state.has(parts.receiverNode.text)
      ? undefined
      : callee.type === 'identifier' && (state.has(callee.text) || this.env.lookupGlobal(callee.text, callee)?.callable !== undefined)
        ? this.aliasedCallable(callee, state)
        : this.env.facts.names.resolveCall(node);

    // A function of this file, by name or method, or taken from a container (`ACTIONS[name](…)`,
    // `ACTIONS.get(name)(…)`).
    const held = callee.type === 'subscript' || callee.type === 'call' ? this.heldFunctions(callee, state) : undefined;
    const local = held ? this.env.applyLocalFunctions(node, held, parts) : this.env.resolveLocalCall(node, callee, parts, state);
    if (local) return local;

    // Sinks first: `Path(tainted).read_text()` is a path sink that also reads file data.
    const sinkCheck = this.checkSinks(node, qualified, parts);
    const reportedKinds = sinkCheck.reported;
    const source = this.matchSource(qualified, parts);
    if (source) return sourceValue(source, node);

    // What a sink call returns has been reported at the sink; don't report it again downstream
    // (`session.execute(text(sql))` is one defect, found at text()): see reportedKinds below.

    if (qualified === 'len') {
      const c = parts.positional[0]?.constant;
      if (typeof c === 'string' || Array.isArray(c)) return constantValue(c.length);
    }
    const sanitizer = (qualified !== undefined ? this.env.specs.callSanitizers.get(qualified) : undefined) ??
      (parts.method !== undefined && qualified === undefined ? this.env.specs.methodSanitizers.get(parts.method) : undefined);
    const all = mergeTaint(...parts.positional.map(deepTaint), ...[...parts.keywords.values()].map(deepTaint));
    if (sanitizer !== undefined) {
      // A value converted to a number, a UUID or a hash carries nothing an attacker chose.
      if (sanitizer === ALL_KINDS) return qualified ? { taint: [], origin: qualified } : CLEAN;
      const cleaned = cleanse(mergeTaint(all, parts.receiver ? parts.receiver.taint : []), sanitizer);
      return { taint: cleaned, ...(qualified ? { origin: qualified } : {}) };
    }

    const modelled = applyMethodModel(parts, qualified, state, this.env);
    if (modelled) return reportedKinds === 0 ? modelled : { ...modelled, taint: cleanse(modelled.taint, reportedKinds) };

    // Anything else: assume the result carries what went in.
    const origin = qualified ?? (parts.receiver?.origin !== undefined && parts.method ? `${parts.receiver.origin}.${parts.method}` : undefined);
    // A known sink's result depends on its sensitive input only: the body fetched from a fixed
    // URL does not carry the taint of the HTTP method passed alongside it.
    const carried = sinkCheck.matched ? sinkCheck.targets : mergeTaint(all, parts.receiver ? deepTaint(parts.receiver) : []);
    return {
      taint: cleanse(carried, reportedKinds),
      ...(origin !== undefined ? { origin } : {}),
    };
  }

  /** `run = os.system; run(cmd)`: a name bound to a function reference calls that function. */
  private aliasedCallable(callee: Node, state: State): string | undefined {
    return (state.get(callee.text) ?? this.env.lookupGlobal(callee.text, callee))?.callable;
  }

  private callParts(node: Node, callee: Node, state: State): CallParts {
    const positional: AbstractValue[] = [];
    const positionalNodes: Node[] = [];
    // Most calls pass no keywords: their parts share one empty map.
    let keywords: Map<string, AbstractValue> | undefined;
    let keywordNodes: Map<string, Node> | undefined;
    let splat: AbstractValue | undefined;
    const args = node.childForFieldName('arguments');
    for (const arg of args?.type === 'argument_list' ? namedChildrenOf(args) : args ? [args] : []) {
      if (arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const valueNode = arg.childForFieldName('value');
        if (name && valueNode) {
          (keywords ??= new Map()).set(name, this.evaluate(valueNode, state));
          (keywordNodes ??= new Map()).set(name, valueNode);
        }
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        const value = this.evaluate(arg, state);
        splat = splat ? joinValues(splat, value) : value;
      } else {
        positional.push(this.evaluate(arg, state));
        positionalNodes.push(arg);
      }
    }
    const receiverNode = callee.type === 'attribute' ? (callee.childForFieldName('object') ?? undefined) : undefined;
    const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    const receiver = receiverNode ? this.evaluate(receiverNode, state) : undefined;
    if (splat) positional.push({ taint: deepTaint(splat) });
    // Set field by field: conditional spreads allocate a small object each, on every call evaluated.
    const parts: Mutable<CallParts> = {
      node,
      positional,
      positionalNodes,
      keywords: keywords ?? NO_KEYWORDS,
      keywordNodes: keywordNodes ?? NO_KEYWORD_NODES,
    };
    if (receiver) parts.receiver = receiver;
    if (receiverNode) parts.receiverNode = receiverNode;
    if (method !== undefined) parts.method = method;
    return parts;
  }

  private matchSource(qualified: string | undefined, parts: CallParts): SourceSpec | undefined {
    if (qualified !== undefined) {
      const byCall = this.env.specs.callSources.get(qualified);
      if (byCall) return byCall;
    }
    if (parts.method === undefined || parts.receiver?.origin === undefined) return undefined;
    const origin = parts.receiver.origin;
    return this.env.specs.methodSources.get(parts.method)?.find((s) => s.method?.receiverOrigins.includes(origin));
  }

  private checkSinks(node: Node, qualified: string | undefined, parts: CallParts): { reported: number; matched: boolean; targets: Taint } {
    let reported = 0;
    let matched = false;
    const targets: Taint[] = [];
    const candidates: SinkSpec[] = [];
    if (qualified !== undefined) candidates.push(...(this.env.specs.callSinks.get(qualified) ?? []));
    // A method on an imported object (`User.objects.raw`) is still a method call.
    if (parts.method !== undefined && candidates.length === 0) {
      for (const spec of this.env.specs.methodSinks.get(parts.method) ?? []) {
        const importedHere = spec.whenImported !== undefined && this.env.facts.names.importsModule(spec.whenImported);
        if (spec.receiverOrigins && !importedHere && !spec.receiverOrigins.includes(parts.receiver?.origin ?? '')) continue;
        if (!spec.receiverOrigins && spec.whenImported !== undefined && !importedHere) continue;
        if (spec.receiverSuffixes) {
          const receiverName = parts.receiverNode ? (dottedName(parts.receiverNode) ?? '') : '';
          if (!spec.receiverSuffixes.some((s) => receiverName === s || receiverName.endsWith(`.${s}`))) continue;
        }
        candidates.push(spec);
      }
    }
    for (const spec of candidates) {
      if (spec.whenKeywordTruthy !== undefined && !keywordMaybeTrue(parts, spec.whenKeywordTruthy)) continue;
      if (spec.unlessKeywordTruthy !== undefined && keywordMaybeTrue(parts, spec.unlessKeywordTruthy)) continue;
      if (spec.contentTypeKeywords && declaresNonHtml(parts, spec.contentTypeKeywords)) continue;
      const label = spec.label ?? qualified ?? receiverLabel(parts);
      for (const target of spec.targets) {
        const picked = pickTarget(target, parts);
        if (!picked) continue;
        matched = true;
        targets.push(deepTaint(picked.value));
        // A program name that starts with fixed text (not a directory) cannot be chosen by the attacker.
        const prefix = picked.value.prefix;
        if ('executable' in target && !picked.shellLine && prefix !== undefined && prefix !== '' && !prefix.endsWith('/')) continue;
        if (spec.kind === 'log' && 'arg' in target && reprFormatted(parts, target.arg)) continue;
        const flows = sinkFlows(spec.kind, picked.value);
        if (flows.length > 0) {
          this.env.recordHit({ kind: spec.kind, node, target: picked.node, flows, label });
          reported |= kindMask([spec.kind]);
        } else {
          const why = picked.value.constant !== undefined ? 'constant' : deepTaint(picked.value).length > 0 ? 'sanitized' : 'no untrusted data';
          this.env.recordSafeSink({ kind: spec.kind, node, label, why });
        }
      }
    }
    return { reported, matched, targets: mergeTaint(...targets) };
  }
}

/**
 * Sinks an attacker exploits from another machine: data from the command line, stdin, the
 * environment or local files is chosen by the person running the program, who can already
 * read files or open URLs themselves, so those sources do not count for these kinds.
 */
const REMOTE_ONLY: ReadonlySet<SinkKind> = new Set(['path', 'ssrf', 'redirect', 'xss', 'header', 'session', 'log', 'ldap', 'xpath', 'import', 'template']);
const LOCAL_SOURCES = new Set(['cli', 'stdin', 'env', 'file']);

/** What reaches a sink of `kind` from a value: flows not cleaned for it, with a few kind-specific exemptions. */
export function sinkFlows(kind: SinkKind, value: AbstractValue): Taint {
  return admissibleFlows(kind, sinkFlowsOf(kind, value));
}

/** Drops flows whose source does not count for this sink kind (local sources for remote-only sinks). */
export function admissibleFlows(kind: SinkKind, flows: Taint): Taint {
  return REMOTE_ONLY.has(kind) ? flows.filter((flow) => !LOCAL_SOURCES.has(flow.source.kind)) : flows;
}

function sinkFlowsOf(kind: SinkKind, value: AbstractValue): Taint {
  const prefix = value.prefix ?? (typeof value.constant === 'string' ? value.constant : undefined);
  // A URL whose scheme and host are fixed text cannot be pointed at another server.
  if ((kind === 'ssrf' || kind === 'redirect') && prefix !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.test(prefix)) return [];
  // A redirect to a path on this site ("/…" but not "//host") is not an open redirect.
  if (kind === 'redirect' && prefix !== undefined && /^\/(?![/\\])/.test(prefix)) return [];
  return deepTaint(value).filter((flow) => !cleans(flow.cleansed, kind));
}


const SHELLS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|ash|fish)$/;

function pickTarget(target: SinkTarget, parts: CallParts): { value: AbstractValue; node: Node; shellLine?: boolean } | undefined {
  if ('receiver' in target) return parts.receiver && parts.receiverNode ? { value: parts.receiver, node: parts.receiverNode } : undefined;
  if ('all' in target) {
    const all = [...parts.positional, ...parts.keywords.values()];
    return { value: { taint: mergeTaint(...all.map(deepTaint)) }, node: parts.node };
  }
  if ('executable' in target) {
    const value = parts.positional[target.executable];
    const node = parts.positionalNodes[target.executable];
    if (!value || !node) return undefined;
    // A list: only the program name (first element) selects what runs, unless the program
    // is a shell told to run a command line: ["sh", "-c", line].
    if (value.fields || value.rest) {
      const program = value.fields?.get('0');
      if (typeof program?.constant === 'string' && SHELLS.test(program.constant) && value.fields?.get('1')?.constant === '-c') {
        return { value: value.fields.get('2') ?? value.rest ?? CLEAN, node, shellLine: true };
      }
      return { value: program ?? value.rest ?? CLEAN, node };
    }
    return { value, node };
  }
  if ('arg' in target) {
    const byKeyword = target.keyword !== undefined ? parts.keywords.get(target.keyword) : undefined;
    if (byKeyword && target.keyword !== undefined) return { value: byKeyword, node: parts.keywordNodes.get(target.keyword) ?? parts.node };
    const value = parts.positional[target.arg];
    const node = parts.positionalNodes[target.arg] ?? parts.node;
    return value ? { value, node } : undefined;
  }
  const value = parts.keywords.get(target.keyword);
  return value ? { value, node: parts.keywordNodes.get(target.keyword) ?? parts.node } : undefined;
}

/** `logger.info("user %r", name)`: logging applies repr(), which escapes line breaks. */
function reprFormatted(parts: CallParts, argIndex: number): boolean {
  const format = parts.positional[0]?.constant;
  if (argIndex < 1 || typeof format !== 'string') return false;
  const conversions = [...format.matchAll(/%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])/g)]
    .map((m) => m[1])
    .filter((c) => c !== '%');
  const conversion = conversions[argIndex - 1];
  return conversion === 'r' || conversion === 'a' || conversion === 'd' || conversion === 'i' || conversion === 'f';
}

/** A readable name for a method call's receiver: `cursor.execute`, `logging.getLogger().info`. */
function receiverLabel(parts: CallParts): string {
  if (!parts.receiverNode) return 'call';
  const name = dottedName(parts.receiverNode) ?? (parts.receiver?.origin !== undefined ? `${parts.receiver.origin}()` : undefined);
  const text = parts.receiverNode.text;
  return `${name ?? (text.length <= 30 ? text : 'object')}.${parts.method ?? ''}`;
}

/** A response declared as text/plain, JSON, CSV…: the browser does not render it as HTML. */
function declaresNonHtml(parts: CallParts, keywords: readonly string[]): boolean {
  return keywords.some((k) => {
    const value = parts.keywords.get(k)?.constant;
    return typeof value === 'string' && !/html|xml|svg/i.test(value);
  });
}

function keywordMaybeTrue(parts: CallParts, keyword: string): boolean {
  const value = parts.keywords.get(keyword);
  if (!value) return false;
  return value.constant === undefined || isTruthy(value.constant);
}

/** A value built by markupsafe.Markup (or flask/jinja2's re-exports). */
export function isMarkup(value: AbstractValue): boolean {
  return value.origin !== undefined && /(^|\.)Markup$/.test(value.origin);
}

/** A tainted value read from a source, with the source as the first step. */
export function sourceValue(spec: SourceSpec, node: Node): AbstractValue {
  const line = node.startPosition.row + 1;
  const column = node.startPosition.column + 1;
  const taint: Taint = [
    makeFlow({ kind: spec.kind, label: spec.label, line, column, confidence: spec.confidence }, { line, column, note: spec.label, previous: undefined, length: 1 }, 0, false),
  ];
  return { taint };
}

/** The value of one element when iterating over `value`. */
export function elementOf(value: AbstractValue): AbstractValue {
  const parts: AbstractValue[] = [];
  if (value.rest) parts.push(value.rest);
  for (const field of value.fields?.values() ?? []) parts.push(field);
  if (parts.length === 0) return { taint: value.taint };
  const joined = parts.reduce((a, b) => joinValues(a, b));
  return value.taint.length > 0 ? { ...joined, taint: mergeTaint(joined.taint, value.taint) } : joined;
}

/** A value with an assignment step added to its flows. */
export function withStep(value: AbstractValue, at: Node, note: string): AbstractValue {
  const taint = addStep(value.taint, at.startPosition.row + 1, at.startPosition.column + 1, note);
  return taint === value.taint ? value : { ...value, taint };
}

function foldBinary(op: string, a: PyConstant | undefined, b: PyConstant | undefined): PyConstant | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0 ? undefined : a / b;
      case '//': return b === 0 ? undefined : Math.floor(a / b);
      case '%': return b === 0 ? undefined : ((a % b) + b) % b;
      case '**': return a ** b;
      case '|': return a | b;
      case '&': return a & b;
      case '^': return a ^ b;
      default: return undefined;
    }
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  return undefined;
}

/** None, True and False are singletons: `is` compares them exactly. */
function isPrimitiveSingleton(value: PyConstant): boolean {
  return value === null || value === true || value === false;
}

/** Truthiness when known: from a constant, or from `x or True`-style folding. */
export function truthOf(value: AbstractValue): boolean | undefined {
  if (value.constant !== undefined) return isTruthy(value.constant);
  return value.truthy;
}

function foldComparison(op: string, a: PyConstant | undefined, b: PyConstant | undefined): boolean | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (op === 'in' || op === 'not in') {
    let found: boolean | undefined;
    if (typeof b === 'string' && typeof a === 'string') found = b.includes(a);
    else if (Array.isArray(b)) found = b.some((x) => JSON.stringify(x) === JSON.stringify(a));
    return found === undefined ? undefined : op === 'in' ? found : !found;
  }
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  switch (op) {
    case '==': return JSON.stringify(a) === JSON.stringify(b);
    case '!=': return JSON.stringify(a) !== JSON.stringify(b);
    case 'is': return isPrimitiveSingleton(a) && isPrimitiveSingleton(b) ? a === b : undefined;
    case 'is not': return isPrimitiveSingleton(a) && isPrimitiveSingleton(b) ? a !== b : undefined;
    case '<': return comparable ? a < b : undefined;
    case '<=': return comparable ? a <= b : undefined;
    case '>': return comparable ? a > b : undefined;
    case '>=': return comparable ? a >= b : undefined;
    default: return undefined;
  }
}

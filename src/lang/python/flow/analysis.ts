import { dottedName, hasInterpolation, namedChildrenOf, unwrapParens } from '../ast.js';
import type { PythonFileFacts } from '../facts.js';
import type { Node } from '../parser.js';
import type { Cfg, Edge, Instruction } from './cfg.js';
import { copyState, sameStates } from './env.js';
import type { FlowEnv, State } from './env.js';
import { Evaluator, elementOf, sinkFlows, withStep } from './evaluate.js';
import type { FunctionInfo } from './functions.js';
import type { SafeSink, SinkHit } from '../../../dataflow/hits.js';
import type { SpecIndex } from '../../../dataflow/matcher.js';
import type { CallParts } from './methods.js';
import { refineOnEdge } from './refine.js';
import { CLEAN, deepTaint, joinValues, mergeTaint } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';

/** What one function's analysis needs from the file-level engine. */
export interface AnalysisHost {
  readonly facts: PythonFileFacts;
  readonly specs: SpecIndex;
  /** The CFG of a body; a function is analysed again when its inputs change, its CFG is built once. */
  cfgOf(body: Node): Cfg;
  /** Names declared `global` anywhere inside `body` (nested functions included). */
  globalsDeclaredIn(body: Node): ReadonlySet<string>;
  lookupGlobal(name: string, at: Node, fromFunction: FunctionInfo | undefined): AbstractValue | undefined;
  /** A field of the class `fn` belongs to; the read is remembered, so `fn` runs again when the field changes. */
  classField(classKey: string, attr: string, fn: FunctionInfo): AbstractValue | undefined;
  recordClassField(classKey: string, attr: string, value: AbstractValue): void;
  /** An attribute bound in a class body; a function's read is remembered like a field's. */
  classAttribute(classKey: string, attr: string, fn: FunctionInfo | undefined): AbstractValue | undefined;
  recordClassAttribute(classKey: string, attr: string, value: AbstractValue): void;
  /** The file's function defined by `definition` (a `function_definition`, or a named `lambda`). */
  functionDefinedBy(definition: Node): FunctionInfo | undefined;
  /** The value of a parameter's default, evaluated when the function was defined. */
  recordParameterDefault(functionKey: string, param: string, value: AbstractValue): void;
  resolveLocalCall(caller: FunctionInfo | undefined, node: Node, callee: Node, parts: CallParts, state: State): AbstractValue | undefined;
  applyLocalFunctions(caller: FunctionInfo | undefined, node: Node, keys: readonly string[], parts: CallParts): AbstractValue;
  recordHit(hit: SinkHit, fn: FunctionInfo | undefined): void;
  recordSafeSink(sink: SafeSink): void;
  readProperty(caller: FunctionInfo | undefined, node: Node, object: AbstractValue, attr: string): AbstractValue | undefined;
  validatorOf(call: Node): { readonly check: Node; readonly alias: ReadonlyMap<string, string> } | undefined;
  /** A function assigned a name it declared `global`. */
  recordGlobalWrite(name: string, value: AbstractValue): void;
  /** Returns of a web handler reach the response body. */
  readonly returnsToResponse: (fn: FunctionInfo | undefined) => boolean;
}

/** The outcome of analysing one function body (or the module body). */
export interface BodyResult {
  readonly returns: AbstractValue;
  /** State at the end of the body (used for module globals). */
  readonly exitState: State;
}

const MAX_VISITS_PER_BLOCK = 12;

/** Queued blocks, taken lowest rank (reverse postorder) first: a binary heap. */
class BlockQueue {
  private readonly heap: number[] = [];

  constructor(private readonly rank: Int32Array) {}

  get size(): number {
    return this.heap.length;
  }

  push(block: number): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(block);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(heap[parent] as number, block)) break;
      heap[i] = heap[parent] as number;
      i = parent;
    }
    heap[i] = block;
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && this.before(heap[right] as number, heap[left] as number) ? right : left;
        if (this.before(last, heap[child] as number)) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Lower rank first; the block id breaks ties (unreachable blocks share a rank). */
  private before(a: number, b: number): boolean {
    const ra = this.rank[a] as number;
    const rb = this.rank[b] as number;
    return ra < rb || (ra === rb && a < b);
  }
}

/**
 * Flow-sensitive abstract interpretation of one body over its CFG: a worklist fixpoint where
 * each block's entry state is the join of its predecessors' exit states, refined along
 * conditional edges (dead branches of constant conditions are never entered).
 */
export class BodyAnalysis implements FlowEnv {
  readonly facts: PythonFileFacts;
  readonly specs: SpecIndex;
  private readonly evaluator: Evaluator;
  private returns: AbstractValue = CLEAN;
  private hasReturn = false;
  private globals: ReadonlySet<string> | undefined;

  constructor(
    private readonly host: AnalysisHost,
    private readonly fn: FunctionInfo | undefined,
    private readonly body: Node,
  ) {
    this.facts = host.facts;
    this.specs = host.specs;
    this.evaluator = new Evaluator(this);
  }

  run(entry: State): BodyResult {
    if (this.fn?.node.type === 'lambda') {
      // A lambda's body is one expression, which is what it returns.
      const state = copyState(entry);
      return { returns: this.evaluator.evaluate(this.body, state), exitState: state };
    }
    const cfg: Cfg = this.host.cfgOf(this.body);
    // Block ids are 0…n-1: arrays of exactly that size instead of maps and sets that grow.
    const size = cfg.blocks.length;
    const entryStates = new Array<State | undefined>(size).fill(undefined);
    entryStates[cfg.entry] = entry;
    const visits = new Uint8Array(size);
    const queued = new Uint8Array(size);
    const worklist = new BlockQueue(cfg.rank);
    worklist.push(cfg.entry);
    queued[cfg.entry] = 1;
    while (worklist.size > 0) {
      const id = worklist.pop();
      queued[id] = 0;
      const block = cfg.blocks[id];
      const inState = entryStates[id];
      if (!block || !inState) continue;
      visits[id] = (visits[id] as number) + 1;
      // The visit's own copy of the entry state, which its instructions change. A block with no
      // instructions and no conditional edges (joins, loop heads: four visits in ten over the
      // stdlib) changes nothing, so it passes its entry state on as it is: stored states are
      // never changed in place (joins and refinements make new maps).
      const state: State = block.instructions.length === 0 && !hasGuard(block.successors) ? inState : copyState(inState);
      // A block that branches ends with its condition: the edges reuse that value.
      let condition: { readonly node: Node; readonly value: AbstractValue } | undefined;
      for (const instruction of block.instructions) {
        const value = this.transfer(instruction, state);
        condition = instruction.kind === 'cond' && value ? { node: instruction.node, value } : undefined;
      }
      const successors = block.successors;
      for (let i = 0; i < successors.length; i++) {
        const edge = successors[i] as (typeof successors)[number];
        // A refined state is a fresh map the edge owns. `state` itself is this visit's own and
        // can be stored as is by the last edge: no later guard evaluation can change it then.
        const guard = edge.guard;
        const next = guard ? refineOnEdge(this.evaluator, this, state, guard.node, guard.truth, condition?.node.id === guard.node.id ? condition.value : undefined) : state;
        if (!next) continue;
        const previous = entryStates[edge.to];
        let joined: State;
        if (previous) joined = joinStates(previous, next);
        else joined = next !== state || i === successors.length - 1 ? next : copyState(state);
        if (previous && (joined === previous || sameStates(previous, joined))) continue;
        // Past the visit bound the join is still recorded, but the block is not revisited.
        entryStates[edge.to] = joined;
        if ((visits[edge.to] as number) < MAX_VISITS_PER_BLOCK && queued[edge.to] === 0) {
          worklist.push(edge.to);
          queued[edge.to] = 1;
        }
      }
    }
    const exitState = entryStates[cfg.exit] ?? new Map<string, AbstractValue>();
    return { returns: this.hasReturn ? this.returns : CLEAN, exitState };
  }

  /** Names this function declares `global` (assignments to them change the module's value). */
  private declaredGlobals(): ReadonlySet<string> {
    return (this.globals ??= this.fn ? this.host.globalsDeclaredIn(this.body) : new Set());
  }

  // ---- FlowEnv ------------------------------------------------------------------------

  lambdaKey(lambda: Node): string | undefined {
    return this.host.functionDefinedBy(lambda)?.key;
  }

  lookupGlobal(name: string, at: Node): AbstractValue | undefined {
    return this.host.lookupGlobal(name, at, this.fn);
  }

  classField(attr: string): AbstractValue | undefined {
    const fn = this.fn;
    if (fn?.classKey === undefined) return undefined;
    // `self.CMD` may be what a method stored or, where none did yet, what the class body bound.
    const stored = this.host.classField(fn.classKey, attr, fn);
    const bound = this.host.classAttribute(fn.classKey, attr, fn);
    return stored && bound ? joinValues(stored, bound) : (stored ?? bound);
  }

  classAttribute(classKey: string, attr: string): AbstractValue | undefined {
    return this.host.classAttribute(classKey, attr, this.fn);
  }

  resolveLocalCall(node: Node, callee: Node, parts: CallParts, state: State): AbstractValue | undefined {
    return this.host.resolveLocalCall(this.fn, node, callee, parts, state);
  }

  applyLocalFunctions(node: Node, keys: readonly string[], parts: CallParts): AbstractValue {
    return this.host.applyLocalFunctions(this.fn, node, keys, parts);
  }

  recordHit(hit: SinkHit): void {
    this.host.recordHit(hit, this.fn);
  }

  readProperty(node: Node, object: AbstractValue, attr: string): AbstractValue | undefined {
    return this.host.readProperty(this.fn, node, object, attr);
  }

  validatorOf(call: Node): { readonly check: Node; readonly alias: ReadonlyMap<string, string> } | undefined {
    return this.host.validatorOf(call);
  }

  recordSafeSink(sink: SafeSink): void {
    this.host.recordSafeSink(sink);
  }

  recordYield(value: AbstractValue): void {
    // A generator's result is a lazy sequence of the yielded values.
    const element: AbstractValue = { taint: [], rest: value };
    this.returns = this.hasReturn ? joinValues(this.returns, element) : element;
    this.hasReturn = true;
  }

  bindTarget(target: Node, value: AbstractValue, state: State): void {
    const node = unwrapParens(target);
    switch (node.type) {
      case 'identifier': {
        const stepped = withStep(value, node, node.text);
        state.set(node.text, stepped);
        if (this.declaredGlobals().has(node.text)) this.host.recordGlobalWrite(node.text, stepped);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
        this.bindSequence(namedChildrenOf(node), value, state);
        return;
      case 'list_splat_pattern':
      case 'list_splat': {
        const inner = node.namedChildren[0];
        if (inner) this.bindTarget(inner, { taint: [], rest: elementOf(value) }, state);
        return;
      }
      case 'attribute':
        this.bindAttribute(node, value, state);
        return;
      case 'subscript':
        this.bindSubscript(node, value, state);
        return;
      default:
        return;
    }
  }

  private bindSequence(targets: readonly Node[], value: AbstractValue, state: State): void {
    const element = value.fields || value.rest ? elementOf(value) : { taint: value.taint, ...(value.origin !== undefined ? { origin: value.origin } : {}) };
    targets.forEach((t, i) => {
      if (t.type === 'list_splat_pattern' || t.type === 'list_splat') this.bindTarget(t, value, state);
      else this.bindTarget(t, value.fields?.get(String(i)) ?? element, state);
    });
  }

  private bindAttribute(node: Node, value: AbstractValue, state: State): void {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!object || !attr) return;
    const stepped = withStep(value, node, node.text);
    if (object.type === 'identifier' && object.text === 'self' && this.fn?.classKey !== undefined) {
      state.set(`self.${attr}`, stepped);
      this.host.recordClassField(this.fn.classKey, attr, stepped);
      return;
    }
    if (object.type === 'identifier') {
      const current = state.get(object.text);
      if (current) {
        const fields = new Map(current.fields ?? []);
        fields.set(attr, stepped);
        state.set(object.text, { ...current, fields });
      }
    }
  }

  private bindSubscript(node: Node, value: AbstractValue, state: State): void {
    const container = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!container) return;
    const key = index ? this.evaluator.evaluate(index, state) : CLEAN;
    const constantKey = typeof key.constant === 'string' || typeof key.constant === 'number' ? String(key.constant) : undefined;
    this.checkStoreSinks(node, container, constantKey, value, this.evaluator.evaluate(container, state).origin);
    const name = container.type === 'identifier' ? container.text : dottedName(container);
    if (name === undefined) return;
    const current = state.get(name) ?? (container.type === 'identifier' ? undefined : CLEAN);
    if (!current) {
      if (container.type === 'identifier') state.set(name, constantKey !== undefined ? { taint: [], fields: new Map([[constantKey, value]]) } : { taint: [], rest: value });
      return;
    }
    const stepped = withStep(value, node, node.text);
    if (constantKey !== undefined) {
      const fields = new Map(current.fields ?? []);
      fields.set(constantKey, stepped);
      state.set(name, { ...current, fields });
    } else {
      state.set(name, { ...current, rest: current.rest ? joinValues(current.rest, stepped) : stepped });
    }
  }

  /** `session[k] = v`, `response.headers["Location"] = v`. */
  private checkStoreSinks(node: Node, container: Node, key: string | undefined, value: AbstractValue, origin: string | undefined): void {
    // `session["cart"]["item"] = v` writes into the session too.
    let root = container;
    while (root.type === 'subscript') root = root.childForFieldName('value') ?? root;
    const resolved = this.facts.names.resolve(root === container ? container : root);
    const attribute = container.type === 'attribute' ? container.childForFieldName('attribute')?.text : undefined;
    for (const store of this.specs.stores) {
      const matches =
        (store.container !== undefined && resolved === store.container) ||
        (store.attribute !== undefined && attribute === store.attribute) ||
        (store.containerOrigins !== undefined && origin !== undefined && store.containerOrigins.includes(origin));
      if (!matches) continue;
      if (store.whenImported !== undefined && !this.facts.names.importsModule(store.whenImported)) continue;
      if (store.keys && (key === undefined || !store.keys.includes(key.toLowerCase()))) continue;
      // Location gets its own (redirect) sink; don't report it twice as a plain header.
      if (!store.keys && store.kind === 'header' && key?.toLowerCase() === 'location') continue;
      const flows = sinkFlows(store.kind, value);
      if (flows.length > 0) this.recordHit({ kind: store.kind, node, target: node, flows, label: store.label });
    }
  }

  // ---- transfer -----------------------------------------------------------------------

  /** Applies one instruction to `state`; a condition's value is returned for its edges. */
  private transfer(instruction: Instruction, state: State): AbstractValue | undefined {
    switch (instruction.kind) {
      case 'stmt':
        this.statement(instruction.node, state);
        return undefined;
      case 'cond':
        return this.evaluator.evaluate(instruction.node, state);
      case 'for':
        this.bindTarget(instruction.target, elementOf(this.evaluator.evaluate(instruction.iter, state)), state);
        return undefined;
      case 'with': {
        const value = this.evaluator.evaluate(instruction.value, state);
        if (instruction.target) this.bindTarget(instruction.target, value, state);
        return undefined;
      }
      case 'except': {
        const alias = instruction.clause.namedChildren.find((c) => c?.type === 'as_pattern')?.childForFieldName('alias');
        const name = alias?.namedChildren[0] ?? alias;
        if (name?.type === 'identifier') state.set(name.text, CLEAN);
        return undefined;
      }
      case 'case': {
        const subject = this.evaluator.evaluate(instruction.subject, state);
        for (const capture of instruction.pattern.descendantsOfType('identifier')) {
          if (capture && capture.parent?.type === 'dotted_name' && capture.parent.namedChildCount === 1) {
            this.bindTarget(capture, { taint: deepTaint(subject) }, state);
          }
        }
        return undefined;
      }
    }
  }

  private statement(node: Node, state: State): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of namedChildrenOf(node)) this.expressionStatement(child, state);
        return;
      case 'return_statement': {
        const expr = node.namedChildren[0];
        const value = expr ? this.evaluator.evaluate(expr, state) : CLEAN;
        this.returns = this.hasReturn ? joinValues(this.returns, value) : value;
        this.hasReturn = true;
        if (expr && this.host.returnsToResponse(this.fn)) this.checkResponseBody(node, expr, value);
        return;
      }
      case 'delete_statement':
        for (const target of namedChildrenOf(node)) if (target.type === 'identifier') state.delete(target.text);
        return;
      case 'class_definition':
      case 'function_definition':
      case 'decorated_definition': {
        // What a module-level `def` or `class` evaluates; bodies are analysed on their own.
        if (this.fn) return;
        const definition = definitionOf(node);
        if (definition?.type === 'class_definition') this.classBody(definition, state);
        else if (definition?.type === 'function_definition') this.parameterDefaults(definition, state);
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'pass_statement':
      case 'type_alias_statement':
        return;
      default:
        for (const child of namedChildrenOf(node)) this.evaluator.evaluate(child, state);
    }
  }

  /**
   * The attributes a module-level class body binds by plain assignment (`CMD = os.environ["CMD"]`),
   * evaluated in the module's state. Methods and nested classes are analysed on their own.
   */
  private classBody(node: Node, state: State): void {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (name === undefined || !body) return;
    for (const statement of namedChildrenOf(body)) {
      const definition = definitionOf(statement);
      if (definition?.type === 'function_definition') this.parameterDefaults(definition, state);
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
      const right = assignment?.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      this.host.recordClassAttribute(name, left.text, this.evaluator.evaluate(right, state));
    }
  }

  /**
   * Default values of a module-level function's or method's parameters (`def run(cmd=sys.argv[1])`),
   * evaluated where Python evaluates them: once, when the `def` runs.
   */
  private parameterDefaults(definition: Node, state: State): void {
    const fn = this.host.functionDefinedBy(definition);
    for (const param of fn?.params ?? []) {
      if (fn && param.default) this.host.recordParameterDefault(fn.key, param.name, this.evaluator.evaluate(param.default, state));
    }
  }

  /** A Flask view's return value is the response body; `(body, status[, headers])` tuples too. */
  private checkResponseBody(node: Node, expr: Node, value: AbstractValue): void {
    const inner = unwrapParens(expr);
    const isTuple = inner.type === 'tuple' || inner.type === 'expression_list';
    const body = isTuple ? value.fields?.get('0') : value;
    const target = isTuple ? (namedChildrenOf(inner)[0] ?? expr) : expr;
    // Dicts and lists become JSON responses.
    if (!body || body.fields || body.rest) return;
    // Returning a file's or the environment's contents is not reflecting a request.
    const flows = sinkFlows('xss', body).filter((f) => f.source.kind !== 'file' && f.source.kind !== 'env');
    if (flows.length > 0) this.recordHit({ kind: 'xss', node, target, flows, label: 'the response body' });
  }

  private expressionStatement(expr: Node, state: State): void {
    if (expr.type === 'assignment') {
      const right = expr.childForFieldName('right');
      const left = expr.childForFieldName('left');
      if (!right || !left) return;
      // `a = b = value`: every target gets the value.
      const targets: Node[] = [left];
      let source: Node = right;
      while (source.type === 'assignment') {
        const nextLeft = source.childForFieldName('left');
        const nextRight = source.childForFieldName('right');
        if (!nextLeft || !nextRight) return;
        targets.push(nextLeft);
        source = nextRight;
      }
      const value = this.evaluator.evaluate(source, state);
      for (const target of targets) this.bindTarget(target, value, state);
      return;
    }
    if (expr.type === 'augmented_assignment') {
      const left = expr.childForFieldName('left');
      const right = expr.childForFieldName('right');
      if (!left || !right) return;
      const current = this.evaluator.evaluate(left, state);
      const added = this.evaluator.evaluate(right, state);
      const combined: AbstractValue = current.fields || current.rest
        ? { ...current, rest: current.rest ? joinValues(current.rest, elementOf(added)) : elementOf(added) }
        : { taint: mergeTaint(current.taint, deepTaint(added)), ...(current.prefix !== undefined ? { prefix: current.prefix } : {}), ...(current.html || added.html ? { html: true } : {}) };
      this.bindTarget(left, combined, state);
      return;
    }
    // A string on its own (a docstring) binds nothing and calls nothing, unless it is an
    // f-string whose interpolations might; docstrings are long, and their value is never used.
    if (expr.type === 'string' && !hasInterpolation(expr)) return;
    this.evaluator.evaluate(expr, state);
  }
}

function hasGuard(edges: readonly Edge[]): boolean {
  for (const edge of edges) if (edge.guard) return true;
  return false;
}

/** The join of two states; `a` itself when every joined value is `a`'s own (nothing changed). */
function joinStates(a: State, b: State): State {
  let result: State | undefined;
  const put = (key: string, value: AbstractValue): void => {
    if (result) result.set(key, value);
    else if (value !== a.get(key)) (result = copyState(a)).set(key, value);
  };
  b.forEach((value, key) => {
    const existing = a.get(key);
    if (existing === value) return;
    put(key, existing ? joinValues(existing, value) : joinValues(CLEAN, value));
  });
  a.forEach((value, key) => {
    // A name bound on one side only may be unbound (or keep an outer value) on the other.
    if (!b.has(key)) put(key, joinValues(value, CLEAN));
  });
  return result ?? a;
}

/** The function or class a statement defines, looking through its decorators. */
function definitionOf(statement: Node): Node | undefined {
  return statement.type === 'decorated_definition' ? (statement.childForFieldName('definition') ?? undefined) : statement;
}

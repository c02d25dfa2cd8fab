import type { Confidence } from '../../../core/finding.js';
import { declaratorName, functionName, namedChildrenOf, parametersOf } from '../ast.js';
import type { Callee } from '../ast.js';
import type { ConstantEvaluator } from '../constants.js';
import type { Node } from '../parser.js';
import { lineOf } from '../parser.js';
import type { SymbolTable } from '../symbols.js';
import type { SinkHit } from '../../../dataflow/hits.js';
import { CLEAN, addStep, constantValue, joinValues, makeFlow, mergeTaint, sameValue } from '../../../dataflow/taint.js';
import type { AbstractValue, Flow, SinkKind, Taint } from '../../../dataflow/taint.js';
import { buildCfg } from './cfg.js';
import { Evaluator, sourceTaint } from './evaluate.js';
import type { EvalHost, Evaluated } from './evaluate.js';
import { refineCondition } from './refine.js';
import { findSinkHits } from './sinks.js';
import { replay, solve } from './solver.js';
import type { Lattice } from './solver.js';
import { CPP_SPECS } from './specs/index.js';
import type { CppSpecs } from './specs/index.js';
import { EMPTY_STATE, joinStates, sameStates, toWork, widenStates } from './state.js';
import type { FlowState, Range, WorkState } from './state.js';
import type { Instruction } from './cfg.js';

/** A sink hit as reported: the flows to show and how sure the engine is. */
export interface ReportedHit {
  readonly hit: SinkHit;
  readonly flows: Taint;
  readonly confidence: Confidence;
  /** True when the data comes from a parameter of a function nobody in the file calls. */
  readonly unknownCallers: boolean;
}

/** What the value analysis learned about a file, for the rules. */
export interface FlowFacts {
  /** The value and range of an expression where it is evaluated (its function's fixpoint state). */
  at(node: Node): Evaluated | undefined;
  /** Untrusted data reaching sinks of a kind. */
  hits(kind: SinkKind): readonly ReportedHit[];
  /** True when some path through the file's code reaches this node (it is not dead code). */
  reached(node: Node): boolean;
}

/** What the engine needs from the file. */
export interface FileInputs {
  readonly root: Node;
  readonly symbols: SymbolTable;
  readonly constants: ConstantEvaluator;
}

interface FunctionRecord {
  readonly key: string;
  readonly node: Node;
  readonly name: string;
  readonly params: readonly string[];
}

interface CallSiteRecord {
  readonly caller: string;
  readonly callee: string;
  readonly call: Node;
  readonly args: readonly AbstractValue[];
}

const ROUNDS = 3;
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** Runs the value and taint analysis over every function of a file. */
export function analyzeFlow(file: FileInputs, specs: CppSpecs = CPP_SPECS): FlowFacts {
  const engine = new FileEngine(file, specs);
  engine.run();
  return engine.facts();
}

class FileEngine {
  private readonly functions: FunctionRecord[];
  private readonly byName = new Map<string, FunctionRecord[]>();
  private summaries = new Map<string, AbstractValue>();
  private recorded = new Map<number, Evaluated>();
  private hits: { hit: SinkHit; fn: string }[] = [];
  private callSites: CallSiteRecord[] = [];

  constructor(private readonly file: FileInputs, private readonly specs: CppSpecs) {
    this.functions = collectFunctions(file.root);
    for (const fn of this.functions) {
      const short = fn.name.split('::').at(-1) ?? fn.name;
      for (const key of new Set([fn.name, short])) this.byName.set(key, [...(this.byName.get(key) ?? []), fn]);
    }
  }

  run(): void {
    for (let round = 0; round < ROUNDS; round++) {
      this.recorded = new Map();
      this.hits = [];
      this.callSites = [];
      const next = new Map<string, AbstractValue>();
      for (const fn of this.functions) next.set(fn.key, this.analyzeFunction(fn));
      const stable = [...next].every(([k, v]) => { const old = this.summaries.get(k); return old !== undefined && sameValue(old, v); });
      this.summaries = next;
      if (stable) break;
    }
  }

  facts(): FlowFacts {
    const reported = this.report();
    const recorded = this.recorded;
    return {
      at: (node) => recorded.get(node.id),
      hits: (kind) => reported.filter((r) => r.hit.kind === kind),
      reached: (node) => recorded.has(node.id),
    };
  }

  private analyzeFunction(fn: FunctionRecord): AbstractValue {
    const body = fn.node.childForFieldName('body');
    if (!body) return CLEAN;
    const cfg = buildCfg(body);
    let returns: AbstractValue | undefined;
    let replaying = false;
    const host: EvalHost = {
      symbols: this.file.symbols,
      constants: this.file.constants,
      specs: this.specs,
      initialValue: (name, at) => this.initialValue(fn, name, at),
      callLocal: (call, callee, args) => this.callLocal(fn, call, callee, args, replaying),
      onCall: (call, callee, args, receiver) => {
        if (replaying && callee) for (const hit of findSinkHits(evaluator, call, callee, args, receiver)) this.hits.push({ hit, fn: fn.key });
      },
      record: (node, evaluated) => {
        if (replaying) this.recorded.set(node.id, evaluated);
      },
    };
    const evaluator = new Evaluator(host);
    const lattice: Lattice<FlowState> = {
      transfer: (instruction, state) => transfer(evaluator, instruction, state),
      refine: (condition, truth, state) => refineCondition(condition, truth, state, this.file.constants),
      join: joinStates,
      equal: sameStates,
      widen: widenStates,
    };
    const entry = this.entryState(fn, evaluator);
    const states = solve(cfg, entry, lattice);
    replaying = true;
    replay(cfg, states, lattice, (instruction, before) => {
      if (instruction.kind !== 'stmt' || instruction.node.type !== 'return_statement') return;
      const value = namedChildrenOf(instruction.node)[0];
      if (!value) return;
      const result = evaluator.evaluate(value, toWork(before)).value;
      returns = returns ? joinValues(returns, result) : result;
    });
    return returns ?? CLEAN;
  }

  private entryState(fn: FunctionRecord, evaluator: Evaluator): FlowState {
    const work: WorkState = toWork(EMPTY_STATE);
    fn.params.forEach((name) => {
      const at = fn.node;
      work.values.set(name, this.initialValue(fn, name, at));
    });
    void evaluator;
    return work;
  }

  private initialValue(fn: FunctionRecord, name: string, at: Node): AbstractValue {
    const index = fn.params.indexOf(name);
    if (index >= 0) return paramValue(fn, index, name);
    const n = this.file.constants.integer(at.type === 'identifier' && at.text === name ? at : null);
    if (n !== undefined) return constantValue(n);
    const s = at.type === 'identifier' && at.text === name ? this.file.constants.string(at) : undefined;
    return s !== undefined ? constantValue(s) : CLEAN;
  }

  private callLocal(caller: FunctionRecord, call: Node, callee: Callee, args: readonly AbstractValue[], replaying: boolean): AbstractValue | undefined {
    const target = this.resolve(callee.name, args.length);
    if (!target) return undefined;
    if (replaying) this.callSites.push({ caller: caller.key, callee: target.key, call, args });
    const summary = this.summaries.get(target.key);
    if (!summary) return { taint: mergeTaint(...args.map((a) => a.taint)) };
    return { ...summary, taint: substitute(summary.taint, target.key, args, call, target.name) };
  }

  private resolve(name: string, arity: number): FunctionRecord | undefined {
    const candidates = this.byName.get(name) ?? this.byName.get(name.split('::').at(-1) ?? name);
    return candidates?.find((c) => c.params.length === arity) ?? candidates?.[0];
  }

  /** Concrete hits, hits reached through calls in this file, and built values in functions nobody here calls. */
  private report(): ReportedHit[] {
    const out = new Map<string, ReportedHit>();
    const add = (hit: SinkHit, flows: Taint, unknownCallers: boolean, confidence?: Confidence): void => {
      if (flows.length === 0) return;
      const key = `${hit.kind}:${hit.node.id}:${hit.target.id}`;
      const existing = out.get(key);
      if (existing && !existing.unknownCallers) return;
      out.set(key, { hit: { ...hit, flows }, flows, confidence: confidence ?? bestConfidence(flows), unknownCallers });
    };
    const called = new Set(this.callSites.map((s) => s.callee));
    let pending = this.hits.map((h) => ({ ...h, depth: 0 }));
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (const { hit, fn, depth } of pending) {
        add(hit, hit.flows.filter((f) => f.source.kind !== 'param'), false);
        const paramFlows = hit.flows.filter((f) => f.source.kind === 'param' && f.source.param?.functionKey === fn);
        if (paramFlows.length === 0 || depth > 4) continue;
        for (const site of this.callSites.filter((s) => s.callee === fn)) {
          const flows = substitute(paramFlows, fn, site.args, site.call, this.functions.find((f) => f.key === fn)?.name ?? fn);
          if (flows.length > 0) next.push({ hit: { ...hit, flows }, fn: site.caller, depth: depth + 1 });
        }
        if (!called.has(fn)) add(hit, paramFlows.filter((f) => f.composed === true), true, 'low');
      }
      pending = next;
    }
    return [...out.values()];
  }
}

function transfer(evaluator: Evaluator, instruction: Instruction, state: FlowState): FlowState {
  if (instruction.kind === 'end') return state;
  const work = toWork(state);
  const node = instruction.node;
  if (instruction.kind === 'range') {
    const right = node.childForFieldName('right');
    const value = right ? evaluator.evaluate(right, work).value : CLEAN;
    const name = declaratorName(node.childForFieldName('declarator'))?.text;
    if (name !== undefined) evaluator.assign(name, { value: { taint: value.taint } }, work);
    return work;
  }
  if (instruction.kind === 'cond') {
    evaluator.evaluate(node, work);
    return work;
  }
  if (node.type === 'declaration') evaluator.declare(node, work);
  // `for` initialisers and updates are bare expressions; statements wrap theirs.
  else if (!node.type.endsWith('_statement')) evaluator.evaluate(node, work);
  else for (const child of namedChildrenOf(node)) evaluator.evaluate(child, work);
  return work;
}

function paramValue(fn: FunctionRecord, index: number, name: string): AbstractValue {
  if (fn.name === 'main' || fn.name === 'wmain') {
    if (index === 1) return { taint: addStep(sourceTaint('cli', 'argv', fn.node, 'high'), lineOf(fn.node), 1, 'command-line arguments') };
    if (index === 2) return { taint: sourceTaint('env', 'envp', fn.node, 'high') };
    return { taint: [] };
  }
  const flow: Flow = makeFlow(
    { kind: 'param', label: `parameter ${name}`, line: lineOf(fn.node), column: 1, confidence: 'medium', param: { functionKey: fn.key, index, name } },
    undefined,
    0,
    false,
  );
  return { taint: [flow] };
}

/** Replaces a callee's parameter flows with the taint of the arguments at a call. */
function substitute(taint: Taint, calleeKey: string, args: readonly AbstractValue[], call: Node, calleeName: string): Taint {
  const parts: Taint[] = [];
  for (const flow of taint) {
    const param = flow.source.param;
    if (flow.source.kind !== 'param' || param?.functionKey !== calleeKey) {
      parts.push([flow]);
      continue;
    }
    const arg = args[param.index];
    if (!arg) continue;
    const passed = addStep(arg.taint, lineOf(call), call.startPosition.column + 1, `passed to ${calleeName}() as ${param.name}`);
    parts.push(passed.map((f) => makeFlow(f.source, f.steps, f.cleansed | flow.cleansed, flow.composed || f.composed)));
  }
  return mergeTaint(...parts);
}

function bestConfidence(flows: Taint): Confidence {
  let best: Confidence = 'low';
  for (const f of flows) if (CONFIDENCE_RANK[f.source.confidence] > CONFIDENCE_RANK[best]) best = f.source.confidence;
  return best;
}

function collectFunctions(root: Node): FunctionRecord[] {
  const out: FunctionRecord[] = [];
  for (const node of root.descendantsOfType(['function_definition', 'lambda_expression'])) {
    if (!node || !node.childForFieldName('body')) continue;
    const name = functionName(node);
    const params = parametersOf(node).map((p) => declaratorName(p.childForFieldName('declarator'))?.text ?? '');
    out.push({ key: `${name}@${lineOf(node)}`, node, name, params });
  }
  return out;
}

export type { Range };

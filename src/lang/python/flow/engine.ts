import type { Confidence } from '../../../core/finding.js';
import type { ProjectContext } from '../../../core/language.js';
import type { PythonFileFacts } from '../facts.js';
import type { Node } from '../parser.js';
import { lastSegment, namedChildrenOf } from '../ast.js';
import { BodyAnalysis } from './analysis.js';
import type { AnalysisHost } from './analysis.js';
import { buildCfg } from './cfg.js';
import type { Cfg } from './cfg.js';
import { sameStates } from './env.js';
import type { State } from './env.js';
import { admissibleFlows, sourceValue } from './evaluate.js';
import { collectFunctions } from './functions.js';
import { FunctionRelevance, NO_IMPORTED_SINKS, localNamesOf, sinkMentions } from './relevance.js';
import type { ImportedSinks } from './relevance.js';
import type { FileFunctions, FunctionInfo, ParamInfo } from './functions.js';
import { hitKey } from '../../../dataflow/hits.js';
import type { SafeSink, SinkHit } from '../../../dataflow/hits.js';
import { indexSpecs } from '../../../dataflow/matcher.js';
import type { SpecIndex } from '../../../dataflow/matcher.js';
import type { CallParts } from './methods.js';
import { DJANGO_REQUEST_PARTS } from './specs/django.js';
import { STARLETTE_REQUEST_PARTS } from './specs/fastapi.js';
import { absolutize, isCalledElsewhere, lookupSummary, publishedNames } from './project.js';
import type { ExportedSummary } from './project.js';
import { frameworkSpecs } from './specs/index.js';
import {
  CLEAN, addStep, cleans, deepTaint, joinValues, makeFlow, markComposed, mergeTaint, sameValue,
} from '../../../dataflow/taint.js';
import type { AbstractValue, Flow, SinkKind, StepList, Taint } from '../../../dataflow/taint.js';

/** The framework tables, indexed once per process; never modified afterwards. */
const DEFAULT_SPECS: SpecIndex = indexSpecs(frameworkSpecs);

const MAX_ANALYSES_PER_FUNCTION = 6;
/** How often module-level code runs again after its globals change (see FileTaintEngine.run). */
const MAX_MODULE_ROUNDS = 3;

/** The separator of a nested function's key (`outer.<locals>.inner`). */
const LOCALS = '.<locals>.';

/** The functions waiting for an analysis, in order, and how often each has been analysed. */
interface WorkQueue {
  readonly pending: string[];
  readonly queued: Set<string>;
  readonly analyses: Map<string, number>;
}

/** Where a function sits among the file's nested functions (see FileTaintEngine.scopeOf). */
interface FunctionScope {
  readonly outerKey: string | undefined;
  readonly nested: Map<string, string> | undefined;
}

/** The key of the function enclosing the nested function `key`; undefined for others. */
function outerOf(key: string): string | undefined {
  const at = key.lastIndexOf(LOCALS);
  return at < 0 ? undefined : key.slice(0, at);
}

/** Annotations FastAPI converts and validates before the handler runs. */
const TYPED_PARAM = /^(?:Optional\[|Annotated\[)?\s*(?:int|float|bool|UUID|uuid\.UUID|datetime|date|time|timedelta|Decimal|PositiveInt|conint\(.*\))\b/;
const NO_RETURN = new Set(['flask.abort', 'werkzeug.exceptions.abort', 'sys.exit', 'exit', 'quit', 'os._exit', 'os.abort', 'fastapi.HTTPException']);
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

type Framework = 'flask' | 'fastapi' | 'django';
/** Frameworks whose endpoints may be registered by reference (`app.add_url_rule`, `Route`). */
const ROUTING_FRAMEWORKS = ['flask', 'fastapi', 'starlette', 'quart'];
/** In files importing these, a function whose first parameter is `request` is a Django view. */
const DJANGO_MODULES = ['django', 'rest_framework'];
/** Modules whose import may make functions web handlers (see detectHandlers). */
const WEB_FRAMEWORKS = [...ROUTING_FRAMEWORKS, ...DJANGO_MODULES];

/** A sink hit as reported: the flows to show and how sure the engine is. */
export interface ReportedHit {
  readonly hit: SinkHit;
  readonly flows: Taint;
  readonly confidence: Confidence;
  /** True when the data comes from a parameter of a function nobody in the file calls. */
  readonly unknownCallers: boolean;
}

/** The taint facts of one file, queried by the injection rules. */
export interface TaintResult {
  hits(kind: SinkKind): readonly ReportedHit[];
  /** Sinks of this kind that untrusted data does not reach (each once, with the reason). */
  safeSinks(kind: SinkKind): readonly SafeSink[];
  /** Summaries of this file's functions for other files, by every published name. */
  readonly exports: ReadonlyMap<string, ExportedSummary>;
}

/** Where a file sits in a reviewed tree, for following calls into other reviewed modules. */
export interface TaintProject {
  readonly moduleName: string;
  readonly isPackage: boolean;
  readonly context: ProjectContext;
}

/** Runs the taint engine over a file: module body, then every function to a fixpoint. */
export function analyzeTaint(facts: PythonFileFacts, project?: TaintProject, specs: SpecIndex = DEFAULT_SPECS): TaintResult {
  const engine = new FileTaintEngine(facts, specs, project);
  engine.run();
  const reported = engine.report();
  const hitNodes = new Set(reported.map((r) => `${r.hit.kind}:${r.hit.node.id}`));
  const safe = engine.safeSinkList().filter((s) => !hitNodes.has(`${s.kind}:${s.node.id}`));
  return {
    hits: (kind) => reported.filter((r) => r.hit.kind === kind),
    safeSinks: (kind) => safe.filter((s) => s.kind === kind),
    exports: engine.exportSummaries(),
  };
}

class FileTaintEngine implements AnalysisHost {
  private readonly isNoReturn: (call: Node) => boolean;
  private readonly fns: FileFunctions;
  private moduleState: State = new Map();
  private readonly exitStates = new Map<string, State>();
  private readonly summaries = new Map<string, AbstractValue>();
  /** Functions that got their first parameter-to-sink hit since run() last asked (see run). */
  private readonly passingRoots: string[] = [];
  /** Whether module-level code calls a function of this file (then it runs again; see settle). */
  private moduleCallsLocal = false;
  /** How often module-level code has run again (bounded by MAX_MODULE_ROUNDS over the run). */
  private moduleRounds = 0;
  private readonly paramHits = new Map<string, Map<string, SinkHit>>();
  private readonly concreteHits = new Map<string, SinkHit>();
  private readonly callSites = new Map<string, Set<number>>();
  private readonly callers = new Map<string, Set<string>>();
  private readonly classFields = new Map<string, Map<string, AbstractValue>>();
  /** Tainted parameter defaults by function key, then parameter name (see recordParameterDefault). */
  private readonly parameterDefaults = new Map<string, Map<string, AbstractValue>>();
  /** Attributes bound in class bodies, by class; read like fields (see fieldReaders). */
  private readonly classAttributes = new Map<string, Map<string, AbstractValue>>();
  private readonly handlers = new Map<string, Framework>();
  private readonly dirtyRoots = new Set<string>();
  private readonly safeSinks = new Map<string, SafeSink>();
  private readonly globalWrites = new Map<string, AbstractValue>();
  /** Functions that read each module global, and the globals written since the last analysis. */
  private readonly globalReaders = new Map<string, Set<string>>();
  private readonly dirtyGlobals = new Set<string>();
  /** Functions that read each class field (`classKey\0attr`), and the fields changed since the last analysis. */
  private readonly fieldReaders = new Map<string, Set<string>>();
  private readonly dirtyFields = new Set<string>();
  /** Nested functions by the function whose variables they read (closures, see lookupGlobal). */
  private readonly closureReaders = new Map<string, Set<string>>();
  /** See {@link scopeOf}; built on first use. */
  private scopes: Map<string, FunctionScope> | undefined;
  private readonly cfgs = new Map<number, Cfg>();
  private globalStatements: readonly Node[] | undefined;

  constructor(
    readonly facts: PythonFileFacts,
    readonly specs: SpecIndex,
    private readonly project?: TaintProject,
  ) {
    this.fns = collectFunctions(facts.root);
    this.isNoReturn = (call) => {
      const name = facts.names.resolveCall(call);
      return name !== undefined && NO_RETURN.has(name);
    };
  }

  cfgOf(body: Node): Cfg {
    let cfg = this.cfgs.get(body.id);
    if (!cfg) this.cfgs.set(body.id, (cfg = buildCfg(body, this.isNoReturn)));
    return cfg;
  }

  globalsDeclaredIn(body: Node): ReadonlySet<string> {
    // The file's `global` statements are few: find them once (no walk when the word is absent),
    // then pick those inside `body`.
    const statements = (this.globalStatements ??= /\bglobal\b/.test(this.facts.file.text) ? this.facts.root.descendantsOfType('global_statement') : []);
    const names = new Set<string>();
    for (const statement of statements) {
      if (statement.startIndex < body.startIndex || statement.endIndex > body.endIndex) continue;
      for (const id of namedChildrenOf(statement)) if (id.type === 'identifier') names.add(id.text);
    }
    return names;
  }

  /**
   * The functions of other reviewed modules that pass a parameter to a sink: a function calling
   * one is worth analysing even if it names no sink itself. Found as {@link applyExternal} finds
   * the summaries it applies.
   */
  private importedSinks(): ImportedSinks {
    const project = this.project;
    if (!project) return NO_IMPORTED_SINKS;
    const words = new Map<string, string[]>();
    for (const value of project.context.summaries.values()) {
      const summary = value as ExportedSummary;
      if (summary.sinks.length === 0) continue;
      const parts = summary.qualifiedName.split('.');
      // A constructor (`pkg.db.Repo.__init__`) is called by its class's name, like a function.
      const constructor = parts.at(-1) === '__init__';
      const word = parts.at(constructor ? -2 : -1) ?? '';
      if (word === '') continue;
      let list = words.get(word);
      if (!list) words.set(word, (list = []));
      const owner = constructor || summary.classKey === undefined ? undefined : lastSegment(summary.classKey);
      if (owner !== undefined && !list.includes(owner)) list.push(owner);
    }
    const { summaries } = project.context;
    const resolves = (qualified: string): boolean => {
      const name = absolutize(qualified, project.moduleName, project.isPackage);
      const summary = lookupSummary(name, summaries) ?? lookupSummary(`${name}.__init__`, summaries);
      return (summary?.sinks.length ?? 0) > 0;
    };
    return { words, resolves };
  }

  run(): void {
    const mentions = sinkMentions({
      specs: this.specs,
      text: this.facts.file.text,
      names: this.facts.names,
      importedSinks: this.importedSinks(),
      localNames: localNamesOf(this.fns),
    });
    // Nothing can be found in a file that names no sink and has no web handlers (whose return
    // value is a sink); no function is worth analysing, so neither is the module body.
    if (mentions.offsets.length === 0 && !WEB_FRAMEWORKS.some((module) => this.facts.names.importsModule(module))) return;
    this.moduleState = new BodyAnalysis(this, undefined, this.facts.root).run(new Map()).exitState;
    this.detectHandlers();
    const project = this.project;
    const calledElsewhere = project ? (key: string): boolean => isCalledElsewhere(project.moduleName, calledKey(key), project.context.calledNames) : undefined;
    const relevance = new FunctionRelevance(this.fns, mentions, new Set(this.handlers.keys()), calledElsewhere);
    const queue: WorkQueue = { pending: [], queued: new Set(), analyses: new Map() };
    for (const key of relevance.keys()) this.enqueue(queue, key);
    for (;;) {
      this.settle(queue);
      // Callers matter where a function passes a parameter to a sink: their arguments are
      // checked there. Those of the functions found to do so are analysed next, and so on up.
      const passing = new Set(this.passingRoots.splice(0));
      if (passing.size === 0) break;
      const added = relevance.addCallersOf(passing);
      if (added.length === 0) break;
      for (const key of added) this.enqueue(queue, key);
    }
  }

  private enqueue(queue: WorkQueue, key: string): void {
    if (!queue.queued.has(key) && this.fns.functions.has(key)) {
      queue.pending.push(key);
      queue.queued.add(key);
    }
  }

  /** Analyses the queued functions, then module-level code again, until nothing changes. */
  private settle(queue: WorkQueue): void {
    const { pending, queued, analyses } = queue;
    const enqueue = (key: string): void => this.enqueue(queue, key);
    for (;;) {
      while (pending.length > 0) {
        const key = pending.shift() as string;
        queued.delete(key);
        const fn = this.fns.functions.get(key);
        const body = fn?.node.childForFieldName('body');
        if (!fn || !body) continue;
        const count = (analyses.get(key) ?? 0) + 1;
        if (count > MAX_ANALYSES_PER_FUNCTION) continue;
        analyses.set(key, count);
        const result = new BodyAnalysis(this, fn, body).run(this.entryState(fn));
        const previousExit = this.exitStates.get(key);
        this.exitStates.set(key, result.exitState);
        // Callers that ran before this function had a summary took its result as CLEAN (see
        // applySummary): a first summary that is CLEAN changes nothing for them.
        const previous = this.summaries.get(key) ?? CLEAN;
        if (!sameValue(previous, result.returns)) {
          this.summaries.set(key, result.returns);
          for (const caller of this.callers.get(key) ?? []) enqueue(caller);
        }
        // Closures read this function's variables as they are when it ends.
        if (!previousExit || !sameStates(previousExit, result.exitState)) for (const reader of this.closureReaders.get(key) ?? []) enqueue(reader);
        for (const root of this.dirtyRoots) for (const caller of this.callers.get(root) ?? []) enqueue(caller);
        this.dirtyRoots.clear();
        // A changed field matters only to the methods that read it; the others would compute the same.
        for (const field of this.dirtyFields) for (const reader of this.fieldReaders.get(field) ?? []) enqueue(reader);
        this.dirtyFields.clear();
        // A global changed inside a function matters to the functions that read it. (Those that
        // call a reader see the change through the reader's summary.)
        for (const name of this.dirtyGlobals) for (const reader of this.globalReaders.get(name) ?? []) if (reader !== key) enqueue(reader);
        this.dirtyGlobals.clear();
      }
      // Module-level code again, now that function summaries exist (`main()` at the bottom) —
      // only needed when module-level code calls a function of this file.
      // The bound holds over the whole run: a chain of callers added one at a time (see run)
      // must not run a long module body again for each of them.
      if (!this.moduleCallsLocal || this.moduleRounds > MAX_MODULE_ROUNDS) return;
      const round = this.moduleRounds++;
      const moduleState = new BodyAnalysis(this, undefined, this.facts.root).run(new Map()).exitState;
      // A global the module binds from such a call (`COMMAND = build(sys.argv[1])`) now has its
      // value: the functions reading a global that changed run again, and so does this step.
      const changed = [...moduleState].filter(([name, value]) => {
        const before = this.moduleState.get(name);
        return before === undefined || !sameValue(before, value);
      });
      this.moduleState = moduleState;
      if (round >= MAX_MODULE_ROUNDS) return;
      for (const [name] of changed) for (const reader of this.globalReaders.get(name) ?? []) enqueue(reader);
      for (const field of this.dirtyFields) for (const reader of this.fieldReaders.get(field) ?? []) enqueue(reader);
      this.dirtyFields.clear();
      if (pending.length === 0) return;
    }
  }

  report(): ReportedHit[] {
    const reported = new Map<string, ReportedHit>();
    for (const [key, hit] of this.concreteHits) {
      reported.set(key, { hit, flows: hit.flows, confidence: bestConfidence(hit.flows), unknownCallers: false });
    }
    // A sink that parameters of several functions reach is explained from the most direct of
    // them (the shortest built flow, then the first function in the file), whatever order the
    // analyses ran in (callers are analysed on demand; see run).
    const rank = new Map([...this.fns.functions.keys()].map((k, i) => [k, i]));
    const unknown = new Map<string, { readonly hit: SinkHit; readonly flows: Flow[]; readonly length: number; readonly rank: number }>();
    for (const [root, hits] of this.paramHits) {
      // Functions called from this file get their findings through those calls.
      if ((this.callSites.get(root)?.size ?? 0) > 0) continue;
      // So do functions that other reviewed files call.
      if (this.project && isCalledElsewhere(this.project.moduleName, calledKey(root), this.project.context.calledNames)) continue;
      const order = rank.get(root) ?? 0;
      for (const [key, hit] of hits) {
        if (reported.has(key)) continue;
        // A parameter passed straight through to a sink is the function's contract (a wrapper);
        // the defect, if any, is at a call site. Report only values this code builds itself.
        const built = hit.flows.filter((f) => f.composed === true);
        if (built.length === 0) continue;
        const length = Math.min(...built.map((f) => f.steps?.length ?? 0));
        const best = unknown.get(key);
        if (!best || length < best.length || (length === best.length && order < best.rank)) unknown.set(key, { hit, flows: built, length, rank: order });
      }
    }
    for (const [key, { hit, flows }] of unknown) reported.set(key, { hit, flows, confidence: 'low', unknownCallers: true });
    return [...reported.values()];
  }

  // ---- AnalysisHost -------------------------------------------------------------------

  lookupGlobal(name: string, _at: Node, fromFunction: FunctionInfo | undefined): AbstractValue | undefined {
    if (fromFunction) {
      // Closures see the enclosing function's variables.
      const { outerKey, nested: nestedFunctions } = this.scopeOf(fromFunction.key);
      if (outerKey !== undefined) {
        // Read again when the enclosing function's analysis changes what it ends with.
        let readers = this.closureReaders.get(outerKey);
        if (!readers) this.closureReaders.set(outerKey, (readers = new Set()));
        readers.add(fromFunction.key);
      }
      const outer = outerKey !== undefined ? this.exitStates.get(outerKey)?.get(name) : undefined;
      if (outer) return outer;
      const nested = nestedFunctions?.get(name);
      if (nested !== undefined) return { taint: [], functionKey: nested };
    }
    if (fromFunction) {
      let readers = this.globalReaders.get(name);
      if (!readers) this.globalReaders.set(name, (readers = new Set()));
      readers.add(fromFunction.key);
    }
    const global = this.moduleState.get(name);
    const written = this.globalWrites.get(name);
    if (global && written) return joinValues(global, written);
    if (global ?? written) return global ?? written;
    if (this.fns.functions.has(name)) return { taint: [], functionKey: name };
    if (this.fns.classes.has(name)) return { taint: [], functionKey: name, origin: `local:${name}` };
    return undefined;
  }

  /**
   * The key of the function enclosing function `key` (for a nested function), and the keys of the
   * functions nested in it by name. Asked on every name a function reads from outside its own
   * variables, so both are worked out once per function instead of from the keys' text each time.
   */
  private scopeOf(key: string): FunctionScope {
    let scopes = this.scopes;
    if (!scopes) {
      scopes = new Map();
      for (const fnKey of this.fns.functions.keys()) {
        const at = fnKey.lastIndexOf(LOCALS);
        if (at < 0) continue;
        const outerKey = fnKey.slice(0, at);
        const name = fnKey.slice(at + LOCALS.length);
        // `outer.<locals>.Class.method` is not a function `outer` can name directly.
        if (name.includes('.')) continue;
        let outer = scopes.get(outerKey);
        if (!outer) scopes.set(outerKey, (outer = { outerKey: outerOf(outerKey), nested: new Map() }));
        outer.nested?.set(name, fnKey);
      }
      this.scopes = scopes;
    }
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = { outerKey: outerOf(key), nested: undefined }));
    return scope;
  }

  recordSafeSink(sink: SafeSink): void {
    // The weakest reason wins: "sanitized" is kept over "constant" on re-analysis.
    const key = `${sink.kind}:${sink.node.id}`;
    const previous = this.safeSinks.get(key);
    if (!previous || (previous.why === 'constant' && sink.why !== 'constant')) this.safeSinks.set(key, sink);
  }

  safeSinkList(): SafeSink[] {
    return [...this.safeSinks.values()];
  }

  recordGlobalWrite(name: string, value: AbstractValue): void {
    const previous = this.globalWrites.get(name);
    const joined = previous ? joinValues(previous, value) : value;
    if (!previous || !sameValue(previous, joined)) {
      this.globalWrites.set(name, joined);
      this.dirtyGlobals.add(name);
    }
  }

  validatorOf(call: Node): { readonly check: Node; readonly alias: ReadonlyMap<string, string> } | undefined {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier') return undefined;
    const fn = this.fns.functions.get(callee.text);
    const body = fn?.node.childForFieldName('body');
    if (!fn || !body) return undefined;
    const returns = body.descendantsOfType('return_statement').filter((r): r is Node => r !== null && enclosingFunctionNode(r)?.id === fn.node.id);
    // Exactly one return can be true; the others return a constant false value.
    const candidates = returns.map((r) => r.namedChildren[0] ?? null).filter((e): e is Node => e !== null && !['false', 'none'].includes(e.type));
    const only = candidates[0];
    if (candidates.length !== 1 || !only || returns.some((r) => !r.namedChildren[0])) return undefined;
    const args = call.childForFieldName('arguments');
    const alias = new Map<string, string>();
    const positional = args ? namedChildrenOf(args).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment') : [];
    fn.params.forEach((param) => {
      const keyword = args ? namedChildrenOf(args).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === param.name)?.childForFieldName('value') : undefined;
      const arg = keyword ?? (param.position >= 0 ? positional[param.position] : undefined);
      if (arg?.type === 'identifier') alias.set(param.name, arg.text);
    });
    return alias.size > 0 ? { check: only, alias } : undefined;
  }

  readProperty(caller: FunctionInfo | undefined, node: Node, object: AbstractValue, attr: string): AbstractValue | undefined {
    const classKey = object.origin?.slice('local:'.length) ?? '';
    const getter = this.findMethod(classKey, attr);
    if (!getter?.decorators.some((d) => /(^|\.)(property|cached_property)$/.test(d.text))) return undefined;
    const parts: CallParts = { node, positional: [], positionalNodes: [], keywords: new Map(), keywordNodes: new Map(), receiver: object, method: attr };
    return this.applySummary(caller, getter, node, parts, true);
  }

  classField(classKey: string, attr: string, fn: FunctionInfo): AbstractValue | undefined {
    this.addFieldReader(`${classKey}\0${attr}`, fn.key);
    return this.classFields.get(classKey)?.get(attr);
  }

  recordClassField(classKey: string, attr: string, value: AbstractValue): void {
    if (joinInto(this.classFields, classKey, attr, value)) this.dirtyFields.add(`${classKey}\0${attr}`);
  }

  classAttribute(classKey: string, attr: string, fn: FunctionInfo | undefined): AbstractValue | undefined {
    const value = this.classAttributes.get(classKey)?.get(attr);
    if (value && fn) this.addFieldReader(`${classKey}\0${attr}`, fn.key);
    return value;
  }

  recordClassAttribute(classKey: string, attr: string, value: AbstractValue): void {
    // The module body runs again with more summaries; its values only grow.
    if (this.fns.classes.has(classKey) && joinInto(this.classAttributes, classKey, attr, value)) this.dirtyFields.add(`${classKey}\0${attr}`);
  }

  functionDefinedBy(definition: Node): FunctionInfo | undefined {
    const key = this.fns.byNode.get(definition.id);
    return key !== undefined ? this.fns.functions.get(key) : undefined;
  }

  recordParameterDefault(functionKey: string, param: string, value: AbstractValue): void {
    // A clean default changes nothing: the parameter's own value already stands for any argument.
    if (value.taint.length === 0) return;
    // Read by the function's own entry state (see entryState), like a field of the function's.
    if (joinInto(this.parameterDefaults, functionKey, param, value)) this.dirtyFields.add(`${functionKey}\0(default)`);
  }

  /** Function `key` reads `field` (a class field, class attribute or its defaults): it runs again when that changes. */
  private addFieldReader(field: string, key: string): void {
    const readers = this.fieldReaders.get(field);
    if (readers) readers.add(key);
    else this.fieldReaders.set(field, new Set([key]));
  }

  returnsToResponse(fn: FunctionInfo | undefined): boolean {
    return fn !== undefined && this.handlers.get(fn.key) === 'flask';
  }

  recordHit(hit: SinkHit, _fn: FunctionInfo | undefined): void {
    const line = hit.node.startPosition.row + 1;
    const column = hit.node.startPosition.column + 1;
    this.storeHit({ ...hit, flows: addStep(hit.flows, line, column, hit.label) });
  }

  resolveLocalCall(caller: FunctionInfo | undefined, node: Node, callee: Node, parts: CallParts, state: State): AbstractValue | undefined {
    const target = this.resolveCallee(caller, callee, parts, state);
    if (!target) return this.applyExternal(node, parts);
    if (target.kind === 'class') return this.construct(caller, target.key, node, parts);
    const fn = this.fns.functions.get(target.key);
    if (!fn) return undefined;
    return this.applySummary(caller, fn, node, parts, target.bound);
  }

  applyLocalFunctions(caller: FunctionInfo | undefined, node: Node, keys: readonly string[], parts: CallParts): AbstractValue {
    let joined: AbstractValue | undefined;
    for (const key of keys) {
      const fn = this.fns.functions.get(key);
      if (!fn) continue;
      const value = this.applySummary(caller, fn, node, parts, false);
      joined = joined ? joinValues(joined, value) : value;
    }
    return joined ?? CLEAN;
  }

  /** Summaries of module-level functions and methods, published for other files. */
  exportSummaries(): Map<string, ExportedSummary> {
    const published = new Map<string, ExportedSummary>();
    if (!this.project) return published;
    for (const fn of this.fns.functions.values()) {
      if (fn.key.includes('.<locals>.')) continue;
      const returns = (this.summaries.get(fn.key)?.taint ?? [])
        .filter((f) => f.source.param?.functionKey === fn.key)
        .map((f) => ({ param: f.source.param?.name ?? '', cleansed: f.cleansed, composed: f.composed === true }));
      const sinks = [...(this.paramHits.get(fn.key)?.values() ?? [])].flatMap((hit) =>
        hit.flows
          .filter((f) => f.source.param?.functionKey === fn.key)
          .map((f) => ({
            param: f.source.param?.name ?? '',
            kind: hit.kind,
            cleansed: f.cleansed,
            composed: f.composed === true,
            line: hit.node.startPosition.row + 1,
            label: hit.label,
          })),
      );
      if (returns.length === 0 && sinks.length === 0) continue;
      const qualifiedName = `${this.project.moduleName}.${fn.key}`;
      const summary: ExportedSummary = {
        qualifiedName,
        ...(fn.classKey !== undefined ? { classKey: fn.classKey } : {}),
        file: this.facts.file.path,
        params: fn.params.map((p) => ({ name: p.name, position: p.position, kind: p.kind })),
        boundFirstParam: fn.boundFirstParam,
        returns,
        sinks,
      };
      for (const name of publishedNames(qualifiedName, fn.key)) if (!published.has(name)) published.set(name, summary);
    }
    return published;
  }

  // ---- internals ------------------------------------------------------------------------

  /** A call into another reviewed module: apply its exported summary. */
  private applyExternal(node: Node, parts: CallParts): AbstractValue | undefined {
    const project = this.project;
    if (!project || project.context.summaries.size === 0) return undefined;
    let qualified = this.facts.names.resolveCall(node);
    let bound = false;
    if (qualified === undefined && parts.method !== undefined && parts.receiver?.origin !== undefined) {
      qualified = `${parts.receiver.origin}.${parts.method}`;
      bound = true;
    }
    if (qualified === undefined) return undefined;
    // A call the framework tables model is judged by its spec, also when the reviewed tree holds
    // that library's own code (the standard library reviewed as a project): what the spec says
    // about `importlib.import_module` must not depend on whether the library's function was analysed.
    if (!bound && (this.specs.callSinks.has(qualified) || this.specs.callSources.has(qualified) || this.specs.callSanitizers.has(qualified))) return undefined;
    const name = absolutize(qualified, project.moduleName, project.isPackage);
    let summary = lookupSummary(name, project.context.summaries);
    const isClass = !summary && lookupSummary(`${name}.__init__`, project.context.summaries) !== undefined;
    if (isClass) {
      summary = lookupSummary(`${name}.__init__`, project.context.summaries);
      bound = true;
    }
    if (!summary) return undefined;
    const bindings = bindArguments(summary.params, parts, bound && summary.boundFirstParam);
    const line = node.startPosition.row + 1;
    const column = node.startPosition.column + 1;
    const callable = summary.qualifiedName.replace(/\.__init__$/, '');
    const shortName = lastSegment(callable);
    const argFlows = (param: string, cleansed: number, composed: boolean, note: string): Taint => {
      const value = bindings.get(param);
      if (!value) return [];
      const flows = addStep(deepTaint(value), line, column, note).map((f) => makeFlow(f.source, f.steps, f.cleansed | cleansed, f.composed));
      return composed ? markComposed(flows) : flows;
    };
    for (const sink of summary.sinks) {
      const flows = argFlows(sink.param, sink.cleansed, sink.composed, `${shortName}(${sink.param}=…) → ${sink.label} at ${summary.file}:${sink.line}`)
        .filter((f) => !cleans(f.cleansed, sink.kind));
      const target = parts.keywordNodes.get(sink.param) ?? parts.positionalNodes[summary.params.find((p) => p.name === sink.param)?.position ?? -1] ?? node;
      const label = `${shortName}(), which passes it to ${sink.label}() at ${summary.file}:${sink.line}`;
      if (flows.length > 0) this.recordHit({ kind: sink.kind, node, target, flows, label }, undefined);
    }
    if (isClass) return { taint: [], origin: name };
    const returned = summary.returns.flatMap((r) => argFlows(r.param, r.cleansed, r.composed, `${shortName}(${r.param}=…)`));
    return { taint: mergeTaint(returned) };
  }

  private resolveCallee(
    caller: FunctionInfo | undefined,
    callee: Node,
    parts: CallParts,
    state: State,
  ): { kind: 'function' | 'class'; key: string; bound: boolean } | undefined {
    if (callee.type === 'identifier') {
      const value = state.get(callee.text) ?? this.lookupGlobal(callee.text, callee, caller);
      const key = value?.functionKey;
      if (key === undefined) return undefined;
      return this.fns.classes.has(key) ? { kind: 'class', key, bound: true } : { kind: 'function', key, bound: false };
    }
    if (callee.type !== 'attribute' || parts.method === undefined) return undefined;
    const object = callee.childForFieldName('object');
    let classKey: string | undefined;
    let bound = true;
    if (object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls') && caller?.classKey !== undefined) {
      classKey = caller.classKey;
    } else if (parts.receiver?.origin?.startsWith('local:')) {
      classKey = parts.receiver.origin.slice('local:'.length);
    } else if (object?.type === 'identifier' && this.fns.classes.has(object.text) && !state.has(object.text)) {
      classKey = object.text;
      bound = false;
    }
    // super().method(…): the first base class of the caller's class that defines it.
    const viaSuper = object?.type === 'call' && object.childForFieldName('function')?.text === 'super' && caller?.classKey !== undefined;
    if (viaSuper && caller?.classKey !== undefined) {
      const inherited = this.findInBases(caller.classKey, parts.method);
      return inherited ? { kind: 'function', key: inherited.key, bound: inherited.boundFirstParam } : undefined;
    }
    if (classKey === undefined) return undefined;
    const method = this.findMethod(classKey, parts.method);
    if (!method) return undefined;
    const isStatic = !method.boundFirstParam;
    return { kind: 'function', key: method.key, bound: bound && !isStatic };
  }

  private findInBases(classKey: string, name: string): FunctionInfo | undefined {
    for (const base of this.fns.classes.get(classKey)?.bases ?? []) {
      const found = base.type === 'identifier' ? this.findMethod(base.text, name) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /**
   * `Class(args)` for a class of this file: its __init__ (own or inherited) stores the
   * arguments in fields; dataclass-like classes bind them to their annotated fields; forms
   * (Flask-WTF) read the request; other classes with bases from elsewhere keep the arguments.
   */
  private construct(caller: FunctionInfo | undefined, classKey: string, node: Node, parts: CallParts): AbstractValue {
    const origin = `local:${classKey}`;
    const init = this.findMethod(classKey, '__init__');
    if (init) {
      this.applySummary(caller, init, node, parts, true);
      return { taint: [], origin };
    }
    const info = this.fns.classes.get(classKey);
    if (!info) return { taint: [], origin };
    const baseNames = info.bases.map((b) => this.facts.names.resolve(b) ?? b.text);
    if (baseNames.some((b) => /(^|\.)(FlaskForm|Form)$/.test(b) && /flask_wtf|wtforms/.test(b))) {
      return { ...sourceValue({ kind: 'web', label: 'form data', confidence: 'high' }, node), origin };
    }
    const fieldNames = this.dataFields(info);
    if (fieldNames) {
      const bindings = bindArguments(fieldNames.map((name, position) => ({ name, position, kind: 'positional' })), parts, false);
      for (const [name, value] of bindings) this.recordClassField(classKey, name, value);
      return { taint: [], origin };
    }
    const all = mergeTaint(...parts.positional.map(deepTaint), ...[...parts.keywords.values()].map(deepTaint));
    return { taint: info.bases.length > 0 ? all : [], origin };
  }

  /** Annotated class-level names of a dataclass / attrs / NamedTuple / pydantic model, in order. */
  private dataFields(info: { node: Node; bases: readonly Node[] }): string[] | undefined {
    const decorators = info.node.parent?.type === 'decorated_definition' ? namedChildrenOf(info.node.parent).filter((c) => c.type === 'decorator').map((d) => d.text) : [];
    const dataLike =
      decorators.some((d) => /\b(dataclass|attr\.s|attrs\.define|define|frozen)\b/.test(d)) ||
      info.bases.some((b) => /\b(NamedTuple|BaseModel|TypedDict)\b/.test(b.text));
    if (!dataLike) return undefined;
    const body = info.node.childForFieldName('body');
    const names: string[] = [];
    for (const stmt of body ? namedChildrenOf(body) : []) {
      const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = expr?.type === 'assignment' && expr.childForFieldName('type') ? expr.childForFieldName('left') : undefined;
      if (left?.type === 'identifier') names.push(left.text);
    }
    return names;
  }

  private findMethod(classKey: string, name: string, depth = 0): FunctionInfo | undefined {
    const info = this.fns.classes.get(classKey);
    if (!info || depth > 5) return undefined;
    const own = info.methods.get(name);
    if (own) return own;
    for (const base of info.bases) {
      const found = base.type === 'identifier' ? this.findMethod(base.text, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private applySummary(caller: FunctionInfo | undefined, fn: FunctionInfo, node: Node, parts: CallParts, bound: boolean): AbstractValue {
    let sites = this.callSites.get(fn.key);
    if (!sites) {
      sites = new Set();
      this.callSites.set(fn.key, sites);
    }
    sites.add(node.id);
    const callerKey = caller?.key ?? '<module>';
    if (caller === undefined) this.moduleCallsLocal = true;
    let callerSet = this.callers.get(fn.key);
    if (!callerSet) {
      callerSet = new Set();
      this.callers.set(fn.key, callerSet);
    }
    callerSet.add(callerKey);
    const bindings = bindArguments(fn.params, parts, bound && fn.boundFirstParam);
    const line = node.startPosition.row + 1;
    const column = node.startPosition.column + 1;
    const substitute = (taint: Taint): Taint => substituteTaint(taint, fn, bindings, line, column);
    for (const hit of this.paramHits.get(fn.key)?.values() ?? []) {
      const flows = substitute(hit.flows.filter((f) => f.source.param?.functionKey === fn.key)).filter((f) => !cleans(f.cleansed, hit.kind));
      // Found through the call: the flows already end at the callee's sink.
      if (flows.length > 0) this.storeHit({ ...hit, flows });
    }
    // No summary yet (not analysed, or it returns nothing tainted): CLEAN, which run() relies on.
    const summary = this.summaries.get(fn.key) ?? CLEAN;
    return substituteValue(summary, substitute);
  }

  /**
   * Files a hit whose flows end at the sink: flows from real sources as a concrete hit, flows
   * from parameters under the function they come from (marking it dirty when they grow).
   */
  private storeHit(hit: SinkHit): void {
    const flows = admissibleFlows(hit.kind, hit.flows);
    if (flows.length === 0) return;
    const key = hitKey(hit);
    const concrete = flows.filter((f) => f.source.kind !== 'param');
    if (concrete.length > 0) {
      const existing = this.concreteHits.get(key);
      this.concreteHits.set(key, { ...hit, flows: mergeTaint(existing?.flows ?? [], concrete) });
    }
    const byRoot = new Map<string, Flow[]>();
    for (const flow of flows) {
      const root = flow.source.param?.functionKey;
      if (root === undefined) continue;
      const list = byRoot.get(root);
      if (list) list.push(flow);
      else byRoot.set(root, [flow]);
    }
    for (const [root, rootFlows] of byRoot) {
      let hits = this.paramHits.get(root);
      if (!hits) {
        hits = new Map();
        this.paramHits.set(root, hits);
        this.passingRoots.push(root);
      }
      const existing = hits.get(key);
      const merged = mergeTaint(existing?.flows ?? [], rootFlows);
      if (!existing || merged.length !== existing.flows.length) {
        hits.set(key, { ...hit, flows: merged });
        this.dirtyRoots.add(root);
      }
    }
  }

  private entryState(fn: FunctionInfo): State {
    const state: State = new Map();
    // Run again if a default changes (module-level code runs again; see run()).
    if (fn.params.some((p) => p.default !== undefined)) this.addFieldReader(`${fn.key}\0(default)`, fn.key);
    const framework = this.handlers.get(fn.key);
    fn.params.forEach((param, index) => {
      if (index === 0 && fn.boundFirstParam) {
        if (fn.classKey !== undefined) state.set(param.name, { taint: [], origin: `local:${fn.classKey}` });
        return;
      }
      // A Starlette/FastAPI Request is request data wherever it is passed.
      if (!framework && /\bRequest\b/.test(param.annotation?.text ?? '') && (this.facts.names.importsModule('starlette') || this.facts.names.importsModule('fastapi'))) {
        state.set(param.name, this.handlerParam('fastapi', fn, param));
        return;
      }
      if (framework) {
        state.set(param.name, this.handlerParam(framework, fn, param));
        return;
      }
      // A caller that leaves the argument out passes the default (`def run(cmd=sys.argv[1])`).
      const fallback = this.parameterDefaults.get(fn.key)?.get(param.name);
      state.set(param.name, fallback ? joinValues(paramValue(fn, param, index), fallback) : paramValue(fn, param, index));
    });
    // Django class-based views read the request and URL parameters from self.
    if (fn.classKey !== undefined && fn.boundFirstParam && this.isDjangoViewClass(fn.classKey)) {
      const self = fn.params[0]?.name ?? 'self';
      const requestParam: ParamInfo = { name: 'request', position: -1, kind: 'positional' };
      state.set(`${self}.request`, this.handlerParam('django', fn, requestParam));
      const urlParams = sourceValue({ kind: 'web', label: 'URL parameters (self.kwargs)', confidence: 'high' }, fn.node);
      state.set(`${self}.kwargs`, urlParams);
      state.set(`${self}.args`, urlParams);
    }
    return state;
  }

  /** A class deriving (through this file's classes) from a Django or DRF view. */
  private isDjangoViewClass(classKey: string, depth = 0): boolean {
    const info = this.fns.classes.get(classKey);
    if (!info || depth > 5) return false;
    return info.bases.some((base) => {
      const name = this.facts.names.resolve(base);
      if (name !== undefined && /^(django\.views|django\.contrib\.auth\.views|rest_framework)\b/.test(name)) return true;
      return base.type === 'identifier' && this.isDjangoViewClass(base.text, depth + 1);
    });
  }

  private handlerParam(framework: Framework, fn: FunctionInfo, param: ParamInfo): AbstractValue {
    const at = param.annotation ?? fn.node;
    const source = (label: string): AbstractValue => sourceValue({ kind: 'web', label, confidence: 'high' }, at);
    const requestObject = (parts: readonly string[], prefix: string): AbstractValue => ({
      taint: [],
      fields: new Map(parts.map((p) => [p, source(`${prefix}.${p}`)])),
      rest: CLEAN,
    });
    if (framework === 'django') {
      if (param.name === 'request') return requestObject(DJANGO_REQUEST_PARTS, 'request');
      return source(`URL parameter ${param.name}`);
    }
    if (framework === 'fastapi') {
      const annotation = param.annotation?.text ?? '';
      const resolvedType = param.annotation ? this.facts.names.resolve(param.annotation.namedChildren[0] ?? param.annotation) : undefined;
      const isRequest = /\b(Request|WebSocket)\b/.test(annotation) || /\.(Request|WebSocket|HTTPConnection)$/.test(resolvedType ?? '') || (param.name === 'request' && !param.annotation);
      if (isRequest) return requestObject(STARLETTE_REQUEST_PARTS, param.name);
      if (param.default?.text.startsWith('Depends(') || /\b(BackgroundTasks|Session|AsyncSession|Response)\b/.test(annotation)) return CLEAN;
      // The framework converts and validates typed parameters (422 otherwise).
      if (TYPED_PARAM.test(annotation)) return CLEAN;
      return source(`request parameter ${param.name}`);
    }
    // Flask converters: <int:id>, <float:x>, <uuid:u> arrive converted.
    if (this.convertedRouteParams(fn).has(param.name)) return CLEAN;
    return source(`URL parameter ${param.name}`);
  }

  /** Parameters a Flask route declares with a converting type (`/users/<int:user_id>`). */
  private convertedRouteParams(fn: FunctionInfo): Set<string> {
    const names = new Set<string>();
    for (const decorator of fn.decorators) {
      const rule = decorator.type === 'call' ? decorator.childForFieldName('arguments')?.namedChildren[0] : undefined;
      const text = rule ? this.facts.constants.stringValue(rule) : undefined;
      for (const match of text?.matchAll(/<(int|float|uuid):(\w+)>/g) ?? []) if (match[2]) names.add(match[2]);
    }
    return names;
  }

  private detectHandlers(): void {
    const django = DJANGO_MODULES.some((module) => this.facts.names.importsModule(module));
    const registered = this.registeredEndpoints();
    for (const fn of this.fns.functions.values()) {
      const framework = this.handlerFramework(fn) ?? registered.get(fn.key);
      if (framework) {
        this.handlers.set(fn.key, framework);
        continue;
      }
      const firstReal = fn.params[fn.boundFirstParam ? 1 : 0];
      if (django && firstReal?.name === 'request') this.handlers.set(fn.key, 'django');
    }
  }

  /**
   * Endpoints registered by reference rather than by decorator: Starlette `Route("/", f)`,
   * Flask `app.add_url_rule("/", view_func=f)`, FastAPI `app.add_api_route("/", f)`.
   */
  private registeredEndpoints(): Map<string, Framework> {
    const found = new Map<string, Framework>();
    const web = ROUTING_FRAMEWORKS.some((module) => this.facts.names.importsModule(module));
    if (!web) return found;
    for (const call of this.facts.root.descendantsOfType('call')) {
      if (!call) continue;
      const name = this.facts.names.resolveCall(call) ?? '';
      const method = call.childForFieldName('function')?.type === 'attribute' ? call.childForFieldName('function')?.childForFieldName('attribute')?.text : undefined;
      let framework: Framework | undefined;
      let endpoint: Node | undefined;
      const args = call.childForFieldName('arguments');
      const positional = args ? args.namedChildren.filter((a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment') : [];
      const keyword = (k: string): Node | undefined => args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === k)?.childForFieldName('value') ?? undefined;
      if (/^starlette\.routing\.(Route|WebSocketRoute)$|^(fastapi|starlette)\.routing\.APIRoute$/.test(name)) {
        framework = 'fastapi';
        endpoint = keyword('endpoint') ?? positional[1];
      } else if (method === 'add_url_rule') {
        framework = 'flask';
        endpoint = keyword('view_func') ?? positional[2];
      } else if (method === 'add_api_route' || method === 'add_route' || method === 'add_websocket_route') {
        framework = this.facts.names.importsModule('flask') ? 'flask' : 'fastapi';
        endpoint = keyword('endpoint') ?? keyword('route') ?? positional[1];
      }
      if (framework && endpoint?.type === 'identifier' && this.fns.functions.has(endpoint.text)) found.set(endpoint.text, framework);
    }
    return found;
  }

  private handlerFramework(fn: FunctionInfo): Framework | undefined {
    for (const decorator of fn.decorators) {
      const call = decorator.type === 'call' ? decorator.childForFieldName('function') : decorator;
      if (call?.type !== 'attribute') continue;
      const method = call.childForFieldName('attribute')?.text ?? '';
      const receiver = call.childForFieldName('object');
      if (!receiver) continue;
      const origin = (receiver.type === 'identifier' ? this.moduleState.get(receiver.text)?.origin : undefined) ?? this.facts.names.resolve(receiver);
      for (const spec of this.specs.handlerDecorators) {
        if (!spec.method?.includes(method)) continue;
        if (origin !== undefined && spec.receiverOrigins?.includes(origin)) return frameworkOf(origin);
      }
      // An app object built elsewhere (factory, import): judge by the file's imports.
      if (origin === undefined && ['route', 'get', 'post', 'put', 'patch', 'delete'].includes(method)) {
        if (this.facts.names.importsModule('flask') && method === 'route') return 'flask';
        if (this.facts.names.importsModule('fastapi')) return 'fastapi';
        if (this.facts.names.importsModule('flask')) return 'flask';
      }
    }
    return undefined;
  }
}

/**
 * Joins `value` into `table[outer][inner]`; true when the stored value changed (values only grow,
 * so a change is what makes readers run again).
 */
function joinInto(table: Map<string, Map<string, AbstractValue>>, outer: string, inner: string, value: AbstractValue): boolean {
  let entries = table.get(outer);
  if (!entries) table.set(outer, (entries = new Map<string, AbstractValue>()));
  const previous = entries.get(inner);
  const joined = previous ? joinValues(previous, value) : value;
  if (previous && sameValue(previous, joined)) return false;
  entries.set(inner, joined);
  return true;
}

/** How other files call a function: a class's constructor for `Class.__init__`. */
function calledKey(functionKey: string): string {
  return functionKey.endsWith('.__init__') ? functionKey.slice(0, -'.__init__'.length) : functionKey;
}

function enclosingFunctionNode(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'function_definition') return current;
  return undefined;
}

function frameworkOf(origin: string): Framework {
  return origin.startsWith('fastapi') || origin.startsWith('starlette') ? 'fastapi' : 'flask';
}

function paramValue(fn: FunctionInfo, param: ParamInfo, index: number): AbstractValue {
  const line = fn.node.startPosition.row + 1;
  const flow: Flow = makeFlow(
    {
      kind: 'param',
      label: `parameter ${param.name}`,
      line,
      column: fn.node.startPosition.column + 1,
      confidence: 'low',
      param: { functionKey: fn.key, index, name: param.name },
    },
    { line, column: fn.node.startPosition.column + 1, note: `parameter ${param.name} of ${fn.name}()`, previous: undefined, length: 1 },
    0,
    false,
  );
  if (param.kind === 'varargs' || param.kind === 'kwargs') return { taint: [], rest: { taint: [flow] } };
  return { taint: [flow] };
}

/** Maps a call's arguments onto a function's parameters by position and keyword. */
function bindArguments(params: readonly ParamInfo[], parts: CallParts, skipFirst: boolean): Map<string, AbstractValue> {
  const bindings = new Map<string, AbstractValue>();
  const effective = skipFirst ? params.slice(1) : params;
  const positional = effective.filter((p) => p.kind === 'positional');
  const varargs = effective.find((p) => p.kind === 'varargs');
  const kwargs = effective.find((p) => p.kind === 'kwargs');
  parts.positional.forEach((value, i) => {
    const param = positional[i];
    if (param) bindings.set(param.name, value);
    else if (varargs) bindings.set(varargs.name, joinValues(bindings.get(varargs.name) ?? CLEAN, value));
  });
  for (const [name, value] of parts.keywords) {
    if (effective.some((p) => p.name === name && p.kind !== 'varargs' && p.kind !== 'kwargs')) bindings.set(name, value);
    else if (kwargs) bindings.set(kwargs.name, joinValues(bindings.get(kwargs.name) ?? CLEAN, value));
  }
  return bindings;
}

/** Replaces the parameter flows of `fn` by the flows of the arguments bound to them. */
function substituteTaint(taint: Taint, fn: FunctionInfo, bindings: ReadonlyMap<string, AbstractValue>, line: number, column: number): Taint {
  const result: Flow[] = [];
  for (const flow of taint) {
    const param = flow.source.param;
    if (param?.functionKey !== fn.key) {
      result.push(flow);
      continue;
    }
    const argument = bindings.get(param.name);
    if (!argument) continue;
    const argFlows = deepTaint(argument);
    if (argFlows.length === 0) continue;
    const note = `${fn.label ?? fn.name}(${param.name}=…)`;
    // The callee's steps, oldest first, without its first (the parameter itself): replayed after
    // the call for every argument flow.
    const replay: StepList[] = [];
    for (let s = flow.steps; s; s = s.previous) replay.push(s);
    replay.pop();
    for (const argFlow of argFlows) {
      let steps = addStep([argFlow], line, column, note)[0]?.steps;
      for (let i = replay.length - 1; i >= 0; i--) {
        const step = replay[i] as StepList;
        steps = { line: step.line, column: step.column, note: step.note, previous: steps, length: (steps?.length ?? 0) + 1 };
      }
      result.push(makeFlow(argFlow.source, steps, argFlow.cleansed | flow.cleansed, argFlow.composed || flow.composed));
    }
  }
  return mergeTaint(result);
}

function substituteValue(value: AbstractValue, substitute: (t: Taint) => Taint, depth = 0): AbstractValue {
  if (depth > 4) return value;
  const fields = value.fields ? new Map([...value.fields].map(([k, v]) => [k, substituteValue(v, substitute, depth + 1)])) : undefined;
  const rest = value.rest ? substituteValue(value.rest, substitute, depth + 1) : undefined;
  return { ...value, taint: substitute(value.taint), ...(fields ? { fields } : {}), ...(rest ? { rest } : {}) };
}

function bestConfidence(flows: Taint): Confidence {
  let best: Confidence = 'low';
  for (const flow of flows) if (CONFIDENCE_RANK[flow.source.confidence] > CONFIDENCE_RANK[best]) best = flow.source.confidence;
  return best;
}

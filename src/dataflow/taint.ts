import type { Confidence } from '../core/finding.js';
import type { Constant as PyConstant } from './constant.js';

/** The kinds of sensitive operation a tainted value can reach. Sanitizers clean per kind. */
export const SINK_KINDS = [
  'sql', 'command', 'code', 'import', 'path', 'xss', 'template', 'redirect', 'header', 'session',
  'ldap', 'xpath', 'deserialize', 'ssrf', 'log', 'xxe',
  // C/C++: a printf-style format string; a size, length or index used for memory.
  'format', 'size',
] as const;
export type SinkKind = (typeof SINK_KINDS)[number];

const BIT: Readonly<Record<SinkKind, number>> = Object.fromEntries(SINK_KINDS.map((k, i) => [k, 1 << i])) as Record<SinkKind, number>;
/** A cleansing mask that cleans every kind. */
export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;

/** The bit mask of a set of sink kinds. */
export function kindMask(kinds: readonly SinkKind[] | 'all'): number {
  if (kinds === 'all') return ALL_KINDS;
  return kinds.reduce((mask, k) => mask | BIT[k], 0);
}

/** True when `mask` cleans `kind`. */
export function cleans(mask: number, kind: SinkKind): boolean {
  return (mask & BIT[kind]) !== 0;
}

/** Where untrusted data enters. */
export type SourceKind = 'web' | 'cli' | 'stdin' | 'env' | 'file' | 'network' | 'param';

export interface TaintSource {
  readonly kind: SourceKind;
  /** What the code reads, e.g. `request.args` or `sys.argv`. */
  readonly label: string;
  readonly line: number;
  readonly column: number;
  readonly confidence: Confidence;
  /** For `param` sources: the function and parameter the value comes from. */
  readonly param?: { readonly functionKey: string; readonly index: number; readonly name: string };
}

/** One step of a flow, newest first (a persistent list shared between flows). */
export interface StepList {
  readonly line: number;
  readonly column: number;
  readonly note: string;
  readonly previous: StepList | undefined;
  readonly length: number;
}

/** A path from one source, with the kinds it has been cleaned for along the way. */
export interface Flow {
  readonly source: TaintSource;
  readonly steps: StepList | undefined;
  readonly cleansed: number;
  /**
   * The data was spliced into program text (concatenation, formatting, f-string, join with a
   * constant): the code builds the dangerous value, rather than passing it through.
   */
  readonly composed: boolean;
}

/**
 * Builds a flow. Every flow is made here, with the same fields in the same order, so all flows
 * share one hidden class: the engine reads flows at every join, and flows built by spreads and
 * literals of varying fields made those reads megamorphic.
 */
export function makeFlow(source: TaintSource, steps: StepList | undefined, cleansed: number, composed: boolean): Flow {
  return { source, steps, cleansed, composed };
}

export type Taint = readonly Flow[];

/** What the analysis knows about a value at one program point. */
export interface AbstractValue {
  readonly taint: Taint;
  /** Known keys, indexes or attributes of a container or object. */
  readonly fields?: ReadonlyMap<string, AbstractValue>;
  /** Elements with unknown keys (appended items, unknown subscripts). */
  readonly rest?: AbstractValue;
  /** The value, when it is a compile-time constant. */
  readonly constant?: PyConstant;
  /** For strings built from parts: the constant text they start with. */
  readonly prefix?: string;
  /** Qualified name of the call that created the value (`requests.Session`), for typing receivers. */
  readonly origin?: string;
  /** For function values: the key of a function the engine knows. */
  readonly functionKey?: string;
  /** The string contains HTML markup from the program (for reflected XSS). */
  readonly html?: boolean;
  /** Line breaks removed by `.replace()` so far: 1 = CR, 2 = LF. */
  readonly removedBreaks?: number;
  /** Known truthiness of a value that is not itself constant (`x or True`). */
  readonly truthy?: boolean;
  /** A reference to a library function (`run = os.system`), by qualified name. */
  readonly callable?: string;
}

const EMPTY: Taint = [];
export const CLEAN: AbstractValue = { taint: EMPTY };

/** Limits that keep the analysis bounded on large code. */
const MAX_FLOWS = 6;
const MAX_STEPS = 16;

/** A value from a constant. */
export function constantValue(constant: PyConstant): AbstractValue {
  return typeof constant === 'string' ? { taint: [], constant, prefix: constant } : { taint: [], constant };
}

/** Adds a step to every flow of a taint. */
export function addStep(taint: Taint, line: number, column: number, note: string): Taint {
  if (taint.length === 0) return taint;
  return taint.map((flow) => {
    const last = flow.steps;
    if (last && last.line === line && last.note === note) return flow;
    if (last && last.length >= MAX_STEPS) return flow;
    return makeFlow(flow.source, { line, column, note, previous: last, length: (last?.length ?? 0) + 1 }, flow.cleansed, flow.composed);
  });
}

/** Marks every flow as cleaned for `mask`. */
export function cleanse(taint: Taint, mask: number): Taint {
  if (mask === 0 || taint.length === 0) return taint;
  return taint.map((flow) => makeFlow(flow.source, flow.steps, flow.cleansed | mask, flow.composed));
}

/** Marks flows as spliced into constant program text. */
export function markComposed(taint: Taint): Taint {
  if (taint.length === 0 || taint.every((f) => f.composed)) return taint;
  return taint.map((flow) => (flow.composed ? flow : makeFlow(flow.source, flow.steps, flow.cleansed, true)));
}

/** Union of taints: one flow per (source, cleansing), keeping the shortest path. */
export function mergeTaint(...taints: readonly Taint[]): Taint {
  if (taints.length === 2) return joinTaint(taints[0] ?? EMPTY, taints[1] ?? EMPTY);
  let merged: Taint = EMPTY;
  for (const taint of taints) merged = merged.length === 0 ? taint : joinTaint(merged, taint);
  return merged;
}

/**
 * {@link mergeTaint} of two taints. This runs at every control-flow join for every variable,
 * so it compares flows field by field (lists hold at most MAX_FLOWS) instead of building keys,
 * and hands back `a` itself when `b` adds nothing, which keeps later identity checks cheap.
 */
export function joinTaint(a: Taint, b: Taint): Taint {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  // The usual case at a join: `b` repeats flows `a` has, by paths no shorter. Then the merge
  // below would rebuild `a` exactly (when `a` is itself a merge result), so skip building it.
  if (coversAll(a, b) && isNormalised(a)) return a;
  const merged: Flow[] = [];
  addFlows(merged, a);
  addFlows(merged, b);
  // Prefer real sources over parameter placeholders when trimming (a stable sort).
  if (!isRanked(merged)) merged.sort((x, y) => rankFlow(x) - rankFlow(y));
  if (merged.length > MAX_FLOWS) merged.length = MAX_FLOWS;
  if (merged.length !== a.length) return merged;
  for (let i = 0; i < merged.length; i++) if (merged[i] !== a[i]) return merged;
  return a;
}

function addFlows(merged: Flow[], taint: Taint): void {
  for (const flow of taint) {
    let at = -1;
    for (let i = 0; i < merged.length; i++) {
      if (sameFlowKey(merged[i] as Flow, flow)) {
        at = i;
        break;
      }
    }
    if (at === -1) merged.push(flow);
    else if ((flow.steps?.length ?? 0) < ((merged[at] as Flow).steps?.length ?? 0)) merged[at] = flow;
  }
}

/** Every flow of `b` has a flow of the same key in `a` whose path is no longer. */
function coversAll(a: Taint, b: Taint): boolean {
  for (const flow of b) {
    let covered = false;
    for (const mine of a) {
      if (sameFlowKey(mine, flow)) {
        covered = (mine.steps?.length ?? 0) <= (flow.steps?.length ?? 0);
        break;
      }
    }
    if (!covered) return false;
  }
  return true;
}

/** What a merge produces: no two flows with one key, ranked, within the bound. */
function isNormalised(taint: Taint): boolean {
  if (taint.length > MAX_FLOWS || !isRanked(taint)) return false;
  for (let i = 1; i < taint.length; i++) {
    for (let j = 0; j < i; j++) if (sameFlowKey(taint[j] as Flow, taint[i] as Flow)) return false;
  }
  return true;
}

function isRanked(taint: Taint): boolean {
  for (let i = 1; i < taint.length; i++) if (rankFlow(taint[i - 1] as Flow) > rankFlow(taint[i] as Flow)) return false;
  return true;
}

/** Same source, same cleansing, same composition: one flow as far as merging goes. */
function sameFlowKey(x: Flow, y: Flow): boolean {
  if (x === y) return true;
  if (x.cleansed !== y.cleansed || (x.composed === true) !== (y.composed === true)) return false;
  const s = x.source;
  const t = y.source;
  return s === t || (
    s.kind === t.kind && s.label === t.label && s.line === t.line && s.column === t.column &&
    s.param?.functionKey === t.param?.functionKey && s.param?.index === t.param?.index
  );
}

function rankFlow(flow: Flow): number {
  return flow.source.kind === 'param' ? 1 : 0;
}

/** Every flow inside a value, including its fields and elements. */
export function deepTaint(value: AbstractValue, depth = 0): Taint {
  if (depth > 4 || (!value.fields && !value.rest)) return value.taint;
  const parts: Taint[] = [value.taint];
  if (value.fields) for (const field of value.fields.values()) parts.push(deepTaint(field, depth + 1));
  if (value.rest) parts.push(deepTaint(value.rest, depth + 1));
  return mergeTaint(...parts);
}

/** Least upper bound of two values at a control-flow join. */
export function joinValues(a: AbstractValue, b: AbstractValue, depth = 0): AbstractValue {
  if (a === b) return a;
  if (sameFlatValue(a, b)) return a;
  // Joining with "nothing known" keeps the taint and structure but no exact facts.
  if (isBare(b)) return a.constant === undefined && a.prefix === undefined && a.origin === undefined && a.functionKey === undefined && a.callable === undefined ? a : stripFacts(a);
  if (isBare(a)) return b.constant === undefined && b.prefix === undefined && b.origin === undefined && b.functionKey === undefined && b.callable === undefined ? b : stripFacts(b);
  const taint = joinTaint(a.taint, b.taint);
  const sameConstant = a.constant !== undefined && b.constant !== undefined && sameConstantValue(a.constant, b.constant);
  const prefix = commonPrefix(a.prefix, b.prefix);
  const fields = (a.fields || b.fields) && depth < 4 ? joinFields(a, b, depth) : undefined;
  const rest = a.rest && b.rest ? joinValues(a.rest, b.rest, depth + 1) : (a.rest ?? b.rest);
  if (joinKeepsLeft(a, b, taint, fields, rest, sameConstant, prefix)) return a;
  // Built field by field (in this order) rather than from conditional spreads, each of which
  // allocates a small object: joins run at every control-flow merge for every variable.
  const joined: Mutable<AbstractValue> = { taint };
  if (fields) joined.fields = fields;
  if (rest) joined.rest = rest;
  if (sameConstant && a.constant !== undefined) joined.constant = a.constant;
  if (prefix) joined.prefix = prefix;
  if (a.origin !== undefined && a.origin === b.origin) joined.origin = a.origin;
  if (a.functionKey !== undefined && a.functionKey === b.functionKey) joined.functionKey = a.functionKey;
  if (a.callable !== undefined && a.callable === b.callable) joined.callable = a.callable;
  if (a.html === true || b.html === true) joined.html = true;
  return joined;
}

/**
 * The fields of the join of `a` and `b`: every key of either (`a`'s first, in order), each
 * value joined with the other side's field, or its unknown elements when it has no such field.
 *
 * Why `a.fields` itself when no field changes: that is the usual case at a join (a loop's
 * second visit), and a fresh map per join, for every variable holding a dictionary, tuple or
 * object, was most of the join's cost. Field maps are never changed once a value holds them
 * (a store builds a new map), so sharing one is safe.
 */
function joinFields(a: AbstractValue, b: AbstractValue, depth: number): ReadonlyMap<string, AbstractValue> {
  const left = a.fields;
  const right = b.fields;
  // A copy of `a`'s fields, made at the first field that differs (a key keeps its place when set).
  let joined: Map<string, AbstractValue> | undefined;
  if (left) {
    for (const [key, value] of left) {
      const result = joinValues(value, right?.get(key) ?? b.rest ?? CLEAN, depth + 1);
      if (result !== value) (joined ??= new Map(left)).set(key, result);
    }
  }
  if (right) {
    for (const [key, value] of right) {
      if (left?.has(key)) continue;
      joined ??= new Map(left ?? []);
      joined.set(key, joinValues(a.rest ?? CLEAN, value, depth + 1));
    }
  }
  return joined ?? left ?? new Map();
}

/** `T` with its properties writable: for values built field by field before they are shared. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * True when the join built from these parts would equal `a` property for property, so `a`
 * itself can stand for it: identical results let the fixpoint see "no change" by identity.
 */
function joinKeepsLeft(
  a: AbstractValue,
  b: AbstractValue,
  taint: Taint,
  fields: ReadonlyMap<string, AbstractValue> | undefined,
  rest: AbstractValue | undefined,
  sameConstant: boolean,
  prefix: string | undefined,
): boolean {
  if (taint !== a.taint || rest !== a.rest || prefix !== a.prefix) return false;
  // Facts a join never carries over.
  if (a.removedBreaks !== undefined || a.truthy !== undefined) return false;
  if (a.constant !== undefined && !sameConstant) return false;
  if ((a.origin !== undefined && a.origin !== b.origin) || (a.functionKey !== undefined && a.functionKey !== b.functionKey) || (a.callable !== undefined && a.callable !== b.callable)) return false;
  if (a.html !== (a.html === true || b.html === true ? true : undefined)) return false;
  if (fields === undefined || a.fields === undefined) return fields === a.fields;
  if (fields.size !== a.fields.size) return false;
  for (const [key, value] of fields) if (a.fields.get(key) !== value) return false;
  return true;
}

/** Equal values without structure (re-evaluated constants, clean names) join to either one. */
function sameFlatValue(a: AbstractValue, b: AbstractValue): boolean {
  return (
    a.taint.length === 0 && b.taint.length === 0 && !a.fields && !b.fields && !a.rest && !b.rest &&
    a.prefix === b.prefix && a.origin === b.origin && a.functionKey === b.functionKey && a.html === b.html && a.callable === b.callable &&
    a.removedBreaks === b.removedBreaks &&
    (a.constant === b.constant || (a.constant !== undefined && b.constant !== undefined && sameConstantValue(a.constant, b.constant)))
  );
}

function isBare(v: AbstractValue): boolean {
  return v.taint.length === 0 && !v.fields && !v.rest && v.constant === undefined && v.prefix === undefined && v.origin === undefined && v.functionKey === undefined && v.callable === undefined && v.html !== true;
}

function stripFacts(v: AbstractValue): AbstractValue {
  return {
    taint: v.taint,
    ...(v.fields ? { fields: v.fields } : {}),
    ...(v.rest ? { rest: v.rest } : {}),
    ...(v.html ? { html: true } : {}),
  };
}

function sameConstantValue(a: PyConstant, b: PyConstant): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    const left: readonly PyConstant[] = a;
    const right: readonly PyConstant[] = b;
    return left.length === right.length && left.every((x, i) => { const y = right[i]; return y !== undefined && sameConstantValue(x, y); });
  }
  return false;
}

function commonPrefix(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return undefined;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i > 0 ? a.slice(0, i) : undefined;
}

/** Structural equality used to detect a fixpoint. */
export function sameValue(a: AbstractValue, b: AbstractValue, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 4) return true;
  if (a.taint.length !== b.taint.length) return false;
  if (a.taint !== b.taint && a.taint.length > 0) {
    if (!b.taint.every((f) => a.taint.some((g) => sameFlowKey(f, g)))) return false;
  }
  if (a.constant !== b.constant && (a.constant === undefined || b.constant === undefined || !sameConstantValue(a.constant, b.constant))) return false;
  if (a.prefix !== b.prefix || a.origin !== b.origin || a.functionKey !== b.functionKey || a.callable !== b.callable) return false;
  if ((a.fields?.size ?? 0) !== (b.fields?.size ?? 0)) return false;
  for (const [key, value] of a.fields ?? []) {
    const other = b.fields?.get(key);
    if (!other || !sameValue(value, other, depth + 1)) return false;
  }
  if (Boolean(a.rest) !== Boolean(b.rest)) return false;
  return !a.rest || !b.rest || sameValue(a.rest, b.rest, depth + 1);
}

/** The steps of a flow, oldest first. */
export function stepsOf(flow: Flow): { line: number; column: number; note: string }[] {
  const steps: { line: number; column: number; note: string }[] = [];
  for (let s = flow.steps; s; s = s.previous) steps.push({ line: s.line, column: s.column, note: s.note });
  return steps.reverse();
}

import { CLEAN, joinValues, sameValue } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';

/** Known bounds of an integer on a path, inclusive; a missing side is unbounded. */
export interface Range {
  readonly lo?: number;
  readonly hi?: number;
}

/** What the value analysis knows at one program point: each variable's abstract value and range. */
export interface FlowState {
  readonly values: ReadonlyMap<string, AbstractValue>;
  readonly ranges: ReadonlyMap<string, Range>;
}

/** A state being updated by one instruction. */
export interface WorkState {
  readonly values: Map<string, AbstractValue>;
  readonly ranges: Map<string, Range>;
}

export const EMPTY_STATE: FlowState = { values: new Map(), ranges: new Map() };

export function toWork(state: FlowState): WorkState {
  return { values: new Map(state.values), ranges: new Map(state.ranges) };
}

/** Least upper bound at a join: values join (a variable unassigned on one side keeps its taint only), ranges take the hull. */
export function joinStates(a: FlowState, b: FlowState): FlowState {
  if (a === b) return a;
  const values = new Map<string, AbstractValue>();
  for (const key of new Set([...a.values.keys(), ...b.values.keys()])) {
    values.set(key, joinValues(a.values.get(key) ?? CLEAN, b.values.get(key) ?? CLEAN));
  }
  const ranges = new Map<string, Range>();
  for (const [key, left] of a.ranges) {
    const right = b.ranges.get(key);
    if (right) {
      const hull = hullOf(left, right);
      if (hull.lo !== undefined || hull.hi !== undefined) ranges.set(key, hull);
    }
  }
  return { values, ranges };
}

/** Drops bounds that keep moving at a loop head, so loops converge. */
export function widenStates(previous: FlowState, next: FlowState): FlowState {
  const ranges = new Map<string, Range>();
  for (const [key, range] of next.ranges) {
    const old = previous.ranges.get(key);
    if (!old) continue;
    const lo = range.lo !== undefined && old.lo !== undefined && range.lo >= old.lo ? range.lo : undefined;
    const hi = range.hi !== undefined && old.hi !== undefined && range.hi <= old.hi ? range.hi : undefined;
    if (lo !== undefined || hi !== undefined) ranges.set(key, { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) });
  }
  return { values: next.values, ranges };
}

export function sameStates(a: FlowState, b: FlowState): boolean {
  if (a === b) return true;
  if (a.values.size !== b.values.size || a.ranges.size !== b.ranges.size) return false;
  for (const [key, value] of a.values) {
    const other = b.values.get(key);
    if (!other || !sameValue(value, other)) return false;
  }
  for (const [key, range] of a.ranges) {
    const other = b.ranges.get(key);
    if (!other || other.lo !== range.lo || other.hi !== range.hi) return false;
  }
  return true;
}

/** The smallest range containing both. */
export function hullOf(a: Range, b: Range): Range {
  const lo = a.lo !== undefined && b.lo !== undefined ? Math.min(a.lo, b.lo) : undefined;
  const hi = a.hi !== undefined && b.hi !== undefined ? Math.max(a.hi, b.hi) : undefined;
  return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
}

/** Both ranges at once (a value known to satisfy both). */
export function meetRanges(a: Range | undefined, b: Range): Range {
  const lo = a?.lo !== undefined && b.lo !== undefined ? Math.max(a.lo, b.lo) : (a?.lo ?? b.lo);
  const hi = a?.hi !== undefined && b.hi !== undefined ? Math.min(a.hi, b.hi) : (a?.hi ?? b.hi);
  return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
}

/** Range arithmetic for `+ - *` when both sides are bounded. */
export function combineRanges(op: string, a: Range | undefined, b: Range | undefined): Range | undefined {
  if (!a || !b) return undefined;
  const pick = (x: number | undefined, y: number | undefined, f: (p: number, q: number) => number): number | undefined =>
    x === undefined || y === undefined ? undefined : f(x, y);
  if (op === '+') return tidy({ lo: pick(a.lo, b.lo, (p, q) => p + q), hi: pick(a.hi, b.hi, (p, q) => p + q) });
  if (op === '-') return tidy({ lo: pick(a.lo, b.hi, (p, q) => p - q), hi: pick(a.hi, b.lo, (p, q) => p - q) });
  if (op === '*' && a.lo !== undefined && b.lo !== undefined && a.lo >= 0 && b.lo >= 0) return tidy({ lo: a.lo * b.lo, hi: pick(a.hi, b.hi, (p, q) => p * q) });
  return undefined;
}

function tidy(r: { lo: number | undefined; hi: number | undefined }): Range | undefined {
  if (r.lo === undefined && r.hi === undefined) return undefined;
  return { ...(r.lo !== undefined ? { lo: r.lo } : {}), ...(r.hi !== undefined ? { hi: r.hi } : {}) };
}

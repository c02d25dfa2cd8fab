import type { Cfg, Instruction } from './cfg.js';
import type { Node } from '../parser.js';

/** A forward dataflow problem over a CFG. States are treated as immutable values. */
export interface Lattice<S> {
  /** The effect of one instruction. */
  transfer(instruction: Instruction, state: S): S;
  /** The state on the edge where `condition` evaluated to `truth`; undefined when that edge is infeasible. */
  refine(condition: Node, truth: boolean, state: S): S | undefined;
  join(a: S, b: S): S;
  equal(a: S, b: S): boolean;
  /** Applied at blocks visited often (loop heads), so that growing facts converge. */
  widen?(previous: S, next: S): S;
}

const WIDEN_AFTER = 3;
const MAX_VISITS_PER_BLOCK = 16;

/**
 * Worklist fixpoint: each block's entry state is the join of its predecessors' exit states,
 * refined along conditional edges. Returns the entry state of every reachable block.
 */
export function solve<S extends object>(cfg: Cfg, entry: S, lattice: Lattice<S>): Map<number, S> {
  const states = new Map<number, S>([[cfg.entry, entry]]);
  const visits = new Map<number, number>();
  const worklist: number[] = [cfg.entry];
  const queued = new Set<number>(worklist);
  while (worklist.length > 0) {
    const id = worklist.shift() as number;
    queued.delete(id);
    const block = cfg.blocks[id];
    const inState = states.get(id);
    if (!block || inState === undefined) continue;
    visits.set(id, (visits.get(id) ?? 0) + 1);
    let state = inState;
    for (const instruction of block.instructions) state = lattice.transfer(instruction, state);
    for (const edge of block.successors) {
      const next = edge.guard ? lattice.refine(edge.guard.node, edge.guard.truth, state) : state;
      if (next === undefined) continue;
      const previous = states.get(edge.to);
      let joined = previous === undefined ? next : lattice.join(previous, next);
      if (previous !== undefined && lattice.widen && (visits.get(edge.to) ?? 0) >= WIDEN_AFTER) joined = lattice.widen(previous, joined);
      if (previous !== undefined && lattice.equal(previous, joined)) continue;
      states.set(edge.to, joined);
      if ((visits.get(edge.to) ?? 0) < MAX_VISITS_PER_BLOCK && !queued.has(edge.to)) {
        worklist.push(edge.to);
        queued.add(edge.to);
      }
    }
  }
  return states;
}

/**
 * Runs `visit` once over every instruction of every reachable block, with the fixpoint state
 * before it. Analyses report only here, so a finding never rests on a state the fixpoint later
 * weakened.
 */
export function replay<S extends object>(cfg: Cfg, states: ReadonlyMap<number, S>, lattice: Lattice<S>, visit: (instruction: Instruction, before: S) => void): void {
  for (const block of cfg.blocks) {
    let state = states.get(block.id);
    if (state === undefined) continue;
    for (const instruction of block.instructions) {
      visit(instruction, state);
      state = lattice.transfer(instruction, state);
    }
  }
}

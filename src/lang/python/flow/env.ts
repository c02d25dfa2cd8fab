import type { PythonFileFacts } from '../facts.js';
import type { Node } from '../parser.js';
import type { SafeSink, SinkHit } from '../../../dataflow/hits.js';
import type { CallParts } from './methods.js';
import type { SpecIndex } from '../../../dataflow/matcher.js';
import { sameValue } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';

/** Variable name (or `self.attr`) → value, at one program point. Mutated only within one block transfer. */
export type State = Map<string, AbstractValue>;

/** A copy of a state (forEach: the Map constructor allocates an entry pair per variable). */
export function copyState(state: State): State {
  const copy: State = new Map();
  state.forEach((value, key) => copy.set(key, value));
  return copy;
}

/** Whether two states bind the same names to equal values. */
export function sameStates(a: State, b: State): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other === value) continue;
    if (!other || !sameValue(value, other)) return false;
  }
  return true;
}

/** What expression evaluation needs from the analysis of the enclosing function and file. */
export interface FlowEnv {
  readonly facts: PythonFileFacts;
  readonly specs: SpecIndex;
  /** The value of a module-level name, or a function/class defined in the file. */
  lookupGlobal(name: string, at: Node): AbstractValue | undefined;
  /** The value of `self.<attr>`: what the methods of the current class store, and what its body binds. */
  classField(attr: string): AbstractValue | undefined;
  /** An attribute bound in the body of class `classKey` of this file (`class Config: CMD = …`). */
  classAttribute(classKey: string, attr: string): AbstractValue | undefined;
  /** Binds an assignment/loop target (names, tuples, attributes, subscripts) to a value. */
  bindTarget(target: Node, value: AbstractValue, state: State): void;
  /** Applies the summary of a function or class of this file, when the call resolves to one. */
  resolveLocalCall(node: Node, callee: Node, parts: CallParts, state: State): AbstractValue | undefined;
  /** Applies the summaries of these functions of the file to one call (through a container holding them): their values joined. */
  applyLocalFunctions(node: Node, keys: readonly string[], parts: CallParts): AbstractValue;
  recordHit(hit: SinkHit): void;
  /** A sink whose value is safe here (constant, sanitized, or not from a source). */
  recordSafeSink(sink: SafeSink): void;
  /** `obj.attr` where attr is a @property getter of a class of this file. */
  readProperty(node: Node, object: AbstractValue, attr: string): AbstractValue | undefined;
  /**
   * A call of a validator helper of this file (`def is_safe(v): return v in ALLOWED`): the
   * one non-constant expression it returns, and its parameters mapped to the caller's variables.
   */
  validatorOf(call: Node): { readonly check: Node; readonly alias: ReadonlyMap<string, string> } | undefined;
  /** A value yielded by the function being analysed (a generator). */
  recordYield(value: AbstractValue): void;
  /** The key of the file's function a `lambda` node defines (`name = lambda …`), if it is one. */
  lambdaKey(lambda: Node): string | undefined;
}

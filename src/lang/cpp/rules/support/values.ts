import type { DataflowStep } from '../../../../core/finding.js';
import { stepsOf } from '../../../../dataflow/taint.js';
import type { Flow, Taint } from '../../../../dataflow/taint.js';
import { byteLength, unwrap } from '../../ast.js';
import type { CppFileFacts } from '../../facts.js';
import type { Range } from '../../flow/state.js';
import type { Node } from '../../parser.js';
import { isCharType } from '../../symbols.js';

/** Bytes of the array an expression designates (`buf`, `s->name`), when its size is a constant. */
export function arrayBytes(facts: CppFileFacts, node: Node): number | undefined {
  const info = facts.symbols.declarationOf(unwrap(node));
  return info && info.dims.length > 0 ? facts.constants.arrayBytes(info) : undefined;
}

/** Elements of the array an expression designates. */
export function arrayLength(facts: CppFileFacts, node: Node): number | undefined {
  const info = facts.symbols.declarationOf(unwrap(node));
  return info && info.dims.length > 0 ? facts.constants.arrayLength(info) : undefined;
}

/** The longest C string an expression can hold: a literal's length, or a char array's size minus one. */
export function maxStringLength(facts: CppFileFacts, node: Node): number | undefined {
  const text = constantString(facts, node);
  if (text !== undefined) return byteLength(text);
  const info = facts.symbols.declarationOf(unwrap(node));
  if (info && info.dims.length === 1 && isCharType(info)) {
    const bytes = facts.constants.arrayBytes(info);
    return bytes !== undefined ? bytes - 1 : undefined;
  }
  return undefined;
}

/** The constant text of an expression: a literal, a macro, or a value the dataflow knows. */
export function constantString(facts: CppFileFacts, node: Node): string | undefined {
  const direct = facts.constants.string(node);
  if (direct !== undefined) return direct;
  const value = facts.flow().at(node)?.value.constant;
  return typeof value === 'string' ? value : undefined;
}

/** The integer value or range of an expression where it is evaluated. */
export function rangeOf(facts: CppFileFacts, node: Node): Range | undefined {
  const constant = facts.constants.integer(node);
  if (constant !== undefined) return { lo: constant, hi: constant };
  return facts.flow().at(node)?.range;
}

/** Flows from real sources (not parameter placeholders) that reach an expression. */
export function untrustedFlows(facts: CppFileFacts, node: Node): Taint {
  return (facts.flow().at(node)?.value.taint ?? []).filter((f) => f.source.kind !== 'param');
}

/** A readable name of where a flow starts. */
export function describeSource(flow: Flow): string {
  const s = flow.source;
  if (s.kind === 'param' && s.param) return `parameter ${s.param.name} of ${s.param.functionKey.replace(/@\d+$/, '')}()`;
  return s.label;
}

/** The dataflow path of a flow, for the finding. */
export function pathOf(flow: Flow | undefined): DataflowStep[] {
  if (!flow) return [];
  const steps = stepsOf(flow);
  const unique = steps.filter((s, i) => i === 0 || s.line !== steps[i - 1]?.line || s.note !== steps[i - 1]?.note);
  return unique.length <= 12 ? unique : [...unique.slice(0, 6), ...unique.slice(-6)];
}

/** Prefer real sources, then high confidence, then the shortest path. */
export function pickFlow(flows: Taint): Flow | undefined {
  const rank = (f: Flow): number => (f.source.kind === 'param' ? 10 : 0) + ({ high: 0, medium: 1, low: 2 } as const)[f.source.confidence];
  return [...flows].sort((a, b) => rank(a) - rank(b) || (a.steps?.length ?? 0) - (b.steps?.length ?? 0))[0];
}

/** The text of a call's callee for messages. */
export function calleeText(call: Node): string {
  const fn = call.childForFieldName('function');
  return (fn?.text ?? 'call').replace(/\s+/g, '').slice(0, 40);
}

import { argumentsOf, normalizeName } from '../ast.js';
import type { Callee } from '../ast.js';
import type { Node } from '../parser.js';
import type { SinkHit } from '../../../dataflow/hits.js';
import type { SinkSpec } from '../../../dataflow/spec.js';
import { cleans, deepTaint } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';
import { receiverType } from './calls.js';
import type { Evaluated, Evaluator } from './evaluate.js';

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|zsh|ksh|csh|tcsh)$|^(?:cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;
const SHELL_FLAGS = /^(?:-c|\/c|\/C|-Command|-lc)$/;

/** The sinks a call matches, by name or by method and receiver type. */
export function sinkSpecsFor(ev: Evaluator, callee: Callee, receiver: Evaluated | undefined): SinkSpec[] {
  const index = ev.host.specs.index;
  if (!callee.receiver) return [...(index.callSinks.get(callee.name) ?? index.callSinks.get(normalizeName(callee.name)) ?? [])];
  const type = receiverType(ev, { callee, ...(receiver ? { receiver } : {}) });
  return (index.methodSinks.get(callee.name) ?? []).filter((s) => !s.receiverOrigins || (type !== undefined && s.receiverOrigins.includes(type)));
}

/** The argument holding the sensitive value of a sink, and its value. */
export interface SinkTargetValue {
  readonly node: Node;
  readonly value: AbstractValue;
  /** For command sinks: the text runs through a shell (`sh -c …`, `system()`). */
  readonly viaShell?: boolean;
}

/** Where the sensitive value of a call is, following exec-style shells (`execl("/bin/sh", "sh", "-c", cmd)`). */
export function sinkTargets(spec: SinkSpec, call: Node, args: readonly Evaluated[]): SinkTargetValue[] {
  const nodes = argumentsOf(call);
  const out: SinkTargetValue[] = [];
  for (const target of spec.targets) {
    if ('arg' in target && target.arg !== undefined) {
      const node = nodes[target.arg];
      const value = args[target.arg]?.value;
      if (!node || !value) continue;
      const shelled = spec.kind === 'command' ? shellCommand(nodes, args, target.arg) : undefined;
      out.push(shelled ?? { node, value, ...(spec.kind === 'command' && spec.label === 'system' ? { viaShell: true } : {}) });
    } else if ('executable' in target) {
      const shelled = shellCommand(nodes, args, target.executable);
      const node = nodes[target.executable];
      const value = args[target.executable]?.value;
      if (shelled) out.push(shelled);
      else if (node && value) out.push({ node, value });
    }
  }
  return out;
}

/**
 * When the program is a shell and a later argument is `-c`, the command is the argument after
 * it (an argument list, or a `QStringList` built with `<<`).
 */
function shellCommand(nodes: readonly Node[], args: readonly Evaluated[], programIndex: number): SinkTargetValue | undefined {
  const program = args[programIndex]?.value.constant;
  if (typeof program !== 'string' || !SHELLS.test(program)) return undefined;
  for (let i = programIndex + 1; i < args.length; i++) {
    const value = args[i]?.value;
    const node = nodes[i];
    if (!value || !node) continue;
    if (typeof value.constant === 'string' && SHELL_FLAGS.test(value.constant)) {
      const cmd = args[i + 1]?.value;
      const cmdNode = nodes[i + 1];
      return cmd && cmdNode ? { node: cmdNode, value: cmd, viaShell: true } : undefined;
    }
    // A Qt argument list: QStringList() << "-c" << cmd.
    const fields = value.fields ? [...value.fields.values()] : [];
    const flag = fields.findIndex((f) => typeof f.constant === 'string' && SHELL_FLAGS.test(f.constant));
    const cmd = flag >= 0 ? fields[flag + 1] : undefined;
    if (cmd) return { node, value: cmd, viaShell: true };
  }
  return undefined;
}

/** Taint that reaches a call's sinks without being cleaned for their kind. */
export function findSinkHits(ev: Evaluator, call: Node, callee: Callee, args: readonly Evaluated[], receiver: Evaluated | undefined): SinkHit[] {
  const hits: SinkHit[] = [];
  for (const spec of sinkSpecsFor(ev, callee, receiver)) {
    for (const target of sinkTargets(spec, call, args)) {
      const flows = deepTaint(target.value).filter((f) => !cleans(f.cleansed, spec.kind));
      if (flows.length === 0) continue;
      hits.push({ kind: spec.kind, node: call, target: target.node, flows, label: labelOf(callee) });
    }
  }
  return hits;
}

function labelOf(callee: Callee): string {
  if (!callee.receiver) return callee.name;
  const text = callee.node.text;
  return text.length <= 40 ? text : callee.name;
}

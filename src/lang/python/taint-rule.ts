import type { DataflowStep, Finding } from '../../core/finding.js';
import type { ReportedHit } from './flow/engine.js';
import { stepsOf } from './flow/taint.js';
import type { Flow, SinkKind } from './flow/taint.js';
import { definePythonRule } from './rule.js';
import type { PythonRule, PythonRuleContext, PythonRuleSpec } from './rule.js';

/** What a taint rule's message is built from. */
export type TaintMessageParams = {
  /** What the data is, e.g. `request.args` or `parameter cmd of run()`. */
  readonly source: string;
  /** The sensitive operation, e.g. `cur.execute()`. */
  readonly sink: string;
};

/** A rule that reports tainted data reaching one kind of sink. */
export interface TaintRuleSpec extends Omit<PythonRuleSpec<TaintMessageParams>, 'visits' | 'check'> {
  readonly sinkKind: SinkKind;
}

const MAX_PATH_STEPS = 12;

/**
 * Builds a rule on top of the taint engine: one finding per sink reached by untrusted data,
 * at the sink, with the dataflow path and a confidence that follows the source. Data from a
 * parameter whose callers are not in the reviewed code is reported at low confidence, with an
 * explanation that says so.
 */
export function defineTaintRule(spec: TaintRuleSpec): PythonRule {
  const { sinkKind, ...rest } = spec;
  return definePythonRule<TaintMessageParams>({
    ...rest,
    visits: ['module'],
    check(ctx) {
      return ctx.taint().hits(sinkKind).map((hit) => toFinding(ctx, hit, spec));
    },
  });
}

function toFinding(ctx: PythonRuleContext<TaintMessageParams>, reported: ReportedHit, spec: TaintRuleSpec): Finding {
  const flow = pickFlow(reported.hit.flows);
  const source = flow ? describeSource(flow) : 'untrusted data';
  const sink = `${reported.hit.label}${reported.hit.label.startsWith('the ') ? '' : '()'}`;
  const explanation = reported.unknownCallers
    ? `${spec.explanation} Here the value is ${source}, and no caller in the reviewed code shows where it comes from: this is a real defect if any caller passes data a user controls.`
    : `${spec.explanation} Here the value comes from ${source} (line ${flow?.source.line ?? '?'}) and reaches ${sink} without a sanitizer for this use.`;
  const dataflow: DataflowStep[] = flow ? compactPath(stepsOf(flow)) : [];
  const finding = ctx.report(reported.hit.node, { source, sink }, { explanation, confidence: reported.confidence });
  return dataflow.length > 0 ? { ...finding, dataflow } : finding;
}

/** Prefer a flow from a real source, then the shortest path. */
function pickFlow(flows: readonly Flow[]): Flow | undefined {
  return [...flows].sort((a, b) => rank(a) - rank(b) || (a.steps?.length ?? 0) - (b.steps?.length ?? 0))[0];
}

function rank(flow: Flow): number {
  const order = { high: 0, medium: 1, low: 2 } as const;
  return (flow.source.kind === 'param' ? 10 : 0) + order[flow.source.confidence];
}

function describeSource(flow: Flow): string {
  const s = flow.source;
  if (s.kind === 'param') return `${s.label}${s.param ? ` of ${s.param.functionKey.replace(/\.<locals>\./g, '.')}()` : ''}`;
  return s.label;
}

/** Long paths keep their first and last steps. */
function compactPath(steps: readonly { line: number; column: number; note: string }[]): DataflowStep[] {
  const unique = steps.filter((s, i) => i === 0 || s.line !== steps[i - 1]?.line || s.note !== steps[i - 1]?.note);
  if (unique.length <= MAX_PATH_STEPS) return unique;
  return [...unique.slice(0, MAX_PATH_STEPS / 2), ...unique.slice(-MAX_PATH_STEPS / 2)];
}

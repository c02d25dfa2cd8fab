import type { DataflowStep, Finding } from '../../core/finding.js';
import type { PythonFileFacts } from './facts.js';
import type { ReportedHit } from './flow/engine.js';
import type { SinkHit } from '../../dataflow/hits.js';
import { stepsOf } from '../../dataflow/taint.js';
import type { Flow, SinkKind } from '../../dataflow/taint.js';
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
  /** An extra, rule-specific check on each hit (e.g. "the text really is SQL"). */
  readonly accept?: (ctx: PythonRuleContext<TaintMessageParams>, hit: SinkHit) => boolean;
}

const MAX_PATH_STEPS = 12;

/** How the Considered section phrases why a sink is safe. */
const SAFE_REASONS = {
  constant: 'constant value, nothing from outside',
  sanitized: 'untrusted data is sanitized or validated before it',
  'no untrusted data': 'no untrusted input reaches it',
} as const;

/**
 * Builds a rule on top of the taint engine: one finding per sink reached by untrusted data,
 * at the sink, with the dataflow path and a confidence that follows the source. Data from a
 * parameter whose callers are not in the reviewed code is reported at low confidence, with an
 * explanation that says so.
 */
export function defineTaintRule(spec: TaintRuleSpec): PythonRule {
  const { sinkKind, accept, ...rest } = spec;
  return definePythonRule<TaintMessageParams>({
    ...rest,
    visits: ['module'],
    check(ctx) {
      const taint = ctx.taint();
      for (const safe of taint.safeSinks(sinkKind)) ctx.note(safe.node, SAFE_REASONS[safe.why], safe.label);
      return taint
        .hits(sinkKind)
        .filter((reported) => !accept || accept(ctx, reported.hit))
        .map((reported) => toFinding(ctx, reported, spec));
    },
  });
}

function toFinding(ctx: PythonRuleContext<TaintMessageParams>, reported: ReportedHit, spec: TaintRuleSpec): Finding {
  const flow = pickFlow(reported.hit.flows);
  const source = flow ? describeSource(flow) : 'untrusted data';
  const label = reported.hit.label;
  const sink = label.startsWith('the ') || label.includes('(') ? label : `${label}()`;
  const explanation = reported.unknownCallers
    ? `${spec.explanation} Here the value is ${source}, and no caller in the reviewed code shows where it comes from: this is a real defect if any caller passes data a user controls.`
    : `${spec.explanation} Here the value comes from ${source} (line ${flow?.source.line ?? '?'}) and reaches ${sink} without a sanitizer for this use.`;
  const dataflow: DataflowStep[] = flow ? compactPath(stepsOf(flow)) : [];
  const finding = ctx.report(reported.hit.node, { source, sink }, { explanation, confidence: reported.confidence });
  return dataflow.length > 0 ? { ...finding, dataflow } : finding;
}

/**
 * For pattern rules whose sink the engine also models (pickle.loads, yaml.load, lxml parsing):
 * when untrusted data reaches this call, say where it comes from, attach the path and raise
 * the confidence to the source's. Otherwise the finding is returned unchanged.
 */
export function withDataflowEvidence(ctx: Pick<PythonFileFacts, 'taint'>, finding: Finding, call: SinkHit['node'], kind: SinkKind): Finding {
  const reported = ctx.taint().hits(kind).find((r) => r.hit.node.id === call.id && !r.unknownCallers);
  const flow = reported ? pickFlow(reported.hit.flows) : undefined;
  if (!reported || !flow) return finding;
  const source = describeSource(flow);
  const dataflow = compactPath(stepsOf(flow));
  return {
    ...finding,
    confidence: reported.confidence === 'low' ? finding.confidence : reported.confidence,
    message: `${finding.message} (the data comes from ${source})`,
    explanation: `${finding.explanation} Here the data comes from ${source} (line ${flow.source.line}), so an attacker controls it.`,
    ...(dataflow.length > 0 ? { dataflow } : {}),
  };
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

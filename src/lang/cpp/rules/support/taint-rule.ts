import type { Finding } from '../../../../core/finding.js';
import type { SinkKind } from '../../../../dataflow/taint.js';
import type { ReportedHit } from '../../flow/engine.js';
import { defineCppRule } from '../../rule.js';
import type { CppRule, CppRuleContext, CppRuleSpec } from '../../rule.js';
import { describeSource, pathOf, pickFlow } from './values.js';

/** What a taint rule's message is built from. */
export type TaintParams = { readonly source: string; readonly sink: string };

/** A rule that reports untrusted data reaching one kind of sink. */
export interface TaintRuleSpec extends Omit<CppRuleSpec<TaintParams>, 'visits' | 'check'> {
  readonly sinkKind: SinkKind;
  /** A rule-specific check on each hit. */
  readonly accept?: (ctx: CppRuleContext<TaintParams>, reported: ReportedHit) => boolean;
}

/** One finding per sink reached by untrusted data, at the sink, with the dataflow path. */
export function defineTaintRule(spec: TaintRuleSpec): CppRule {
  const { sinkKind, accept, ...rest } = spec;
  return defineCppRule<TaintParams>({
    ...rest,
    visits: ['translation_unit'],
    check(ctx) {
      return ctx.flow().hits(sinkKind).filter((r) => !accept || accept(ctx, r)).map((r) => taintFinding(ctx, r, spec.explanation));
    },
  });
}

/** A finding for a hit: the source, the path and an explanation that says where the data comes from. */
export function taintFinding(ctx: CppRuleContext<TaintParams>, reported: ReportedHit, base: string): Finding {
  const flow = pickFlow(reported.flows);
  const source = flow ? describeSource(flow) : 'untrusted data';
  const sink = `${reported.hit.label}()`;
  const explanation = reported.unknownCallers
    ? `${base} Here the value is built from ${source}, and no caller in the reviewed code shows where it comes from: this is a real defect if any caller passes data a user controls.`
    : `${base} Here the value comes from ${source} (line ${flow?.source.line ?? '?'}) and reaches ${sink} without being validated for this use.`;
  return ctx.report(reported.hit.node, { source, sink }, { explanation, confidence: reported.confidence, dataflow: pathOf(flow) });
}

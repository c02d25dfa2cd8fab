import type { CweId } from '../../../../core/cwe.js';
import type { RuleMeta } from '../../../../core/rule.js';
import type { MemoryEvent } from '../../flow/memory.js';
import { lineOf } from '../../parser.js';
import { defineCppRule } from '../../rule.js';
import type { CppRule, CppRuleSpec } from '../../rule.js';

type Params = { variable: string; line: string; resource: string };

/** A rule that reports one kind of event of the pointer-state analysis. */
export interface MemoryRuleSpec extends Omit<CppRuleSpec<Params>, 'visits' | 'check' | 'cwe'> {
  readonly cwe: CweId;
  readonly accepts: (event: MemoryEvent) => boolean;
}

const RESOURCE_NAMES = { memory: 'memory', file: 'FILE stream', descriptor: 'file descriptor', directory: 'directory stream' } as const;

/** Builds a rule over the pointer-state analysis: one finding per proven event. */
export function defineMemoryRule(spec: MemoryRuleSpec): CppRule {
  const { accepts, ...rest } = spec;
  return defineCppRule<Params>({
    ...(rest as Omit<RuleMeta, 'language'> & Pick<CppRuleSpec<Params>, 'message'>),
    visits: ['translation_unit'],
    check(ctx) {
      return ctx.memory().events.filter(accepts).map((e) => ctx.report(e.node, { variable: e.variable, line: String(lineOf(e.related)), resource: RESOURCE_NAMES[e.resource] }));
    },
  });
}

import type { RuleMeta } from '../core/rule.js';
import { ruleHelpUri } from '../report/json.js';
import { renderRuleMarkdown, renderRuleText, ruleToJson } from '../report/rule-doc.js';
import { allRules } from '../review/languages.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Output formats of `secreview explain`. */
export type ExplainFormat = 'text' | 'json' | 'markdown';

/** Options of `secreview explain`, as commander parses them. */
export interface ExplainCommandOptions {
  readonly format: ExplainFormat;
  readonly color?: boolean;
}

/** Terminal prose is wrapped at this width, a comfortable reading measure. */
const TEXT_WIDTH = 88;
/** At most this many "did you mean" suggestions. */
const MAX_SUGGESTIONS = 3;

/** `secreview explain RULE-ID`: one rule's documentation, in the terminal or as Markdown/JSON. */
export function runExplainCommand(query: string, options: ExplainCommandOptions, io: CliIo, rules: readonly RuleMeta[] = allRules()): number {
  const rule = findRule(rules, query);
  if (!rule) {
    const suggestions = suggestRules(rules, query);
    const hint =
      suggestions.length > 0 ? `did you mean ${suggestions.join(', ')}?` : 'run `secreview rules` to list the rule ids';
    io.stderr(`secreview: unknown rule "${query}"; ${hint}\n`);
    return ExitCode.Error;
  }
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify({ ...ruleToJson(rule), helpUri: ruleHelpUri(rule.id) }, null, 2)}\n`);
      break;
    case 'markdown':
      io.stdout(renderRuleMarkdown(rule));
      break;
    case 'text': {
      const color = options.color ?? (io.stdoutIsTty && !io.env.NO_COLOR);
      io.stdout(renderRuleText(rule, { width: TEXT_WIDTH, color }));
      break;
    }
  }
  return ExitCode.Clean;
}

/** A rule by id (any letter case) or by name, as users type them from a report. */
export function findRule(rules: readonly RuleMeta[], query: string): RuleMeta | undefined {
  const wanted = query.trim().toUpperCase();
  return rules.find((r) => r.id === wanted) ?? rules.find((r) => r.name.toUpperCase() === wanted);
}

/**
 * Rule ids close to `query` by edit distance (over ids and names, ignoring letter case),
 * closest first. A guess is offered only when it is within about a third of the query's length,
 * so `PY-SQL-001` suggests PY-SQLI-001 but `hello` suggests nothing.
 */
export function suggestRules(rules: readonly RuleMeta[], query: string): string[] {
  const wanted = query.trim().toUpperCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return rules
    .map((r) => ({ id: r.id, distance: Math.min(editDistance(wanted, r.id), editDistance(wanted, r.name.toUpperCase())) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.id);
}

/** Levenshtein distance (insertions, deletions, substitutions), two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

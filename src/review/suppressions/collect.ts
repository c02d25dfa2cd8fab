import type { RuleMeta } from '../../core/rule.js';
import { parseDirectives } from './directives.js';
import type { Directive } from './directives.js';
import { lexSource } from './lexer.js';
import type { LogicalLine } from './lexer.js';
import type { Lexicon } from './lexicon.js';

/** One code of a directive and the rules it stands for. */
export interface SuppressionCode {
  readonly code: string;
  readonly ruleIds: ReadonlySet<string>;
}

/** A suppression directive placed in a file, with the lines it covers. */
export interface Suppression {
  readonly directive: Directive;
  /** The directive as a reader would write it, with the comment marker: `# nosec B608`. */
  readonly label: string;
  readonly line: number;
  readonly column: number;
  /** Lines covered, inclusive: the comment's line, or the whole statement it starts or precedes. */
  readonly from: number;
  readonly to: number;
  /** False when the directive cannot be applied (a `secreview:` comment without ids or reason, a blanket `noqa`). */
  readonly applies: boolean;
  /** Covers every rule (a bare `nosec`). */
  readonly allRules: boolean;
  readonly codes: readonly SuppressionCode[];
  /** Codes that name no rule secreview has. */
  readonly unknownCodes: readonly string[];
  /** Rule ids of the findings it hid; filled by the stage. */
  readonly used: Set<string>;
}

/** Maps a directive's code to rule ids; an empty set means "not one of ours". */
export type SelectorResolver = (kind: Directive['kind'], code: string) => ReadonlySet<string>;

/**
 * Resolves codes against the rule pack: rule ids, rule names and primary CWE ids for our own
 * syntax; Bandit test ids (through each rule's `bandit` metadata) for `nosec`; Ruff's
 * flake8-bandit codes (`S608` is Bandit's `B608`) for `noqa`.
 */
export function selectorResolver(rules: readonly RuleMeta[]): SelectorResolver {
  const byBandit = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const id of rule.bandit ?? []) byBandit.set(id.toUpperCase(), (byBandit.get(id.toUpperCase()) ?? new Set()).add(rule.id));
  }
  return (kind, code) => {
    const upper = code.toUpperCase();
    if (kind === 'nosec') return byBandit.get(upper) ?? new Set();
    if (kind === 'noqa') return /^S\d{3}$/.test(upper) ? (byBandit.get(`B${upper.slice(1)}`) ?? new Set()) : new Set();
    return new Set(rules.filter((r) => r.id === upper || r.name === code.toLowerCase() || r.cwe === upper).map((r) => r.id));
  };
}

/** Every suppression directive in a file's comments, with the lines each covers. */
export function collectSuppressions(text: string, lexicon: Lexicon, resolve: SelectorResolver): Suppression[] {
  const lexed = lexSource(text, lexicon.syntax);
  const byFirstLine = new Map(lexed.logicalLines.map((l) => [l.first, l]));
  const out: Suppression[] = [];
  for (const comment of lexed.comments) {
    for (const directive of parseDirectives(comment.text)) {
      const span = coveredLines(comment.line, comment.standalone, directive, lexed.logicalLines, byFirstLine);
      const codes = directive.codes.map((code) => ({ code, ruleIds: resolve(directive.kind, code) }));
      out.push({
        directive,
        label: `${lexicon.syntax.lineComment} ${labelOf(directive)}`,
        line: comment.line,
        column: comment.column,
        ...span,
        applies: directive.problem === undefined && !(directive.kind === 'noqa' && directive.codes.length === 0),
        allRules: (directive.kind === 'nosec' || directive.kind === 'flawfinder' || directive.kind === 'nolint') && directive.codes.length === 0,
        codes,
        // Unknown Bandit and Ruff codes are other tools' business; only our own syntax is checked.
        unknownCodes: directive.kind === 'secreview' ? codes.filter((c) => c.ruleIds.size === 0).map((c) => c.code) : [],
        used: new Set(),
      });
    }
  }
  return out;
}

/**
 * A trailing comment covers its line, and the whole statement when it sits on the statement's
 * first line. A `secreview:` comment on a line of its own covers the next statement (as
 * Semgrep's `nosemgrep` does); Bandit and Ruff comments only work where they stand.
 */
function coveredLines(
  line: number,
  standalone: boolean,
  directive: Directive,
  logical: readonly LogicalLine[],
  byFirstLine: ReadonlyMap<number, LogicalLine>,
): { from: number; to: number } {
  if (directive.nextLine === true || standalone) {
    // Flawfinder and clang-tidy also put their comment on the line before the flagged call.
    const next = directive.kind === 'secreview' || directive.kind === 'flawfinder' || directive.nextLine === true ? logical.find((l) => l.first > line) : undefined;
    return next ? { from: next.first, to: next.last } : { from: line, to: line };
  }
  const statement = byFirstLine.get(line);
  return statement ? { from: statement.first, to: statement.last } : { from: line, to: line };
}

function labelOf(d: Directive): string {
  if (d.kind === 'secreview') return d.codes.length > 0 ? `secreview: ignore[${d.codes.join(', ')}]` : d.text;
  if (d.kind === 'nosec') return d.codes.length > 0 ? `nosec ${d.codes.join(', ')}` : 'nosec';
  if (d.kind === 'flawfinder') return 'flawfinder: ignore';
  if (d.kind === 'nolint') return `${d.nextLine === true ? 'NOLINTNEXTLINE' : 'NOLINT'}${d.codes.length > 0 ? `(${d.codes.join(', ')})` : ''}`;
  return d.codes.length > 0 ? `noqa: ${d.codes.join(', ')}` : 'noqa';
}

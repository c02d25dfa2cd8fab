import type { Finding } from '../../core/finding.js';
import type { SourceFile } from '../../core/language.js';
import type { FileError, HiddenFinding } from '../../core/result.js';
import type { RuleMeta } from '../../core/rule.js';
import type { FileStage, FileStageInfo, StageOutput } from '../stages.js';
import { LEXICONS } from './lexicon.js';
import { collectSuppressions, selectorResolver } from './collect.js';
import type { Suppression } from './collect.js';

/** How the suppression stage judges comments. */
export interface SuppressionOptions {
  /** Every rule secreview knows: ids, names, CWEs and Bandit ids are resolved against them. */
  readonly rules: readonly RuleMeta[];
  /** The rules that ran; a suppression for a rule that did not run is never called unused. Unset: all. */
  readonly activeRules?: ReadonlySet<string>;
  /** Report `secreview:` suppressions that matched no finding (`--report-unused-suppressions`). */
  readonly reportUnused: boolean;
  /** Which lines' suppression diagnostics matter (the changed lines of a change); unset: all. */
  readonly reportsLine?: (file: string, line: number) => boolean;
}

// Cheap pre-check: most files have no suppression comment at all and need no scan.
const MAYBE_DIRECTIVE = /secreview[ \t]*:|nosec|noqa|flawfinder|NOLINT/i;
/** Our own directive, the only kind that can draw a diagnostic (a problem, an unknown id, unused). */
const MAYBE_OWN_DIRECTIVE = /secreview[ \t]*:/i;

/**
 * Inline suppressions as a file stage: hides the findings a suppression comment covers (reason
 * `suppressed`, with the comment's reason), and reports suppressions that cannot be applied
 * (no rule named, no reason, unknown rule) and, on request, unused ones.
 */
export function createSuppressionStage(options: SuppressionOptions): FileStage {
  const resolve = selectorResolver(options.rules);
  return {
    name: 'suppressions',
    apply(findings: readonly Finding[], file: SourceFile, info: FileStageInfo): StageOutput {
      const lexicon = LEXICONS[info.language];
      // With nothing to hide, another tool's nosec, noqa or NOLINT has nothing to say either: a
      // warm review of a tree full of `# noqa: E501` spent a sixth of its time lexing them. Most
      // files have no finding, and looking for our own directive alone is 3 times as fast.
      if (!(findings.length === 0 ? MAYBE_OWN_DIRECTIVE : MAYBE_DIRECTIVE).test(file.text)) return { findings };
      const suppressions = collectSuppressions(file.text, lexicon, resolve);
      if (suppressions.length === 0) return { findings };
      const kept: Finding[] = [];
      const hidden: HiddenFinding[] = [];
      for (const finding of findings) {
        const match = suppressions.find((s) => covers(s, finding));
        if (!match) {
          kept.push(finding);
          continue;
        }
        match.used.add(finding.ruleId);
        hidden.push({ finding, reason: 'suppressed', detail: hiddenDetail(match) });
      }
      const errors = diagnostics(suppressions, file.path, options).filter(
        (e) => !options.reportsLine || options.reportsLine(e.file, e.line ?? 0),
      );
      return { findings: kept, hidden, errors };
    },
  };
}

function covers(s: Suppression, finding: Finding): boolean {
  if (!s.applies || finding.endLine < s.from || finding.line > s.to) return false;
  return s.allRules || s.codes.some((c) => c.ruleIds.has(finding.ruleId));
}

function hiddenDetail(s: Suppression): string {
  const base = `suppressed by "${s.label}" at line ${s.line}`;
  return s.directive.reason ? `${base}: ${s.directive.reason}` : base;
}

function diagnostics(suppressions: readonly Suppression[], file: string, options: SuppressionOptions): FileError[] {
  const errors: FileError[] = [];
  for (const s of suppressions) {
    const at = (message: string): FileError => ({ file, kind: 'suppression', message, line: s.line, column: s.column });
    if (s.directive.problem) errors.push(at(`suppression "${s.label}" ${s.directive.problem}`));
    for (const unknown of s.unknownCodes) {
      errors.push(at(`suppression "${s.label}" names "${unknown}", which is not the id, name or CWE of any rule (see "secreview rules")`));
    }
    // Only our own syntax is judged unused: a `nosec` or `noqa` may well be there for Bandit or Ruff.
    if (!options.reportUnused || s.directive.kind !== 'secreview' || !s.applies) continue;
    const judged = s.codes.filter((c) => [...c.ruleIds].some((id) => !options.activeRules || options.activeRules.has(id)));
    const unused = judged.filter((c) => ![...c.ruleIds].some((id) => s.used.has(id))).map((c) => c.code);
    if (unused.length === 0) continue;
    const all = unused.length === s.codes.length - s.unknownCodes.length;
    errors.push(at(all
      ? `unused suppression "${s.label}": no ${unused.join(' or ')} finding here to suppress; remove the comment`
      : `unused suppression of ${unused.join(', ')} in "${s.label}": no such finding here; remove ${unused.length === 1 ? 'that id' : 'those ids'}`));
  }
  return errors;
}

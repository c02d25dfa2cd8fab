import type { CweId } from '../../core/cwe.js';
import type { Confidence, Finding } from '../../core/finding.js';
import type { HiddenFinding } from '../../core/result.js';
import { relatedCwes } from './cwe-family.js';

/** How close an LLM claim must be to a static finding to be the same defect. */
export interface MergeOptions {
  /** Lines of slack around the static finding's range. */
  readonly tolerance: number;
  /** Extra CWE ids a rule declares as related (`RuleMeta.relatedCwe`), by rule id. */
  readonly relatedByRule?: ReadonlyMap<string, readonly CweId[]>;
}

/** The merged findings, and LLM findings absorbed by static findings that a stage had hidden. */
export interface MergeOutput {
  readonly findings: Finding[];
  readonly hidden: HiddenFinding[];
}

/**
 * Merges the two reviewers. A static finding that an LLM finding confirms (same file, a line
 * within `tolerance` of its range, a related CWE) becomes one finding with `source: "both"` and
 * raised confidence; other static findings get `source: "static"`, other LLM findings
 * `source: "llm"`. An LLM finding that matches a hidden static finding (suppressed, baselined,
 * outside the change) stays hidden with it, so a suppression also silences the LLM's echo.
 */
export function mergeFindings(staticFindings: readonly Finding[], hidden: readonly HiddenFinding[], llmFindings: readonly Finding[], options: MergeOptions): MergeOutput {
  const confirmed = new Set<Finding>();
  const absorbed: HiddenFinding[] = [];
  const llmOnly: Finding[] = [];
  for (const claim of llmFindings) {
    const shown = staticFindings.filter((s) => sameDefect(s, claim, options));
    shown.forEach((s) => confirmed.add(s));
    if (shown.length > 0) continue;
    const hiddenMatch = hidden.find((h) => sameDefect(h.finding, claim, options));
    if (hiddenMatch) absorbed.push({ ...hiddenMatch, finding: claim, detail: `also found by the LLM reviewer; ${hiddenMatch.detail}` });
    else llmOnly.push({ ...claim, source: 'llm' });
  }
  const merged = staticFindings.map((s): Finding => (confirmed.has(s) ? { ...s, source: 'both', confidence: raise(s.confidence) } : { ...s, source: 'static' }));
  return { findings: [...merged, ...llmOnly], hidden: absorbed };
}

/** Same file, overlapping lines (with tolerance) and a related CWE. */
export function sameDefect(s: Finding, claim: Finding, options: MergeOptions): boolean {
  if (s.file !== claim.file) return false;
  if (claim.line < s.line - options.tolerance || claim.line > s.endLine + options.tolerance) return false;
  return relatedCwes(s.cwe, claim.cwe) || (options.relatedByRule?.get(s.ruleId) ?? []).includes(claim.cwe);
}

function raise(confidence: Confidence): Confidence {
  return confidence === 'low' ? 'medium' : 'high';
}

import { cweUrl } from '../../core/cwe.js';
import type { CweId } from '../../core/cwe.js';
import type { CodeContext, Confidence, Finding, Severity } from '../../core/finding.js';
import type { VerifiedClaim } from './verify.js';

/** The rule id every finding of the LLM reviewer carries; its CWE is per finding. */
export const LLM_RULE_ID = 'LLM-REVIEW-001';
export const LLM_RULE_NAME = 'llm-review';

// Whole lines are quoted, as static findings do, but a long range is cut after a few lines.
const MAX_SNIPPET_LINES = 5;

/**
 * A verified claim as a finding. Its confidence is at most `medium`: verification proves the
 * claim points at real code, not that the model's reasoning about it is right.
 */
export function claimToFinding(claim: VerifiedClaim, fileLines: readonly string[], context: CodeContext, severity: Severity): Finding {
  const first = fileLines[claim.line - 1] ?? '';
  const last = fileLines[claim.endLine - 1] ?? '';
  return {
    ruleId: LLM_RULE_ID,
    ruleName: LLM_RULE_NAME,
    cwe: claim.cwe,
    severity,
    confidence: capConfidence(claim.confidence),
    file: claim.file,
    line: claim.line,
    endLine: claim.endLine,
    column: first.length - first.trimStart().length + 1,
    endColumn: Math.max(1, last.trimEnd().length + 1),
    snippet: fileLines.slice(claim.line - 1, Math.min(claim.endLine, claim.line + MAX_SNIPPET_LINES - 1)).join('\n'),
    message: claim.title,
    explanation: claim.explanation,
    fix: claim.fix ?? `Remove the weakness as described at ${cweUrl(claim.cwe)}.`,
    context,
    source: 'llm',
  };
}

function capConfidence(confidence: Confidence): Confidence {
  return confidence === 'high' ? 'medium' : confidence;
}

/** The severity an LLM finding of `cwe` gets: that of the static rules for the same CWE, else `medium`. */
export function severityForCwe(cwe: CweId, ruleSeverities: ReadonlyMap<string, Severity>): Severity {
  return ruleSeverities.get(cwe) ?? 'medium';
}

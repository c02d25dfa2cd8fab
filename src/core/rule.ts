import type { CweId } from './cwe.js';
import type { Confidence, Severity } from './finding.js';

/** Languages with a front-end. */
export type LanguageId = 'python' | 'c' | 'cpp';

/** The documentation that lives with each rule; `docs/rules/*.md` is generated from it. */
export interface RuleDocs {
  /** Why the weakness matters, in a short paragraph. */
  readonly why: string;
  /** A vulnerable example (code). */
  readonly bad: string;
  /** The fixed example (code). */
  readonly good: string;
  /** Known blind spots, stated honestly. */
  readonly notDetected?: string;
  /** Links: CWE, OWASP, library docs. */
  readonly references: readonly string[];
}

/** Metadata every rule declares, whatever its language. */
export interface RuleMeta {
  /** `<LANG>-<AREA>-<NNN>`, never reused. */
  readonly id: string;
  /** kebab-case name; equals the rule's file name. */
  readonly name: string;
  /** A short title, e.g. "OS command built from a string". */
  readonly title: string;
  readonly language: LanguageId;
  /** The one primary CWE. */
  readonly cwe: CweId;
  readonly relatedCwe?: readonly CweId[];
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** One-line summary of what the rule detects. */
  readonly description: string;
  /** Default explanation of why a hit is exploitable; a check may give a more specific one. */
  readonly explanation: string;
  /** What to do instead. */
  readonly fix: string;
  readonly docs: RuleDocs;
  /** Bandit test ids this rule covers, for `# nosec Bxxx` compatibility and docs. */
  readonly bandit?: readonly string[];
}

const RULE_ID = /^[A-Z]+-[A-Z0-9]+-\d{3}$/;
const RULE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Problems with a rule's metadata; an empty list means it is well formed. */
export function validateRuleMeta(meta: RuleMeta): string[] {
  const problems: string[] = [];
  if (!RULE_ID.test(meta.id)) problems.push(`${meta.id}: id must look like PY-AREA-001`);
  if (!RULE_NAME.test(meta.name)) problems.push(`${meta.id}: name must be kebab-case`);
  for (const [key, value] of Object.entries({
    title: meta.title,
    description: meta.description,
    explanation: meta.explanation,
    fix: meta.fix,
    why: meta.docs.why,
    bad: meta.docs.bad,
    good: meta.docs.good,
  })) {
    if (value.trim() === '') problems.push(`${meta.id}: ${key} is empty`);
  }
  if (meta.docs.references.length === 0) problems.push(`${meta.id}: no references`);
  return problems;
}

import type { CweId } from '../core/cwe.js';
import { Cwe } from '../core/cwe.js';
import type { CodeContext, Finding } from '../core/finding.js';
import type { HiddenFinding } from '../core/result.js';
import type { FileStage, StageOutput } from './stages.js';

/** Evidence that a finding in test or example code still reaches production. */
export type KeepCondition =
  /** A literal in a vendor key format: a committed key is a leak wherever the file sits. */
  | 'known-secret-format'
  /** A dataflow finding from a real source (request, argv, environment), not just a test's own values. */
  | 'untrusted-source';

/** How findings of one kind are treated outside production code. */
export interface ContextPolicy {
  /** Contexts in which such a finding cannot reach production. */
  readonly demoteIn: readonly CodeContext[];
  /** Completes the sentence "In test code, …": why the finding stays there. */
  readonly why: string;
  /** Evidence that overrides the demotion. */
  readonly keepWhen?: KeepCondition;
}

const TEST: readonly CodeContext[] = ['test'];
const TEST_AND_EXAMPLE: readonly CodeContext[] = ['test', 'example'];
const NON_PRODUCT: readonly CodeContext[] = ['test', 'example', 'generated'];

const INJECTION: ContextPolicy = { demoteIn: TEST, why: 'the data comes from the test itself, not from a user', keepWhen: 'untrusted-source' };
const CREDENTIAL: ContextPolicy = {
  demoteIn: TEST_AND_EXAMPLE,
  why: 'a credential is a fixture or placeholder value that no deployment uses',
  keepWhen: 'known-secret-format',
};
const TLS: ContextPolicy = { demoteIn: TEST, why: 'the connection goes to a local or mocked server' };
const CRYPTO: ContextPolicy = { demoteIn: TEST, why: 'the keys, ciphers and protocol versions protect only test data' };
const SWALLOWED: ContextPolicy = { demoteIn: NON_PRODUCT, why: 'an ignored exception can only hide a failure of this code, not a security event in production' };
const LOCAL_SERVER: ContextPolicy = { demoteIn: TEST_AND_EXAMPLE, why: 'the server runs on a developer or CI machine, not in a deployment' };

/**
 * The decision table, by CWE: which weakness classes cannot reach production from test,
 * example or generated code. Migrations are never demoted, because they run against
 * production databases. CWEs that are not listed are always kept.
 */
const POLICY_BY_CWE: ReadonlyMap<CweId, ContextPolicy> = new Map<CweId, ContextPolicy>([
  ...[
    Cwe.OsCommandInjection, Cwe.CommandInjection, Cwe.ArgumentInjection, Cwe.SqlInjection, Cwe.LdapInjection,
    Cwe.CodeInjection, Cwe.EvalInjection, Cwe.PathTraversal, Cwe.ExternalFileName, Cwe.Xss, Cwe.HttpResponseSplitting,
    Cwe.LogInjection, Cwe.OpenRedirect, Cwe.XpathInjection, Cwe.Ssrf, Cwe.TemplateInjection, Cwe.TrustBoundary,
    Cwe.UntrustedInclusion,
  ].map((cwe): [CweId, ContextPolicy] => [cwe, INJECTION]),
  ...[Cwe.HardcodedCredentials, Cwe.HardcodedPassword, Cwe.HardcodedKey].map((cwe): [CweId, ContextPolicy] => [cwe, CREDENTIAL]),
  [Cwe.CertificateValidation, TLS],
  [Cwe.HostMismatch, TLS],
  [Cwe.BrokenCrypto, CRYPTO],
  [Cwe.WeakEncryptionStrength, CRYPTO],
  [Cwe.WeakHash, { demoteIn: TEST, why: 'the digest is computed over test data and protects nothing' }],
  [Cwe.WeakPasswordHash, { demoteIn: TEST, why: 'the digest is computed over test data and protects nothing' }],
  [Cwe.InsufficientRandomness, { demoteIn: TEST_AND_EXAMPLE, why: 'the random values are test data, not secrets' }],
  [Cwe.WeakPrng, { demoteIn: TEST_AND_EXAMPLE, why: 'the random values are test data, not secrets' }],
  [Cwe.Deserialization, { demoteIn: TEST, why: 'what it deserializes is the test\'s own fixture data' }],
  [Cwe.Xxe, { demoteIn: TEST, why: 'the XML it parses is the test\'s own fixture data' }],
  [Cwe.XmlEntityExpansion, { demoteIn: TEST, why: 'the XML it parses is the test\'s own fixture data' }],
  [Cwe.ExceptionalConditions, SWALLOWED],
  [Cwe.ErrorWithoutAction, SWALLOWED],
  [Cwe.GenericCatch, SWALLOWED],
  [Cwe.ReachableAssertion, { demoteIn: NON_PRODUCT, why: 'an assert is a test expectation or an invariant, not an access check' }],
  [Cwe.ActiveDebugCode, LOCAL_SERVER],
  [Cwe.DebugInfo, LOCAL_SERVER],
  [Cwe.MultipleBinds, LOCAL_SERVER],
  [Cwe.WrongSphere, LOCAL_SERVER],
  [Cwe.ResourceConsumption, { demoteIn: TEST_AND_EXAMPLE, why: 'a request that hangs can only stall this run' }],
  [Cwe.SensitiveLog, { demoteIn: TEST, why: 'the log holds test data, not real credentials' }],
  [Cwe.PermissionAssignment, { demoteIn: TEST, why: 'the files it creates are temporary test artifacts' }],
  [Cwe.IncorrectDefaultPermissions, { demoteIn: TEST, why: 'the files it creates are temporary test artifacts' }],
  [Cwe.InsecureTempFile, { demoteIn: TEST, why: 'the temporary name is used only during the test run' }],
  [Cwe.CleartextTransmission, { demoteIn: TEST, why: 'the connection goes to a local or mocked test server' }],
  [Cwe.Redos, { demoteIn: TEST, why: 'the pattern only ever sees the test\'s own inputs' }],
  [Cwe.DataAmplification, { demoteIn: TEST, why: 'the compressed data is the test\'s own fixture' }],
]);

/** Rules whose own wording is sharper than their CWE's. */
const POLICY_BY_RULE: ReadonlyMap<string, ContextPolicy> = new Map([
  ['PY-ASSERT-001', { demoteIn: NON_PRODUCT, why: 'an assert is a test expectation, not an access check that production relies on' }],
  ['PY-TLS-001', { demoteIn: TEST, why: 'verification is turned off for a local or mocked server' }],
]);

/** The policy that applies to a finding: its rule's, else its CWE's. */
export function policyFor(finding: Finding): ContextPolicy | undefined {
  return POLICY_BY_RULE.get(finding.ruleId) ?? POLICY_BY_CWE.get(finding.cwe);
}

const CONTEXT_PHRASE: Readonly<Record<CodeContext, string>> = {
  production: 'production code',
  test: 'test code',
  example: 'example code',
  migration: 'a migration',
  generated: 'generated code',
};

/**
 * The one-sentence reason a finding cannot reach production, or undefined when it must be
 * reported as a defect (production code, a class of weakness that matters everywhere, or
 * evidence of a real leak).
 */
export function demotionFor(finding: Finding): string | undefined {
  if (finding.context === 'production') return undefined;
  const policy = policyFor(finding);
  if (!policy || !policy.demoteIn.includes(finding.context)) return undefined;
  if (policy.keepWhen && hasEvidence(finding, policy.keepWhen)) return undefined;
  return `In ${CONTEXT_PHRASE[finding.context]}, ${policy.why}.`;
}

function hasEvidence(finding: Finding, condition: KeepCondition): boolean {
  switch (condition) {
    case 'known-secret-format':
      return finding.tags?.includes('known-secret-format') ?? false;
    case 'untrusted-source':
      // Low confidence marks data that only comes from a parameter no reviewed caller fills.
      return (finding.dataflow?.length ?? 0) > 0 && finding.confidence !== 'low';
  }
}

/** Options of the context stage. */
export interface ContextStageOptions {
  /** Show demoted findings as informational (`--include-tests`) instead of hiding them. */
  readonly includeTests?: boolean;
}

/**
 * The file stage that takes findings which cannot reach production out of the report: a fake
 * password in a test fixture, `verify=False` against a mocked server, an assert in a test.
 * With `includeTests` they stay in the report, marked `demoted`.
 */
export function createContextStage(options: ContextStageOptions = {}): FileStage {
  return {
    name: 'context',
    apply(findings): StageOutput {
      const kept: Finding[] = [];
      const hidden: HiddenFinding[] = [];
      for (const finding of findings) {
        const detail = demotionFor(finding);
        if (detail === undefined) kept.push(finding);
        else if (options.includeTests) kept.push({ ...finding, demoted: { reason: 'test-context', detail } });
        else hidden.push({ finding, reason: 'test-context', detail });
      }
      return { findings: kept, hidden };
    },
  };
}

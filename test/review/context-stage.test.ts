import { describe, expect, it } from 'vitest';
import type { CodeContext, Finding } from '../../src/core/finding.js';
import type { Analyzer } from '../../src/core/language.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { createContextStage, demotionFor } from '../../src/review/context-stage.js';
import { classifyContext } from '../../src/review/context.js';

const analyzerPromise: Promise<Analyzer> = pythonFrontend.createAnalyzer();

/** The findings of `text` reviewed as the file at `path`, before any stage. */
async function findingsOf(path: string, text: string, rules: readonly string[]): Promise<readonly Finding[]> {
  const analyzer = await analyzerPromise;
  return analyzer.analyze({ path, text, context: classifyContext(path, text) }, { onlyRules: new Set(rules) }).findings;
}

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'PY-TEST-001',
    ruleName: 'test-rule',
    cwe: 'CWE-798',
    severity: 'high',
    confidence: 'medium',
    file: 'tests/test_x.py',
    line: 3,
    endLine: 3,
    column: 1,
    endColumn: 10,
    snippet: 'x = 1',
    message: 'm',
    explanation: 'e',
    fix: 'f',
    context: 'test',
    ...overrides,
  };
}

// A key block in the format the rule recognises; the material is base64 of a fixed sentence,
// not a key.
const FAKE_PEM = [
  'SIGNING_KEY = """-----BEGIN RSA PRIVATE KEY-----',
  'RkFLRS1LRVktTUFURVJJQUwtRk9SLVNFQ1JFVklFVy1URVNUUy1PTkxZLU5PVC1BLVJFQUwtS0VZ',
  '-----END RSA PRIVATE KEY-----"""',
].join('\n');

describe('the context stage decision table', () => {
  it('demotes a fake password in a test fixture but keeps a real key format under tests/', async () => {
    const text = `ADMIN_PASSWORD = "fake-password"\n${FAKE_PEM}\n`;
    const found = await findingsOf('nova/tests/functional/test_servers.py', text, ['PY-SECRET-001']);
    expect(found.map((f) => f.line)).toEqual([1, 2]);
    const out = createContextStage().apply(found, { path: 'x', text, context: 'test' }, { language: 'python' });
    expect(out.findings.map((f) => f.line)).toEqual([2]);
    expect(out.findings[0]?.tags).toEqual(['known-secret-format']);
    expect(out.hidden?.map((h) => [h.finding.line, h.reason, h.detail])).toEqual([
      [1, 'test-context', 'In test code, a credential is a fixture or placeholder value that no deployment uses.'],
    ]);
  });

  it('keeps the same fake password in production code and in a migration', async () => {
    for (const path of ['app/settings.py', 'shop/migrations/0003_admin.py']) {
      const found = await findingsOf(path, 'ADMIN_PASSWORD = "fake-password"\n', ['PY-SECRET-001']);
      expect(found).toHaveLength(1);
      expect(found.map(demotionFor)).toEqual([undefined]);
    }
  });

  it('demotes verify=False and swallowed exceptions in tests', async () => {
    const text = [
      'import requests',
      'def test_fake_server():',
      '    requests.get("https://127.0.0.1:8443", verify=False, timeout=5)',
      '    try:',
      '        cleanup()',
      '    except Exception:',
      '        pass',
      '',
    ].join('\n');
    const found = await findingsOf('tests/test_client.py', text, ['PY-TLS-001', 'PY-ERR-001']);
    expect(found.map((f) => f.ruleId)).toEqual(['PY-TLS-001', 'PY-ERR-001']);
    expect(found.map(demotionFor)).toEqual([
      'In test code, verification is turned off for a local or mocked server.',
      'In test code, an ignored exception can only hide a failure of this code, not a security event in production.',
    ]);
  });

  it.each<[string, Partial<Finding>, CodeContext, boolean]>([
    ['an injection fed by a request', { cwe: 'CWE-89', ruleId: 'PY-SQLI-001', dataflow: [{ line: 1, column: 1, note: 'request.args' }], confidence: 'high' }, 'test', false],
    ['an injection fed only by a parameter', { cwe: 'CWE-89', ruleId: 'PY-SQLI-001', dataflow: [{ line: 1, column: 1, note: 'param' }], confidence: 'low' }, 'test', true],
    ['an injection without a dataflow', { cwe: 'CWE-78', ruleId: 'PY-CMD-001' }, 'test', true],
    ['a weak key in an example', { cwe: 'CWE-326', ruleId: 'PY-CRYPTO-003' }, 'example', false],
    ['a swallowed exception in generated code', { cwe: 'CWE-390', ruleId: 'PY-ERR-001' }, 'generated', true],
    ['a debug server in an example', { cwe: 'CWE-489', ruleId: 'PY-FLASK-001' }, 'example', true],
    ['a debug server in a migration', { cwe: 'CWE-489', ruleId: 'PY-FLASK-001' }, 'migration', false],
    ['a weakness class outside the table', { cwe: 'CWE-352', ruleId: 'PY-CSRF-001' }, 'test', false],
    ['anything in production code', { cwe: 'CWE-390', ruleId: 'PY-ERR-001' }, 'production', false],
  ])('%s: demoted %s', (_label, overrides, context, demoted) => {
    expect(demotionFor(finding({ ...overrides, context })) !== undefined).toBe(demoted);
  });

  it('with includeTests keeps demoted findings in the report, marked as information', () => {
    const stage = createContextStage({ includeTests: true });
    const out = stage.apply([finding({}), finding({ context: 'production', line: 9 })], { path: 'x', text: '', context: 'test' }, { language: 'python' });
    expect(out.hidden).toEqual([]);
    expect(out.findings.map((f) => [f.line, f.severity, f.demoted?.reason])).toEqual([
      [3, 'high', 'test-context'],
      [9, 'high', undefined],
    ]);
  });
});

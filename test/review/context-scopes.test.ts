import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../src/core/language.js';
import { pythonFrontend } from '../../src/lang/python/index.js';

const analyzerPromise = pythonFrontend.createAnalyzer();

async function analyze(text: string, path = 'app/module.py'): Promise<FileAnalysis> {
  const analyzer = await analyzerPromise;
  return analyzer.analyze({ path, text, context: 'production' }, { onlyRules: new Set(['PY-SECRET-001', 'PY-ASSERT-001']) });
}

/** The context of the PY-SECRET-001 finding on each line. */
function contextsByLine(analysis: FileAnalysis): Record<number, string> {
  return Object.fromEntries(analysis.findings.map((f) => [f.line, f.context]));
}

describe('content and per-function context (Python)', () => {
  it('treats a TestCase subclass inside a production module as test code, and nothing else', async () => {
    const analysis = await analyze(
      [
        'import unittest',
        '',
        'DB_PASSWORD = "hunter2-prod"',
        '',
        'def connect():',
        '    return open_db(password=DB_PASSWORD)',
        '',
        'def helper():',
        '    return 1',
        '',
        'def other():',
        '    return 2',
        '',
        'class ConnectTest(unittest.TestCase):',
        '    def test_connect(self):',
        '        password = "fake-hunter2"',
        '        self.assertTrue(connect())',
        '',
      ].join('\n'),
    );
    expect(contextsByLine(analysis)).toEqual({ 3: 'production', 16: 'test' });
    expect(analysis.context).toBeUndefined();
    expect(analysis.regions).toEqual([{ startLine: 14, endLine: 17, context: 'test', reason: 'unittest.TestCase subclass ConnectTest' }]);
  });

  it('makes a module that imports pytest and is mostly tests a test module, module constants included', async () => {
    const analysis = await analyze(
      [
        'import pytest',
        '',
        'ADMIN_PASSWORD = "fake-password"',
        '',
        '@pytest.fixture',
        'def client():',
        '    return make_client(password=ADMIN_PASSWORD)',
        '',
        'def test_login(client):',
        '    assert client.login("admin")',
        '',
      ].join('\n'),
    );
    expect(analysis.context).toEqual({ context: 'test', reason: 'imports pytest; test function test_login() at line 9' });
    expect(contextsByLine(analysis)).toEqual({ 3: 'test' });
    expect(analysis.notes?.map((n) => [n.ruleId, n.line, n.conclusion])).toContainEqual([
      'PY-ASSERT-001',
      10,
      'test expectations in test code, not access checks',
    ]);
  });

  it('leaves a production test_connection() helper alone when no test framework is imported', async () => {
    const analysis = await analyze(['def test_connection(host):', '    password = "hunter2-prod"', '    return ping(host, password)', ''].join('\n'));
    expect(contextsByLine(analysis)).toEqual({ 2: 'production' });
    expect(analysis.regions).toBeUndefined();
  });

  it('follows local base classes and project test bases (OpenStack style)', async () => {
    const analysis = await analyze(
      [
        'from nova import test',
        '',
        'class ServersTestBase(test.TestCase):',
        '    pass',
        '',
        'class ServersTest(ServersTestBase):',
        '    def test_boot(self):',
        '        admin_password = "fake-password"',
        '',
        'def production_entry():',
        '    return 1',
        '',
        'def production_other():',
        '    return 2',
        '',
        'def production_third():',
        '    return 3',
        '',
      ].join('\n'),
    );
    expect(contextsByLine(analysis)).toEqual({ 8: 'test' });
    expect(analysis.regions?.map((r) => r.reason)).toEqual([
      'test class ServersTestBase (base test.TestCase)',
      'test class ServersTest (base ServersTestBase)',
    ]);
  });

  it('keeps path-classified test files test code throughout', async () => {
    const analyzer = await analyzerPromise;
    const analysis = analyzer.analyze(
      { path: 'tests/test_x.py', text: 'PASSWORD = "fake-password"\n', context: 'test' },
      { onlyRules: new Set(['PY-SECRET-001']) },
    );
    expect(analysis.findings.map((f) => f.context)).toEqual(['test']);
  });
});

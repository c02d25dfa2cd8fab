import { describe, expect, it } from 'vitest';
import { enclosingScope, findingHash, fingerprintHash, normalizeCode } from '../../src/core/fingerprint.js';

describe('fingerprints', () => {
  it('ignore whitespace but not code', () => {
    expect(normalizeCode('  cur.execute( q ,\n      params)\n')).toBe('cur.execute(q,params)');
    const base = { ruleId: 'PY-SQLI-001', path: 'a.py', scope: 'f', snippet: 'cur.execute(q)' };
    expect(findingHash({ ...base, snippet: '    cur.execute( q )' })).toBe(findingHash(base));
    expect(findingHash({ ...base, snippet: 'cur.execute(q2)' })).not.toBe(findingHash(base));
  });

  it('depend on rule, path and enclosing scope', () => {
    const base = { ruleId: 'PY-SQLI-001', path: 'a.py', scope: 'f', snippet: 'cur.execute(q)' };
    for (const other of [{ ruleId: 'PY-SQLI-002' }, { path: 'b.py' }, { scope: 'g' }]) {
      expect(findingHash({ ...base, ...other })).not.toBe(findingHash(base));
    }
    expect(findingHash(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintHash(`${findingHash(base)}:3`)).toBe(findingHash(base));
  });

  it('take the innermost enclosing scope', () => {
    const spans = [{ name: 'C', line: 1, endLine: 20 }, { name: 'C.m', line: 5, endLine: 9 }];
    expect([enclosingScope(spans, 3), enclosingScope(spans, 6), enclosingScope(spans, 25), enclosingScope(undefined, 1)]).toEqual(['C', 'C.m', '', '']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { AnalysisNote } from '../../src/core/language.js';
import { buildConsidered, formatLines } from '../../src/review/considered.js';
import { formatConsideredLine, groupConsidered } from '../../src/report/considered.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'PY-SQLI-001',
    ruleName: 'sql-injection',
    cwe: 'CWE-89',
    severity: 'high',
    confidence: 'high',
    file: 'app/db.py',
    line: 5,
    endLine: 5,
    column: 1,
    endColumn: 10,
    snippet: 'x',
    message: 'm',
    explanation: 'e',
    fix: 'f',
    context: 'production',
    ...overrides,
  };
}

function note(line: number, overrides: Partial<AnalysisNote> = {}): AnalysisNote {
  return {
    ruleId: 'PY-CMD-001',
    cwe: 'CWE-78',
    file: 'app/db.py',
    line,
    subject: 'subprocess.run',
    conclusion: 'argument list without a shell',
    context: 'production',
    ...overrides,
  };
}

const REGION = { startLine: 38, endLine: 45, context: 'test' as const, reason: 'unittest.TestCase subclass DbTest' };

describe('buildConsidered', () => {
  it('writes one line per weakness class the code touches, defects first, citing lines', () => {
    const items = buildConsidered({
      files: [
        {
          file: 'app/db.py',
          context: 'production',
          contextReason: 'product code',
          regions: [REGION],
          notes: [note(30), note(12), note(12), note(50, { subject: 'os.system', conclusion: 'constant command' })],
        },
      ],
      findings: [
        finding({ line: 5 }),
        finding({ ruleId: 'PY-SECRET-001', cwe: 'CWE-798', line: 40, context: 'test', demoted: { reason: 'test-context', detail: 'd' } }),
      ],
      hidden: [
        { finding: finding({ ruleId: 'PY-SECRET-001', cwe: 'CWE-798', line: 41, context: 'test' }), reason: 'test-context', detail: 'd' },
        { finding: finding({ ruleId: 'PY-DESER-001', cwe: 'CWE-502', line: 7 }), reason: 'suppressed', detail: 'suppressed at line 7' },
      ],
    });
    expect(items).toEqual([
      { file: 'app/db.py', cwe: 'CWE-89', title: 'SQL injection', conclusion: 'Reported as a defect (PY-SQLI-001 at line 5).', lines: [5] },
      {
        file: 'app/db.py',
        cwe: 'CWE-78',
        title: 'OS command injection',
        conclusion: 'Argument list without a shell (subprocess.run at lines 12, 30); constant command (os.system at line 50).',
        lines: [12, 30, 50],
      },
      {
        file: 'app/db.py',
        cwe: 'CWE-502',
        title: 'Unsafe deserialization',
        conclusion: 'A candidate suppressed by a comment (not reported at line 7).',
        lines: [7],
      },
      {
        file: 'app/db.py',
        cwe: 'CWE-798',
        title: 'Hard-coded credentials',
        conclusion:
          'In test code (unittest.TestCase subclass DbTest), a credential is a fixture or placeholder value that no deployment uses (not a defect at lines 40, 41).',
        lines: [40, 41],
      },
    ]);
  });

  it('says nothing about a file where no rule saw a candidate', () => {
    expect(buildConsidered({ files: [{ file: 'a.py', context: 'production', contextReason: 'product code', notes: [] }], findings: [] })).toEqual([]);
  });

  it('gives the reason a file is test code once, in the first line that relies on it', () => {
    const tests = { file: 't.py', context: 'test' as const, contextReason: 'path under tests/', notes: [] };
    const demoted = (cwe: 'CWE-295' | 'CWE-798', line: number): Finding =>
      finding({ file: 't.py', cwe, ruleId: cwe === 'CWE-295' ? 'PY-TLS-001' : 'PY-SECRET-001', line, context: 'test' });
    const items = buildConsidered({
      files: [tests],
      findings: [],
      hidden: [demoted('CWE-798', 9), demoted('CWE-295', 4)].map((f) => ({ finding: f, reason: 'test-context' as const, detail: 'd' })),
    });
    expect(items.map((i) => i.conclusion)).toEqual([
      'In test code (path under tests/), verification is turned off for a local or mocked server (not a defect at line 4).',
      'In test code, a credential is a fixture or placeholder value that no deployment uses (not a defect at line 9).',
    ]);
  });
});

describe('formatLines', () => {
  it.each<[number[], string]>([
    [[12], 'line 12'],
    [[30, 12, 12], 'lines 12, 30'],
    [[13, 14, 15, 16, 17, 18, 40], 'lines 13–18, 40'],
    [[1, 2, 5], 'lines 1, 2, 5'],
    [[1, 3, 5, 7, 9, 11, 13, 15, 17, 19], 'lines 1, 3, 5, 7, 9, 11, 13, 15 and 2 more'],
  ])('%j → %s', (lines, text) => {
    expect(formatLines(lines)).toBe(text);
  });
});

describe('the report helpers for the section', () => {
  it('group by file in review order and format one plain line per item', () => {
    const items = [
      { file: 'b.py', cwe: 'CWE-78' as const, title: 'OS command injection', conclusion: 'Constant command (os.system at line 3).', lines: [3] },
      { file: 'a.py', cwe: 'CWE-89' as const, title: 'SQL injection', conclusion: 'Reported as a defect (PY-SQLI-001 at line 5).', lines: [5] },
      { file: 'b.py', cwe: 'CWE-798' as const, title: 'Hard-coded credentials', conclusion: 'X.', lines: [] },
    ];
    expect(groupConsidered(items).map((g) => [g.file, g.items.length])).toEqual([
      ['b.py', 2],
      ['a.py', 1],
    ]);
    expect(items.map(formatConsideredLine)[0]).toBe('CWE-78 OS command injection: Constant command (os.system at line 3).');
  });
});

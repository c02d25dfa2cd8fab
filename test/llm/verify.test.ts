import { describe, expect, it } from 'vitest';
import type { LlmClaim } from '../../src/core/result.js';
import { mergeDuplicateClaims, verifyClaim, verifyClaims } from '../../src/review/llm/verify.js';
import type { ClaimContext } from '../../src/review/llm/verify.js';

const FILE_LINES = ['import os', '', 'def run(name):', '    command = "ls " + name', '    os.system(command)', '    return True'];
const context: ClaimContext = { file: 'run.py', fileLines: FILE_LINES, shown: new Set([1, 2, 3, 4, 5, 6]) };
const GOOD: LlmClaim = { file: 'run.py', cwe: 'CWE-78', line: 5, code: 'os.system(command)', title: 'Shell command from input', explanation: 'name reaches the shell.', confidence: 'high' };

describe('claim verification', () => {
  it('accepts a claim whose line, quote and CWE check out, taking the code from the file', () => {
    expect(verifyClaim(GOOD, context)).toEqual({
      file: 'run.py',
      cwe: 'CWE-78',
      line: 5,
      endLine: 5,
      code: '    os.system(command)',
      title: 'Shell command from input',
      explanation: 'name reaches the shell.',
      confidence: 'high',
    });
  });

  it('matches quotes whitespace-insensitively, with a copied gutter, or as a substantial part of the line', () => {
    expect(verifyClaim({ ...GOOD, code: 'os.system( command )' }, context)).toMatchObject({ line: 5 });
    expect(verifyClaim({ ...GOOD, code: '5 |     os.system(command)' }, context)).toMatchObject({ line: 5 });
    expect(verifyClaim({ ...GOOD, line: 4, code: '"ls " + name' }, context)).toMatchObject({ line: 4 });
    expect(verifyClaim({ ...GOOD, line: 4, endLine: 5, code: 'command = "ls " + name\nos.system(command)' }, context)).toMatchObject({ line: 4, endLine: 5 });
  });

  it.each<[string, LlmClaim, string]>([
    ['no line', { ...GOOD, line: undefined } as unknown as LlmClaim, 'vague claim: it names no line'],
    ['no words', { file: 'run.py', cwe: 'CWE-78', line: 5, code: 'os.system(command)' }, 'vague claim: no title or explanation for line 5'],
    ['no CWE', { ...GOOD, cwe: undefined } as unknown as LlmClaim, 'the claim gives no CWE id'],
    ['a CWE name', { ...GOOD, cwe: 'Command Injection' }, '"Command Injection" is not a CWE id'],
    ['an unknown CWE', { ...GOOD, cwe: 'CWE-4242' }, "CWE-4242 is not in secreview's CWE catalog"],
    ['a line past the end', { ...GOOD, line: 7 }, 'line 7 does not exist: run.py has 6 lines'],
    ['line 0', { ...GOOD, line: 0 }, 'line 0 does not exist: run.py has 6 lines'],
    ['no quote', { ...GOOD, code: undefined } as unknown as LlmClaim, 'the claim quotes no code, so line 5 cannot be checked'],
    ['a wrong quote', { ...GOOD, code: 'subprocess.call(cmd)' }, 'the quoted code does not match line 5'],
    ['a tiny fragment', { ...GOOD, code: 'os.' }, 'the quoted code does not match line 5'],
    ['a line off by one', { ...GOOD, line: 4 }, 'the quoted code does not match line 4 (it matches line 5)'],
  ])('rejects a claim with %s', (_name, claim, reason) => {
    expect(verifyClaim(claim, context)).toBe(reason);
  });

  it('rejects lines the model was not shown and lines outside the change', () => {
    expect(verifyClaim(GOOD, { ...context, shown: new Set([1, 2, 3, 4]) })).toBe('line 5 was not in the code shown to the model');
    expect(verifyClaim(GOOD, { ...context, changedLines: new Set([4]) })).toBe('line 5 is outside the change under review');
    expect(verifyClaim(GOOD, { ...context, changedLines: new Set([5]) })).toMatchObject({ line: 5 });
  });

  it('keeps rejected claims with their reasons', () => {
    const out = verifyClaims([GOOD, { ...GOOD, line: 99 }], context);
    expect(out.accepted).toHaveLength(1);
    expect(out.rejected).toEqual([{ claim: { ...GOOD, line: 99 }, reason: 'line 99 does not exist: run.py has 6 lines' }]);
  });

  it('merges duplicates on one line within a CWE group, keeping the most confident', () => {
    const a = verifyClaim({ ...GOOD, confidence: 'low' }, context);
    const b = verifyClaim({ ...GOOD, cwe: 'CWE-77', confidence: 'high', explanation: 'longer explanation here' }, context);
    const c = verifyClaim({ ...GOOD, cwe: 'CWE-89' }, context);
    if (typeof a === 'string' || typeof b === 'string' || typeof c === 'string') throw new Error('expected accepted claims');
    const merged = mergeDuplicateClaims([a, b, c]);
    expect(merged.map((m) => [m.cwe, m.confidence])).toEqual([
      ['CWE-77', 'high'],
      ['CWE-89', 'high'],
    ]);
  });
});

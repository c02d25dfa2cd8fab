import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { HiddenFinding } from '../../src/core/result.js';
import { mergeFindings } from '../../src/review/llm/merge.js';

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'PY-CMD-001',
    ruleName: 'os-command-shell',
    cwe: 'CWE-78',
    severity: 'high',
    confidence: 'medium',
    file: 'app.py',
    line: 10,
    endLine: 10,
    column: 5,
    endColumn: 20,
    snippet: '    os.system(cmd)',
    message: 'm',
    explanation: 'e',
    fix: 'f',
    context: 'production',
    ...over,
  };
}

const llm = (over: Partial<Finding>): Finding => finding({ ruleId: 'LLM-REVIEW-001', ruleName: 'llm-review', source: 'llm', ...over });
const options = { tolerance: 1 };

describe('merging static and LLM findings', () => {
  it('turns a confirmed static finding into one "both" finding with raised confidence', () => {
    const out = mergeFindings([finding({})], [], [llm({ cwe: 'CWE-77', line: 11 })], options);
    expect(out.findings).toEqual([finding({ source: 'both', confidence: 'high' })]);
  });

  it('keeps LLM findings on other lines or with unrelated CWEs as "llm", and the rest as "static"', () => {
    const out = mergeFindings([finding({})], [], [llm({ line: 12 }), llm({ cwe: 'CWE-89' })], options);
    expect(out.findings.map((f) => [f.line, f.cwe, f.source])).toEqual([
      [10, 'CWE-78', 'static'],
      [12, 'CWE-78', 'llm'],
      [10, 'CWE-89', 'llm'],
    ]);
  });

  it('uses the rule\'s declared related CWEs', () => {
    const out = mergeFindings([finding({})], [], [llm({ cwe: 'CWE-94' })], { ...options, relatedByRule: new Map([['PY-CMD-001', ['CWE-94' as const]]]) });
    expect(out.findings.map((f) => f.source)).toEqual(['both']);
  });

  it('keeps an LLM echo of a hidden (suppressed) static finding hidden too', () => {
    const hidden: HiddenFinding = { finding: finding({}), reason: 'suppressed', detail: 'suppressed at line 10: test data' };
    const out = mergeFindings([], [hidden], [llm({})], options);
    expect(out.findings).toEqual([]);
    expect(out.hidden).toEqual([{ finding: llm({}), reason: 'suppressed', detail: 'also found by the LLM reviewer; suppressed at line 10: test data' }]);
  });
});

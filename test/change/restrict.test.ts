import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { createChangeStage, touchesChange } from '../../src/review/change/restrict.js';
import type { ChangedLines } from '../../src/review/change/types.js';

function finding(line: number, endLine = line, dataflow?: number[]): Finding {
  return {
    ruleId: 'PY-CMD-001', ruleName: 'os-command-injection', cwe: 'CWE-78', severity: 'high', confidence: 'high',
    file: 'app.py', line, endLine, column: 5, endColumn: 10, snippet: 'os.system(cmd)', message: 'm', explanation: 'e', fix: 'f', context: 'production',
    ...(dataflow ? { dataflow: dataflow.map((l) => ({ line: l, column: 1, note: `step ${l}` })) } : {}),
  };
}

const changed = (added: number[], deletedAfter: number[] = []): ChangedLines => ({ all: false, added: new Set(added), deletedAfter });

describe('the change restriction', () => {
  it('keeps a finding on a changed line, or spanning one', () => {
    expect(touchesChange(finding(7), changed([7]))).toBe(true);
    expect(touchesChange(finding(5, 8), changed([7]))).toBe(true);
    expect(touchesChange(finding(9), changed([7]))).toBe(false);
  });

  it('keeps a finding whose dataflow path crosses the change: a changed step, or a removal between two steps', () => {
    expect(touchesChange(finding(12, 12, [3, 8, 12]), changed([8]))).toBe(true);
    // A sanitizer deleted after line 5, between the source (line 3) and the sink (line 12).
    expect(touchesChange(finding(12, 12, [3, 12]), changed([], [5]))).toBe(true);
    expect(touchesChange(finding(12, 12, [3, 12]), changed([20], [14]))).toBe(false);
  });

  it('hides the rest with reason outside-change, and keeps everything in an added file', () => {
    const stage = createChangeStage(new Map([['app.py', changed([7])]]));
    const out = stage.apply([finding(7), finding(9)]);
    expect(out.findings.map((f) => f.line)).toEqual([7]);
    expect(out.hidden?.map((h) => [h.reason, h.detail])).toEqual([['outside-change', 'line 9 is not changed by the change under review']]);
    const added = createChangeStage(new Map([['app.py', { all: true, added: new Set<number>(), deletedAfter: [] }]]));
    expect(added.apply([finding(9)]).findings).toHaveLength(1);
    expect(createChangeStage(new Map()).apply([finding(1)]).hidden?.[0]?.detail).toBe('app.py is not part of the change');
  });
});

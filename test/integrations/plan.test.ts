import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { parseHunks } from '../../src/integrations/diff-lines.js';
import { formatMarker } from '../../src/integrations/github/comments.js';
import { anchorFor, planReview } from '../../src/integrations/github/plan.js';
import { sampleResult } from '../report/sample.js';

const jobsCall = sampleResult.findings.find((f) => f.file === 'app/jobs.py' && f.line === 30)!;
const jobsFlow = sampleResult.findings.find((f) => f.file === 'app/jobs.py' && f.line === 12)!;

describe('anchorFor', () => {
  it('spans the finding when the diff shows all its lines', () => {
    const lines = parseHunks(['@@ -28,3 +28,8 @@', ' a', ' b', '+    subprocess.run(', '+        f"tar",', '+        shell=True,', '+        check=True,', '+    )', ' c'].join('\n'));
    expect(anchorFor(jobsCall, lines)).toEqual({ path: 'app/jobs.py', line: 34, startLine: 30, coversFinding: true });
  });

  it('falls back to a changed line of the finding, then to a changed line of its dataflow', () => {
    const partly = parseHunks(['@@ -31,1 +31,1 @@', '-x', '+        f"tar",'].join('\n'));
    expect(anchorFor(jobsCall, partly)).toEqual({ path: 'app/jobs.py', line: 31, coversFinding: false });
    const sourceOnly = parseHunks(['@@ -11,1 +11,1 @@', '-x', '+    host = request.args.get("host", "")'].join('\n'));
    expect(anchorFor({ ...jobsFlow, line: 40, endLine: 40 }, sourceOnly)).toEqual({ path: 'app/jobs.py', line: 11, coversFinding: false });
    expect(anchorFor(jobsCall, sourceOnly)).toBeUndefined();
  });
});

describe('planReview', () => {
  const diff = new Map([['app/jobs.py', parseHunks(['@@ -1,0 +12,1 @@', '+    os.system("ping -c 1 " + host)'].join('\n'))]]);
  const findings: Finding[] = [jobsFlow];

  it('creates a comment for a new finding and leaves foreign comments alone', () => {
    const plan = planReview({ findings, fingerprints: ['aa'.repeat(16) + ':1'], diff, comments: [{ id: 5, path: 'app/jobs.py', line: 12, body: 'a human comment' }], headSha: 'f'.repeat(40) });
    expect(plan.create).toHaveLength(1);
    expect(plan.edit).toEqual([]);
  });

  it('reopens a comment it had marked fixed when the finding comes back at the same place', () => {
    const fingerprint = 'bb'.repeat(16) + ':1';
    const fixed = { id: 9, path: 'app/jobs.py', line: 12, body: `${formatMarker({ fingerprint, state: 'fixed' })}\n\nFixed.` };
    const plan = planReview({ findings, fingerprints: [fingerprint], diff, comments: [fixed], headSha: 'f'.repeat(40) });
    expect(plan.create).toEqual([]);
    expect(plan.edit.map((e) => `${e.id} ${e.reason}`)).toEqual(['9 reopened']);
    expect(plan.edit[0]?.body).toContain('state=open');
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontends } from '../../src/review/languages.js';
import { runReview } from '../../src/review/review.js';

// The fixture's dispatch tables (ACTIONS of lambdas, SERVICES of a def, HOOKS filled entry by
// entry): the fixture runner checks which lines are found; this checks how sure each finding is
// and the flow it shows.
const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'python', 'taint', 'named-lambdas.py'), 'utf8');

function lineOf(text: string, snippet: string): number {
  return text.split('\n').findIndex((line) => line.includes(snippet)) + 1;
}

async function review(text: string) {
  const root = mkdtempSync(join(tmpdir(), 'secreview-dispatch-'));
  writeFileSync(join(root, 'app.py'), text);
  const result = await runReview({ paths: ['.'], frontends, cwd: root });
  return new Map(result.findings.map((f) => [f.line, { confidence: f.confidence, flow: (f.dataflow ?? []).map((step) => step.note) }]));
}

describe('calls through a dispatch table', () => {
  it('are followed into the entry that runs, so the findings there are certain and name it', async () => {
    const found = await review(FIXTURE);
    expect(found.get(lineOf(FIXTURE, '"ping": lambda host'))).toEqual({ confidence: 'high', flow: ['request.args', 'ACTIONS["ping"](host=…)', 'os.system'] });
    expect(found.get(lineOf(FIXTURE, 'os.system("systemctl restart "'))).toEqual({ confidence: 'high', flow: ['request.args', 'restart_service(name=…)', 'os.system'] });
    expect(found.has(lineOf(FIXTURE, '"uptime": lambda'))).toBe(false);
    expect(found.has(lineOf(FIXTURE, '"trace": lambda'))).toBe(false);
    // A table filled entry by entry, called through .get().
    expect(found.get(lineOf(FIXTURE, 'HOOKS["notify"] = lambda'))).toEqual({ confidence: 'high', flow: ['request.args', 'HOOKS["notify"](user=…)', 'os.system'] });
    expect(found.has(lineOf(FIXTURE, 'HOOKS["log"] = lambda'))).toBe(false);
  });

  it('leave an entry no call reaches to its callers, as for an uncalled def (low confidence)', async () => {
    const uncalled = FIXTURE.replace('    ACTIONS["ping"](request.args["h"])\n', '').replace('    ACTIONS[request.args["a"]](request.args["h"])\n', '');
    expect(uncalled).not.toContain('ACTIONS[request');
    const found = await review(uncalled);
    expect(found.get(lineOf(uncalled, '"ping": lambda host'))?.confidence).toBe('low');
  });
});

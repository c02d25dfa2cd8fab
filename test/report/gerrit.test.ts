import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import type { ReviewResult } from '../../src/core/result.js';
import { GERRIT_ROBOT_ID, renderGerrit, toGerritReviewInput } from '../../src/report/gerrit.js';
import type { GerritReviewInput } from '../../src/report/gerrit.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { runReview } from '../../src/review/review.js';
import { describeErrors } from './validate.js';
import { cleanResult, sampleInfo, sampleResult } from './sample.js';

const schema = JSON.parse(readFileSync(new URL('./gerrit-review-input.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);

function expectValid(input: unknown): void {
  const valid = validate(input);
  expect(valid, describeErrors(validate.errors)).toBe(true);
}

describe('gerrit ReviewInput', () => {
  it('renders the sample as robot comments keyed by path', async () => {
    const text = renderGerrit(sampleResult, sampleInfo());
    await expect(text).toMatchFileSnapshot('__snapshots__/sample.gerrit.json');
    expectValid(JSON.parse(text));
  });

  it('has the documented shape for every variant: robot, human, with a vote, clean', () => {
    for (const gerrit of [undefined, { commentKind: 'human' as const }, { commentKind: 'robot' as const, voteLabel: 'Code-Review' }]) {
      for (const result of [sampleResult, cleanResult]) {
        expectValid(toGerritReviewInput(result, { ...sampleInfo(), ...(gerrit ? { gerrit } : {}) }));
      }
    }
  });

  it('puts every finding on its line, with a 0-based character range ending on that line', () => {
    const input = toGerritReviewInput(sampleResult, sampleInfo());
    const multi = input.robot_comments?.['app/jobs.py']?.find((c) => c.range?.start_line === 30);
    expect(multi).toMatchObject({ line: 34, range: { start_line: 30, start_character: 4, end_line: 34, end_character: 5 } });
    const single = input.robot_comments?.['app/views.py']?.[0];
    expect(single).toMatchObject({ line: 8, range: { start_line: 8, start_character: 11, end_line: 8, end_character: 37 } });
    expect(Object.keys(input.robot_comments ?? {})).toEqual(['app/jobs.py', 'app/views.py', 'scripts/nightly backup/run job.py', 'tests/test_api.py']);
  });

  it('identifies the robot and links each comment to its rule documentation', () => {
    const comments = Object.values(toGerritReviewInput(sampleResult, sampleInfo()).robot_comments ?? {}).flat();
    expect(comments).toHaveLength(6);
    const runIds = new Set(comments.map((c) => c.robot_run_id));
    expect(runIds.size).toBe(1);
    for (const c of comments) {
      expect(c.robot_id).toBe(GERRIT_ROBOT_ID);
      expect(c.url).toMatch(/\/docs\/rules\/PY-[A-Z]+-\d{3}\.md$/);
      expect(c.properties?.fingerprint).toMatch(/^[0-9a-f]{32}:\d+$/);
    }
  });

  it('votes only when asked: -1 with findings, 0 when clean', () => {
    const vote = { commentKind: 'robot' as const, voteLabel: 'Verified' };
    expect(toGerritReviewInput(sampleResult, sampleInfo()).labels).toBeUndefined();
    expect(toGerritReviewInput(sampleResult, { ...sampleInfo(), gerrit: vote }).labels).toEqual({ Verified: -1 });
    expect(toGerritReviewInput(cleanResult, { ...sampleInfo(), gerrit: vote }).labels).toEqual({ Verified: 0 });
  });

  it('writes plain comments with the documentation link in the text for servers without robot comments', () => {
    const input = toGerritReviewInput(sampleResult, { ...sampleInfo(), gerrit: { commentKind: 'human' } });
    expect(input.robot_comments).toBeUndefined();
    const first = input.comments?.['app/jobs.py']?.[0];
    expect(first?.message).toMatch(/\n\nRule documentation: https:\/\/github\.com\/secreview\/secreview\/blob\/main\/docs\/rules\/PY-CMD-001\.md$/);
    expect(first?.unresolved).toBe(true);
  });

  it('says the clean verdict in the message and posts no comments when clean', () => {
    const input = toGerritReviewInput(cleanResult, sampleInfo());
    expect(input.message).toBe(`secreview 1.2.3: ${CLEAN_VERDICT}\n3 files, 120 lines reviewed.`);
    expect(input.robot_comments).toBeUndefined();
  });

  it('attaches fix suggestions only where the fix is mechanical', async () => {
    const code = 'import yaml\nimport tempfile\n\ndef load(body):\n    path = tempfile.mktemp()\n    return yaml.load(body)\n';
    const result: ReviewResult = await runReview({ snippets: [{ name: 'svc/config.py', text: code, frontend: pythonFrontend }], frontends: [pythonFrontend], cwd: '/' });
    const input: GerritReviewInput = toGerritReviewInput(result, sampleInfo());
    expectValid(input);
    const comments = input.robot_comments?.['svc/config.py'] ?? [];
    const yaml = comments.find((c) => c.properties?.rule_id === 'PY-DESER-002');
    const temp = comments.find((c) => c.properties?.rule_id === 'PY-TMP-001');
    expect(yaml?.fix_suggestions).toEqual([
      {
        description: 'Use yaml.safe_load',
        replacements: [{ path: 'svc/config.py', range: { start_line: 6, start_character: 16, end_line: 6, end_character: 20 }, replacement: 'safe_load' }],
      },
    ]);
    expect(temp).toBeDefined();
    expect(temp?.fix_suggestions).toBeUndefined();
  });
});

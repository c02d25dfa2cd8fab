import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/review/llm/parse.js';

const FINDING = { cwe: 'CWE-89', line: 12, endLine: 12, code: 'cur.execute(q)', title: 'SQL injection', explanation: 'q holds user input.', fix: 'Bind parameters.', confidence: 'high' };

describe('parseAnswer', () => {
  it('reads a plain JSON answer', () => {
    const out = parseAnswer(JSON.stringify({ verdict: 'defects', findings: [FINDING] }));
    expect(out).toEqual({ ok: true, answer: { verdict: 'defects', claims: [FINDING], malformed: 0 } });
  });

  it('reads JSON from a fenced block and from inside prose, ignoring <think> blocks', () => {
    const fenced = `Here you go:\n\`\`\`json\n${JSON.stringify({ verdict: 'clean', findings: [] })}\n\`\`\``;
    expect(parseAnswer(fenced)).toEqual({ ok: true, answer: { verdict: 'clean', claims: [], malformed: 0 } });
    const prose = `<think>{"not": "this"}</think>The review: ${JSON.stringify({ findings: [FINDING] })} — done. {braces}`;
    expect(parseAnswer(prose)).toMatchObject({ ok: true, answer: { claims: [FINDING] } });
  });

  it('normalizes field names and types models commonly get wrong', () => {
    const out = parseAnswer(JSON.stringify({ issues: [{ cwe_id: 89, line_number: '12-14', snippet: 'x', description: 'bad', recommendation: 'fix', confidence: 'HIGH' }, 'not an object'] }));
    expect(out).toEqual({
      ok: true,
      answer: { claims: [{ cwe: 'CWE-89', line: 12, endLine: 14, code: 'x', explanation: 'bad', fix: 'fix', confidence: 'high' }], malformed: 1 },
    });
    expect(parseAnswer(JSON.stringify([{ cwe: 'cwe 78: OS command', line: 3 }]))).toMatchObject({ ok: true, answer: { claims: [{ cwe: 'CWE-78', line: 3 }] } });
  });

  it.each([
    ['', 'the answer is empty'],
    ['Looks fine to me.', 'the answer contains no JSON object'],
    ['{"verdict": "defects", "findings": [', 'the JSON is not valid'],
    ['{"result": "ok"}', 'the JSON has no "findings" list'],
  ])('explains why %j is not usable', (text, problem) => {
    const out = parseAnswer(text);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problem).toContain(problem);
  });
});

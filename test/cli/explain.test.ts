import { describe, expect, it } from 'vitest';
import { editDistance, suggestRules } from '../../src/cli/explain-command.js';
import { renderRuleMarkdown, RULE_DOC_HEADINGS } from '../../src/report/rule-doc.js';
import { allRules } from '../../src/review/languages.js';
import { runCli } from '../support/cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function rule(id: string) {
  const found = allRules().find((r) => r.id === id);
  if (!found) throw new Error(`${id} is not a rule`);
  return found;
}

describe('secreview explain', () => {
  it('prints the rule page in the terminal: title, metadata, every section, the examples', async () => {
    const yaml = rule('PY-DESER-002');
    const run = await runCli(['explain', 'PY-DESER-002']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(`PY-DESER-002: ${yaml.title}`);
    expect(run.stdout).toMatch(/^ {2}CWE +CWE-502 Deserialization of Untrusted Data$/m);
    expect(run.stdout).toMatch(/^ {2}Docs +https:\/\/\S+\/docs\/rules\/PY-DESER-002\.md$/m);
    for (const heading of Object.values(RULE_DOC_HEADINGS)) expect(run.stdout).toContain(`\n${heading}\n`);
    for (const line of yaml.docs.bad.split('\n')) expect(run.stdout).toContain(`    ${line}`);
    expect(run.stdout).not.toMatch(ANSI);
    const longest = Math.max(...run.stdout.split('\n').filter((l) => !/https?:|^ {4}/.test(l)).map((l) => l.length));
    expect(longest).toBeLessThanOrEqual(88);
  });

  it('finds a rule by id in any letter case or by name', async () => {
    const byId = await runCli(['explain', 'PY-DESER-002']);
    expect((await runCli(['explain', 'py-deser-002'])).stdout).toBe(byId.stdout);
    expect((await runCli(['explain', rule('PY-DESER-002').name])).stdout).toBe(byId.stdout);
  });

  it('uses colour on a terminal unless told not to', async () => {
    const tty = await runCli(['explain', 'PY-CMD-001'], { tty: true });
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout.replace(ANSI, '')).toBe((await runCli(['explain', 'PY-CMD-001'])).stdout);
    expect((await runCli(['explain', 'PY-CMD-001', '--no-color'], { tty: true })).stdout).not.toMatch(ANSI);
  });

  it('prints the Markdown page with --format markdown', async () => {
    const run = await runCli(['explain', 'PY-CMD-001', '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(renderRuleMarkdown(rule('PY-CMD-001')));
  });

  it('prints the same JSON as `secreview rules --format json`, plus the help link, with --format json', async () => {
    const run = await runCli(['explain', 'PY-CMD-001', '-f', 'json']);
    expect(run.code).toBe(0);
    const { helpUri, ...explained } = JSON.parse(run.stdout) as Record<string, unknown>;
    const listed = (JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as { id: string }[]).find((r) => r.id === 'PY-CMD-001');
    expect(explained).toEqual(listed);
    expect(helpUri).toMatch(/\/docs\/rules\/PY-CMD-001\.md$/);
  });

  it('exits 2 on an unknown id and suggests the closest ones', async () => {
    const run = await runCli(['explain', 'PY-SQL-001']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/unknown rule "PY-SQL-001"; did you mean PY-SQLI-001\b/);
  });

  it('suggests nothing for a query unlike any rule, and points to `secreview rules`', async () => {
    const run = await runCli(['explain', 'completely-unrelated']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('did you mean');
    expect(run.stderr).toContain('secreview rules');
  });

  it('exits 2 on a bad format and on a missing id', async () => {
    expect((await runCli(['explain', 'PY-CMD-001', '--format', 'html'])).code).toBe(2);
    expect((await runCli(['explain'])).code).toBe(2);
  });
});

describe('rule suggestions', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('PY-CMD-001', 'PY-CMD-001')).toBe(0);
  });

  it('ranks the closest ids first, matches names too, and caps the list', () => {
    const rules = allRules();
    expect(suggestRules(rules, 'PY-CMD-01')[0]).toBe('PY-CMD-001');
    // An id that does not exist (in any letter case) suggests its neighbours, at most three.
    expect(suggestRules(rules, 'py-tls-009')).toContain('PY-TLS-003');
    expect(suggestRules(rules, 'PY-TLS-009').length).toBeLessThanOrEqual(3);
    const yaml = rule('PY-DESER-002');
    expect(suggestRules(rules, `${yaml.name}s`)).toEqual(['PY-DESER-002']);
    expect(suggestRules(rules, 'zzz')).toEqual([]);
  });
});

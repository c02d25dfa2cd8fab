// The rule documentation: the committed pages match the rule metadata, the metadata is complete
// and consistent with the rule files, and every rule's examples do what the docs claim
// (ESLint's check-rule-examples, Biome's doc tests, typescript-eslint's docs.test).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cweUrl, isKnownCwe } from '../src/core/cwe.js';
import type { ReviewResult } from '../src/core/result.js';
import type { RuleMeta } from '../src/core/rule.js';
import { validateRuleMeta } from '../src/core/rule.js';
import {
  README_END,
  README_PATH,
  README_START,
  RULE_DOCS_DIR,
  findDocsDrift,
  planDocs,
  rulePagePath,
  ruleSourcePath,
} from '../src/cli/docs-command.js';
import { pythonFrontend } from '../src/lang/python/index.js';
import type { PythonRule } from '../src/lang/python/rule.js';
import { pythonRules } from '../src/lang/python/rules/index.js';
import { ruleHelpUri } from '../src/report/json.js';
import { renderRuleMarkdown, renderRuleText } from '../src/report/rule-doc.js';
import { renderSarif } from '../src/report/sarif.js';
import { allRules } from '../src/review/languages.js';
import { runCli } from './support/cli.js';

const ROOT = join(import.meta.dirname, '..');
const RULE_ID = /^[A-Z]+-[A-Z0-9]+-\d{3}$/;
const rules = allRules();

function plannedFiles(readme: string, ruleSet: readonly RuleMeta[] = rules): ReturnType<typeof planDocs> & { ok: true } {
  const plan = planDocs(ruleSet, readme);
  if (!plan.ok) throw new Error(plan.message);
  return plan;
}

describe('generated rule docs', () => {
  it('are up to date: docs/rules/*.md, the index and the README table (run `npm run docs` if not)', async () => {
    const plan = plannedFiles(readFileSync(join(ROOT, README_PATH), 'utf8'));
    const drift = await findDocsDrift(ROOT, plan.files);
    const problems = [...drift.stale.map((p) => `stale: ${p}`), ...drift.extra.map((p) => `no longer generated: ${p}`)];
    expect(problems, 'the rule docs are out of date; run `npm run docs` and commit the result').toEqual([]);
  });

  it('cover every rule with a page, an index row and a README row', () => {
    const index = readFileSync(join(ROOT, RULE_DOCS_DIR, 'README.md'), 'utf8');
    const readme = readFileSync(join(ROOT, README_PATH), 'utf8');
    const table = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END));
    for (const rule of rules) {
      expect(existsSync(join(ROOT, rulePagePath(rule.id))), `${rule.id} has no page`).toBe(true);
      expect(index).toContain(`[${rule.id}](${rule.id}.md)`);
      expect(table).toContain(`[${rule.id}](${rulePagePath(rule.id)})`);
    }
  });

  it('list the rules in the same order and with the same fields as `secreview rules`', async () => {
    const listed = (await runCli(['rules'])).stdout.split('\n').filter((l) => RULE_ID.test(l.split(' ')[0] ?? ''));
    const readme = readFileSync(join(ROOT, README_PATH), 'utf8');
    const rows = readme.slice(readme.indexOf(README_START), readme.indexOf(README_END)).split('\n').filter((l) => l.startsWith('| ['));
    const cells = (row: string): string[] => row.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, ''));
    expect(rows.map((r) => /\[([^\]]+)\]/.exec(r)?.[1])).toEqual(listed.map((l) => l.split(/\s+/)[0]));
    for (const [i, row] of rows.entries()) {
      const [id, name, cwe, severity, confidence] = (listed[i] ?? '').split(/\s+/);
      const [, nameCell, cweCell, severityCell, confidenceCell] = cells(row);
      expect([nameCell, cweCell?.slice(1, cweCell.indexOf(']')), severityCell, confidenceCell], id).toEqual([`\`${name}\``, cwe, severity, confidence]);
    }
  });
});

describe('help in the reports', () => {
  it('SARIF carries each rule page as help and links the committed page', () => {
    const empty: ReviewResult = { verdict: 'clean', findings: [], errors: [], stats: { files: 0, lines: 0, durationMs: 0 } };
    const info = { tool: { name: 'secreview', version: '0.0.0', informationUri: 'https://example.invalid' }, rules, color: false };
    const log = JSON.parse(renderSarif(empty, info)) as {
      runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown: string }; helpUri: string }[] } } }[];
    };
    const described = log.runs[0]?.tool.driver.rules ?? [];
    expect(described.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      expect(described[i]?.help).toEqual({ text: renderRuleText(rule), markdown: renderRuleMarkdown(rule) });
      expect(described[i]?.helpUri).toBe(ruleHelpUri(rule.id));
      expect(described[i]?.helpUri.endsWith(`/${rulePagePath(rule.id)}`)).toBe(true);
    }
  });
});

describe('rule metadata', () => {
  it('has unique ids of the form LANG-AREA-NNN and unique names', () => {
    const ids = rules.map((r) => r.id);
    expect(ids.filter((id) => !RULE_ID.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const names = rules.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s has complete documentation', (_id, rule) => {
    expect(validateRuleMeta(rule)).toEqual([]);
    expect(rule.docs.notDetected?.trim(), 'docs.notDetected: write down what the rule misses').toBeTruthy();
    expect(isKnownCwe(rule.cwe)).toBe(true);
    for (const related of rule.relatedCwe ?? []) {
      expect(isKnownCwe(related), related).toBe(true);
      expect(related).not.toBe(rule.cwe);
    }
    expect(rule.docs.references, 'the references must include the CWE link').toContain(cweUrl(rule.cwe));
    expect(rule.docs.references.filter((r) => !/^https:\/\/\S+$/.test(r)), 'references are https links').toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s lives in the file named after it', (_id, rule) => {
    expect(existsSync(join(ROOT, ruleSourcePath(rule))), ruleSourcePath(rule)).toBe(true);
  });

  it('registers every rule file of the Python pack, under its file name', async () => {
    const dir = join(ROOT, 'src/lang/python/rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const problems: string[] = [];
    for (const file of files) {
      const module = (await import(pathToFileURL(join(dir, file)).href)) as { rule?: PythonRule };
      // Helper modules in the folder export no `rule`; every module that does must be registered.
      if (!module.rule) continue;
      if (!pythonRules.includes(module.rule)) problems.push(`${file} is not registered in rules/index.ts`);
      if (module.rule.meta.name !== basename(file, '.ts')) problems.push(`${file} declares name ${module.rule.meta.name}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('rule examples', () => {
  const analyzerPromise = pythonFrontend.createAnalyzer();
  const analyze = async (rule: RuleMeta, code: string) => {
    const analyzer = await analyzerPromise;
    return analyzer.analyze({ path: 'app/example.py', text: `${code}\n`, context: 'production' }, { onlyRules: new Set([rule.id]) });
  };

  it.each(pythonFrontend.rules.map((r) => [r.id, r] as const))('%s: the vulnerable example is reported, the fixed one is not', async (_id, rule) => {
    const bad = await analyze(rule, rule.docs.bad);
    const good = await analyze(rule, rule.docs.good);
    expect([...bad.errors, ...good.errors].map((e) => `${e.kind}: ${e.message}`), 'the examples must be valid code').toEqual([]);
    expect(bad.findings.filter((f) => f.ruleId === rule.id).length, 'docs.bad must produce a finding of this rule').toBeGreaterThan(0);
    expect(good.findings.filter((f) => f.ruleId === rule.id).map((f) => `${f.line}: ${f.message}`), 'docs.good must produce none').toEqual([]);
  });
});

describe('secreview docs (npm run docs)', () => {
  const readme = `# demo\n\n## Rules\n\nintro\n\n${README_START}\nold table\n${README_END}\n\n## After\n`;

  function sandbox(): string {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-docs-'));
    writeFileSync(join(dir, README_PATH), readme);
    mkdirSync(join(dir, RULE_DOCS_DIR), { recursive: true });
    writeFileSync(join(dir, RULE_DOCS_DIR, 'PY-GONE-001.md'), '# a retired rule\n');
    writeFileSync(join(dir, RULE_DOCS_DIR, 'notes.txt'), 'not a page\n');
    return dir;
  }

  it('writes every page, the index and the README table, and removes pages of rules that are gone', async () => {
    const dir = sandbox();
    const run = await runCli(['docs', '--root', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`removed ${RULE_DOCS_DIR}/PY-GONE-001.md`);
    expect(existsSync(join(dir, RULE_DOCS_DIR, 'PY-GONE-001.md'))).toBe(false);
    expect(existsSync(join(dir, RULE_DOCS_DIR, 'notes.txt'))).toBe(true);
    for (const file of plannedFiles(readme).files) {
      expect(readFileSync(join(dir, file.path), 'utf8'), file.path).toBe(file.content);
    }
    const updated = readFileSync(join(dir, README_PATH), 'utf8');
    expect(updated.startsWith('# demo\n\n## Rules\n\nintro\n\n<!-- rules:start -->\n| ID |')).toBe(true);
    expect(updated.endsWith(`|\n${README_END}\n\n## After\n`)).toBe(true);
    expect(updated).not.toContain('old table');

    const again = await runCli(['docs', '--root', dir]);
    expect(again.stdout).toContain('up to date');
  });

  it('--check passes on fresh docs and fails with exit 1 on stale ones, writing nothing', async () => {
    const dir = sandbox();
    await runCli(['docs', '--root', dir]);
    expect((await runCli(['docs', '--check', '--root', dir])).code).toBe(0);
    const target = join(dir, rulePagePath(rules[0]?.id ?? ''));
    writeFileSync(target, 'edited by hand\n');
    const check = await runCli(['docs', '--check', '--root', dir]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('npm run docs');
    expect(check.stderr).toContain(`stale: ${rulePagePath(rules[0]?.id ?? '')}`);
    expect(readFileSync(target, 'utf8')).toBe('edited by hand\n');
  });

  it('exits 2 when the README has no rule markers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-docs-'));
    writeFileSync(join(dir, README_PATH), '# no markers\n');
    const run = await runCli(['docs', '--root', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(README_START);
  });
});

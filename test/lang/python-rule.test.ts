import { describe, expect, it } from 'vitest';
import { Cwe } from '../../src/core/cwe.js';
import { buildFileFacts } from '../../src/lang/python/facts.js';
import { createPythonParser } from '../../src/lang/python/parser.js';
import { createPythonAnalyzer } from '../../src/lang/python/analyze.js';
import { definePythonRule } from '../../src/lang/python/rule.js';
import type { PythonRule, PythonRuleSpec, RuleEnvironment } from '../../src/lang/python/rule.js';

const parser = await createPythonParser();

function factsOf(text: string): ReturnType<typeof buildFileFacts> {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  return buildFileFacts({ path: 'app/m.py', text, context: 'production' }, tree);
}

/** The environment the analyzer gives rules for `facts`' file. */
function envOf(facts: ReturnType<typeof buildFileFacts>): RuleEnvironment {
  return { contextAt: () => 'production', addNote: () => undefined, mentions: (text) => facts.file.text.includes(text) };
}

/** A rule that reports every call the walk hands it; `extra` names it and sets its filters. */
function reportingRule(extra: Pick<PythonRuleSpec<{ what: string }>, 'id' | 'name' | 'title' | 'fileMentions' | 'callees'>): PythonRule {
  return definePythonRule<{ what: string }>({
    cwe: Cwe.OsCommandInjection,
    severity: 'low',
    confidence: 'low',
    description: 'Reports every call the walk hands it.',
    explanation: 'For the test.',
    fix: 'None.',
    docs: { why: 'For the test.', bad: 'f()', good: '', references: [] },
    message: ({ what }) => what,
    visits: ['call'],
    check: (ctx, node) => [ctx.report(node, { what: node.text })],
    ...extra,
  });
}

const rule = reportingRule({ id: 'PY-TEST-001', name: 'test-rule', title: 'Every call', fileMentions: ['tarfile', 'COOKIE'] });

describe('fileMentions', () => {
  it('skips a file that spells none of the strings, and runs on one that spells any of them', () => {
    const zip = factsOf('import zipfile\nzipfile.ZipFile("a.zip")\n');
    expect(rule.bind(zip, envOf(zip))).toBeUndefined();
    const facts = factsOf('import tarfile\ntarfile.open("a.tar")\n');
    const check = rule.bind(facts, envOf(facts));
    const call = facts.root.descendantsOfType('call')[0];
    expect(check && call ? check(call).map((f) => f.message) : []).toEqual(['tarfile.open("a.tar")']);
    // Anywhere in the text, comments included: a prefilter may let a file through, never hold one back.
    const comment = factsOf('# SESSION_COOKIE_SECURE\nf()\n');
    expect(rule.bind(comment, envOf(comment))).toBeDefined();
  });
});

describe('callees', () => {
  const loads = reportingRule({ id: 'PY-TEST-002', name: 'test-callees', title: 'Calls named load', callees: ['load'] });

  it('hands the rule only calls named load, as written or as the import resolves', async () => {
    const analyzer = await createPythonAnalyzer([loads]);
    const text = 'import yaml\nfrom pickle import load as unpickle\nyaml.load(a)\nunpickle(b)\nyaml.dump(c)\nload(d)\nobj.loader(e)\n';
    const found = analyzer.analyze({ path: 'app/m.py', text, context: 'production' }).findings.map((f) => f.line);
    expect(found).toEqual([3, 4, 6]);
    const all = await createPythonAnalyzer([loads], { filterCalls: false });
    expect(all.analyze({ path: 'app/m.py', text, context: 'production' }).findings.map((f) => f.line)).toEqual([3, 4, 5, 6, 7]);
  });
});

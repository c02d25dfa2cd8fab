import { describe, expect, it } from 'vitest';
import { Cwe } from '../../src/core/cwe.js';
import type { RuleMeta } from '../../src/core/rule.js';
import {
  RULE_DOC_HEADINGS,
  codeBlock,
  escapeMarkdown,
  renderRuleIndex,
  renderRuleMarkdown,
  renderRuleTable,
  renderRuleText,
  wrap,
} from '../../src/report/rule-doc.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** A made-up rule whose prose holds every character that Markdown would misread. */
const rule: RuleMeta = {
  id: 'PY-TEST-001',
  name: 'test-rule',
  title: 'Pickle loads <untrusted> data',
  language: 'python',
  cwe: Cwe.Deserialization,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'medium',
  description: 'pickle.loads() on bytes from a request; see `__reduce__`.',
  explanation: 'Unpickling calls __reduce__, so a | b and *stars* and a lone ` backtick stay literal.',
  fix: 'Use json.loads(); for **kwargs pass allow_pickle=False.',
  bandit: ['B301'],
  docs: {
    why: 'Whoever controls the bytes controls the process.',
    bad: 'import pickle\nobj = pickle.loads(body)\n',
    good: 'import json\nobj = json.loads(body)',
    notDetected: 'Custom Unpickler subclasses [with find_class] are reported too.',
    references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://docs.python.org/3/library/pickle.html'],
  },
};

describe('rule Markdown page', () => {
  const page = renderRuleMarkdown(rule);

  it('has the title with the id, the summary, then the fixed sections in order', () => {
    const lines = page.split('\n');
    expect(lines[0]).toBe('# PY-TEST-001: Pickle loads \\<untrusted\\> data');
    expect(lines[2]).toBe('pickle.loads() on bytes from a request; see `__reduce__`.');
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual(Object.values(RULE_DOC_HEADINGS).map((h) => `## ${h}`));
    expect(page.endsWith('\n')).toBe(true);
    expect(page.endsWith('\n\n')).toBe(false);
  });

  it('has a metadata table with linked, named CWEs and every property', () => {
    expect(page).toContain('| ID | `PY-TEST-001` |');
    expect(page).toContain('| Name | `test-rule` |');
    expect(page).toContain('| CWE | [CWE-502](https://cwe.mitre.org/data/definitions/502.html): Deserialization of Untrusted Data |');
    expect(page).toContain("| Related CWEs | [CWE-94](https://cwe.mitre.org/data/definitions/94.html): Improper Control of Generation of Code ('Code Injection') |");
    expect(page).toContain('| Severity | high |');
    expect(page).toContain('| Confidence | medium |');
    expect(page).toContain('| Bandit | B301 |');
    expect(page).toContain('| Language | Python |');
  });

  it('shows a dash for missing related CWEs and Bandit ids, and leaves out an empty blind-spot section', () => {
    const { why, bad, good, references } = rule.docs;
    const minimal = renderRuleMarkdown({
      id: rule.id, name: rule.name, title: rule.title, language: rule.language, cwe: rule.cwe,
      severity: rule.severity, confidence: rule.confidence, description: rule.description,
      explanation: rule.explanation, fix: rule.fix, docs: { why, bad, good, references },
    });
    expect(minimal).toContain('| Related CWEs | — |');
    expect(minimal).toContain('| Bandit | — |');
    expect(minimal).not.toContain(RULE_DOC_HEADINGS.notDetected);
  });

  it('puts the examples in fenced Python blocks without trailing blank lines', () => {
    expect(page).toContain('## Example\n\n```python\nimport pickle\nobj = pickle.loads(body)\n```\n');
    expect(page).toContain('## Use instead\n\n```python\nimport json\nobj = json.loads(body)\n```\n');
  });

  it('escapes prose but keeps the code spans the author wrote', () => {
    expect(page).toContain('Unpickling calls \\_\\_reduce\\_\\_, so a \\| b and \\*stars\\* and a lone \\` backtick stay literal.');
    expect(page).toContain('Use json.loads(); for \\*\\*kwargs pass allow_pickle=False.');
    expect(page).toContain('Custom Unpickler subclasses \\[with find_class\\] are reported too.');
  });

  it('labels the CWE reference and autolinks the others', () => {
    expect(page).toContain(
      '## References\n\n- [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)\n- <https://docs.python.org/3/library/pickle.html>\n',
    );
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['yaml.safe_load(text)', 'yaml.safe_load(text)'],
    ['test_* functions', 'test\\_\\* functions'],
    ['<script>', '\\<script\\>'],
    ['`pass` or `...`', '`pass` or `...`'],
    ['``a ` b``', '``a ` b``'],
    ['x &amp; y &= z', 'x &amp;amp; y &= z'],
    ['~ssl.OP_NO_TLSv1', '\\~ssl.OP_NO_TLSv1'],
    ['C:\\temp', 'C:\\\\temp'],
  ])('%s', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('codeBlock', () => {
  it('uses a fence longer than any backtick run in the code', () => {
    expect(codeBlock('x = "```"', 'python')).toBe('````python\nx = "```"\n````');
    expect(codeBlock('x = 1', 'python')).toBe('```python\nx = 1\n```');
  });
});

describe('rule text page', () => {
  it('has the same sections, the metadata, the docs link and indented code', () => {
    const text = renderRuleText(rule, { width: 60 });
    expect(text.split('\n')[0]).toBe('PY-TEST-001: Pickle loads <untrusted> data');
    for (const heading of Object.values(RULE_DOC_HEADINGS)) expect(text).toContain(`\n${heading}\n`);
    expect(text).toContain('  CWE           CWE-502 Deserialization of Untrusted Data\n');
    expect(text).toContain('  Docs          https://github.com/secreview/secreview/blob/main/docs/rules/PY-TEST-001.md\n');
    expect(text).toContain('Example\n    import pickle\n    obj = pickle.loads(body)\n\n');
    expect(text).toContain('  - https://docs.python.org/3/library/pickle.html\n');
    expect(text).not.toMatch(ANSI);
    expect(Math.max(...text.split('\n').filter((l) => !l.includes('https://')).map((l) => l.length))).toBeLessThanOrEqual(60);
  });

  it('keeps paragraphs on one line without a width, and bolds headings only with colour', () => {
    const text = renderRuleText(rule);
    expect(text).toContain(`\n  ${rule.explanation}\n`);
    const coloured = renderRuleText(rule, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(text);
  });
});

describe('wrap', () => {
  it('breaks between words, indents every line and keeps a long word whole', () => {
    expect(wrap('aa bb cc dd', 7, '  ')).toBe('  aa bb\n  cc dd');
    expect(wrap('see https://example.com/a/very/long/path now', 12, '')).toBe('see\nhttps://example.com/a/very/long/path\nnow');
    expect(wrap('  a\n b ', undefined, '> ')).toBe('> a b');
  });
});

describe('rule tables', () => {
  it('lists id, name, CWE, severity, confidence and title, linking each page', () => {
    const table = renderRuleTable([rule], (r) => `pages/${r.id}.md`);
    expect(table.split('\n')).toEqual([
      '| ID | Name | CWE | Severity | Confidence | Title |',
      '| --- | --- | --- | --- | --- | --- |',
      '| [PY-TEST-001](pages/PY-TEST-001.md) | `test-rule` | [CWE-502](https://cwe.mitre.org/data/definitions/502.html) | high | medium | Pickle loads \\<untrusted\\> data |',
    ]);
  });

  it('links the index entries to pages in the same folder and counts the rules', () => {
    const index = renderRuleIndex([rule]);
    expect(index.startsWith('# Rules\n')).toBe(true);
    expect(index).toContain('secreview has 1 rule.');
    expect(index).toContain('| [PY-TEST-001](PY-TEST-001.md) |');
  });
});

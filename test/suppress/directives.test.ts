import { describe, expect, it } from 'vitest';
import { parseDirectives } from '../../src/review/suppressions/directives.js';
import { lexSource } from '../../src/review/suppressions/lexer.js';
import { LEXICONS } from '../../src/review/suppressions/lexicon.js';
import { findScopes } from '../../src/review/suppressions/scopes.js';

describe('parseDirectives', () => {
  it('reads our own syntax: ids, and the reason after them', () => {
    expect(parseDirectives(' secreview: ignore[PY-SQLI-001, CWE-89] -- constant table name')).toEqual([
      { kind: 'secreview', text: 'secreview: ignore[PY-SQLI-001, CWE-89] -- constant table name', offset: 1, codes: ['PY-SQLI-001', 'CWE-89'], reason: 'constant table name' },
    ]);
  });

  it('marks a secreview directive without ids, without a reason, or with an unknown verb', () => {
    expect(parseDirectives(' secreview: ignore[PY-SQLI-001]')[0]?.problem).toMatch(/^has no reason, so it is not applied/);
    expect(parseDirectives(' secreview: ignore[PY-SQLI-001] :: ')[0]?.problem).toMatch(/^has no reason/);
    expect(parseDirectives(' secreview: ignore fixture data')[0]?.problem).toMatch(/^names no rule/);
    expect(parseDirectives(' secreview: disable[PY-SQLI-001] x')[0]?.problem).toBe('unknown directive "disable[PY-SQLI-001]"; write # secreview: ignore[RULE-ID] <why this is safe>');
  });

  it('reads Bandit nosec in its forms: bare, with ids, with a colon, with a reason', () => {
    const codes = (comment: string): [readonly string[], string] => {
      const d = parseDirectives(comment)[0];
      return [d?.codes ?? ['?'], d?.reason ?? '?'];
    };
    expect(codes(' nosec')).toEqual([[], '']);
    expect(codes(' nosec B608')).toEqual([['B608'], '']);
    expect(codes(' nosec: B608,b105 fixture only')).toEqual([['B608', 'B105'], 'fixture only']);
    expect(codes(' nosec - reviewed by security team')).toEqual([[], 'reviewed by security team']);
  });

  it("reads Ruff noqa codes, and finds several directives in one comment", () => {
    expect(parseDirectives(' noqa: S608,E501  # nosec B608').map((d) => [d.kind, d.codes])).toEqual([
      ['noqa', ['S608', 'E501']],
      ['nosec', ['B608']],
    ]);
    expect(parseDirectives(' noqa')).toMatchObject([{ kind: 'noqa', codes: [] }]);
  });

  it('ignores words that only contain a keyword, and keeps a # inside a reason', () => {
    expect(parseDirectives(' the nosecurity flag')).toEqual([]);
    expect(parseDirectives(' this is not nosec')).toEqual([]);
    expect(parseDirectives(' secreview: ignore[PY-EXEC-001] see issue #42')[0]?.reason).toBe('see issue #42');
  });
});

describe('lexSource (Python)', () => {
  const python = LEXICONS.python.syntax;

  it('finds comments but not # inside strings, and tells standalone comments from trailing ones', () => {
    const text = 'x = "# not a comment"  # real\n# own line\ns = """\n# inside a docstring\n"""\n';
    expect(lexSource(text, python).comments.map((c) => [c.line, c.text, c.standalone])).toEqual([
      [1, ' real', false],
      [2, ' own line', true],
    ]);
  });

  it('groups the physical lines of a statement: brackets, backslashes and multi-line strings', () => {
    const text = 'call(\n    a,  # inside\n    b)\ny = 1 + \\\n    2\nz = """a\nb"""\nw = 0\n';
    const { logicalLines, comments } = lexSource(text, python);
    expect(logicalLines.map((l) => [l.first, l.last])).toEqual([[1, 3], [4, 5], [6, 7], [8, 8]]);
    expect(comments[0]?.standalone).toBe(false);
  });

  it('finds qualified function and class scopes by indentation', () => {
    const text = 'import os\n\nclass Repo:\n    def find(self):\n        def inner():\n            return 1\n        return inner\n\n    async def save(self):\n        pass\n\ndef top():\n    pass\nx = 1\n';
    const spans = findScopes(lexSource(text, python).logicalLines, LEXICONS.python);
    expect(spans).toEqual([
      { name: 'Repo', line: 3, endLine: 10 },
      { name: 'Repo.find', line: 4, endLine: 7 },
      { name: 'Repo.find.inner', line: 5, endLine: 6 },
      { name: 'Repo.save', line: 9, endLine: 10 },
      { name: 'top', line: 12, endLine: 13 },
    ]);
  });
});

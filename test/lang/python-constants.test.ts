import { describe, expect, it } from 'vitest';
import { stringLiteralValue } from '../../src/lang/python/constants.js';
import { createPythonParser } from '../../src/lang/python/parser.js';
import { DerivedKind } from '../../src/lang/syntax-tree.js';

/** The value of the first expression of `source` (a one-line module). */
async function valueOf(source: string): Promise<string | undefined> {
  const tree = (await createPythonParser()).parse(source);
  const expr = tree?.rootNode.namedChild(0)?.namedChild(0);
  if (!expr) throw new Error(`no expression in ${source}`);
  return stringLiteralValue(expr);
}

describe('stringLiteralValue', () => {
  const cases: [string, string | undefined][] = [
    ["'plain'", 'plain'],
    ['"a\\tb\\n"', 'a\tb\n'],
    ["'\\x41\\u00e9\\U0001F600\\q'", 'Aé😀\\q'],
    // Past U+10FFFF Python refuses the literal; the escape stays as written.
    ["'a\\U05000000b'", 'a\\U05000000b'],
    ["r'\\n\\d+'", '\\n\\d+'],
    ["Rb'\\x41'", '\\x41'],
    ["b'\\x41'", 'A'],
    ["'line \\\ncontinued'", 'line continued'],
    ['"""doc\nstring"""', 'doc\nstring'],
    ["f'no fields'", 'no fields'],
    ["f'{name}!'", undefined],
    ["''", ''],
    ["'a' 'b'", undefined], // concatenated_string, not a string
    ['42', undefined],
  ];
  for (const [source, expected] of cases) {
    it(`decodes ${JSON.stringify(source)}`, async () => {
      expect(await valueOf(`${source}\n`)).toBe(expected);
    });
  }

  it('is computed once per node and tree', async () => {
    const tree = (await createPythonParser()).parse("x = 'secret'\n");
    const literal = tree?.rootNode.descendantsOfType('string')[0];
    if (!tree || !literal) throw new Error('parse failed');
    expect(stringLiteralValue(literal)).toBe('secret');
    // The table is the tree's: a second ask finds the stored value without computing.
    let computed = 0;
    const kind = new DerivedKind<number>('test');
    expect(tree.derived(kind, literal.id, () => ++computed)).toBe(1);
    expect(tree.derived(kind, literal.id, () => ++computed)).toBe(1);
    expect(tree.derived(new DerivedKind<number>('test'), literal.id, () => ++computed)).toBe(2);
    expect(computed).toBe(2);
  });
});

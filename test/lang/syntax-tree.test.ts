import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { createWasmPythonParser } from '../../src/lang/python/parser.js';
import { SyntaxTree, forEachNode, forEachNodeOfType, tablesFor } from '../../src/lang/syntax-tree.js';
import type { NodeColumns, SyntaxNode } from '../../src/lang/syntax-tree.js';
import { copyFromMemory, copyWithCursorCalls, copyWithPublicCursor, parseToSyntaxTree } from '../../src/lang/tree-copy.js';
import { initTreeSitter, rawCursor, wasmMemory } from '../../src/lang/tree-sitter-init.js';
import { copySubtrees, readGrammarLayout } from '../../src/lang/wasm-subtrees.js';

const require = createRequire(import.meta.url);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every difference between a web-tree-sitter node and its copy, recursively. */
function differences(wasm: Node, copy: SyntaxNode, out: string[] = []): string[] {
  const where = `${wasm.type}@${wasm.startPosition.row}:${wasm.startPosition.column}`;
  const pairs: [string, unknown, unknown][] = [
    ['type', wasm.type, copy.type],
    ['isNamed', wasm.isNamed, copy.isNamed],
    ['isMissing', wasm.isMissing, copy.isMissing],
    ['isError', wasm.isError, copy.isError],
    ['startIndex', wasm.startIndex, copy.startIndex],
    ['endIndex', wasm.endIndex, copy.endIndex],
    ['startPosition', wasm.startPosition, copy.startPosition],
    ['endPosition', wasm.endPosition, copy.endPosition],
    ['text', wasm.text, copy.text],
    ['childCount', wasm.childCount, copy.childCount],
    ['namedChildCount', wasm.namedChildCount, copy.namedChildCount],
    ['namedChildren', wasm.namedChildren.map((c) => c?.startIndex), copy.namedChildren.map((c) => c.startIndex)],
    ['namedChild', [-1, 0, 1, wasm.namedChildCount].map((i) => wasm.namedChild(i)?.startIndex ?? null), [-1, 0, 1, copy.namedChildCount].map((i) => copy.namedChild(i)?.startIndex ?? null)],
    ['firstNamedChild', wasm.firstNamedChild?.startIndex ?? null, copy.firstNamedChild?.startIndex ?? null],
    ['lastNamedChild', wasm.lastNamedChild?.startIndex ?? null, copy.lastNamedChild?.startIndex ?? null],
    ['hasError', wasm.hasError, copy.hasError],
  ];
  for (const [what, expected, actual] of pairs) {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push(`${where} ${what}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
  }
  if (out.length > 20) return out;
  for (let i = 0; i < wasm.childCount; i++) {
    const child = wasm.child(i);
    const copied = copy.child(i);
    if (!child || !copied) continue;
    if ((wasm.fieldNameForChild(i) ?? null) !== copied.fieldName) out.push(`${where} field of child ${i}: ${wasm.fieldNameForChild(i)} ≠ ${copied.fieldName}`);
    // Links between the copied nodes: the same node (by id), whichever way it is reached.
    const same = (a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean => (a && b ? a.equals(b) : a === b);
    if (!same(copied.parent, copy) || copied.indexInParent !== i || !same(copy.children[i], copied)) out.push(`${where} child ${i} is not linked to its parent`);
    if (!same(copied.previousSibling, copy.child(i - 1)) || !same(copied.nextSibling, copy.child(i + 1))) out.push(`${where} siblings of child ${i}`);
    const named = [copied.previousNamedSibling, copied.nextNamedSibling].map((n) => n?.startIndex ?? null);
    const wasmNamed = [child.previousNamedSibling, child.nextNamedSibling].map((n) => n?.startIndex ?? null);
    if (JSON.stringify(named) !== JSON.stringify(wasmNamed)) out.push(`${where} named siblings of child ${i}: ${JSON.stringify(wasmNamed)} ≠ ${JSON.stringify(named)}`);
    differences(child, copied, out);
  }
  return out;
}

async function parserFor(wasmFile: string): Promise<Parser> {
  await initTreeSitter();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve(wasmFile)));
  return parser;
}

/** Every column of two copies, as plain arrays, to compare them whole. */
function columnsOf(columns: NodeColumns): Record<string, number[]> {
  return Object.fromEntries(Object.entries(columns).map(([name, column]: [string, ArrayLike<number>]) => [name, Array.from(column)]));
}

/**
 * All three ways of reading the tree (WASM memory, direct cursor calls, the public cursor) give
 * the same copy, column for column, and it answers like web-tree-sitter's own nodes.
 */
function expectSameTree(parser: Parser, source: string): void {
  const wasm = parser.parse(source);
  if (!wasm) throw new Error('parse failed');
  try {
    const copy = copyFromMemory(wasm, source);
    if (!copy) throw new Error('reading the tree from WASM memory failed');
    expect(differences(wasm.rootNode, copy.rootNode)).toEqual([]);
    // The count every walk is checked against (else it falls back to the next method).
    let count = 0;
    forEachNode(copy.rootNode, () => {
      count += 1;
    });
    expect(count).toBe(wasm.rootNode.descendantCount);
    const expected = columnsOf(copyWithPublicCursor(wasm, source)?.columns ?? ({} as NodeColumns));
    expect(columnsOf(copy.columns)).toEqual(expected);
    expect(columnsOf(copyWithCursorCalls(wasm, source)?.columns ?? ({} as NodeColumns))).toEqual(expected);
    // The cursor walk handed the cursor back intact: the tree is still usable afterwards.
    expect(wasm.rootNode.walk().gotoFirstChild()).toBe(wasm.rootNode.childCount > 0);
  } finally {
    wasm.delete();
  }
}

describe('SyntaxTree (the JS copy of a tree-sitter tree)', () => {
  it('reaches the binding\'s cursor calls and memory directly with this web-tree-sitter', async () => {
    await initTreeSitter();
    expect(rawCursor()).toBeDefined();
    expect(wasmMemory()).toBeDefined();
  });

  const snippets = {
    'non-ASCII identifiers and strings': "é = '日本😀' ; y = 2\nprint(f\"{é!r:>{y}} ✓\")\n",
    'CRLF and lone CR': 'x = 1\r\ny = 2\rz = 3\r\n',
    'syntax errors and missing tokens': 'if x:\n  pass\nfoo(\ndef f(:\n  return [1, 2\n',
    'empty file': '',
    'decorators, match, type params': '@dec\ndef f[T](x: T) -> T:\n    match x:\n        case [a, *b] if a: return b\n    return x\n',
    'comments (extras) between fields': 'def f(a, # one\n      b):  # two\n    return (a # three\n      + b)\n',
  };
  for (const [name, source] of Object.entries(snippets)) {
    it(`matches web-tree-sitter node for node: ${name}`, async () => {
      expectSameTree(await createWasmPythonParser(), source);
    });
  }

  it('copies nesting deeper than JS recursion allows (the memory walk keeps its own stack)', async () => {
    const parser = await createWasmPythonParser();
    const source = `x = ${'-'.repeat(20000)}1\n`;
    const wasm = parser.parse(source);
    if (!wasm) throw new Error('parse failed');
    try {
      const copy = copyFromMemory(wasm, source);
      expect(copy?.columns.typeOf.length).toBe(wasm.rootNode.descendantCount);
      expect(columnsOf(copy?.columns ?? ({} as NodeColumns))).toEqual(columnsOf(copyWithPublicCursor(wasm, source)?.columns ?? ({} as NodeColumns)));
    } finally {
      wasm.delete();
    }
  });

  it('refuses grammar tables that disagree with web-tree-sitter\'s names, and counts every walk', async () => {
    const parser = await createWasmPythonParser();
    const language = parser.language;
    const memory = wasmMemory();
    if (!language || !memory) throw new Error('no language or memory');
    const address = (language as unknown as Record<0, number>)[0];
    expect(readGrammarLayout(memory, address, language)).toBeDefined();
    // A struct read four bytes off, as another ABI's layout would be.
    expect(readGrammarLayout(memory, address + 4, language)).toBeUndefined();
    expect(readGrammarLayout(memory, address, { ...language, types: [...language.types].reverse(), abiVersion: language.abiVersion, fields: language.fields })).toBeUndefined();
    expect(readGrammarLayout(memory, address, { types: language.types, abiVersion: language.abiVersion, fields: [null, ...language.fields] })).toBeUndefined();
    // A writer told to expect another node count yields no tree, so the copy falls back.
    const wasm = parser.parse('x = 1\n');
    if (!wasm) throw new Error('parse failed');
    try {
      const layout = readGrammarLayout(memory, address, language);
      if (!layout) throw new Error('no layout');
      const tables = tablesFor(language);
      const treeAddress = (wasm as unknown as Record<0, number>)[0];
      expect(copySubtrees(memory, layout, tables, treeAddress, wasm.rootNode.descendantCount - 1)).toBeUndefined();
      expect(copySubtrees(memory, layout, tables, treeAddress, wasm.rootNode.descendantCount + 1)).toBeUndefined();
      const columns = copySubtrees(memory, layout, tables, treeAddress, wasm.rootNode.descendantCount);
      const tree = columns && new SyntaxTree('x = 1\n', columns, tables);
      expect(tree?.columns.typeOf.length).toBe(wasm.rootNode.descendantCount);
      expect(tree?.rootNode.toString()).toBe('(module (expression_statement (assignment left: (identifier) right: (integer))))');
    } finally {
      wasm.delete();
    }
  });

  it('matches web-tree-sitter on every Python fixture', async () => {
    const parser = await createWasmPythonParser();
    const files = listFiles(join(FIXTURES, 'python')).filter((f) => f.endsWith('.py'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expectSameTree(parser, readFileSync(file, 'utf8'));
  });

  it('matches web-tree-sitter on every C and C++ fixture', async () => {
    const c = await parserFor('tree-sitter-c/tree-sitter-c.wasm');
    const cpp = await parserFor('tree-sitter-cpp/tree-sitter-cpp.wasm');
    const files = [...listFiles(join(FIXTURES, 'c')), ...listFiles(join(FIXTURES, 'cpp'))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expectSameTree(file.endsWith('.c') ? c : cpp, readFileSync(file, 'utf8'));
  });

  it('marks tokens the parser invented (MISSING) as web-tree-sitter does', async () => {
    // The Python grammar recovers with ERROR nodes; C inserts a missing `;`.
    const c = await parserFor('tree-sitter-c/tree-sitter-c.wasm');
    const source = 'int x = 1\nint main() { return 0 }\n';
    const copy = parseToSyntaxTree(c, source);
    if (!copy) throw new Error('parse failed');
    let missing = 0;
    forEachNode(copy.rootNode, (node) => {
      if (node.isMissing) missing += 1;
    });
    expect(missing).toBe(2);
    expectSameTree(c, source);
  });

  it('makes node objects afresh; equals compares the node they stand for', async () => {
    const tree = parseToSyntaxTree(await createWasmPythonParser(), 'x = f(1)\n');
    const other = parseToSyntaxTree(await createWasmPythonParser(), 'x = f(1)\n');
    if (!tree || !other) throw new Error('parse failed');
    const call = tree.rootNode.descendantsOfType('call')[0];
    if (!call) throw new Error('no call');
    const again = call.parent?.childForFieldName('right');
    expect(again).not.toBe(call);
    expect(again?.equals(call)).toBe(true);
    expect(call.equals(tree.rootNode)).toBe(false);
    // The same position in another tree is another node.
    expect(call.equals(other.nodeAt(call.id))).toBe(false);
  });

  it('marks the ancestors of an error and answers the Node API the rules use', async () => {
    const tree = parseToSyntaxTree(await createWasmPythonParser(), 'import os\ndef f(a):\n    return os.path.join(a, "x")\nfoo(\n');
    if (!tree) throw new Error('parse failed');
    const root = tree.rootNode;
    expect(root.hasError).toBe(true);
    const fn = root.namedChildren[1];
    expect(fn?.type).toBe('function_definition');
    expect(fn?.hasError).toBe(false);
    expect(fn?.childForFieldName('name')?.text).toBe('f');
    expect(fn?.childrenForFieldName('parameters').map((p) => p.text)).toEqual(['(a)']);
    expect(fn?.nextNamedSibling?.type).toBe('ERROR');
    expect(fn?.previousNamedSibling?.type).toBe('import_statement');
    const calls = root.descendantsOfType('call');
    expect(calls.map((c) => c.childForFieldName('function')?.text)).toEqual(['os.path.join']);
    expect(calls[0]?.startPosition).toEqual({ row: 2, column: 11 });
    expect(root.descendantsOfType('module')).toEqual([root]);
    const visited: string[] = [];
    forEachNode(root, (node) => {
      visited.push(node.type);
      return node.type !== 'function_definition';
    });
    expect(visited).toContain('function_definition');
    expect(visited).not.toContain('return_statement');
  });

  it('finds descendants by type from any node as a walk of its subtree would', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'python', 'PY-CMD-001.py'), 'utf8');
    const tree = parseToSyntaxTree(await createWasmPythonParser(), text);
    if (!tree) throw new Error('parse failed');
    const walked = (node: SyntaxNode, types: readonly string[]): SyntaxNode[] => {
      const found: SyntaxNode[] = [];
      forEachNode(node, (n) => {
        if (types.includes(n.type)) found.push(n);
      });
      return found;
    };
    let compared = 0;
    forEachNode(tree.rootNode, (node) => {
      for (const types of [['call'], ['identifier', 'string'], ['string', 'call', 'string'], ['no_such_type']]) {
        expect(node.descendantsOfType(types)).toEqual(walked(node, types));
        compared += 1;
      }
      expect(node.descendantsOfType('identifier')).toEqual(walked(node, ['identifier']));
    });
    expect(compared).toBeGreaterThan(400);
  });

  it('walks only the nodes of the asked types, skipping the subtrees a visit declines', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'python', 'PY-CMD-001.py'), 'utf8');
    const tree = parseToSyntaxTree(await createWasmPythonParser(), text);
    if (!tree) throw new Error('parse failed');
    const types = ['function_definition', 'call', 'identifier', 'module'];
    // A visit that declines every function's subtree, by both walks.
    const decline = (seen: string[]) => (node: SyntaxNode): boolean => {
      seen.push(`${node.type}@${node.startIndex}`);
      return node.type !== 'function_definition';
    };
    const expected: string[] = [];
    forEachNode(tree.rootNode, (node) => (types.includes(node.type) ? decline(expected)(node) : true));
    const actual: string[] = [];
    forEachNodeOfType(tree.rootNode, types, decline(actual));
    expect(actual).toEqual(expected);
    expect(expected.filter((e) => e.startsWith('function_definition')).length).toBeGreaterThan(3);
    // The declined subtrees were skipped: fewer identifiers than the file has.
    const identifiers = expected.filter((e) => e.startsWith('identifier')).length;
    expect(identifiers).toBeGreaterThan(0);
    expect(identifiers).toBeLessThan(tree.rootNode.descendantsOfType('identifier').length);
    // Without the root: the same walk minus the module itself.
    const below: string[] = [];
    forEachNodeOfType(tree.rootNode, types, decline(below), false);
    expect(below).toEqual(expected.slice(1));
  });
});

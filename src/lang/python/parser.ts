import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { initTreeSitter } from '../tree-sitter-init.js';
import { parseToSyntaxTree } from '../tree-copy.js';
import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax-tree.js';

export type { Node, Tree };
export { firstSyntaxError, spanOf } from '../syntax.js';
export type { Span } from '../syntax.js';

const require = createRequire(import.meta.url);

// The grammar is loaded once per thread and never changes afterwards, so sharing it is safe.
let grammar: Promise<Language> | undefined;

function loadGrammar(): Promise<Language> {
  grammar ??= initTreeSitter().then(() =>
    Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
  );
  return grammar;
}

/** The web-tree-sitter parser for Python (the benchmark's parse floor uses it directly). */
export async function createWasmPythonParser(): Promise<Parser> {
  const language = await loadGrammar();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export interface PythonParser {
  /** The file's syntax tree copied out of WebAssembly, or null when the parser gave up. */
  parse(text: string): Tree | null;
}

/** A parser bound to the Python grammar. Parsers are cheap; one per analyzer. */
export async function createPythonParser(): Promise<PythonParser> {
  const parser = await createWasmPythonParser();
  return { parse: (text) => parseToSyntaxTree(parser, text) };
}

import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { initTreeSitter } from '../tree-sitter-init.js';
import type { Node, Tree } from 'web-tree-sitter';

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

/** A parser bound to the Python grammar. Parsers are cheap; one per analyzer. */
export async function createPythonParser(): Promise<Parser> {
  const language = await loadGrammar();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { initTreeSitter } from '../tree-sitter-init.js';
import { parseToSyntaxTree } from '../tree-copy.js';
import type { SyntaxNode as Node, SyntaxTree as Tree } from '../syntax-tree.js';

export type { Node, Tree };
export { firstSyntaxError, spanOf } from '../syntax.js';
export type { Span } from '../syntax.js';

/** Which grammar a file is parsed with. */
export type Dialect = 'c' | 'cpp';

const require = createRequire(import.meta.url);

// Grammars are loaded once per thread and never change afterwards, so sharing them is safe.
const grammars = new Map<Dialect, Promise<Language>>();

function loadGrammar(dialect: Dialect): Promise<Language> {
  let grammar = grammars.get(dialect);
  if (!grammar) {
    const file = dialect === 'c' ? 'tree-sitter-c/tree-sitter-c.wasm' : 'tree-sitter-cpp/tree-sitter-cpp.wasm';
    const previous = [...grammars.values()].at(-1) ?? Promise.resolve(undefined);
    grammar = previous.then(() => initTreeSitter()).then(() => Language.load(require.resolve(file)));
    grammars.set(dialect, grammar);
  }
  return grammar;
}

/** One parser per grammar; parsers are cheap, one pair per analyzer. */
export interface CppParsers {
  parse(text: string, dialect: Dialect): Tree | null;
}

/** The web-tree-sitter parsers for C and C++ (the benchmark's parse floor uses them directly). */
export async function createWasmCppParsers(): Promise<Record<Dialect, Parser>> {
  // One after the other: web-tree-sitter cannot load two grammars at the same time.
  const c = await loadGrammar('c');
  const cpp = await loadGrammar('cpp');
  const cParser = new Parser();
  cParser.setLanguage(c);
  const cppParser = new Parser();
  cppParser.setLanguage(cpp);
  return { c: cParser, cpp: cppParser };
}

/** Parsers bound to the C and the C++ grammar. */
export async function createCppParsers(): Promise<CppParsers> {
  const parsers = await createWasmCppParsers();
  return { parse: (text, dialect) => parseToSyntaxTree(parsers[dialect], text) };
}

const C_EXTENSIONS = new Set(['.c']);
const HEADER_EXTENSIONS = new Set(['.h']);
// Syntax that only C++ has. Comments and strings are removed before these are tried.
const CPP_MARKERS = [
  /\bclass\s+[A-Za-z_]\w*\s*(?:final\s*)?[:{]/,
  /\bnamespace\s+[A-Za-z_]\w*\s*\{/,
  /\btemplate\s*</,
  /^\s*(?:public|private|protected)\s*:/m,
  /[A-Za-z_]\w*::[A-Za-z_~]/,
  /\bQ_OBJECT\b/,
  /#\s*include\s*<(?:iostream|string|vector|map|memory|Q[A-Z]\w*)>/,
];

/**
 * The grammar for a file: `.c` is C, `.h` is C unless its content is C++ (a class, a namespace,
 * a template, an access specifier, a `::` name), other extensions are C++. Files without a
 * known extension (a stdin snippet) use `fallback`, the front-end's own dialect.
 */
export function dialectOf(path: string, text: string, fallback: Dialect): Dialect {
  const ext = /\.[^./\\]+$/.exec(path)?.[0]?.toLowerCase() ?? '';
  if (C_EXTENSIONS.has(ext)) return 'c';
  if (HEADER_EXTENSIONS.has(ext)) return looksLikeCpp(text) ? 'cpp' : 'c';
  if (ext === '' || ext === '>' || path.startsWith('<')) return fallback === 'c' && looksLikeCpp(text) ? 'cpp' : fallback;
  return 'cpp';
}

/** True when a header's code (comments and strings removed) uses C++-only syntax. */
export function looksLikeCpp(text: string): boolean {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""')
    // `extern "C"` guards are how C headers welcome C++ callers; they do not make a header C++.
    .replace(/#\s*ifdef\s+__cplusplus[\s\S]*?#\s*endif/g, ' ');
  return CPP_MARKERS.some((re) => re.test(code));
}

/** The 1-based line of a node. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

import { Parser } from 'web-tree-sitter';

// `Parser.init()` creates a fresh WebAssembly instance each time it runs, and grammars loaded
// into one instance are invalid in the next. Every front-end therefore shares this one
// initialisation; it is filled once per thread and never changes afterwards.
let initialized: Promise<void> | undefined;

/** Initialises web-tree-sitter once per thread, for every language front-end. */
export function initTreeSitter(): Promise<void> {
  initialized ??= Parser.init();
  return initialized;
}

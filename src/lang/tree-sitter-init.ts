import { Parser } from 'web-tree-sitter';
import { rawCursorCalls, type RawCursorCalls } from './raw-cursor.js';

// `Parser.init()` creates a fresh WebAssembly instance each time it runs, and grammars loaded
// into one instance are invalid in the next. Every front-end therefore shares this one
// initialisation; it is filled once per thread and never changes afterwards.
let initialized: Promise<void> | undefined;
let raw: RawCursorCalls | undefined;

/** Initialises web-tree-sitter once per thread, for every language front-end. */
export function initTreeSitter(): Promise<void> {
  initialized ??= (async () => {
    // Emscripten fills the options object it is given with the module's exports (it becomes the
    // module), which is how the tree copy reaches the cursor calls without per-call marshalling.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding);
    raw = rawCursorCalls(binding);
  })();
  return initialized;
}

/**
 * Direct cursor calls into the WASM binding, once {@link initTreeSitter} has finished and when
 * this web-tree-sitter build offers them; undefined otherwise.
 */
export function rawCursor(): RawCursorCalls | undefined {
  return raw;
}

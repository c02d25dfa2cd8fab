import { Parser } from 'web-tree-sitter';
import { rawCursorCalls, type RawCursorCalls } from './raw-cursor.js';

interface Initialised {
  /** Direct cursor calls into the WASM binding, when this web-tree-sitter build offers them. */
  readonly raw: RawCursorCalls | undefined;
}

// `Parser.init()` creates a fresh WebAssembly instance each time it runs, and grammars loaded
// into one instance are invalid in the next. Every front-end therefore shares this one
// initialisation; it is filled once per thread and never changes afterwards.
let initialized: Promise<Initialised> | undefined;
let ready: Initialised | undefined;

/** Initialises web-tree-sitter once per thread, for every language front-end. */
export function initTreeSitter(): Promise<void> {
  initialized ??= (async () => {
    // Emscripten fills the options object it is given with the module's exports (it becomes the
    // module), which is how the tree copy reaches the cursor calls without per-call marshalling.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding);
    ready = { raw: rawCursorCalls(binding) };
    return ready;
  })();
  return initialized.then(() => undefined);
}

/** The direct cursor calls, once {@link initTreeSitter} has finished; undefined otherwise. */
export function rawCursor(): RawCursorCalls | undefined {
  return ready?.raw;
}

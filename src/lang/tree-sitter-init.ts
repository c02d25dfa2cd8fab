import { Parser } from 'web-tree-sitter';
import { rawCursorCalls, type RawCursorCalls } from './raw-cursor.js';
import type { WasmMemory } from './wasm-subtrees.js';

// `Parser.init()` creates a fresh WebAssembly instance each time it runs, and grammars loaded
// into one instance are invalid in the next. Every front-end therefore shares this one
// initialisation; it is filled once per thread and never changes afterwards.
let initialized: Promise<void> | undefined;
let raw: RawCursorCalls | undefined;
let memory: WasmMemory | undefined;

/** Initialises web-tree-sitter once per thread, for every language front-end. */
export function initTreeSitter(): Promise<void> {
  initialized ??= (async () => {
    // Emscripten fills the options object it is given with the module's exports (it becomes the
    // module), which is how the tree copy reaches the cursor calls without per-call marshalling.
    const binding: Record<string, unknown> = {};
    await Parser.init(binding);
    raw = rawCursorCalls(binding);
    memory = memoryOf(binding);
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

/**
 * The binding's memory views, once {@link initTreeSitter} has finished and when this build exports
 * them; undefined otherwise. Used by the tree copy to read trees without a call per node.
 */
export function wasmMemory(): WasmMemory | undefined {
  return memory;
}

function memoryOf(binding: Record<string, unknown>): WasmMemory | undefined {
  // Growing the memory replaces the views on the binding, so each use looks them up again.
  const view = <T>(name: string, type: new (...args: never[]) => T) => (): T => {
    const current = binding[name];
    if (!(current instanceof type)) throw new Error(`web-tree-sitter no longer exports ${name}`);
    return current;
  };
  if (!(binding['HEAPU8'] instanceof Uint8Array) || !(binding['HEAPU16'] instanceof Uint16Array) || !(binding['HEAPU32'] instanceof Uint32Array)) {
    return undefined;
  }
  return { u8: view('HEAPU8', Uint8Array), u16: view('HEAPU16', Uint16Array), u32: view('HEAPU32', Uint32Array) };
}

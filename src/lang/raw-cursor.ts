/**
 * Direct calls into web-tree-sitter's WASM binding for walking a tree with a cursor.
 *
 * Why: web-tree-sitter's `TreeCursor` keeps the cursor in four JS numbers and, on every property
 * read or move, writes them into the binding's transfer buffer with four generic `setValue` calls
 * and reads them back after a move. Copying a tree reads five properties per node, so that
 * marshalling was about 40 % of the copy. The binding's cursor functions read the cursor from the
 * transfer buffer and moves write it back there, so while one copy runs (synchronously, nothing
 * else touching tree-sitter) the cursor can simply stay in the buffer.
 *
 * This relies on the binding's exported `_wasm` functions and the transfer-buffer layout of
 * web-tree-sitter 0.25 (`lib/tree-sitter.c`: `marshal_cursor`/`unmarshal_cursor`). When any
 * expected export is missing, {@link rawCursorCalls} returns undefined and the copy uses the public
 * `TreeCursor` API instead; the tree-copy tests compare both paths with web-tree-sitter's nodes.
 */
export interface RawCursorCalls {
  /** Each takes the tree's WASM address; moves return 1 when they moved. */
  readonly gotoFirstChild: (tree: number) => number;
  readonly gotoNextSibling: (tree: number) => number;
  readonly gotoParent: (tree: number) => number;
  readonly typeId: (tree: number) => number;
  readonly startIndex: (tree: number) => number;
  readonly endIndex: (tree: number) => number;
  readonly fieldId: (tree: number) => number;
  readonly isMissing: (tree: number) => number;
  /** Loads a cursor (its four words) into the transfer buffer. */
  load(words: readonly number[]): void;
  /** The cursor's four words as they are now in the transfer buffer (moves may reallocate it). */
  save(): [number, number, number, number];
}

type WasmCall = (tree: number) => number;

const CALLS = {
  gotoFirstChild: '_ts_tree_cursor_goto_first_child_wasm',
  gotoNextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  gotoParent: '_ts_tree_cursor_goto_parent_wasm',
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  startIndex: '_ts_tree_cursor_start_index_wasm',
  endIndex: '_ts_tree_cursor_end_index_wasm',
  fieldId: '_ts_tree_cursor_current_field_id_wasm',
  isMissing: '_ts_tree_cursor_current_node_is_missing_wasm',
} as const;

/** Builds the direct calls from an initialised emscripten module object, or undefined. */
export function rawCursorCalls(binding: Record<string, unknown>): RawCursorCalls | undefined {
  const calls: Partial<Record<keyof typeof CALLS, WasmCall>> = {};
  for (const [name, exported] of Object.entries(CALLS) as [keyof typeof CALLS, string][]) {
    const fn = binding[exported];
    if (typeof fn !== 'function') return undefined;
    calls[name] = fn as WasmCall;
  }
  const init = binding['_ts_init'];
  if (typeof init !== 'function' || !(binding['HEAP32'] instanceof Int32Array)) return undefined;
  // `ts_init` only (re)writes the two version words at the start of the buffer and returns its
  // address; web-tree-sitter read them during its own initialisation.
  const address = (init as () => number)();
  if (!Number.isInteger(address) || address <= 0 || address % 4 !== 0) return undefined;
  const base = address >> 2;
  // Memory growth replaces the heap views, so the current one is looked up on every use.
  const heap = (): Int32Array => binding['HEAP32'] as Int32Array;
  return {
    ...(calls as Record<keyof typeof CALLS, WasmCall>),
    load(words) {
      const view = heap();
      for (let i = 0; i < 4; i++) view[base + i] = words[i] ?? 0;
    },
    save() {
      const view = heap();
      return [view[base] ?? 0, view[base + 1] ?? 0, view[base + 2] ?? 0, view[base + 3] ?? 0];
    },
  };
}

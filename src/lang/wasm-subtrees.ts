/**
 * Reads a web-tree-sitter tree straight out of WebAssembly memory, without a call per node.
 *
 * Why: copying a tree through the cursor took five to six calls into WASM per node (moves, type,
 * start, end, field), about as much time as the JS side of the copy and a tenth of a file's whole
 * analysis. Every fact the cursor computes lies in tree-sitter's subtree structs and the grammar's
 * tables, so a JS walk over that memory yields the same nodes at a fraction of the cost.
 *
 * What it relies on (tree-sitter 0.25's `lib/subtree.h`, `lib/tree.h`, `lib/tree_cursor.c` and the
 * grammars' `TSLanguage`, compiled for wasm32, little-endian):
 * - A `Subtree` is 8 bytes: either a pointer to `SubtreeHeapData`, or, when bit 0 of its first byte
 *   is set, an inline leaf (flags byte, symbol byte, parse state, padding and size bytes).
 *   A heap subtree's children are stored right before its heap data.
 * - The cursor shows a node when its subtree is visible or the parent's production aliases it.
 *   Hidden nodes are walked through when they have visible children and skipped otherwise.
 * - A node's field comes from its parent's production's field map, at the node's index among the
 *   parent's non-extra children; a node reached through hidden parents inherits theirs.
 * - Positions are the parent's start plus the sizes and paddings of earlier siblings, in bytes of
 *   UTF-16 (web-tree-sitter halves them into code units).
 *
 * Misreading that layout would silently corrupt trees, so every grammar's table offsets are
 * checked against web-tree-sitter's public answers (symbol and field names, counts) before use,
 * every walk is checked against the tree's node count, and the tests compare the result with the
 * cursor's copy node for node on every fixture. When a check fails the caller copies through the
 * cursor instead.
 */

/** The WASM module's memory; views are looked up per use because memory growth replaces them. */
export interface WasmMemory {
  u8(): Uint8Array;
  u16(): Uint16Array;
  u32(): Uint32Array;
}

/** What the walk needs from a grammar's `TSLanguage`, checked by {@link readGrammarLayout}. */
export interface GrammarLayout {
  /** Internal symbol → the symbol web-tree-sitter reports as the node's type id. */
  readonly publicSymbols: Uint16Array;
  /** Byte address of `alias_sequences` (production id × `aliasStride` + child index). */
  readonly aliasAddress: number;
  readonly aliasStride: number;
  /** Non-inherited field id by production id × `fieldStride` + structural child index. */
  readonly fields: Uint16Array;
  readonly fieldStride: number;
}

/** Receives the visible nodes in preorder; `enter`/`leave` bracket a node's children. */
export interface TreeSink {
  /** Records a node as the next child of the entered node (the first call: the root); its id. */
  add(typeId: number, startIndex: number, endIndex: number, fieldId: number, missing: boolean): number;
  enter(id: number): void;
  leave(): void;
}

/** web-tree-sitter's public answers about a grammar, which the raw tables must agree with. */
export interface PublicGrammar {
  readonly abiVersion: number;
  /** Type names by symbol (undefined for symbols it does not name), aliases included. */
  readonly types: readonly (string | undefined)[];
  /** Field names by field id; index 0 is null. */
  readonly fields: readonly (string | null)[];
}

const ERROR_SYMBOL = 0xffff;
// Byte offsets in TSLanguage (ABI 14 and 15 agree on everything up to `alias_sequences`).
const LANGUAGE = {
  abiVersion: 0,
  symbolCount: 4,
  aliasCount: 8,
  productionIdCount: 28,
  fieldCount: 32,
  maxAliasSequenceLength: 36,
  symbolNames: 56,
  fieldNames: 60,
  fieldMapSlices: 64,
  fieldMapEntries: 68,
  publicSymbolMap: 76,
  aliasSequences: 84,
} as const;
// Byte offsets in SubtreeHeapData.
const HEAP = {
  paddingBytes: 4,
  sizeBytes: 16,
  childCount: 36,
  symbol: 40,
  flags: 44,
  visibleChildCount: 48,
  productionId: 66,
} as const;
// Bits of SubtreeHeapData's flag word and of an inline subtree's first byte.
const HEAP_VISIBLE = 1;
const HEAP_EXTRA = 1 << 2;
const HEAP_MISSING = 1 << 9;
const INLINE = 1;
const INLINE_VISIBLE = 1 << 1;
const INLINE_EXTRA = 1 << 3;
const INLINE_MISSING = 1 << 5;

/**
 * Reads and checks the tables of the grammar at `address`, or returns undefined when they do not
 * agree with web-tree-sitter's public view of the same grammar (another ABI or struct layout).
 */
export function readGrammarLayout(memory: WasmMemory, address: number, expected: PublicGrammar): GrammarLayout | undefined {
  if (address <= 0 || address % 4 !== 0) return undefined;
  const u8 = memory.u8();
  const u16 = memory.u16();
  const u32 = memory.u32();
  const word = (offset: number): number => u32[(address + offset) >> 2] ?? 0;
  const abi = word(LANGUAGE.abiVersion);
  if ((abi !== 14 && abi !== 15) || abi !== expected.abiVersion) return undefined;
  const symbolCount = word(LANGUAGE.symbolCount) + word(LANGUAGE.aliasCount);
  const fieldCount = word(LANGUAGE.fieldCount);
  const productionCount = word(LANGUAGE.productionIdCount);
  if (symbolCount !== expected.types.length || fieldCount !== expected.fields.length - 1) return undefined;
  const decoder = new TextDecoder();
  const cString = (at: number): string | undefined => {
    if (at <= 0 || at >= u8.length) return undefined;
    const stop = u8.indexOf(0, at);
    return stop < 0 ? undefined : decoder.decode(u8.subarray(at, stop));
  };
  // The name tables pin down the offsets around them: a shifted struct reads other pointers.
  const symbolNames = word(LANGUAGE.symbolNames);
  for (let symbol = 1; symbol < symbolCount; symbol++) {
    const name = expected.types[symbol];
    if (name !== undefined && cString(u32[(symbolNames >> 2) + symbol] ?? 0) !== name) return undefined;
  }
  const fieldNames = word(LANGUAGE.fieldNames);
  for (let field = 1; field <= fieldCount; field++) {
    if (cString(u32[(fieldNames >> 2) + field] ?? 0) !== expected.fields[field]) return undefined;
  }
  const publicMap = word(LANGUAGE.publicSymbolMap);
  if (publicMap % 2 !== 0) return undefined;
  const publicSymbols = u16.slice(publicMap >> 1, (publicMap >> 1) + symbolCount);
  if (publicSymbols.length !== symbolCount || publicSymbols.some((s) => s >= symbolCount)) return undefined;
  const aliasAddress = word(LANGUAGE.aliasSequences);
  const aliasStride = u16[(address + LANGUAGE.maxAliasSequenceLength) >> 1] ?? 0;
  if (aliasAddress % 2 !== 0) return undefined;
  const fields = fieldTable(u8, u16, word(LANGUAGE.fieldMapSlices), word(LANGUAGE.fieldMapEntries), fieldCount, productionCount);
  if (!fields) return undefined;
  return { publicSymbols, aliasAddress, aliasStride, ...fields };
}

/**
 * The field maps flattened into one lookup table. A production's map lists (field, child index,
 * inherited) entries; the cursor takes the first non-inherited entry for a child's index.
 */
function fieldTable(
  u8: Uint8Array,
  u16: Uint16Array,
  slices: number,
  entries: number,
  fieldCount: number,
  productionCount: number,
): { fields: Uint16Array; fieldStride: number } | undefined {
  if (fieldCount === 0) return { fields: new Uint16Array(0), fieldStride: 0 };
  if (slices % 2 !== 0 || entries % 2 !== 0) return undefined;
  const slice = (production: number): [number, number] => [u16[(slices >> 1) + production * 2] ?? 0, u16[(slices >> 1) + production * 2 + 1] ?? 0];
  let stride = 0;
  for (let production = 0; production < productionCount; production++) {
    const [first, length] = slice(production);
    for (let e = first; e < first + length; e++) stride = Math.max(stride, (u8[entries + e * 4 + 2] ?? 0) + 1);
  }
  const fields = new Uint16Array(productionCount * stride);
  for (let production = 0; production < productionCount; production++) {
    const [first, length] = slice(production);
    for (let e = first; e < first + length; e++) {
      const field = u16[(entries >> 1) + e * 2] ?? 0;
      const child = u8[entries + e * 4 + 2] ?? 0;
      const inherited = u8[entries + e * 4 + 3] ?? 0;
      if (field === 0 || field > fieldCount) return undefined;
      const at = production * stride + child;
      if (inherited === 0 && fields[at] === 0) fields[at] = field;
    }
  }
  return { fields, fieldStride: stride };
}

/**
 * Walks the tree at `treeAddress` (a `TSTree *`) and hands its visible nodes to `sink`, in the
 * order and with the facts a tree-sitter cursor would give.
 */
export function walkSubtrees(memory: WasmMemory, layout: GrammarLayout, treeAddress: number, sink: TreeSink): void {
  const u8 = memory.u8();
  const u16 = memory.u16();
  const u32 = memory.u32();
  const { publicSymbols, aliasAddress, aliasStride, fields, fieldStride } = layout;
  const typeOf = (symbol: number): number => (symbol === ERROR_SYMBOL ? symbol : (publicSymbols[symbol] ?? ERROR_SYMBOL));

  // The root, as `ts_tree_root_node` makes it: it starts after its padding and has no alias.
  const rootByte = u8[treeAddress] ?? 0;
  if ((rootByte & INLINE) !== 0) {
    const start = u8[treeAddress + 6] ?? 0;
    sink.add(typeOf(u8[treeAddress + 1] ?? 0), start >> 1, (start + (u8[treeAddress + 7] ?? 0)) >> 1, 0, (rootByte & INLINE_MISSING) !== 0);
    return;
  }
  const root = u32[treeAddress >> 2] ?? 0;
  const rootStart = u32[(root + HEAP.paddingBytes) >> 2] ?? 0;
  const rootId = sink.add(
    typeOf(u16[(root + HEAP.symbol) >> 1] ?? 0),
    rootStart >> 1,
    (rootStart + (u32[(root + HEAP.sizeBytes) >> 2] ?? 0)) >> 1,
    0,
    ((u16[(root + HEAP.flags) >> 1] ?? 0) & HEAP_MISSING) !== 0,
  );
  const rootChildren = u32[(root + HEAP.childCount) >> 2] ?? 0;
  if (rootChildren === 0 || (u32[(root + HEAP.visibleChildCount) >> 2] ?? 0) === 0) return;

  // One frame per subtree whose children are being walked (visible or hidden), as parallel
  // stacks: an explicit stack, because generated code can nest deeper than JS recursion allows.
  // Typed arrays, doubled when a tree nests deeper: every child of every node reads them.
  let capacity = 64;
  let frameChildren = new Uint32Array(capacity);
  let frameCount = new Uint32Array(capacity);
  let frameNext = new Uint32Array(capacity);
  let frameStructural = new Uint32Array(capacity);
  let framePosition = new Uint32Array(capacity);
  let frameProduction = new Uint16Array(capacity);
  let frameHidden = new Uint8Array(capacity);
  // For a hidden frame, the field its visible descendants inherit when their own map has none.
  let frameField = new Uint16Array(capacity);
  const grown = <T extends Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T): T => {
    const bigger = make(capacity * 2);
    bigger.set(old);
    return bigger;
  };
  let depth = 0;
  const push = (heap: number, count: number, position: number, hidden: boolean, field: number): void => {
    if (depth === capacity) {
      frameChildren = grown(frameChildren, (n) => new Uint32Array(n));
      frameCount = grown(frameCount, (n) => new Uint32Array(n));
      frameNext = grown(frameNext, (n) => new Uint32Array(n));
      frameStructural = grown(frameStructural, (n) => new Uint32Array(n));
      framePosition = grown(framePosition, (n) => new Uint32Array(n));
      frameProduction = grown(frameProduction, (n) => new Uint16Array(n));
      frameHidden = grown(frameHidden, (n) => new Uint8Array(n));
      frameField = grown(frameField, (n) => new Uint16Array(n));
      capacity *= 2;
    }
    frameChildren[depth] = heap - count * 8;
    frameCount[depth] = count;
    frameNext[depth] = 0;
    frameStructural[depth] = 0;
    framePosition[depth] = position;
    frameProduction[depth] = u16[(heap + HEAP.productionId) >> 1] ?? 0;
    frameHidden[depth] = hidden ? 1 : 0;
    frameField[depth] = field;
    depth += 1;
  };
  sink.enter(rootId);
  push(root, rootChildren, rootStart, false, 0);

  while (depth > 0) {
    const frame = depth - 1;
    const next = frameNext[frame] as number;
    if (next === (frameCount[frame] as number)) {
      depth -= 1;
      if (frameHidden[frame] === 0) sink.leave();
      continue;
    }
    frameNext[frame] = next + 1;
    const at = (frameChildren[frame] as number) + next * 8;
    const first = u8[at] as number;
    let heap = 0;
    let symbol: number;
    let padding: number;
    let size: number;
    let visible: boolean;
    let extra: boolean;
    let missing: boolean;
    let children = 0;
    if ((first & INLINE) !== 0) {
      symbol = u8[at + 1] as number;
      padding = u8[at + 6] as number;
      size = u8[at + 7] as number;
      visible = (first & INLINE_VISIBLE) !== 0;
      extra = (first & INLINE_EXTRA) !== 0;
      missing = (first & INLINE_MISSING) !== 0;
    } else {
      heap = u32[at >> 2] as number;
      const bits = u16[(heap + HEAP.flags) >> 1] as number;
      symbol = u16[(heap + HEAP.symbol) >> 1] as number;
      padding = u32[(heap + HEAP.paddingBytes) >> 2] as number;
      size = u32[(heap + HEAP.sizeBytes) >> 2] as number;
      visible = (bits & HEAP_VISIBLE) !== 0;
      extra = (bits & HEAP_EXTRA) !== 0;
      missing = (bits & HEAP_MISSING) !== 0;
      // Only children the cursor can show matter: a subtree without visible ones is a leaf here.
      // (The visible count shares a union with leaf data: it is read only when there are children.)
      const childCount = u32[(heap + HEAP.childCount) >> 2] as number;
      if (childCount > 0 && (u32[(heap + HEAP.visibleChildCount) >> 2] as number) > 0) children = childCount;
    }
    // The first child's padding is the parent's own, already before the parent's start.
    const start = next === 0 ? (framePosition[frame] as number) : (framePosition[frame] as number) + padding;
    framePosition[frame] = start + size;
    let alias = 0;
    let field = 0;
    if (!extra) {
      const production = frameProduction[frame] as number;
      const structural = frameStructural[frame] as number;
      frameStructural[frame] = structural + 1;
      if (production !== 0) alias = u16[(aliasAddress >> 1) + production * aliasStride + structural] ?? 0;
      if (structural < fieldStride) field = fields[production * fieldStride + structural] ?? 0;
      if (field === 0 && frameHidden[frame] === 1) field = frameField[frame] as number;
    }
    if (visible || alias !== 0) {
      const id = sink.add(typeOf(alias !== 0 ? alias : symbol), start >> 1, (start + size) >> 1, field, missing);
      if (children > 0) {
        sink.enter(id);
        push(heap, children, start, false, 0);
      }
    } else if (children > 0) {
      push(heap, children, start, true, field);
    }
  }
}

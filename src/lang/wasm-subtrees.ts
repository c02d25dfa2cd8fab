import { MISSING, allocateColumns, markErrorPath, writeNode } from './syntax-tree.js';
import type { LanguageTables, NodeColumns } from './syntax-tree.js';

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

// One frame per subtree whose children are being walked (visible or hidden), FRAME slots each
// in one Int32Array: the address of its children, their count, the next child to read, the next
// structural (non-extra) child's index, the next child's start, the production id, whether the
// subtree is hidden, the field a hidden subtree's visible descendants inherit, and the visible
// node its visible children belong to with where those children start on the pending stack.
const FRAME = 10;
const CHILDREN = 0;
const COUNT = 1;
const NEXT = 2;
const STRUCTURAL = 3;
const POSITION = 4;
const PRODUCTION = 5;
const HIDDEN = 6;
const INHERITED_FIELD = 7;
const OWNER = 8;
const OWNER_PENDING = 9;

/**
 * Copies the tree at `treeAddress` (a `TSTree *`) into columns: its visible nodes in preorder,
 * with the facts a tree-sitter cursor would give. Undefined when the tree does not hold exactly
 * `size` visible nodes (the caller then copies through the cursor).
 *
 * Why one function that writes the columns itself: the walk and the column writes run for every
 * node of every file. As a walk handing nodes to a writer object (a call per node, children
 * gathered in JS arrays), the copy of 600 stdlib files took 259–291 ms; written together, over
 * typed arrays only, 162–186 ms, with identical columns. With no helper closures at all (walk
 * state in locals, node writes inlined), the 1,790 stdlib files' 7.5 M nodes copied 8–9 % faster
 * again (both versions on the same trees, alternating, five rounds: 4.76 s and 5.31 s against
 * 5.15 s and 5.84 s), with identical columns.
 */
export function copySubtrees(
  memory: WasmMemory,
  layout: GrammarLayout,
  tables: Pick<LanguageTables, 'namedFlag' | 'errorType'>,
  treeAddress: number,
  size: number,
): NodeColumns | undefined {
  const u8 = memory.u8();
  const u16 = memory.u16();
  const u32 = memory.u32();
  const { publicSymbols, aliasAddress, aliasStride, fields, fieldStride } = layout;
  const columns = allocateColumns(size);
  const { firstChild, childCount, subtreeEnd, childIds } = columns;

  // The root, as `ts_tree_root_node` makes it: it starts after its padding and has no alias.
  const rootByte = u8[treeAddress] ?? 0;
  if ((rootByte & INLINE) !== 0) {
    const rootStart = u8[treeAddress + 6] ?? 0;
    const symbol = u8[treeAddress + 1] ?? 0;
    writeNode(columns, tables, 0, publicSymbols[symbol] ?? ERROR_SYMBOL, rootStart >> 1, (rootStart + (u8[treeAddress + 7] ?? 0)) >> 1, 0, (rootByte & INLINE_MISSING) !== 0, -1, 0);
    return size === 1 ? columns : undefined;
  }
  const root = u32[treeAddress >> 2] ?? 0;
  const rootStart = u32[(root + HEAP.paddingBytes) >> 2] ?? 0;
  const rootSymbol = u16[(root + HEAP.symbol) >> 1] ?? 0;
  writeNode(
    columns,
    tables,
    0,
    rootSymbol === ERROR_SYMBOL ? rootSymbol : (publicSymbols[rootSymbol] ?? ERROR_SYMBOL),
    rootStart >> 1,
    (rootStart + (u32[(root + HEAP.sizeBytes) >> 2] ?? 0)) >> 1,
    0,
    ((u16[(root + HEAP.flags) >> 1] ?? 0) & HEAP_MISSING) !== 0,
    -1,
    0,
  );
  const rootChildren = u32[(root + HEAP.childCount) >> 2] ?? 0;
  if (rootChildren === 0 || (u32[(root + HEAP.visibleChildCount) >> 2] ?? 0) === 0) return size === 1 ? columns : undefined;

  // Every other node is written here, without a call: the walk's state stays in locals (a
  // helper closing over it made V8 keep it in a context object), and the column writes of
  // writeNode are inlined.
  const { typeOf, fieldOf, flags, start, end, parent, index } = columns;
  const { namedFlag, errorType } = tables;
  // The children of the open visible nodes, moved into `childIds` when their parent is done.
  const pending = new Int32Array(size);
  let pendingTop = 0;
  let nextId = 1;
  let nextChild = 0;
  // An explicit stack, because generated code can nest deeper than JS recursion allows.
  let frames = new Int32Array(64 * FRAME);
  let top = 0;
  frames[CHILDREN] = root - rootChildren * 8;
  frames[COUNT] = rootChildren;
  frames[POSITION] = rootStart;
  frames[PRODUCTION] = u16[(root + HEAP.productionId) >> 1] ?? 0;
  // The visible node whose children are being found, and where they start on `pending`.
  let owner = 0;
  let ownerPending = 0;

  for (;;) {
    const next = frames[top + NEXT] as number;
    if (next === frames[top + COUNT]) {
      if (frames[top + HIDDEN] === 0) {
        // A visible node is done: its children move from `pending` into `childIds`.
        firstChild[owner] = nextChild;
        childCount[owner] = pendingTop - ownerPending;
        subtreeEnd[owner] = nextId;
        for (let i = ownerPending; i < pendingTop; i++) childIds[nextChild++] = pending[i] as number;
        pendingTop = ownerPending;
      }
      if (top === 0) break;
      top -= FRAME;
      owner = frames[top + OWNER] as number;
      ownerPending = frames[top + OWNER_PENDING] as number;
      continue;
    }
    frames[top + NEXT] = next + 1;
    const at = (frames[top + CHILDREN] as number) + next * 8;
    const first = u8[at] as number;
    let heap = 0;
    let symbol: number;
    let padding: number;
    let bytes: number;
    let visible: boolean;
    let extra: boolean;
    let missing: boolean;
    let children = 0;
    if ((first & INLINE) !== 0) {
      symbol = u8[at + 1] as number;
      padding = u8[at + 6] as number;
      bytes = u8[at + 7] as number;
      visible = (first & INLINE_VISIBLE) !== 0;
      extra = (first & INLINE_EXTRA) !== 0;
      missing = (first & INLINE_MISSING) !== 0;
    } else {
      heap = u32[at >> 2] as number;
      const bits = u16[(heap + HEAP.flags) >> 1] as number;
      symbol = u16[(heap + HEAP.symbol) >> 1] as number;
      padding = u32[(heap + HEAP.paddingBytes) >> 2] as number;
      bytes = u32[(heap + HEAP.sizeBytes) >> 2] as number;
      visible = (bits & HEAP_VISIBLE) !== 0;
      extra = (bits & HEAP_EXTRA) !== 0;
      missing = (bits & HEAP_MISSING) !== 0;
      // Only children the cursor can show matter: a subtree without visible ones is a leaf here.
      // (The visible count shares a union with leaf data: it is read only when there are children.)
      const count = u32[(heap + HEAP.childCount) >> 2] as number;
      if (count > 0 && (u32[(heap + HEAP.visibleChildCount) >> 2] as number) > 0) children = count;
    }
    // The first child's padding is the parent's own, already before the parent's start.
    const position = frames[top + POSITION] as number;
    const startByte = next === 0 ? position : position + padding;
    frames[top + POSITION] = startByte + bytes;
    let alias = 0;
    let field = 0;
    if (!extra) {
      const production = frames[top + PRODUCTION] as number;
      const structural = frames[top + STRUCTURAL] as number;
      frames[top + STRUCTURAL] = structural + 1;
      if (production !== 0) alias = u16[(aliasAddress >> 1) + production * aliasStride + structural] ?? 0;
      if (structural < fieldStride) field = fields[production * fieldStride + structural] ?? 0;
      if (field === 0 && frames[top + HIDDEN] === 1) field = frames[top + INHERITED_FIELD] as number;
    }
    let hidden = true;
    let id = 0;
    if (visible || alias !== 0) {
      // The node, as writeNode would write it (ERROR's symbol and ids past the grammar's types
      // are ERROR; a MISSING or ERROR node marks its ancestors).
      if (nextId >= size) return undefined;
      id = nextId++;
      const chosen = alias !== 0 ? alias : symbol;
      const typeId = chosen === ERROR_SYMBOL ? chosen : (publicSymbols[chosen] ?? ERROR_SYMBOL);
      const known = typeId < errorType;
      const type = known ? typeId : errorType;
      typeOf[id] = type;
      fieldOf[id] = field;
      flags[id] = (namedFlag[type] as number) | (missing ? MISSING : 0);
      start[id] = startByte >> 1;
      end[id] = (startByte + bytes) >> 1;
      parent[id] = owner;
      index[id] = pendingTop - ownerPending;
      subtreeEnd[id] = id + 1;
      if (missing || !known) markErrorPath(flags, parent, id);
      pending[pendingTop++] = id;
      hidden = false;
    }
    if (children > 0) {
      // A visible node's children are its own; a hidden subtree's visible descendants are the
      // current owner's children.
      top += FRAME;
      if (top + FRAME > frames.length) {
        const bigger = new Int32Array(frames.length * 2);
        bigger.set(frames);
        frames = bigger;
      }
      frames[top + CHILDREN] = heap - children * 8;
      frames[top + COUNT] = children;
      frames[top + NEXT] = 0;
      frames[top + STRUCTURAL] = 0;
      frames[top + POSITION] = startByte;
      frames[top + PRODUCTION] = u16[(heap + HEAP.productionId) >> 1] ?? 0;
      frames[top + HIDDEN] = hidden ? 1 : 0;
      frames[top + INHERITED_FIELD] = hidden ? field : 0;
      if (!hidden) {
        owner = id;
        ownerPending = pendingTop;
      }
      frames[top + OWNER] = owner;
      frames[top + OWNER_PENDING] = ownerPending;
    }
  }
  return nextId === size ? columns : undefined;
}

import type { Language, Parser, TreeCursor, Tree as WasmTree } from 'web-tree-sitter';
import type { RawCursorCalls } from './raw-cursor.js';
import { ColumnWriter, SyntaxTree, tablesFor } from './syntax-tree.js';
import { rawCursor, wasmMemory } from './tree-sitter-init.js';
import { copySubtrees, readGrammarLayout } from './wasm-subtrees.js';
import type { GrammarLayout, WasmMemory } from './wasm-subtrees.js';

// How a web-tree-sitter tree becomes a SyntaxTree: read straight from WASM memory (the default),
// or walked with a cursor, through direct binding calls or web-tree-sitter's public API.

/** How the copy reads a tree: web-tree-sitter's public cursor, or the direct binding calls. */
interface CursorReader {
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  fieldId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  close(): void;
}

class PublicCursorReader implements CursorReader {
  private readonly cursor: TreeCursor;
  constructor(wasm: WasmTree) {
    this.cursor = wasm.walk();
  }
  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  close(): void {
    this.cursor.delete();
  }
}

/** web-tree-sitter keeps a cursor's state in four indexed fields. */
type CursorWords = Record<0 | 1 | 2 | 3, number>;

/** The WASM address web-tree-sitter keeps in `[0]` of a tree or a grammar object. */
function addressOf(handle: WasmTree | Language): number {
  return (handle as unknown as Record<0, number>)[0];
}

class RawCursorReader implements CursorReader {
  private readonly raw: RawCursorCalls;
  private readonly tree: number;
  private readonly cursor: TreeCursor;
  constructor(wasm: WasmTree, raw: RawCursorCalls) {
    this.raw = raw;
    this.tree = addressOf(wasm);
    this.cursor = wasm.walk();
    const words = this.cursor as unknown as CursorWords;
    raw.load([words[0], words[1], words[2], words[3]]);
  }
  typeId(): number {
    return this.raw.typeId(this.tree);
  }
  startIndex(): number {
    return this.raw.startIndex(this.tree);
  }
  endIndex(): number {
    return this.raw.endIndex(this.tree);
  }
  isMissing(): boolean {
    return this.raw.isMissing(this.tree) === 1;
  }
  fieldId(): number {
    return this.raw.fieldId(this.tree);
  }
  gotoFirstChild(): boolean {
    return this.raw.gotoFirstChild(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.raw.gotoNextSibling(this.tree) === 1;
  }
  gotoParent(): boolean {
    return this.raw.gotoParent(this.tree) === 1;
  }
  close(): void {
    // Moves may have reallocated the cursor's stack: hand the current words back before freeing.
    const words = this.cursor as unknown as CursorWords;
    [words[0], words[1], words[2], words[3]] = this.raw.save();
    this.cursor.delete();
  }
}

/**
 * Copies a web-tree-sitter tree into a {@link SyntaxTree}. The caller still owns (and should
 * delete) the WASM tree. The copy reads tree-sitter's structs in WASM memory; when that is
 * unavailable or fails its node-count check (internals that moved), a cursor walk through direct
 * binding calls, and last web-tree-sitter's public cursor, do it instead.
 */
export function mirrorTree(wasm: WasmTree, source: string): SyntaxTree {
  const size = wasm.rootNode.descendantCount;
  const tree = copyFromMemory(wasm, source, size) ?? copyWithCursorCalls(wasm, source, size) ?? copyWithPublicCursor(wasm, source, size);
  if (!tree) throw new Error('tree copy: the cursor walk disagrees with the tree\'s node count');
  return tree;
}

/** The copy read from WASM memory (see wasm-subtrees.ts), or undefined when that failed. */
export function copyFromMemory(wasm: WasmTree, source: string, size = wasm.rootNode.descendantCount): SyntaxTree | undefined {
  const memory = wasmMemory();
  const layout = memory && layoutFor(memory, wasm.language);
  if (!memory || !layout) return undefined;
  const tables = tablesFor(wasm.language);
  const columns = copySubtrees(memory, layout, tables, addressOf(wasm), size);
  return columns && new SyntaxTree(source, columns, tables);
}

/** The copy made by a cursor moved through direct binding calls (see raw-cursor.ts), or undefined. */
export function copyWithCursorCalls(wasm: WasmTree, source: string, size = wasm.rootNode.descendantCount): SyntaxTree | undefined {
  const raw = rawCursor();
  return raw && copyWithCursor(source, new RawCursorReader(wasm, raw), new ColumnWriter(size, tablesFor(wasm.language)));
}

/** The copy made through web-tree-sitter's public cursor API, or undefined when the count is off. */
export function copyWithPublicCursor(wasm: WasmTree, source: string, size = wasm.rootNode.descendantCount): SyntaxTree | undefined {
  return copyWithCursor(source, new PublicCursorReader(wasm), new ColumnWriter(size, tablesFor(wasm.language)));
}

// Checked once per grammar object (null: the checks failed); grammars live as long as the thread.
const layouts = new WeakMap<Language, GrammarLayout | null>();

function layoutFor(memory: WasmMemory, language: Language): GrammarLayout | undefined {
  let layout = layouts.get(language);
  if (layout === undefined) {
    layout = readGrammarLayout(memory, addressOf(language), language) ?? null;
    layouts.set(language, layout);
  }
  return layout ?? undefined;
}

/** Fills `writer` in one preorder cursor walk; undefined when the count check fails. */
function copyWithCursor(source: string, cursor: CursorReader, writer: ColumnWriter): SyntaxTree | undefined {
  const addCurrent = (fieldId: number): number => {
    const start = cursor.startIndex();
    const end = cursor.endIndex();
    // Only zero-width nodes can be tokens the parser invented; the check saves a call for the rest.
    return writer.add(cursor.typeId(), start, end, fieldId, start === end && cursor.isMissing());
  };
  try {
    let node = addCurrent(0);
    for (;;) {
      if (cursor.gotoFirstChild()) {
        writer.enter(node);
        node = addCurrent(cursor.fieldId());
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          node = addCurrent(cursor.fieldId());
          break;
        }
        if (!cursor.gotoParent()) return writer.finish(source);
        writer.leave();
      }
    }
  } finally {
    cursor.close();
  }
}

/** Parses `source` and returns the copy of its tree; the WASM tree is freed before returning. */
export function parseToSyntaxTree(parser: Parser, source: string): SyntaxTree | null {
  const wasm = parser.parse(source);
  if (!wasm) return null;
  try {
    return mirrorTree(wasm, source);
  } finally {
    wasm.delete();
  }
}

import type { Language, Parser, TreeCursor, Tree as WasmTree } from 'web-tree-sitter';
import type { RawCursorCalls } from './raw-cursor.js';
import { rawCursor } from './tree-sitter-init.js';

/** A 0-based position; the column counts UTF-16 code units, as web-tree-sitter does for JS strings. */
export interface Point {
  readonly row: number;
  readonly column: number;
}

/**
 * A syntax tree held in plain JavaScript objects.
 *
 * Why a copy: every property read on a web-tree-sitter node crosses into WebAssembly and most
 * allocate a fresh wrapper object. Rules and the dataflow engine read node types, fields and text
 * millions of times per run, so the parse tree is copied once, in one cursor pass, and the WASM
 * tree is freed straight away. The copy offers the subset of web-tree-sitter's `Node` API the
 * analyzers use, with the same semantics (indices and columns in UTF-16 code units, rows split at
 * `\n` only), so rules read like ordinary tree-sitter code.
 */
export class SyntaxTree {
  readonly source: string;
  /** Set by the builder right after construction; every tree has a root. */
  rootNode!: SyntaxNode;
  private lineStarts: Int32Array | undefined;

  constructor(source: string) {
    this.source = source;
  }

  /** The row and column of a UTF-16 index, found by binary search over line starts. */
  pointAt(index: number): Point {
    const starts = (this.lineStarts ??= computeLineStarts(this.source));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - (starts[low] ?? 0) };
  }
}

function computeLineStarts(source: string): Int32Array {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return Int32Array.from(starts);
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;

export class SyntaxNode {
  readonly tree: SyntaxTree;
  /** Unique within its tree (preorder number); use as a map key for per-file caches. */
  readonly id: number;
  readonly type: string;
  /** NAMED | MISSING | HAS_ERROR bits: one small integer instead of three fields (trees are large). */
  private flags: number;
  /** The field this node fills in its parent (`function` of a call …), or null. */
  readonly fieldName: string | null;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: SyntaxNode | null;
  /** Position among the parent's children (all of them, named or not). */
  readonly indexInParent: number;
  /** All children, anonymous tokens included, in source order; set by the builder. */
  children: readonly SyntaxNode[] = NO_CHILDREN;
  private namedCache: readonly SyntaxNode[] | undefined;

  constructor(
    tree: SyntaxTree,
    id: number,
    type: string,
    isNamed: boolean,
    isMissing: boolean,
    fieldName: string | null,
    startIndex: number,
    endIndex: number,
    parent: SyntaxNode | null,
    indexInParent: number,
  ) {
    this.tree = tree;
    this.id = id;
    this.type = type;
    this.flags = (isNamed ? NAMED : 0) | (isMissing ? MISSING : 0);
    this.fieldName = fieldName;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.parent = parent;
    this.indexInParent = indexInParent;
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  /** True when this node or a descendant is an ERROR or MISSING node. */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  /** Marks this node and its ancestors as containing an error (the builder's job). */
  markError(): void {
    this.flags |= HAS_ERROR;
    for (let at = this.parent; at && (at.flags & HAS_ERROR) === 0; at = at.parent) at.flags |= HAS_ERROR;
  }

  get text(): string {
    return this.tree.source.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.tree.pointAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.pointAt(this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get namedChildren(): readonly SyntaxNode[] {
    return (this.namedCache ??= namedOf(this.children));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  get firstChild(): SyntaxNode | null {
    return this.children[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): SyntaxNode | null {
    const named = this.namedChildren;
    return named[named.length - 1] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    // Indexed loops here and below: these run millions of times, and an array iterator is an allocation unless the caller is optimised.
    const children = this.children;
    for (let i = 0; i < children.length; i++) if ((children[i] as SyntaxNode).fieldName === name) return children[i] as SyntaxNode;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.fieldName === name);
  }

  get nextSibling(): SyntaxNode | null {
    return this.parent?.children[this.indexInParent + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    return this.parent?.children[this.indexInParent - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? NO_CHILDREN;
    for (let i = this.indexInParent + 1; i < siblings.length; i++) {
      const sibling = siblings[i];
      if (sibling?.isNamed) return sibling;
    }
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const siblings = this.parent?.children ?? NO_CHILDREN;
    for (let i = this.indexInParent - 1; i >= 0; i--) {
      const sibling = siblings[i];
      if (sibling?.isNamed) return sibling;
    }
    return null;
  }

  /** This node and its descendants of the given types, in source order (like web-tree-sitter). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const found: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (wanted.includes(node.type)) found.push(node);
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
    }
    return found;
  }

  equals(other: SyntaxNode): boolean {
    return this === other;
  }

  /** An S-expression of the named structure, as tree-sitter prints it (for debugging and tests). */
  toString(): string {
    const inner = this.children
      .filter((c) => c.isNamed)
      .map((c) => (c.fieldName ? `${c.fieldName}: ${c.toString()}` : c.toString()));
    return inner.length > 0 ? `(${this.type} ${inner.join(' ')})` : `(${this.type})`;
  }
}

/** The named ones of `children`: the same array when all are named (blocks, modules, argument-less nodes …). */
function namedOf(children: readonly SyntaxNode[]): readonly SyntaxNode[] {
  for (let i = 0; i < children.length; i++) if (!(children[i] as SyntaxNode).isNamed) return children.filter((c) => c.isNamed);
  return children;
}

/** Preorder traversal of a subtree, parents before children; `visit` returning false skips a subtree. */
export function forEachNode(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (visit(node) === false) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
}

interface LanguageTables {
  readonly types: readonly string[];
  readonly named: readonly boolean[];
  readonly fields: readonly (string | null)[];
}

// Derived once per grammar object and never mutated, so sharing it across calls is safe.
const tablesByLanguage = new WeakMap<Language, LanguageTables>();

function tablesFor(language: Language): LanguageTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.types.length; id++) {
      types.push(language.types[id] ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    tables = { types, named, fields: language.fields };
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

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

/** web-tree-sitter keeps a cursor's state in four indexed fields and a tree's address in `[0]`. */
type CursorWords = Record<0 | 1 | 2 | 3, number>;

class RawCursorReader implements CursorReader {
  private readonly raw: RawCursorCalls;
  private readonly tree: number;
  private readonly cursor: TreeCursor;
  constructor(wasm: WasmTree, raw: RawCursorCalls) {
    this.raw = raw;
    this.tree = (wasm as unknown as CursorWords)[0];
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
 * Copies a web-tree-sitter tree into {@link SyntaxTree} in one cursor pass. The caller still owns
 * (and should delete) the WASM tree. `raw` selects the direct binding calls (the default when
 * available) or, with null, web-tree-sitter's public cursor.
 */
export function mirrorTree(
  wasm: WasmTree,
  source: string,
  raw: RawCursorCalls | null | undefined = rawCursor(),
): SyntaxTree {
  if (!raw) return copyTree(wasm, source, new PublicCursorReader(wasm)).tree;
  const copied = copyTree(wasm, source, new RawCursorReader(wasm, raw));
  // The direct calls rely on the binding's internals; a copy that missed or invented nodes (a
  // web-tree-sitter whose internals moved) is thrown away for one through the public cursor.
  if (copied.count === wasm.rootNode.descendantCount) return copied.tree;
  return copyTree(wasm, source, new PublicCursorReader(wasm)).tree;
}

function copyTree(wasm: WasmTree, source: string, cursor: CursorReader): { tree: SyntaxTree; count: number } {
  const tables = tablesFor(wasm.language);
  const tree = new SyntaxTree(source);
  let nextId = 0;
  const make = (parent: SyntaxNode | null, indexInParent: number): SyntaxNode => {
    const typeId = cursor.typeId();
    // ERROR's symbol (65535) lies outside the type table; it is a named node.
    const known = typeId < tables.types.length;
    const start = cursor.startIndex();
    const end = cursor.endIndex();
    // Only zero-width nodes can be tokens the parser invented.
    const missing = start === end && cursor.isMissing();
    const node = new SyntaxNode(
      tree,
      nextId++,
      known ? (tables.types[typeId] as string) : 'ERROR',
      known ? (tables.named[typeId] as boolean) : true,
      missing,
      parent ? (tables.fields[cursor.fieldId()] ?? null) : null,
      start,
      end,
      parent,
      indexInParent,
    );
    if (missing || !known) node.markError();
    return node;
  };
  // Children collect on one scratch stack and move into an array of exactly their number when
  // the walk leaves their parent: arrays grown by push keep ~16 spare slots, and trees are large.
  const pending: SyntaxNode[] = [];
  const firstPending: number[] = [];
  try {
    let node = make(null, 0);
    tree.rootNode = node;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        firstPending.push(pending.length);
        node = make(node, 0);
        pending.push(node);
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          node = make(node.parent, pending.length - (firstPending[firstPending.length - 1] as number));
          pending.push(node);
          break;
        }
        if (!cursor.gotoParent()) return { tree, count: nextId };
        const first = firstPending.pop() as number;
        node = node.parent as SyntaxNode;
        node.children = pending.slice(first);
        pending.length = first;
      }
    }
  } finally {
    cursor.close();
  }
}

/** Parses `source` and returns the JS copy of its tree; the WASM tree is freed before returning. */
export function parseToSyntaxTree(parser: Parser, source: string): SyntaxTree | null {
  const wasm = parser.parse(source);
  if (!wasm) return null;
  try {
    return mirrorTree(wasm, source);
  } finally {
    wasm.delete();
  }
}

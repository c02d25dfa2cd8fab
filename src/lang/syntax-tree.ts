import type { Language } from 'web-tree-sitter';

/** A 0-based position; the column counts UTF-16 code units, as web-tree-sitter does for JS strings. */
export interface Point {
  readonly row: number;
  readonly column: number;
}

/** Bits of {@link NodeColumns.flags}. */
export const NAMED = 1;
export const MISSING = 2;
export const HAS_ERROR = 4;

/**
 * A tree's nodes as columns indexed by node id (the node's preorder number), so a subtree is the
 * id range `[id, subtreeEnd[id])`.
 *
 * Why columns: the analyzers keep a file's tree for as long as they work on it, so one object per
 * node survived every young-generation GC of that time and was copied twice (1.8 M nodes, ~240 MB
 * per quarter of the standard library: most of what the scavenger copied). Typed arrays keep their
 * bytes outside the JS heap, where the GC never copies them. Node objects are made only for the
 * nodes the analyzers actually touch (see {@link SyntaxTree.nodeAt}).
 */
export interface NodeColumns {
  /** Index into the language's type names; ERROR has the index one past the grammar's types. */
  readonly typeOf: Uint16Array;
  /** The grammar's field id of the field this node fills in its parent; 0 for none. */
  readonly fieldOf: Uint16Array;
  /** NAMED | MISSING | HAS_ERROR bits. */
  readonly flags: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** The parent's id; -1 for the root. */
  readonly parent: Int32Array;
  /** Position among the parent's children (all of them, named or not). */
  readonly index: Int32Array;
  /** Where the node's children start in `childIds`, and how many there are. */
  readonly firstChild: Int32Array;
  readonly childCount: Int32Array;
  /** One past the last id of the node's subtree. */
  readonly subtreeEnd: Int32Array;
  /** Every node's children in order, each node's run contiguous. */
  readonly childIds: Int32Array;
}

/** Zeroed columns for `size` nodes (a leaf's `firstChild` and `childCount` stay 0). */
export function allocateColumns(size: number): NodeColumns {
  // One buffer for all columns: the 32-bit ones first, so every view is aligned.
  const buffer = new ArrayBuffer(size * (8 * 4 + 2 * 2 + 1));
  let offset = 0;
  const int32 = (): Int32Array => {
    const view = new Int32Array(buffer, offset, size);
    offset += size * 4;
    return view;
  };
  const start = int32();
  const end = int32();
  const parent = int32();
  const index = int32();
  const firstChild = int32();
  const childCount = int32();
  const subtreeEnd = int32();
  const childIds = int32();
  const typeOf = new Uint16Array(buffer, offset, size);
  const fieldOf = new Uint16Array(buffer, offset + size * 2, size);
  const flags = new Uint8Array(buffer, offset + size * 4, size);
  return { typeOf, fieldOf, flags, start, end, parent, index, firstChild, childCount, subtreeEnd, childIds };
}

/**
 * Writes node `id` into `columns`: its type from the grammar's public type id (ids past the
 * grammar's types, such as ERROR's symbol, become ERROR), field, flags, span, parent and position
 * among the parent's children; its subtree is itself until its children are known. A MISSING or
 * ERROR node marks itself and every ancestor HAS_ERROR (parents have smaller ids, all written).
 * Both ways of copying a tree write their nodes through this.
 */
export function writeNode(
  columns: NodeColumns,
  tables: Pick<LanguageTables, 'namedFlag' | 'errorType'>,
  id: number,
  typeId: number,
  startIndex: number,
  endIndex: number,
  field: number,
  missing: boolean,
  parentId: number,
  position: number,
): void {
  const { typeOf, fieldOf, flags, start, end, parent, index, subtreeEnd } = columns;
  // ERROR's symbol (65535) lies outside the type table; it is a named node.
  const known = typeId < tables.errorType;
  const type = known ? typeId : tables.errorType;
  typeOf[id] = type;
  fieldOf[id] = field;
  flags[id] = (tables.namedFlag[type] as number) | (missing ? MISSING : 0);
  start[id] = startIndex;
  end[id] = endIndex;
  parent[id] = parentId;
  index[id] = position;
  subtreeEnd[id] = id + 1;
  if (missing || !known) markErrorPath(flags, parent, id);
}

/** Marks node `id` and each ancestor HAS_ERROR, up to the first that already is. */
export function markErrorPath(flags: Uint8Array, parent: Int32Array, id: number): void {
  for (let at = id; at >= 0 && ((flags[at] as number) & HAS_ERROR) === 0; at = parent[at] as number) flags[at] = (flags[at] as number) | HAS_ERROR;
}

/** What a tree needs to know about its grammar; derived once per grammar and shared by its trees. */
export interface LanguageTables {
  /** Type names by type index; the last one is ERROR, for symbols outside the grammar's table. */
  readonly types: readonly string[];
  /** {@link NAMED} or 0 by type index: the flag bit a copy writes for a node of that type. */
  readonly namedFlag: Uint8Array;
  readonly errorType: number;
  /** Field names by field id (0 is no field). */
  readonly fields: readonly (string | null)[];
  /**
   * Field ids by name (the first id of a name), as a prototype-less object: `childForFieldName`
   * asks for a field id on every call, and a keyed property load answered it faster than `Map.get`.
   */
  readonly fieldIdByName: Readonly<Record<string, number | undefined>>;
  /** Per set of wanted type names (joined by NUL): which type indices it holds. Grows as asked. */
  readonly masks: Map<string, Uint8Array>;
  /**
   * The same masks by the list object asked with: most walks pass one constant list each time,
   * and joining its names into a key on every call took longer than the lookup.
   */
  readonly masksByList: WeakMap<readonly string[], Uint8Array>;
}

// Derived once per grammar object; the only later change is adding masks, each a pure function
// of the grammar and its key, so sharing them across calls is safe.
const tablesByLanguage = new WeakMap<Language, LanguageTables>();

export function tablesFor(language: Language): LanguageTables {
  let tables = tablesByLanguage.get(language);
  if (!tables) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.types.length; id++) {
      types.push(language.types[id] ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    const errorType = types.length;
    types.push('ERROR');
    named.push(true);
    const fieldIdByName = Object.create(null) as Record<string, number | undefined>;
    language.fields.forEach((name, id) => {
      if (name !== null && fieldIdByName[name] === undefined) fieldIdByName[name] = id;
    });
    const namedFlag = Uint8Array.from(named, (isNamed) => (isNamed ? NAMED : 0));
    tables = { types, namedFlag, errorType, fields: language.fields, fieldIdByName, masks: new Map(), masksByList: new WeakMap() };
    tablesByLanguage.set(language, tables);
  }
  return tables;
}

function maskOf(tables: LanguageTables, wanted: string | readonly string[]): Uint8Array {
  if (typeof wanted !== 'string') {
    const known = tables.masksByList.get(wanted);
    if (known) return known;
  }
  const key = typeof wanted === 'string' ? wanted : wanted.join('\0');
  let mask = tables.masks.get(key);
  if (!mask) {
    mask = new Uint8Array(tables.types.length);
    for (let type = 0; type < tables.types.length; type++) {
      const name = tables.types[type] as string;
      mask[type] = (typeof wanted === 'string' ? name === wanted : wanted.includes(name)) ? 1 : 0;
    }
    tables.masks.set(key, mask);
  }
  if (typeof wanted !== 'string') tables.masksByList.set(wanted, mask);
  return mask;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** Names one kind of value derived per node (see {@link SyntaxTree.derived}); compared by identity. */
export class DerivedKind<T> {
  declare private readonly valueType: T;
  constructor(readonly name: string) {}
}

/**
 * A syntax tree copied out of web-tree-sitter.
 *
 * Why a copy: every property read on a web-tree-sitter node crosses into WebAssembly and most
 * allocate a fresh wrapper object. Rules and the dataflow engine read node types, fields and text
 * millions of times per run, so the parse tree is copied once (see tree-copy.ts), and the WASM
 * tree is freed straight away. The copy offers the subset of web-tree-sitter's `Node` API the
 * analyzers use, with the same semantics (indices and columns in UTF-16 code units, rows split at
 * `\n` only), so rules read like ordinary tree-sitter code.
 */
export class SyntaxTree {
  readonly source: string;
  readonly columns: NodeColumns;
  private readonly tables: LanguageTables;
  private lineStarts: Int32Array | undefined;
  /** Values derived from nodes by analyzers, one table per kind (see {@link derived}). */
  private readonly derivedTables = new Map<DerivedKind<unknown>, Map<number, unknown>>();

  constructor(source: string, columns: NodeColumns, tables: LanguageTables) {
    this.source = source;
    this.columns = columns;
    this.tables = tables;
  }

  get rootNode(): SyntaxNode {
    return this.nodeAt(0);
  }

  /**
   * A node object for this id (0 ≤ id < the number of nodes), made afresh on every call: compare
   * nodes by `id`, not with `===`. Why not one object per id, kept: the analyzers touch about a
   * million nodes per quarter of the standard library, and keeping their objects for the whole
   * file made them survive young-generation GCs (a third of what the scavenger copied). Made
   * fresh, nearly all die young. Quarter stdlib, four alternating runs: 3.96 s -> 3.58 s.
   */
  nodeAt(id: number): SyntaxNode {
    return new SyntaxNode(this, id, this.typeAt(id));
  }

  /**
   * The value of `kind` for the node with this id, computed once per tree: analyzers that ask
   * for the same fact about a node (a string literal's value, asked by several rules and the
   * dataflow engine) share one computation, and the table goes away with the tree.
   */
  derived<T>(kind: DerivedKind<T>, id: number, compute: () => T): T {
    let table = this.derivedTables.get(kind) as Map<number, T> | undefined;
    if (!table) this.derivedTables.set(kind, (table = new Map<number, T>()));
    if (table.has(id)) return table.get(id) as T;
    const value = compute();
    table.set(id, value);
    return value;
  }

  /** Which type indices (`columns.typeOf`) have one of these names (a list must not change once asked with). */
  typeMask(wanted: string | readonly string[]): Uint8Array {
    return maskOf(this.tables, wanted);
  }

  fieldNameAt(id: number): string | null {
    return this.tables.fields[this.columns.fieldOf[id] as number] ?? null;
  }

  /** The grammar's id for a field name, or -1 when the grammar has no such field. */
  fieldId(name: string): number {
    return this.tables.fieldIdByName[name] ?? -1;
  }

  /**
   * The children of the node with this id, as a new array each time. Not kept: a cache of these
   * lists was a quarter of what a file's analysis held on to (and the GC copied), and the lists
   * are cheap to make again from the columns.
   */
  childrenAt(id: number): readonly SyntaxNode[] {
    const count = this.columns.childCount[id] as number;
    if (count === 0) return NO_CHILDREN;
    const first = this.columns.firstChild[id] as number;
    const made: SyntaxNode[] = [];
    for (let i = 0; i < count; i++) made.push(this.nodeAt(this.columns.childIds[first + i] as number));
    return made;
  }

  /** The named children of the node with this id, as a new array each time (see {@link childrenAt}). */
  namedChildrenAt(id: number): readonly SyntaxNode[] {
    const { firstChild, childCount, childIds, flags } = this.columns;
    const first = firstChild[id] as number;
    const stop = first + (childCount[id] as number);
    if (stop === first) return NO_CHILDREN;
    const made: SyntaxNode[] = [];
    for (let i = first; i < stop; i++) {
      const child = childIds[i] as number;
      if (((flags[child] as number) & NAMED) !== 0) made.push(this.nodeAt(child));
    }
    return made;
  }

  /** The `index`th named child of the node with this id, or null. */
  namedChildAt(id: number, index: number): SyntaxNode | null {
    const { firstChild, childCount, childIds, flags } = this.columns;
    const first = firstChild[id] as number;
    let seen = 0;
    for (let i = first, stop = first + (childCount[id] as number); i < stop; i++) {
      const child = childIds[i] as number;
      if (((flags[child] as number) & NAMED) !== 0 && seen++ === index) return this.nodeAt(child);
    }
    return null;
  }

  // Questions about a node by id, for helpers that look at a few nodes on every call of a walk:
  // they answer from the columns without making the node objects (or strings) in between.

  /** The type name of the node with this id. */
  typeAt(id: number): string {
    return this.tables.types[this.columns.typeOf[id] as number] as string;
  }

  /** The text of the node with this id. */
  textAt(id: number): string {
    return this.source.slice(this.columns.start[id], this.columns.end[id]);
  }

  /** Whether the text of the node with this id is `text`, without making the node's string. */
  textIs(id: number, text: string): boolean {
    const start = this.columns.start[id] as number;
    return (this.columns.end[id] as number) - start === text.length && this.source.startsWith(text, start);
  }

  /** The id of the first child of node `id` in the field with this {@link fieldId}; -1 when none. */
  fieldChildAt(id: number, field: number): number {
    const { firstChild, childCount, childIds, fieldOf } = this.columns;
    const first = firstChild[id] as number;
    for (let i = first, stop = first + (childCount[id] as number); i < stop; i++) {
      const child = childIds[i] as number;
      if (fieldOf[child] === field) return child;
    }
    return -1;
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

/**
 * One node of a {@link SyntaxTree}: a view of its row in the tree's columns, made on demand by
 * {@link SyntaxTree.nodeAt}. Two objects may stand for one node: compare them with
 * {@link equals} or by `id`, and key per-file caches by `id`.
 */
export class SyntaxNode {
  readonly tree: SyntaxTree;
  /** Unique within its tree (preorder number); use as a map key for per-file caches. */
  readonly id: number;
  readonly type: string;

  constructor(tree: SyntaxTree, id: number, type: string) {
    this.tree = tree;
    this.id = id;
    this.type = type;
  }

  get isNamed(): boolean {
    return ((this.tree.columns.flags[this.id] as number) & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return ((this.tree.columns.flags[this.id] as number) & MISSING) !== 0;
  }

  /** True when this node or a descendant is an ERROR or MISSING node. */
  get hasError(): boolean {
    return ((this.tree.columns.flags[this.id] as number) & HAS_ERROR) !== 0;
  }

  /** The field this node fills in its parent (`function` of a call …), or null. */
  get fieldName(): string | null {
    return this.tree.fieldNameAt(this.id);
  }

  get startIndex(): number {
    return this.tree.columns.start[this.id] as number;
  }

  get endIndex(): number {
    return this.tree.columns.end[this.id] as number;
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.columns.parent[this.id] as number;
    return parent < 0 ? null : this.tree.nodeAt(parent);
  }

  /** Position among the parent's children (all of them, named or not). */
  get indexInParent(): number {
    return this.tree.columns.index[this.id] as number;
  }

  get text(): string {
    return this.tree.textAt(this.id);
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

  /** All children, anonymous tokens included, in source order. */
  get children(): readonly SyntaxNode[] {
    return this.tree.childrenAt(this.id);
  }

  get namedChildren(): readonly SyntaxNode[] {
    return this.tree.namedChildrenAt(this.id);
  }

  get childCount(): number {
    return this.tree.columns.childCount[this.id] as number;
  }

  get namedChildCount(): number {
    const { firstChild, childCount, childIds, flags } = this.tree.columns;
    const first = firstChild[this.id] as number;
    let count = 0;
    for (let i = first, stop = first + (childCount[this.id] as number); i < stop; i++) {
      if (((flags[childIds[i] as number] as number) & NAMED) !== 0) count += 1;
    }
    return count;
  }

  child(index: number): SyntaxNode | null {
    const { firstChild, childCount, childIds } = this.tree.columns;
    if (!Number.isInteger(index) || index < 0 || index >= (childCount[this.id] as number)) return null;
    return this.tree.nodeAt(childIds[(firstChild[this.id] as number) + index] as number);
  }

  namedChild(index: number): SyntaxNode | null {
    return Number.isInteger(index) && index >= 0 ? this.tree.namedChildAt(this.id, index) : null;
  }

  get firstChild(): SyntaxNode | null {
    return this.child(0);
  }

  get lastChild(): SyntaxNode | null {
    return this.child(this.childCount - 1);
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.tree.namedChildAt(this.id, 0);
  }

  get lastNamedChild(): SyntaxNode | null {
    const { firstChild, childCount, childIds, flags } = this.tree.columns;
    const first = firstChild[this.id] as number;
    for (let i = first + (childCount[this.id] as number) - 1; i >= first; i--) {
      const child = childIds[i] as number;
      if (((flags[child] as number) & NAMED) !== 0) return this.tree.nodeAt(child);
    }
    return null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.fieldId(name);
    const child = field < 0 ? -1 : this.tree.fieldChildAt(this.id, field);
    return child < 0 ? null : this.tree.nodeAt(child);
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.fieldId(name);
    if (field < 0) return [];
    const { firstChild, childCount, childIds, fieldOf } = this.tree.columns;
    const found: SyntaxNode[] = [];
    const first = firstChild[this.id] as number;
    for (let i = first, stop = first + (childCount[this.id] as number); i < stop; i++) {
      const child = childIds[i] as number;
      if (fieldOf[child] === field) found.push(this.tree.nodeAt(child));
    }
    return found;
  }

  get nextSibling(): SyntaxNode | null {
    return this.sibling(1, false);
  }

  get previousSibling(): SyntaxNode | null {
    return this.sibling(-1, false);
  }

  get nextNamedSibling(): SyntaxNode | null {
    return this.sibling(1, true);
  }

  get previousNamedSibling(): SyntaxNode | null {
    return this.sibling(-1, true);
  }

  private sibling(step: 1 | -1, named: boolean): SyntaxNode | null {
    const { parent, index, firstChild, childCount, childIds, flags } = this.tree.columns;
    const owner = parent[this.id] as number;
    if (owner < 0) return null;
    const first = firstChild[owner] as number;
    const count = childCount[owner] as number;
    for (let at = (index[this.id] as number) + step; at >= 0 && at < count; at += step) {
      const sibling = childIds[first + at] as number;
      if (!named || ((flags[sibling] as number) & NAMED) !== 0) return this.tree.nodeAt(sibling);
    }
    return null;
  }

  /** This node and its descendants of the given types, in source order (like web-tree-sitter). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    forEachNodeOfType(this, types, (node) => {
      found.push(node);
    });
    return found;
  }

  equals(other: SyntaxNode): boolean {
    return this.tree === other.tree && this.id === other.id;
  }

  /** An S-expression of the named structure, as tree-sitter prints it (for debugging and tests). */
  toString(): string {
    const inner = this.children
      .filter((c) => c.isNamed)
      .map((c) => (c.fieldName ? `${c.fieldName}: ${c.toString()}` : c.toString()));
    return inner.length > 0 ? `(${this.type} ${inner.join(' ')})` : `(${this.type})`;
  }
}

/** Preorder traversal of a subtree, parents before children; `visit` returning false skips a subtree. */
export function forEachNode(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const tree = root.tree;
  const subtreeEnd = tree.columns.subtreeEnd;
  for (let id = root.id, stop = subtreeEnd[root.id] as number; id < stop; ) {
    if (visit(tree.nodeAt(id)) === false) id = subtreeEnd[id] as number;
    else id += 1;
  }
}

/**
 * Preorder traversal of the nodes of a subtree whose type is one of `types`; `visit` returning
 * false skips that node's subtree. Only those nodes get node objects, so a walk that acts on a few
 * types costs little on the rest. `includeRoot` false starts at the root's descendants.
 */
export function forEachNodeOfType(
  root: SyntaxNode,
  types: string | readonly string[],
  visit: (node: SyntaxNode) => boolean | void,
  includeRoot = true,
): void {
  const tree = root.tree;
  const mask = tree.typeMask(types);
  const { typeOf, subtreeEnd } = tree.columns;
  for (let id = includeRoot ? root.id : root.id + 1, stop = subtreeEnd[root.id] as number; id < stop; ) {
    if (mask[typeOf[id] as number] === 1 && visit(tree.nodeAt(id)) === false) id = subtreeEnd[id] as number;
    else id += 1;
  }
}

/**
 * Builds a tree's columns from its nodes in preorder, as a cursor walk finds them (the copies
 * that move a cursor; the copy read from WASM memory writes its columns itself):
 * {@link add} each node, and bracket a node's children with {@link enter} and {@link leave}.
 * Ids past `size` (a walk that finds more nodes than the tree said it has) are counted but not
 * stored, and {@link finish} refuses a wrong count.
 */
export class ColumnWriter {
  private readonly size: number;
  private readonly tables: LanguageTables;
  private readonly columns: NodeColumns;
  private nextId = 0;
  private nextChild = 0;
  // Children collect on one scratch stack and move into `childIds` when their parent is left;
  // `open` holds the entered nodes, `firstPending` where each one's children start on `pending`.
  private readonly pending: number[] = [];
  private readonly firstPending: number[] = [];
  private readonly open: number[] = [];

  constructor(size: number, tables: LanguageTables) {
    this.size = size;
    this.tables = tables;
    this.columns = allocateColumns(size);
  }

  /** Records the next node as a child of the entered node (the first one is the root); its id. */
  add(typeId: number, startIndex: number, endIndex: number, fieldId: number, missing: boolean): number {
    const id = this.nextId++;
    const depth = this.open.length;
    if (id < this.size) {
      const parentId = depth === 0 ? -1 : (this.open[depth - 1] as number);
      const position = depth === 0 ? 0 : this.pending.length - (this.firstPending[depth - 1] as number);
      writeNode(this.columns, this.tables, id, typeId, startIndex, endIndex, fieldId, missing, parentId, position);
    }
    if (depth > 0) this.pending.push(id);
    return id;
  }

  /** The nodes added from now until the matching {@link leave} are children of `id`. */
  enter(id: number): void {
    this.open.push(id);
    this.firstPending.push(this.pending.length);
  }

  leave(): void {
    const { firstChild, childCount, subtreeEnd, childIds } = this.columns;
    const first = this.firstPending.pop() as number;
    const node = this.open.pop() as number;
    firstChild[node] = this.nextChild;
    childCount[node] = this.pending.length - first;
    subtreeEnd[node] = this.nextId;
    for (let i = first; i < this.pending.length; i++) childIds[this.nextChild++] = this.pending[i] as number;
    this.pending.length = first;
  }

  /** The tree, when exactly `size` nodes were added and every entered node was left. */
  finish(source: string): SyntaxTree | undefined {
    if (this.nextId !== this.size || this.open.length > 0) return undefined;
    return new SyntaxTree(source, this.columns, this.tables);
  }
}

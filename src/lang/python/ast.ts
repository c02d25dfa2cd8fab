import { NAMED } from '../syntax-tree.js';
import type { Node } from './parser.js';

/** Positional and keyword arguments of a call, as written. */
export interface CallArguments {
  readonly positional: readonly Node[];
  readonly keywords: ReadonlyMap<string, Node>;
  /** True when the call passes `*args` or `**kwargs`, so unseen arguments may exist. */
  readonly hasSplat: boolean;
}

// Shared by every call without positional or keyword arguments.
const NO_POSITIONAL: readonly Node[] = Object.freeze([]);
const NO_KEYWORDS: ReadonlyMap<string, Node> = new Map();

/**
 * The arguments of a `call` node. Worked out on every call rather than cached per call node:
 * cached, they (and the node objects in them) lived as long as the file's analysis, and the GC
 * copied them; quarter stdlib, promoted 66 -> 42 MB for the same CPU time spent here.
 */
export function callArguments(call: Node): CallArguments {
  let positional: Node[] | undefined;
  let keywords: Map<string, Node> | undefined;
  let hasSplat = false;
  const list = call.childForFieldName('arguments');
  if (list?.type === 'argument_list') {
    for (const arg of list.namedChildren) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) (keywords ??= new Map()).set(name.text, value);
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        hasSplat = true;
      } else if (arg.type !== 'comment') {
        (positional ??= []).push(arg);
      }
    }
  } else if (list) {
    // A bare generator argument: f(x for x in y)
    positional = [list];
  }
  return { positional: positional ?? NO_POSITIONAL, keywords: keywords ?? NO_KEYWORDS, hasSplat };
}

/**
 * The argument given by keyword `name`, else by `position` (0-based) when one is given: what
 * {@link callArguments} would say, without building the whole list. Rules ask this of every
 * call (`shell=` on any call marks a wrapper around a shell), and building the lists for those
 * questions was 7 % of what a review allocated.
 */
export function argument(call: Node, name: string, position?: number): Node | undefined {
  // By id: rules ask this of most calls, and a node object per argument looked at was most of
  // what it cost (see SyntaxTree.fieldChildAt).
  const tree = call.tree;
  const list = tree.fieldChildAt(call.id, tree.fieldId('arguments'));
  if (list < 0) return undefined;
  // A bare generator argument, f(x for x in y), is the only positional one.
  if (tree.typeAt(list) !== 'argument_list') return position === 0 ? tree.nodeAt(list) : undefined;
  const nameField = tree.fieldId('name');
  const valueField = tree.fieldId('value');
  const { firstChild, childCount, childIds, flags } = tree.columns;
  let keyword = -1;
  let positional = -1;
  let index = 0;
  for (let i = firstChild[list] as number, stop = i + (childCount[list] as number); i < stop; i++) {
    const arg = childIds[i] as number;
    if (((flags[arg] as number) & NAMED) === 0) continue;
    const type = tree.typeAt(arg);
    if (type === 'keyword_argument') {
      const value = tree.fieldChildAt(arg, valueField);
      const key = tree.fieldChildAt(arg, nameField);
      // The last of repeated keywords wins, as in callArguments.
      if (value >= 0 && key >= 0 && tree.textIs(key, name)) keyword = value;
    } else if (type !== 'list_splat' && type !== 'dictionary_splat' && type !== 'comment') {
      if (index === position) positional = arg;
      index += 1;
    }
  }
  const found = keyword >= 0 ? keyword : positional;
  return found >= 0 ? tree.nodeAt(found) : undefined;
}

/** True when a `string` node is an f-string with replacement fields (`f"{x}"`). Children by index: no child list. */
export function hasInterpolation(string: Node): boolean {
  for (let i = 0, count = string.childCount; i < count; i++) if (string.child(i)?.type === 'interpolation') return true;
  return false;
}

/** The last name of a dotted name: `system` for `os.system`, the name itself when it has no dot. */
export function lastSegment(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** `a.b.c` for identifier/attribute chains; undefined when the chain contains calls or subscripts. */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!object || !attr) return undefined;
    const base = dottedName(object);
    return base === undefined ? undefined : `${base}.${attr.text}`;
  }
  return undefined;
}

/** The last name of a call's target: `execute` for `db.cursor().execute(...)`. */
export function calleeLastName(call: Node): string | undefined {
  // By id, without node objects: the rule walk asks this of every call.
  const tree = call.tree;
  const fn = tree.fieldChildAt(call.id, tree.fieldId('function'));
  if (fn < 0) return undefined;
  const type = tree.typeAt(fn);
  if (type === 'identifier') return tree.textAt(fn);
  if (type !== 'attribute') return undefined;
  const attr = tree.fieldChildAt(fn, tree.fieldId('attribute'));
  return attr < 0 ? undefined : tree.textAt(attr);
}

/** The receiver of a method call: `cur` in `cur.execute(...)`. */
export function calleeObject(call: Node): Node | undefined {
  const tree = call.tree;
  const fn = tree.fieldChildAt(call.id, tree.fieldId('function'));
  if (fn < 0 || tree.typeAt(fn) !== 'attribute') return undefined;
  const object = tree.fieldChildAt(fn, tree.fieldId('object'));
  return object < 0 ? undefined : tree.nodeAt(object);
}

/** Removes redundant parentheses around an expression. */
export function unwrapParens(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/** The innermost function, lambda, class body or module that contains `node`. */
export function enclosingScope(node: Node): Node {
  let current: Node | null = node.parent;
  while (current) {
    if (SCOPE_TYPES.has(current.type)) return current;
    current = current.parent;
  }
  return node;
}

/** The innermost enclosing function definition, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  let current: Node | null = node.parent;
  while (current) {
    if (current.type === 'function_definition') return current;
    current = current.parent;
  }
  return undefined;
}

/** Children of a node without nulls (web-tree-sitter types them as nullable). */
export function namedChildrenOf(node: Node): readonly Node[] {
  return node.namedChildren;
}

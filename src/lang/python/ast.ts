import type { Node } from './parser.js';

/** Positional and keyword arguments of a call, as written. */
export interface CallArguments {
  readonly positional: readonly Node[];
  readonly keywords: ReadonlyMap<string, Node>;
  /** True when the call passes `*args` or `**kwargs`, so unseen arguments may exist. */
  readonly hasSplat: boolean;
}

/**
 * Facts about one call node that many rules ask for. Cached per tree (weakly, so a tree's
 * entries go with it) and per node id; an entry never changes once computed.
 */
interface CallFacts {
  arguments?: CallArguments;
  lastName?: string | null;
  object?: Node | null;
}

const callFacts = new WeakMap<object, Map<number, CallFacts>>();

function factsOf(call: Node): CallFacts {
  let perTree = callFacts.get(call.tree);
  if (!perTree) {
    perTree = new Map();
    callFacts.set(call.tree, perTree);
  }
  let facts = perTree.get(call.id);
  if (!facts) {
    facts = {};
    perTree.set(call.id, facts);
  }
  return facts;
}

/** The arguments of a `call` node. */
export function callArguments(call: Node): CallArguments {
  const facts = factsOf(call);
  facts.arguments ??= computeCallArguments(call);
  return facts.arguments;
}

// Shared by every call without positional or keyword arguments: these entries live as long as
// their tree, and a Map and an array per call were a tenth of what a file's analysis kept.
const NO_POSITIONAL: readonly Node[] = Object.freeze([]);
const NO_KEYWORDS: ReadonlyMap<string, Node> = new Map();

function computeCallArguments(call: Node): CallArguments {
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

/** The argument given by keyword `name`, else by `position` (0-based) when one is given. */
export function argument(call: Node, name: string, position?: number): Node | undefined {
  const args = callArguments(call);
  return args.keywords.get(name) ?? (position === undefined ? undefined : args.positional[position]);
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
  const facts = factsOf(call);
  if (facts.lastName === undefined) facts.lastName = computeCalleeLastName(call) ?? null;
  return facts.lastName ?? undefined;
}

function computeCalleeLastName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

/** The receiver of a method call: `cur` in `cur.execute(...)`. */
export function calleeObject(call: Node): Node | undefined {
  const facts = factsOf(call);
  if (facts.object === undefined) facts.object = computeCalleeObject(call) ?? null;
  return facts.object ?? undefined;
}

function computeCalleeObject(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
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

/** True for a string literal that contains `{…}` interpolations (an f-string with holes). */
export function isInterpolatedString(node: Node): boolean {
  return node.type === 'string' && node.namedChildren.some((c) => c?.type === 'interpolation');
}

/** Children of a node without nulls (web-tree-sitter types them as nullable). */
export function namedChildrenOf(node: Node): readonly Node[] {
  return node.namedChildren;
}

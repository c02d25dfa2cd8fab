import { enclosingScope, namedChildrenOf } from './ast.js';
import type { Node } from './parser.js';
import { forEachNodeOfType } from '../syntax-tree.js';

/** How a name got its value in one scope. */
type Binding =
  | { readonly kind: 'assign'; readonly value: Node }
  | { readonly kind: 'other' };

type ScopeBindings = ReadonlyMap<string, readonly Binding[]>;

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
const COMPREHENSIONS = new Set([
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);

/**
 * Answers "which single expression was assigned to this name?" using Python's scoping: a
 * function's own bindings, else the module's (class bodies are skipped, as Python does for
 * methods). Anything with more than one binding, or bound by a loop, `with`, augmented
 * assignment or unpacking, has no single value. Computed lazily per scope, per file.
 */
export class BindingIndex {
  private readonly scopes = new Map<number, ScopeBindings>();

  constructor(private readonly root: Node) {}

  /** The one expression bound to the identifier `name` as seen from `at`, if there is exactly one. */
  singleValue(name: string, at: Node): Node | undefined {
    const bindings = this.lookup(name, at);
    if (bindings?.length !== 1) return undefined;
    const [only] = bindings;
    return only?.kind === 'assign' ? only.value : undefined;
  }

  /** Every binding of `name` visible from `at` (in its defining scope), or undefined if unbound. */
  private readonly scopeOf = new Map<number, Node>();

  /** The enclosing scope of a node, memoised (walking parents creates many node objects). */
  private scopeFor(node: Node): Node {
    let scope = this.scopeOf.get(node.id);
    if (!scope) {
      scope = enclosingScope(node);
      this.scopeOf.set(node.id, scope);
    }
    return scope;
  }

  lookup(name: string, at: Node): readonly Binding[] | undefined {
    const own = this.scopeFor(at);
    let scope = own;
    for (;;) {
      if (scope.type !== 'class_definition' || scope.id === own.id) {
        const found = this.bindingsOf(scope).get(name);
        if (found) return found;
      }
      if (scope.type === 'module' || scope.id === this.root.id) return undefined;
      scope = this.scopeFor(scope);
    }
  }

  private bindingsOf(scope: Node): ScopeBindings {
    const cached = this.scopes.get(scope.id);
    if (cached) return cached;
    const map = new Map<string, Binding[]>();
    const add = (name: string, binding: Binding): void => {
      const list = map.get(name);
      if (list) list.push(binding);
      else map.set(name, [binding]);
    };
    if (scope.type === 'function_definition' || scope.type === 'lambda') {
      const params = scope.childForFieldName('parameters');
      if (params) for (const id of params.descendantsOfType('identifier')) if (id) add(id.text, { kind: 'other' });
    }
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    if (body) collectBindings(body, add);
    this.scopes.set(scope.id, map);
    return map;
  }
}

/** The node types whose bindings {@link collectBindings} records. */
const BINDING_NODES = [
  'assignment', 'named_expression', 'augmented_assignment', 'for_statement', 'for_in_clause', 'as_pattern', 'with_item',
  'except_clause', 'delete_statement', 'global_statement', 'nonlocal_statement', 'import_statement', 'import_from_statement',
];
const WALKED = [...NESTED_SCOPES, ...COMPREHENSIONS, ...BINDING_NODES];

/** Records the bindings under `scope` (not `scope` itself), leaving out nested scopes and comprehensions. */
function collectBindings(scope: Node, add: (name: string, b: Binding) => void): void {
  // A walk of the scope's subtree that stops only at the types above: the nodes in between get no
  // node objects, and this walk covers every node of the file once.
  forEachNodeOfType(
    scope,
    WALKED,
    (node) => {
      if (NESTED_SCOPES.has(node.type)) {
        // `def f` / `class C` bind their name here; their bodies are other scopes.
        const name = node.childForFieldName('name');
        if (name && node.type !== 'lambda') add(name.text, { kind: 'other' });
        return false;
      }
      if (COMPREHENSIONS.has(node.type)) return false;
      switch (node.type) {
        case 'assignment':
          addAssignment(node, add);
          break;
        case 'named_expression': {
          const name = node.childForFieldName('name');
          const value = node.childForFieldName('value');
          if (name && value) add(name.text, { kind: 'assign', value });
          break;
        }
        case 'import_statement':
        case 'import_from_statement':
          for (const target of importedNames(node)) add(target, { kind: 'other' });
          break;
        default:
          for (const target of targetsOf(node)) add(target, { kind: 'other' });
          break;
      }
      return true;
    },
    false,
  );
}

function addAssignment(node: Node, add: (name: string, b: Binding) => void): void {
  const left = node.childForFieldName('left');
  let value = node.childForFieldName('right');
  // Chained assignment `a = b = v`: the right side is another assignment.
  while (value?.type === 'assignment') value = value.childForFieldName('right');
  if (!left) return;
  if (left.type === 'identifier') {
    // An annotation without a value (`x: int`) binds nothing.
    if (value) add(left.text, { kind: 'assign', value });
    return;
  }
  for (const id of left.descendantsOfType('identifier')) {
    if (id && isBindingTarget(id, left)) add(id.text, { kind: 'other' });
  }
}

function targetsOf(node: Node): string[] {
  const left =
    node.childForFieldName('left') ??
    node.childForFieldName('alias') ??
    (node.type === 'except_clause' ? node.namedChildren.find((c) => c?.type === 'as_pattern') : null);
  if (node.type === 'global_statement' || node.type === 'nonlocal_statement' || node.type === 'delete_statement') {
    return namedChildrenOf(node).filter((c) => c.type === 'identifier').map((c) => c.text);
  }
  if (node.type === 'with_item') {
    const value = node.childForFieldName('value');
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : undefined;
    return alias ? alias.descendantsOfType('identifier').flatMap((i) => (i ? [i.text] : [])) : [];
  }
  if (!left) return [];
  return left.descendantsOfType('identifier').flatMap((id) => (id && isBindingTarget(id, left) ? [id.text] : []));
}

/** In `a.b = x` or `a[i] = x` only attribute/subscript contents change, not the name `a`. */
function isBindingTarget(id: Node, target: Node): boolean {
  let current: Node | null = id;
  while (current && current.id !== target.id) {
    const parent: Node | null = current.parent;
    if (parent && (parent.type === 'attribute' || parent.type === 'subscript')) return false;
    current = parent;
  }
  return true;
}

function importedNames(node: Node): string[] {
  const names: string[] = [];
  for (const item of node.childrenForFieldName('name')) {
    if (!item) continue;
    const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
    names.push((alias?.text ?? item.text).split('.')[0] ?? item.text);
  }
  return names;
}

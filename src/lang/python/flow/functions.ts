import { namedChildrenOf } from '../ast.js';
import { NAMED } from '../../syntax-tree.js';
import type { Node } from '../parser.js';

/** One parameter of a function. `position` is its index among positional parameters, or -1. */
export interface ParamInfo {
  readonly name: string;
  readonly position: number;
  readonly kind: 'positional' | 'keyword' | 'varargs' | 'kwargs';
  readonly default?: Node;
  readonly annotation?: Node;
}

/** A function or method defined in the file. */
export interface FunctionInfo {
  /** `f`, `Class.method`, `outer.<locals>.inner`. */
  readonly key: string;
  readonly name: string;
  /** How a flow names a call of it, when not by `name`: `ACTIONS["ping"]` for a dispatch table's lambda. */
  readonly label?: string;
  /** A `function_definition`, or the `lambda` of `name = lambda …: …` or of a dispatch table (see collectFunctions). */
  readonly node: Node;
  readonly params: readonly ParamInfo[];
  /** Key of the class when this is a method. */
  readonly classKey?: string;
  /** True for methods that receive `self`/`cls` as the first argument. */
  readonly boundFirstParam: boolean;
  /** Decorator expressions, outermost first. */
  readonly decorators: readonly Node[];
}

export interface ClassInfo {
  readonly key: string;
  readonly node: Node;
  readonly methods: ReadonlyMap<string, FunctionInfo>;
  /** Base class expressions as written. */
  readonly bases: readonly Node[];
}

export interface FileFunctions {
  readonly functions: ReadonlyMap<string, FunctionInfo>;
  readonly classes: ReadonlyMap<string, ClassInfo>;
  /** function_definition (or named lambda) node id → key. */
  readonly byNode: ReadonlyMap<number, string>;
}

/** Statements whose blocks may define functions and classes at the enclosing level. */
const HOLDS_DEFINITIONS: ReadonlySet<string> = new Set([
  'if_statement', 'try_statement', 'with_statement', 'block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'for_statement', 'while_statement',
]);

/** Collects every function, method and class of a module with stable keys. */
export function collectFunctions(root: Node): FileFunctions {
  const functions = new Map<string, FunctionInfo>();
  const classes = new Map<string, ClassInfo>();
  const byNode = new Map<number, string>();
  // Every function in the order it was found (a redefinition appears twice; the map keeps the last).
  const added: FunctionInfo[] = [];

  const tree = root.tree;
  const { firstChild, childCount, childIds, flags } = tree.columns;
  const leftField = tree.fieldId('left');
  const rightField = tree.fieldId('right');
  const keyField = tree.fieldId('key');
  // A pair's value and a subscript's container are both the `value` field.
  const valueField = tree.fieldId('value');
  const subscriptField = tree.fieldId('subscript');
  /** Collects a lambda as a function; `label` is how flows name calls of it, when not by `name`. */
  const addLambda = (lambda: number, key: string, name: string, label?: string): void => {
    const node = tree.nodeAt(lambda);
    const params = parametersOf(node.childForFieldName('parameters'));
    const info: FunctionInfo = { key, name, ...(label !== undefined ? { label } : {}), node, params, boundFirstParam: false, decorators: [] };
    functions.set(key, info);
    added.push(info);
    byNode.set(node.id, key);
  };
  /**
   * `name = lambda …: …` binds a function as surely as `def name(…)` does, and calls of `name`
   * run its body: it is collected like one (its body is the expression it returns). So are the
   * lambdas of a dispatch table, `NAME = {"key": lambda …: …}` or `NAME["key"] = lambda …: …`,
   * which calls take by key (`NAME["key"](…)`, `NAME[action](…)`, `NAME.get(action)(…)`): keyed
   * `NAME["key"]`, named `NAME` (the word their callers use). Lambdas passed as arguments are
   * left to the code around them. Read by id, since this looks at every expression statement at
   * the levels that hold definitions.
   */
  const addNamedLambdas = (statement: number, prefix: string): void => {
    if (childCount[statement] !== 1) return;
    const assignment = childIds[firstChild[statement] as number] as number;
    if (tree.typeAt(assignment) !== 'assignment') return;
    const left = tree.fieldChildAt(assignment, leftField);
    const right = tree.fieldChildAt(assignment, rightField);
    if (left < 0 || right < 0) return;
    const leftType = tree.typeAt(left);
    if (leftType === 'subscript' && tree.typeAt(right) === 'lambda') {
      // A table filled entry by entry: `ACTIONS["ping"] = lambda …`.
      const table = tree.fieldChildAt(left, valueField);
      const key = tree.fieldChildAt(left, subscriptField);
      if (table < 0 || key < 0 || tree.typeAt(table) !== 'identifier' || tree.typeAt(key) !== 'string') return;
      const tableName = tree.textAt(table);
      const label = `${tableName}[${tree.textAt(key)}]`;
      addLambda(right, prefix + label, tableName, label);
      return;
    }
    if (leftType !== 'identifier') return;
    const name = tree.textAt(left);
    const rightType = tree.typeAt(right);
    if (rightType === 'lambda') addLambda(right, prefix + name, name);
    if (rightType !== 'dictionary') return;
    const first = firstChild[right] as number;
    for (let i = first, stop = first + (childCount[right] as number); i < stop; i++) {
      const pair = childIds[i] as number;
      if (tree.typeAt(pair) !== 'pair') continue;
      const key = tree.fieldChildAt(pair, keyField);
      const value = tree.fieldChildAt(pair, valueField);
      if (key >= 0 && value >= 0 && tree.typeAt(key) === 'string' && tree.typeAt(value) === 'lambda') {
        const label = `${name}[${tree.textAt(key)}]`;
        addLambda(value, prefix + label, name, label);
      }
    }
  };
  const visit = (node: Node, prefix: string, classKey: string | undefined): void => {
    // Over the children by id, skipping tokens, leaves and every statement that is neither a
    // definition nor holds one: only those get node objects (this runs over every statement).
    const first = firstChild[node.id] as number;
    for (let i = first, stop = first + (childCount[node.id] as number); i < stop; i++) {
      const id = childIds[i] as number;
      if (((flags[id] as number) & NAMED) === 0 || childCount[id] === 0) continue;
      const type = tree.typeAt(id);
      if (type === 'expression_statement') {
        if (classKey === undefined) addNamedLambdas(id, prefix);
        continue;
      }
      if (type !== 'decorated_definition' && type !== 'function_definition' && type !== 'class_definition' && !HOLDS_DEFINITIONS.has(type)) continue;
      const child = tree.nodeAt(id);
      let definition = child;
      let decorators: Node[] = [];
      if (child.type === 'decorated_definition') {
        decorators = namedChildrenOf(child).filter((c) => c.type === 'decorator').flatMap((d) => d.namedChildren[0] ?? []);
        definition = child.childForFieldName('definition') ?? child;
      }
      if (definition.type === 'function_definition') {
        const name = definition.childForFieldName('name')?.text ?? '<anonymous>';
        const key = prefix + name;
        const isStatic = decorators.some((d) => d.text === 'staticmethod');
        const info: FunctionInfo = {
          key,
          name,
          node: definition,
          params: parametersOf(definition.childForFieldName('parameters')),
          ...(classKey ? { classKey } : {}),
          boundFirstParam: classKey !== undefined && !isStatic,
          decorators,
        };
        functions.set(key, info);
        added.push(info);
        byNode.set(definition.id, key);
        const body = definition.childForFieldName('body');
        if (body) visit(body, `${key}.<locals>.`, undefined);
      } else if (definition.type === 'class_definition') {
        const name = definition.childForFieldName('name')?.text ?? '<class>';
        const key = prefix + name;
        const body = definition.childForFieldName('body');
        // The class's methods are among the functions its body adds (in order, after `before`).
        const before = added.length;
        if (body) visit(body, `${key}.`, key);
        const methods = new Map<string, FunctionInfo>();
        for (let k = before; k < added.length; k++) {
          const fn = added[k] as FunctionInfo;
          if (fn.classKey === key && functions.get(fn.key) === fn) methods.set(fn.name, fn);
        }
        const supers = definition.childForFieldName('superclasses');
        classes.set(key, { key, node: definition, methods, bases: supers ? namedChildrenOf(supers).filter((b) => b.type !== 'keyword_argument') : [] });
      } else if (HOLDS_DEFINITIONS.has(child.type)) {
        // Definitions nested in if/try/with blocks at the same level.
        visit(child, prefix, classKey);
      }
    }
  };
  visit(root, '', undefined);
  return { functions, classes, byNode };
}

/** The parameters of a `parameters` (or `lambda_parameters`) node. */
export function parametersOf(params: Node | null): ParamInfo[] {
  const result: ParamInfo[] = [];
  let position = 0;
  let keywordOnly = false;
  for (const p of params ? namedChildrenOf(params) : []) {
    switch (p.type) {
      case 'identifier':
        result.push(keywordOnly ? { name: p.text, position: -1, kind: 'keyword' } : { name: p.text, position: position++, kind: 'positional' });
        break;
      case 'typed_parameter': {
        const id = p.namedChildren.find((c) => c?.type === 'identifier');
        const type = p.childForFieldName('type');
        const splat = p.namedChildren.find((c) => c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern');
        if (splat) {
          keywordOnly ||= splat.type === 'list_splat_pattern';
          result.push({ name: splat.namedChildren[0]?.text ?? '', position: -1, kind: splat.type === 'list_splat_pattern' ? 'varargs' : 'kwargs' });
        } else if (id) {
          const base = keywordOnly ? { name: id.text, position: -1, kind: 'keyword' as const } : { name: id.text, position: position++, kind: 'positional' as const };
          result.push(type ? { ...base, annotation: type } : base);
        }
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.childForFieldName('name')?.text ?? '';
        const value = p.childForFieldName('value');
        const type = p.childForFieldName('type');
        const base = keywordOnly ? { name, position: -1, kind: 'keyword' as const } : { name, position: position++, kind: 'positional' as const };
        result.push({ ...base, ...(value ? { default: value } : {}), ...(type ? { annotation: type } : {}) });
        break;
      }
      case 'list_splat_pattern':
        keywordOnly = true;
        result.push({ name: p.namedChildren[0]?.text ?? '', position: -1, kind: 'varargs' });
        break;
      case 'dictionary_splat_pattern':
        result.push({ name: p.namedChildren[0]?.text ?? '', position: -1, kind: 'kwargs' });
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
      default:
        break;
    }
  }
  return result;
}

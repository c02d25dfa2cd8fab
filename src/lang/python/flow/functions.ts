import { namedChildrenOf } from '../ast.js';
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
  /** function_definition node id → key. */
  readonly byNode: ReadonlyMap<number, string>;
}

/** Collects every function, method and class of a module with stable keys. */
export function collectFunctions(root: Node): FileFunctions {
  const functions = new Map<string, FunctionInfo>();
  const classes = new Map<string, ClassInfo>();
  const byNode = new Map<number, string>();
  // Every function in the order it was found (a redefinition appears twice; the map keeps the last).
  const added: FunctionInfo[] = [];

  const visit = (node: Node, prefix: string, classKey: string | undefined): void => {
    // Over all children, skipping tokens and leaves (by their count: asking for their children
    // would make node objects for every grandchild).
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (!child.isNamed || child.childCount === 0) continue;
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
      } else if (!['function_definition', 'class_definition', 'lambda'].includes(child.type)) {
        // Definitions nested in if/try/with blocks at the same level.
        if (['if_statement', 'try_statement', 'with_statement', 'block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'for_statement', 'while_statement'].includes(child.type)) {
          visit(child, prefix, classKey);
        }
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

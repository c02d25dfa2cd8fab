import { dottedName } from './ast.js';
import type { Node } from './parser.js';

/**
 * Import bindings of one file: local name → fully qualified name. Imports inside functions
 * and `try` blocks are included; a later binding of the same name replaces an earlier one
 * (good enough for the common `try: import x except ImportError: import y as x` idiom).
 */
export type ImportMap = ReadonlyMap<string, string>;

/** Builtins that rules look for; a file that rebinds one of them at module level shadows it. */
const BUILTINS = new Set([
  '__import__', 'abs', 'all', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray', 'bytes', 'callable', 'chr',
  'compile', 'complex', 'delattr', 'dict', 'dir', 'divmod', 'enumerate', 'eval', 'exec', 'exit', 'filter', 'float',
  'format', 'frozenset', 'getattr', 'globals', 'hasattr', 'hash', 'hex', 'id', 'input', 'int', 'isinstance',
  'issubclass', 'iter', 'len', 'list', 'locals', 'map', 'max', 'memoryview', 'min', 'next', 'oct', 'open', 'ord',
  'pow', 'print', 'quit', 'range', 'raw_input', 'repr', 'reversed', 'round', 'set', 'setattr', 'slice', 'sorted',
  'str', 'sum', 'tuple', 'type', 'vars', 'zip', 'unicode', 'long', 'execfile', 'reload',
]);

/** Collects the import bindings of a module from its import statements. */
export function collectImports(root: Node): ImportMap {
  const imports = new Map<string, string>();
  for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (stmt.type === 'import_statement') addPlainImport(stmt, imports);
    else if (stmt.type === 'import_from_statement') addFromImport(stmt, imports);
  }
  return imports;
}

function addPlainImport(stmt: Node, imports: Map<string, string>): void {
  for (const item of stmt.childrenForFieldName('name')) {
    if (!item) continue;
    if (item.type === 'aliased_import') {
      const module = item.childForFieldName('name')?.text;
      const alias = item.childForFieldName('alias')?.text;
      if (module && alias) imports.set(alias, module);
    } else {
      // `import os.path` binds `os`; attribute access then spells the rest.
      const root = item.text.split('.')[0];
      if (root) imports.set(root, root);
    }
  }
}

function addFromImport(stmt: Node, imports: Map<string, string>): void {
  const moduleNode = stmt.childForFieldName('module_name');
  if (!moduleNode) return;
  const module = moduleNode.text.replace(/\s+/g, '');
  const prefix = module.endsWith('.') ? module : `${module}.`;
  for (const item of stmt.childrenForFieldName('name')) {
    if (!item) continue;
    if (item.type === 'aliased_import') {
      const name = item.childForFieldName('name')?.text;
      const alias = item.childForFieldName('alias')?.text;
      if (name && alias) imports.set(alias, prefix + name);
    } else {
      imports.set(item.text, prefix + item.text);
    }
  }
}

/**
 * Names bound at module level by `def`, `class` or assignment, which shadow builtins. The
 * module scan (scan.ts) asks the same question as a tree-sitter query; keep the two in step.
 */
export function collectModuleBindings(root: Node): ReadonlySet<string> {
  const bound = new Set<string>();
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    if (stmt.type === 'function_definition' || stmt.type === 'class_definition') {
      const name = stmt.childForFieldName('name')?.text;
      if (name) bound.add(name);
    } else if (stmt.type === 'decorated_definition') {
      const name = stmt.childForFieldName('definition')?.childForFieldName('name')?.text;
      if (name) bound.add(name);
    } else if (stmt.type === 'expression_statement') {
      const expr = stmt.namedChildren[0];
      const left = expr?.type === 'assignment' ? expr.childForFieldName('left') : undefined;
      if (left?.type === 'identifier') bound.add(left.text);
    }
  }
  return bound;
}

/** Resolves identifier/attribute chains to qualified names through imports and builtins. */
export class NameResolver {
  constructor(
    /** Local name → qualified name, for every import in the file. */
    readonly imports: ImportMap,
    private readonly moduleBindings: ReadonlySet<string>,
  ) {}

  /**
   * `subprocess.Popen` for `sp.Popen` after `import subprocess as sp`; `eval` for the builtin;
   * undefined when the root name is neither imported nor a builtin (a local variable).
   */
  // Per-file memo by node id: every call-visiting rule asks for the same names.
  private readonly memo = new Map<number, string | undefined>();

  resolve(node: Node): string | undefined {
    const id = node.id;
    if (this.memo.has(id)) return this.memo.get(id);
    const resolved = this.resolveUncached(node);
    this.memo.set(id, resolved);
    return resolved;
  }

  private resolveUncached(node: Node): string | undefined {
    const dotted = dottedName(node);
    return dotted === undefined ? undefined : this.resolveDotted(dotted);
  }

  /** Resolves a dotted name as spelled in the file (`sp.Popen`) through imports and builtins. */
  resolveDotted(dotted: string): string | undefined {
    const dot = dotted.indexOf('.');
    const root = dot === -1 ? dotted : dotted.slice(0, dot);
    const rest = dot === -1 ? '' : dotted.slice(dot);
    const target = this.imports.get(root);
    if (target !== undefined) return target + rest;
    if (this.isBuiltin(root)) return dotted;
    return undefined;
  }

  /** Whether a dotted name starting with `root` resolves at all: an imported name or a builtin. */
  resolvesRoot(root: string): boolean {
    return this.imports.has(root) || this.isBuiltin(root);
  }

  /** A builtin that no module-level binding of the file shadows. */
  private isBuiltin(name: string): boolean {
    return BUILTINS.has(name) && !this.moduleBindings.has(name);
  }

  /** The qualified name of a call's target, when it resolves. */
  private readonly callMemo = new Map<number, string | undefined>();
  // The rule walk hands each call to some forty rules in a row, and each asks for its name: the
  // last answer is kept outside the map (ids are never negative).
  private lastCallId = -1;
  private lastCallName: string | undefined;

  resolveCall(call: Node): string | undefined {
    const id = call.id;
    if (id === this.lastCallId) return this.lastCallName;
    let resolved: string | undefined;
    if (this.callMemo.has(id)) resolved = this.callMemo.get(id);
    else {
      const fn = call.childForFieldName('function');
      resolved = fn ? this.resolve(fn) : undefined;
      this.callMemo.set(id, resolved);
    }
    this.lastCallId = id;
    this.lastCallName = resolved;
    return resolved;
  }

  /** True when `module` (or a submodule of it) is imported anywhere in the file. */
  importsModule(module: string): boolean {
    for (const target of this.imports.values()) {
      if (target === module || target.startsWith(`${module}.`)) return true;
    }
    return false;
  }
}

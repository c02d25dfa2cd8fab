import { Query } from 'web-tree-sitter';
import type { Parser, Node as WasmNode } from 'web-tree-sitter';
import type { ModuleScan, SourceFile } from '../../core/language.js';
import { mirrorSubtree } from '../syntax-tree.js';
import { dottedName } from './ast.js';
import { absolutize } from './flow/project.js';
import { NameResolver, importBindings } from './names.js';

/**
 * What the scan needs from a file, as one tree-sitter query: import statements, the callees
 * of calls, and the names module-level code binds (they shadow builtins). The query runs
 * inside tree-sitter, so the scan skips copying the whole tree into JS (see syntax-tree.ts),
 * which costs more than the parse itself; the analysis phase parses the file again anyway.
 */
const SCAN_QUERY = `
(import_statement) @import
(import_from_statement) @import
(call function: [(identifier) (attribute)] @callee)
(module (function_definition name: (identifier) @bound))
(module (class_definition name: (identifier) @bound))
(module (decorated_definition definition: [(function_definition name: (identifier) @bound) (class_definition name: (identifier) @bound)]))
(module (expression_statement . (assignment left: (identifier) @bound)))
`;

// `a.b.c` with optional spaces around the dots: the callee text of most calls. Anything else
// (comments, line continuations, calls or subscripts in the chain) takes the exact path.
const PLAIN_DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:[ \t]*\.[ \t]*[\p{L}_][\p{L}\p{N}_]*)*$/u;

export interface ModuleScanner {
  /** Imported modules and the imported functions a module calls, as absolute names. */
  scan(file: SourceFile, moduleName: string): ModuleScan;
}

export function createModuleScanner(parser: Parser): ModuleScanner {
  const language = parser.language;
  if (!language) throw new Error('the scanner needs a parser with a language');
  const query = new Query(language, SCAN_QUERY);
  return {
    scan(file, moduleName) {
      const tree = parser.parse(file.text);
      if (!tree) return { calls: [], imports: [] };
      try {
        return scanCaptures(query.captures(tree.rootNode), file, moduleName);
      } finally {
        tree.delete();
      }
    },
  };
}

function scanCaptures(captures: readonly { name: string; node: WasmNode }[], file: SourceFile, moduleName: string): ModuleScan {
  const isPackage = /(^|\/)__init__\.pyw?$/.test(file.path);
  const statements = [];
  const bound = new Set<string>();
  const callees: string[] = [];
  for (const { name, node } of captures) {
    if (name === 'import') statements.push(mirrorSubtree(node, file.text).rootNode);
    else if (name === 'bound') bound.add(node.text);
    else {
      const text = node.text;
      const dotted = PLAIN_DOTTED.test(text) ? text.replace(/[ \t]+/g, '') : dottedName(mirrorSubtree(node, file.text).rootNode);
      if (dotted !== undefined) callees.push(dotted);
    }
  }
  const imports = importBindings(statements);
  const resolver = new NameResolver(imports, bound);
  const calls = new Set<string>();
  for (const callee of callees) {
    const resolved = resolver.resolveDotted(callee);
    if (resolved !== undefined && resolved.includes('.')) calls.add(absolutize(resolved, moduleName, isPackage));
  }
  const modules = new Set<string>();
  for (const target of imports.values()) modules.add(absolutize(target, moduleName, isPackage));
  return { calls: [...calls], imports: [...modules] };
}

import type { SourceFile } from '../../core/language.js';
import { ConstantEvaluator } from './constants.js';
import { analyzeFlow } from './flow/engine.js';
import type { FlowFacts } from './flow/engine.js';
import { analyzeMemory } from './flow/memory.js';
import type { MemoryFacts } from './flow/memory.js';
import type { Dialect, Node, Tree } from './parser.js';
import { SymbolTable } from './symbols.js';

/**
 * Everything known about one parsed C/C++ file that rules share: declarations, constants and,
 * on first use, the value/taint analysis and the pointer-state analysis. Rules only read it.
 */
export interface CppFileFacts {
  readonly file: SourceFile;
  readonly dialect: Dialect;
  readonly tree: Tree;
  readonly root: Node;
  /** Source lines without terminators (index 0 = line 1). */
  readonly lines: readonly string[];
  readonly symbols: SymbolTable;
  readonly constants: ConstantEvaluator;
  readonly flow: () => FlowFacts;
  readonly memory: () => MemoryFacts;
}

/** Builds the shared facts for a parsed file. */
export function buildCppFacts(file: SourceFile, tree: Tree, dialect: Dialect): CppFileFacts {
  const root = tree.rootNode;
  const symbols = new SymbolTable(root);
  const constants = new ConstantEvaluator(root, symbols);
  let flow: FlowFacts | undefined;
  let memory: MemoryFacts | undefined;
  // Split on first use (findings' snippets): see the Python facts.
  let lines: readonly string[] | undefined;
  return {
    file,
    dialect,
    tree,
    root,
    get lines() {
      return (lines ??= file.text.split(/\r\n|\r|\n/));
    },
    symbols,
    constants,
    flow: () => (flow ??= analyzeFlow({ root, symbols, constants })),
    memory: () => (memory ??= analyzeMemory(root)),
  };
}

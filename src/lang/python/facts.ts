import { BindingIndex } from './bindings.js';
import { ConstantEvaluator } from './constants.js';
import { NameResolver, collectImports, collectModuleBindings } from './names.js';
import type { Node, Tree } from './parser.js';
import type { SourceFile } from '../../core/language.js';
import { analyzeTaint } from './flow/engine.js';
import type { TaintProject, TaintResult } from './flow/engine.js';

/**
 * Everything known about one parsed file that rules share: resolved names, bindings and
 * constants. Built once per file; rules only read it.
 */
export interface PythonFileFacts {
  readonly file: SourceFile;
  readonly tree: Tree;
  readonly root: Node;
  /** Source lines without terminators (index 0 = line 1). */
  readonly lines: readonly string[];
  readonly names: NameResolver;
  readonly bindings: BindingIndex;
  readonly constants: ConstantEvaluator;
  /** Dataflow facts, computed on first use (only files with a sink candidate pay for it). */
  readonly taint: () => TaintResult;
  /**
   * Per-file memo for derived facts rules share (`origin:<node id>`, `django-settings`):
   * computed once per file, never shared between files.
   */
  readonly memo: <T>(key: string, compute: () => T) => T;
}

/** Builds the shared facts for a parsed file. */
export function buildFileFacts(file: SourceFile, tree: Tree, project?: TaintProject): PythonFileFacts {
  const root = tree.rootNode;
  const bindings = new BindingIndex(root);
  let taint: TaintResult | undefined;
  // A failure is remembered: every taint rule asks, and re-running a failing engine is costly.
  let taintFailure: { readonly error: unknown } | undefined;
  const memoStore = new Map<string, unknown>();
  // Split on first use: only files with findings (snippets) or bidi characters need the lines,
  // and every file's lines would otherwise stay alive, one string each, for its whole analysis.
  let lines: readonly string[] | undefined;
  const facts: PythonFileFacts = {
    file,
    tree,
    root,
    get lines() {
      return (lines ??= file.text.split(/\r\n|\r|\n/));
    },
    names: new NameResolver(collectImports(root), collectModuleBindings(root)),
    bindings,
    constants: new ConstantEvaluator(bindings),
    taint: () => {
      if (taintFailure) throw taintFailure.error;
      try {
        return (taint ??= analyzeTaint(facts, project));
      } catch (error) {
        taintFailure = { error };
        throw error;
      }
    },
    memo: <T>(key: string, compute: () => T): T => {
      if (memoStore.has(key)) return memoStore.get(key) as T;
      const value = compute();
      memoStore.set(key, value);
      return value;
    },
  };
  return facts;
}

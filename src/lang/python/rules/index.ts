// The Python rule pack: a flat, sorted list of imports (no directory scan), one rule per file.
import type { PythonRule } from '../rule.js';
import { rule as codeEvalDynamic } from './code-eval-dynamic.js';
import { rule as osCommandShell } from './os-command-shell.js';

/** Every Python rule, sorted by id. */
export const pythonRules: readonly PythonRule[] = [
  codeEvalDynamic,
  osCommandShell,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

import type { LanguageFrontend } from '../../core/language.js';
import { createPythonAnalyzer } from './analyze.js';
import { moduleNameOf } from './flow/project.js';
import { pythonRules } from './rules/index.js';

/** The Python front-end: tree-sitter parsing, name resolution and the Python rule pack. */
export const pythonFrontend: LanguageFrontend = {
  id: 'python',
  displayName: 'Python',
  extensions: ['.py', '.pyw'],
  shebang: /^#!.*\bpython[0-9.]*\b/,
  rules: pythonRules.map((r) => r.meta),
  createAnalyzer: () => createPythonAnalyzer(pythonRules),
  moduleNameOf: moduleNameOf,
};

import type { CodeContext } from '../core/finding.js';

const TEST_DIRS = new Set(['test', 'tests', 'testing', 'unittests', 'functional_tests', 'unit_tests']);
const EXAMPLE_DIRS = new Set(['example', 'examples', 'docs', 'doc', 'samples', 'sample', 'demo', 'demos']);

/**
 * Classifies a file by its path relative to the review root, following pytest and unittest
 * naming conventions. Relative paths matter: reviewing `examples/` itself makes its files the
 * code under review, not examples of something else.
 */
export function classifyContext(relativePath: string): CodeContext {
  const parts = relativePath.split('/').filter((p) => p !== '' && p !== '.');
  const base = (parts.at(-1) ?? '').toLowerCase();
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());
  if (
    dirs.some((d) => TEST_DIRS.has(d)) ||
    /^test_.*\.py$/.test(base) ||
    /_tests?\.py$/.test(base) ||
    base === 'conftest.py'
  ) {
    return 'test';
  }
  if (dirs.some((d) => EXAMPLE_DIRS.has(d))) return 'example';
  return 'production';
}

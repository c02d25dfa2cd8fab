import { relative, sep } from 'node:path';
import ignore from 'ignore';

/** Tests an absolute file path against a pattern list. */
export type PathMatcher = (absolutePath: string) => boolean;

/**
 * A matcher for `.gitignore`-syntax patterns relative to `baseDir` (`tests/`, `*_pb2.py`,
 * `src/**\/legacy/`): the syntax Python projects already write for git, and the one Ruff's
 * `exclude` resembles. A file outside `baseDir` never matches.
 */
export function pathMatcher(patterns: readonly string[], baseDir: string): PathMatcher {
  const rules = ignore().add([...patterns]);
  return (absolutePath) => {
    const rel = relative(baseDir, absolutePath);
    if (rel === '' || rel.startsWith('..') || /^[A-Za-z]:/.test(rel) || rel.startsWith(sep)) return false;
    return rules.ignores(sep === '/' ? rel : rel.split(sep).join('/'));
  };
}

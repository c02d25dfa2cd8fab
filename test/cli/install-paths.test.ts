import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installPaths } from '../../src/core/install-paths.js';

const root = mkdtempSync(join(tmpdir(), 'secreview-install-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A file at `relative` under a fake package directory `name` (with a package.json when asked). */
function fileIn(name: string, relative: string, withPackageJson = true): string {
  const pkg = join(root, name);
  const path = join(pkg, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  if (withPackageJson) writeFileSync(join(pkg, 'package.json'), '{}');
  return pathToFileURL(path).href;
}

describe('install paths', () => {
  it('finds the package and code tree from a module at any depth and from a bundle', () => {
    const expected = { packageDir: join(root, 'a'), codeDir: join(root, 'a', 'dist') };
    expect(installPaths(fileIn('a', 'dist/review/llm/templates.js'))).toEqual(expected);
    expect(installPaths(fileIn('a', 'dist/cli/bundle/chunk-X.js'))).toEqual(expected);
    expect(installPaths(fileIn('a', 'dist/review/executor/worker.bundle.js'))).toEqual(expected);
  });

  it('tells the TypeScript sources (the tests) from the build', () => {
    expect(installPaths(fileIn('b', 'src/review/llm/templates.ts'))).toEqual({ packageDir: join(root, 'b'), codeDir: join(root, 'b', 'src') });
  });

  it('needs the package.json beside the code tree, and says what is missing otherwise', () => {
    // A `dist` folder of some other layout (no package.json beside it) is not ours.
    expect(() => installPaths(fileIn('c', 'dist/cli/main.js', false))).toThrow(/no dist\/ or src\/ folder beside a package\.json/);
  });
});

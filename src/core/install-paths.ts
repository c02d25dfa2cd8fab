import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where secreview's own files are: the package directory (package.json, schemas/) and the code
 * tree that is running, `dist/` once built or `src/` under the tests (prompt templates, the
 * worker bundle).
 *
 * Why not paths relative to each module: the CLI and the worker threads run as bundles, one
 * file each in dist/, where every module bundled in shares the bundle's location. Walking up to
 * the code tree's root gives the same answer from a module file and from a bundle.
 */
export interface InstallPaths {
  readonly packageDir: string;
  readonly codeDir: string;
}

const CODE_TREES = new Set(['dist', 'src']);

/** The install paths seen from the module (or bundle) at `moduleUrl`, normally `import.meta.url`. */
export function installPaths(moduleUrl: string): InstallPaths {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (CODE_TREES.has(basename(dir)) && existsSync(join(dirname(dir), 'package.json'))) return { packageDir: dirname(dir), codeDir: dir };
    if (dirname(dir) === dir) throw new Error(`secreview's files were not found above ${start}: no dist/ or src/ folder beside a package.json`);
  }
}

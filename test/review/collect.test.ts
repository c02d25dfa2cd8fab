// Which files a directory review takes: each real file once, however many links lead to it.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { collectFiles } from '../../src/review/collect.js';

describe('collectFiles', () => {
  it('takes a file once whether it is reached directly, through a linked directory or a linked file', () => {
    const base = mkdtempSync(join(tmpdir(), 'secreview-collect-'));
    const root = join(base, 'project');
    mkdirSync(join(root, 'pkg', 'sub'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'm.py'), 'x = 1\n');
    writeFileSync(join(root, 'pkg', 'sub', 'n.py'), 'y = 2\n');
    writeFileSync(join(root, 'top.py'), 'z = 3\n');
    symlinkSync(join(root, 'pkg'), join(root, 'alias'));
    symlinkSync(join(root, 'pkg', 'm.py'), join(root, 'link.py'));
    // The root itself named through a link: the real paths still match.
    symlinkSync(root, join(base, 'via-link'));
    const { files, errors } = collectFiles(['via-link'], { cwd: base, frontends: [pythonFrontend], respectGitignore: true });
    expect(errors).toEqual([]);
    const real = files.map((f) => realpathSync(f.absolutePath)).sort();
    expect(real).toEqual([join(root, 'pkg', 'm.py'), join(root, 'pkg', 'sub', 'n.py'), join(root, 'top.py')].map((p) => realpathSync(p)).sort());
    // The first path in walk order wins: `alias` sorts before `pkg`.
    expect(files.map((f) => f.displayPath).sort()).toEqual(['via-link/alias/m.py', 'via-link/alias/sub/n.py', 'via-link/top.py']);
  });
});

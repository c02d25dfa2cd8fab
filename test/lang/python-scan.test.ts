import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModuleScan } from '../../src/core/language.js';
import { absolutize } from '../../src/lang/python/flow/project.js';
import { NameResolver, collectImports, collectModuleBindings } from '../../src/lang/python/names.js';
import { createPythonParser } from '../../src/lang/python/parser.js';
import { scanModule } from '../../src/lang/python/scan.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'python');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The scan computed the slow, obvious way: the whole tree in JS and the analyzer's own name resolution. */
async function referenceScan(text: string, moduleName: string, isPackage: boolean): Promise<ModuleScan> {
  const tree = (await createPythonParser()).parse(text);
  if (!tree) throw new Error('parse failed');
  const root = tree.rootNode;
  const imports = collectImports(root);
  const resolver = new NameResolver(imports, collectModuleBindings(root));
  const calls = new Set<string>();
  for (const call of root.descendantsOfType('call')) {
    const name = resolver.resolveCall(call);
    if (name !== undefined && name.includes('.')) calls.add(absolutize(name, moduleName, isPackage));
  }
  return { calls: [...calls].sort(), imports: [...new Set([...imports.values()].map((t) => absolutize(t, moduleName, isPackage)))].sort() };
}

function scan(text: string, path = 'pkg/mod.py', moduleName = 'pkg.mod'): ModuleScan {
  const result = scanModule({ path, text, context: 'production' }, moduleName);
  return { calls: [...result.calls].sort(), imports: [...result.imports].sort() };
}

describe('Python module scan (tokens)', () => {
  it('resolves imported calls, relative imports, aliases and builtins', () => {
    const text = [
      'import subprocess as sp, os.path',
      'from . import helpers',
      'from ..util import quote as q',
      'def run(cmd):',
      '    from shlex import split',
      '    sp.Popen(split(cmd))',
      '    os . path . join("a", "b")',
      '    helpers.clean(q(cmd))',
      '    str.join(",", [])',
      '    local.call()',
      '@sp.check_call  # a decorator call without arguments is not a call',
      'def g(): pass',
    ].join('\n');
    expect(scan(text)).toEqual({
      calls: ['os.path.join', 'pkg.helpers.clean', 'shlex.split', 'str.join', 'subprocess.Popen', 'util.quote'].sort(),
      imports: ['os', 'pkg.helpers', 'shlex.split', 'subprocess', 'util.quote'].sort(),
    });
  });

  it('handles callees that are not plain dotted text (comments, continuations) like the analyzer', async () => {
    const text = 'import os\nos.path.join(  # comment\n "a")\n(os\n  # c\n  .getcwd)()\nos.\\\n  system("x")\n';
    expect(scan(text)).toEqual(await referenceScan(text, 'pkg.mod', false));
  });

  it('reads f-string fields, match statements, semicolons and one-line bodies like the parser', async () => {
    const text = [
      'import os, shlex',
      'x = f"{os.getcwd()!r:>{shlex.quote(\'w\')}} {{os.system()}}"',
      "y = rb'{os.bad()}' + '''",
      'os.bad2()',
      "'''  # os.bad3()",
      'match x:',
      '    case os.stat_result():',
      '        os.remove(x)',
      'try: from subprocess import run',
      'except ImportError: run = None',
      'if x: import json; str = 1',
      'def case(): pass',
      'case(os.listdir())',
      'lambda: os.urandom(1)',
      'value = os.path \\',
      '    .join("a")',
    ].join('\n');
    const expected = scan(text);
    expect(expected).toEqual(await referenceScan(text, 'pkg.mod', false));
    expect(expected.calls).toEqual(['os.getcwd', 'os.listdir', 'os.path.join', 'os.remove', 'os.urandom', 'shlex.quote']);
  });

  it('does not treat a builtin the module rebinds as the builtin', () => {
    const text = 'def open(path): return path\nopen.__doc__\nstr = None\nstr.join(",", [])\nint.from_bytes(b"", "big")\n';
    expect(scan(text)).toEqual({ calls: ['int.from_bytes'], imports: [] });
  });

  it('agrees with the whole-tree computation on every Python fixture', async () => {
    const files = listFiles(FIXTURES).filter((f) => f.endsWith('.py'));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const isPackage = file.endsWith('__init__.py');
      expect(scan(text, isPackage ? 'pkg/sub/__init__.py' : 'pkg/sub/mod.py', isPackage ? 'pkg.sub' : 'pkg.sub.mod'), file).toEqual(
        await referenceScan(text, isPackage ? 'pkg.sub' : 'pkg.sub.mod', isPackage),
      );
    }
  });
});

describe('Python module scan on hostile input', () => {
  it('reads thousands of nested f-string fields without exhausting the stack', () => {
    const text = `import os\nos.getcwd()\nx = ${"f'{".repeat(50_000)}\ny = f"{x:${'{x:'.repeat(50_000)}"\n`;
    expect(scanModule({ path: 'deep.py', text, context: 'production' }, 'deep').calls).toContain('os.getcwd');
  });
});

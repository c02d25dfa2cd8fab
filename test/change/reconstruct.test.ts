import { describe, expect, it } from 'vitest';
import { reconstructSource } from '../../src/review/change/reconstruct.js';
import { pythonFrontend } from '../../src/lang/python/index.js';

/** Known post-change lines as a map, from a first line number and the lines that follow. */
function known(...runs: [number, string[]][]): Map<number, string> {
  return new Map(runs.flatMap(([start, lines]) => lines.map((text, i) => [start + i, text] as const)));
}

describe('reconstructSource', () => {
  it('keeps every known line at its real line number', () => {
    const text = reconstructSource(known([3, ['x = 1', 'y = 2']], [9, ['z = 3']]), 'python');
    const lines = text.split('\n');
    expect([lines[2], lines[3], lines[8]]).toEqual(['x = 1', 'y = 2', 'z = 3']);
    expect(lines.length).toBe(10);
  });

  it('introduces the indentation of a hunk that starts inside a method, so it parses and is analysed', async () => {
    const hunk = [
      '        cmd = "ping " + host',
      '        os.system(cmd)',
      '    def other(self):',
      '        return 1',
    ];
    const text = reconstructSource(known([40, hunk]), 'python');
    const lines = text.split('\n');
    // Openers for indentation 0 and 4 sit right above the hunk; `os` is assumed imported at the top.
    expect(lines.slice(37, 39)).toEqual(['if True:', '    if True:']);
    expect(lines[0]).toBe('import os');
    const analyzer = await pythonFrontend.createAnalyzer();
    const analysis = analyzer.analyze({ path: 'svc.py', text, context: 'production' });
    expect(analysis.errors.filter((e) => e.kind === 'parse')).toEqual([]);
  });

  it('does not assume an import the patch shows, or a name the hunk binds itself', () => {
    const text = reconstructSource(known([5, ['import os as o', 'yaml = load_config()', 'yaml.thing()', 'o.system("x")', 'subprocess.run(["ls"])']]), 'python');
    expect(text.split('\n').slice(0, 4).filter((l) => l.startsWith('import'))).toEqual(['import subprocess']);
  });

  it('gives a block left open between hunks a body', () => {
    const text = reconstructSource(known([1, ['def f():', '    if ready:']], [6, ['def g():', '    pass']]), 'python');
    expect(text.split('\n').slice(2, 5)).toContain('        pass');
  });
});

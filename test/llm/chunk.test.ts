import { describe, expect, it } from 'vitest';
import { chunkFile, estimateTokens } from '../../src/review/llm/chunk.js';
import type { Chunk } from '../../src/review/llm/chunk.js';
import { renderListing } from '../../src/review/llm/prompt.js';

/** A module with imports and `count` functions of about 12 lines each. */
function module(count: number): string {
  const lines = ['import os', 'import subprocess', 'from flask import request', ''];
  for (let i = 0; i < count; i += 1) {
    lines.push(`def handler_${i}(value):`, `    """Handle case ${i}."""`);
    for (let j = 0; j < 9; j += 1) lines.push(`    value = value.replace("${j}", "${j}${j}")  # step ${j} of handler ${i}`);
    lines.push('    return value', '');
  }
  return lines.join('\n') + '\n';
}

const body = (c: Chunk): number[] => c.lines.filter((l) => !l.context).map((l) => l.number);
const tokensOf = (c: Chunk): number => estimateTokens(c.lines.filter((l) => !l.context).map((l) => l.text).join('\n'));

describe('chunking', () => {
  it('keeps a file that fits as one chunk with every line numbered', () => {
    const text = 'import os\n\ndef f(x):\n    os.system(x)\n';
    const chunks = chunkFile({ path: 'a.py', text, context: 'production' }, 3000);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ wholeFile: true, change: false, index: 1, total: 1 });
    expect(renderListing(chunks[0]!)).toBe('1 | import os\n2 | \n3 | def f(x):\n4 |     os.system(x)');
  });

  it('cuts a large file at function boundaries within the budget, and repeats the imports as context', () => {
    const text = module(12);
    const chunks = chunkFile({ path: 'big.py', text, context: 'production' }, 400);
    expect(chunks.length).toBeGreaterThan(2);
    const lines = text.split('\n');
    for (const c of chunks) {
      expect(tokensOf(c)).toBeLessThanOrEqual(400);
      // Each chunk starts at a function (or at the top of the file) and ends before the next one.
      const first = body(c)[0] ?? 0;
      expect(first === 1 || lines[first - 1]?.startsWith('def ')).toBe(true);
      if (c.index > 1) expect(c.lines.filter((l) => l.context).map((l) => l.text)).toEqual(['import os', 'import subprocess', 'from flask import request']);
    }
    // Together the chunks cover every line exactly once.
    const covered = chunks.flatMap(body);
    expect(new Set(covered).size).toBe(covered.length);
    expect(covered.length).toBe(lines.length - 1);
    expect(chunks.map((c) => c.total)).toEqual(chunks.map(() => chunks.length));
  });

  it('splits a class that is too large at its methods and shows the class header as context', () => {
    const methods = Array.from({ length: 8 }, (_, i) => [`    def m${i}(self, v):`, ...Array.from({ length: 8 }, (_, j) => `        v = v * ${j + 2} + ${i}  # arithmetic step ${j}`), '        return v', '']).flat();
    const text = ['import math', '', 'class Calculator:', '    """Math."""', '', ...methods].join('\n') + '\n';
    const chunks = chunkFile({ path: 'calc.py', text, context: 'production' }, 250);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(1)) {
      expect(c.lines.filter((l) => l.context).map((l) => l.text)).toContain('class Calculator:');
      expect(tokensOf(c)).toBeLessThanOrEqual(250);
    }
  });

  it('in a change, sends a large file only where it changed, with the changed lines marked', () => {
    const text = module(12);
    const target = text.split('\n').findIndex((l) => l.startsWith('def handler_7')) + 3;
    const chunks = chunkFile({ path: 'big.py', text, context: 'production', changedLines: new Set([target]) }, 400);
    expect(chunks).toHaveLength(1);
    const [c] = chunks;
    expect(c?.change).toBe(true);
    expect(c?.lines.filter((l) => l.changed).map((l) => l.number)).toEqual([target]);
    expect(c?.lines.some((l) => l.text.startsWith('def handler_7'))).toBe(true);
    expect(c?.lines.some((l) => l.text.startsWith('def handler_2'))).toBe(false);
    expect(renderListing(c!)).toContain(`${target}+|`);
  });

  it('sends nothing for a file whose changed lines are all outside it, and splits a long flat script into windows', () => {
    expect(chunkFile({ path: 'a.py', text: 'x = 1\n', context: 'production', changedLines: new Set([5]) }, 100)).toEqual([]);
    const script = Array.from({ length: 200 }, (_, i) => `print("line number ${i} of a flat script")`).join('\n');
    const chunks = chunkFile({ path: 's.py', text: script, context: 'production' }, 300);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(tokensOf(c)).toBeLessThanOrEqual(300);
  });
});

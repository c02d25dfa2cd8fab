import { describe, expect, it } from 'vitest';
import { buildCfg } from '../../src/lang/python/flow/cfg.js';
import type { Cfg } from '../../src/lang/python/flow/cfg.js';
import { createPythonParser } from '../../src/lang/python/parser.js';

const parser = await createPythonParser();

function cfgOf(text: string): Cfg {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  return buildCfg(tree.rootNode);
}

/** The rank of the block holding the statement whose text starts with `prefix`. */
function rankOf(cfg: Cfg, prefix: string): number {
  const block = cfg.blocks.find((b) => b.instructions.some((i) => i.kind === 'stmt' && i.node.text.startsWith(prefix)));
  if (!block) throw new Error(`no block with ${prefix}`);
  return cfg.rank[block.id] as number;
}

describe('CFG ranks (reverse postorder)', () => {
  it('puts a loop body before the code after the loop, and every block after its dominators', () => {
    const cfg = cfgOf('a = 1\nwhile a < 10:\n    a = a + 1\n    b = a\nc = a\n');
    expect(cfg.rank[cfg.entry]).toBe(0);
    expect(rankOf(cfg, 'a = 1')).toBeLessThan(rankOf(cfg, 'a = a + 1'));
    expect(rankOf(cfg, 'a = a + 1')).toBeLessThan(rankOf(cfg, 'c = a'));
    // Every block reachable from the entry has a distinct rank below the block count.
    const reachable = [...cfg.rank].filter((r) => r < cfg.blocks.length);
    expect(new Set(reachable).size).toBe(reachable.length);
  });

  it('ranks blocks the entry cannot reach last', () => {
    const cfg = cfgOf('def f():\n    return 1\n    x = 2\n');
    const body = cfgOf('return 1\nx = 2\n');
    expect(rankOf(body, 'x = 2')).toBe(body.blocks.length);
    expect(cfg.rank[cfg.entry]).toBe(0);
  });
});

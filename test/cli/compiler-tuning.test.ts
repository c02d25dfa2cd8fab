import { describe, expect, it } from 'vitest';
import { COMPILER_FLAGS, compilerFlagsToSet } from '../../src/cli/compiler-tuning.js';

// Node 20's V8, on which the flags were measured.
const V8 = '11.3.244.8-node.38';

describe('compiler tuning', () => {
  it('sets every flag when the user gave none', () => {
    expect(compilerFlagsToSet([], undefined, V8)).toEqual([...COMPILER_FLAGS]);
    expect(compilerFlagsToSet(['--enable-source-maps'], '--max-old-space-size=4096', V8)).toEqual([...COMPILER_FLAGS]);
  });

  it('leaves a flag given on the node command line to the user', () => {
    expect(compilerFlagsToSet(['--interrupt-budget=1000'], undefined, V8)).toEqual(['--max-inlined-bytecode-size-cumulative=300']);
  });

  it('leaves a flag given in NODE_OPTIONS to the user, spelt with - or _', () => {
    expect(compilerFlagsToSet([], '--trace-gc --max_inlined_bytecode_size_cumulative=920', V8)).toEqual(['--interrupt-budget=270336']);
    expect(compilerFlagsToSet([], '  --interrupt_budget=5   --max-inlined-bytecode-size-cumulative=1 ', V8)).toEqual([]);
  });

  it('does not take a flag that only starts like one of its own for it', () => {
    expect(compilerFlagsToSet(['--interrupt-budget-factor-for-feedback-allocation=4'], undefined, V8)).toEqual([...COMPILER_FLAGS]);
  });

  it('sets nothing on a V8 the flags were not measured on (V8 prints an error for a flag it does not know)', () => {
    expect(compilerFlagsToSet([], undefined, '12.4.254.21-node.33')).toEqual([]);
    expect(compilerFlagsToSet([], undefined, '11.30.1')).toEqual([]);
  });
});

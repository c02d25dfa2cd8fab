import { describe, expect, it } from 'vitest';
import { COMPILER_FLAGS, compilerFlagsToSet } from '../../src/cli/compiler-tuning.js';

describe('compiler tuning', () => {
  it('sets every flag when the user gave none', () => {
    expect(compilerFlagsToSet([], undefined)).toEqual([...COMPILER_FLAGS]);
    expect(compilerFlagsToSet(['--enable-source-maps'], '--max-old-space-size=4096')).toEqual([...COMPILER_FLAGS]);
  });

  it('leaves a flag given on the node command line to the user', () => {
    expect(compilerFlagsToSet(['--interrupt-budget=1000'], undefined)).toEqual(['--max-inlined-bytecode-size-cumulative=300']);
  });

  it('leaves a flag given in NODE_OPTIONS to the user, spelt with - or _', () => {
    expect(compilerFlagsToSet([], '--trace-gc --max_inlined_bytecode_size_cumulative=920')).toEqual(['--interrupt-budget=270336']);
    expect(compilerFlagsToSet([], '  --interrupt_budget=5   --max-inlined-bytecode-size-cumulative=1 ')).toEqual([]);
  });

  it('does not take a flag that only starts like one of its own for it', () => {
    expect(compilerFlagsToSet(['--interrupt-budget-factor-for-feedback-allocation=4'], undefined)).toEqual([...COMPILER_FLAGS]);
  });
});

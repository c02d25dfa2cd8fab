// argument() answers without building a call's argument list; it must answer exactly as the
// list does, on every call of every Python fixture and on the odd shapes below.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argument, callArguments } from '../../src/lang/python/ast.js';
import { createPythonParser } from '../../src/lang/python/parser.js';
import type { Node } from '../../src/lang/python/parser.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'python');
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).sort();

/** What argument() must say, worked out from the whole list. */
function expected(call: Node, name: string, position?: number): number | undefined {
  const args = callArguments(call);
  return (args.keywords.get(name) ?? (position === undefined ? undefined : args.positional[position]))?.id;
}

async function callsOf(text: string): Promise<Node[]> {
  const tree = (await createPythonParser()).parse(text);
  if (!tree) throw new Error('no tree');
  return tree.rootNode.descendantsOfType('call');
}

function check(call: Node): void {
  const names = ['shell', 'cmd', 'timeout', 'verify', 'nope', ...callArguments(call).keywords.keys()];
  for (const name of names) {
    for (const position of [undefined, 0, 1, 2, 3]) {
      expect({ call: call.text.slice(0, 80), name, position, id: argument(call, name, position)?.id }).toEqual({
        call: call.text.slice(0, 80),
        name,
        position,
        id: expected(call, name, position),
      });
    }
  }
}

describe('argument()', () => {
  it('answers as the whole argument list does on every fixture call', async () => {
    let calls = 0;
    for (const file of files) {
      for (const call of await callsOf(readFileSync(join(FIXTURES, file), 'utf8'))) {
        check(call);
        calls += 1;
      }
    }
    expect(calls).toBeGreaterThan(1000);
  });

  it('handles splats, comments, repeated keywords and a bare generator', async () => {
    const calls = await callsOf(
      ['f(*a, b, **k, shell=True)', 'f(a, # note\n  b, shell=1, shell=2)', 'f(x for x in y)', 'f()', 'f(shell=)'].join('\n'),
    );
    expect(calls.length).toBe(5);
    for (const call of calls) check(call);
    const [, repeated, generator] = calls as [Node, Node, Node];
    expect(argument(repeated, 'shell')?.text).toBe('2');
    expect(argument(repeated, 'x', 1)?.text).toBe('b');
    expect(argument(generator, 'x', 0)?.type).toBe('generator_expression');
  });
});

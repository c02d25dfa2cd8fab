import { describe, expect, it } from 'vitest';
import { createCppParsers } from '../../src/lang/cpp/parser.js';
import { createPythonParser } from '../../src/lang/python/parser.js';
import { firstSyntaxError } from '../../src/lang/syntax.js';

const cpp = await createCppParsers();
const python = await createPythonParser();

/** `line:column description` of the first syntax error, as diagnostics print it. */
function described(tree: ReturnType<typeof python.parse>): string | undefined {
  if (!tree) throw new Error('no tree');
  const error = firstSyntaxError(tree.rootNode);
  return error && `${error.span.line}:${error.span.column} ${error.description}`;
}

describe('firstSyntaxError', () => {
  it('names the unexpected text or the missing token', () => {
    expect(described(python.parse('# header\n)\nx = 1\n'))).toBe('2:1 unexpected ")"');
    expect(described(python.parse('def f(:\n    pass\n'))).toBe('1:7 missing ")"');
    expect(described(python.parse('x = 1\n'))).toBeUndefined();
  });

  it('points past the comments an error starts with, at the code after them', () => {
    // A namespace opened only for C++ and a function cut off: the parser gives up on the whole
    // file, and its error node begins with the header comments.
    const header = [
      '// comment one',
      '// comment two',
      '',
      '#ifndef G_H',
      '#define G_H',
      '',
      '#ifdef __cplusplus',
      'namespace lib {',
      '#endif',
      '',
      'static inline int f(int x) {',
      '#if defined(A) && \\',
      '    defined(B)',
      '    return g(x);',
      '',
    ].join('\n');
    expect(described(cpp.parse(header, 'cpp'))).toBe('4:1 unexpected "#ifndef G_H"');
  });
});

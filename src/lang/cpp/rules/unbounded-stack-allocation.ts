import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, declaratorName } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { describeSource, pathOf, pickFlow, rangeOf, untrustedFlows } from './support/values.js';

const MAX_STACK = 1 << 16;

export const rule = defineCppRule<{ what: string; source: string }>({
  id: 'C-ALLOC-001',
  name: 'unbounded-stack-allocation',
  title: 'Stack allocation sized by untrusted data',
  cwe: Cwe.UnlimitedAllocation,
  relatedCwe: [Cwe.StackBufferOverflow],
  severity: 'medium',
  confidence: 'high',
  description: 'alloca() or a variable-length array takes its size from input with no upper bound checked on the path.',
  explanation: 'The stack is small and has no failure return: a large size jumps the stack pointer past the guard page into other memory (stack clash), and a negative or huge size crashes the process.',
  fix: 'Bound the size first (if (n > 4096) return -1;) or allocate on the heap with malloc() and check the result.',
  docs: {
    why: 'An attacker-sized stack allocation is a crash at best and a stack-clash memory corruption at worst.',
    bad: '#include <stdlib.h>\n#include <string.h>\n\nint main(int argc, char **argv) {\n    size_t n = strlen(argv[1]);\n    char copy[n + 1];\n    memcpy(copy, argv[1], n + 1);\n    return 0;\n}',
    good: '#include <stdlib.h>\n#include <string.h>\n\nint main(int argc, char **argv) {\n    size_t n = strlen(argv[1]);\n    if (n > 255) return 1;\n    char copy[256];\n    memcpy(copy, argv[1], n + 1);\n    return 0;\n}',
    notDetected: 'Sizes from parameters of functions whose callers are not in the reviewed code are not judged.',
    references: ['https://cwe.mitre.org/data/definitions/770.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MEM05-C.+Avoid+large+stack+allocations'],
  },
  visits: ['call_expression', 'array_declarator'],
  message: ({ what, source }) => `${what} is sized by ${source} with no upper bound`,
  check(ctx, node) {
    let size: Node | null | undefined;
    let what: string;
    if (node.type === 'call_expression') {
      const name = calleeOf(node)?.name;
      if (name !== 'alloca' && name !== '_alloca' && name !== '__builtin_alloca') return [];
      size = argumentsOf(node)[0];
      what = `${name}()`;
    } else {
      size = node.childForFieldName('size');
      if (!size || ctx.constants.integer(size) !== undefined || node.parent?.type === 'parameter_declaration') return [];
      what = `variable-length array ${declaratorName(node)?.text ?? ''}`.trim();
    }
    if (!size) return [];
    const range = rangeOf(ctx, size);
    if (range?.hi !== undefined && range.hi <= MAX_STACK) return [];
    const flow = pickFlow(untrustedFlows(ctx, size));
    return flow ? [ctx.report(node, { what, source: describeSource(flow) }, { dataflow: pathOf(flow) })] : [];
  },
});

import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { describeSource, pathOf, pickFlow, rangeOf, untrustedFlows } from './support/values.js';

const ALLOCATORS: ReadonlyMap<string, number> = new Map([['malloc', 0], ['alloca', 0], ['realloc', 1], ['g_malloc', 0], ['xmalloc', 0], ['operator new', 0]]);
const LIMIT = 2 ** 31;

export const rule = defineCppRule<{ fn: string; factor: string; source: string }>({
  id: 'C-INT-001',
  name: 'allocation-size-overflow',
  title: 'Allocation size computed from untrusted numbers without an overflow check',
  cwe: Cwe.IntegerOverflow,
  relatedCwe: [Cwe.IntegerOverflowToBuffer],
  severity: 'high',
  confidence: 'high',
  description: 'The size passed to malloc, realloc or alloca multiplies (or adds to) a number that comes from input, and no check on the path bounds that number.',
  explanation: 'count * size wraps around when count is large: the allocation comes out small while the code that fills it still writes count elements, overflowing the heap buffer (CWE-680).',
  fix: 'Reject counts above SIZE_MAX / size before multiplying (if (n > SIZE_MAX / sizeof *p) return NULL;), use calloc(n, size) or reallocarray(), or bound the count by a sane maximum.',
  docs: {
    why: 'Integer overflow in an allocation size turns a length field in a file or packet into a heap overflow.',
    bad: '#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n\nstruct item { int id; char name[60]; };\n\nstruct item *load(FILE *f) {\n    uint32_t count;\n    if (fread(&count, sizeof count, 1, f) != 1) return NULL;\n    return malloc(count * sizeof(struct item));\n}',
    good: '#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n\nstruct item { int id; char name[60]; };\n\nstruct item *load(FILE *f) {\n    uint32_t count;\n    if (fread(&count, sizeof count, 1, f) != 1) return NULL;\n    if (count > 10000) return NULL;\n    return calloc(count, sizeof(struct item));\n}',
    notDetected: 'Only numbers from recognised input sources are judged; overflow checks written as a division against SIZE_MAX inside helper functions are not seen.',
    references: ['https://cwe.mitre.org/data/definitions/190.html', 'https://cwe.mitre.org/data/definitions/680.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MEM35-C.+Allocate+sufficient+memory+for+an+object'],
  },
  visits: ['call_expression'],
  message: ({ fn, factor, source }) => `${fn}() size multiplies ${factor}, which comes from ${source}, without an overflow check`,
  check(ctx, call) {
    const callee = calleeOf(call);
    const index = callee && !callee.receiver ? ALLOCATORS.get(callee.name) : undefined;
    const size = index !== undefined ? argumentsOf(call)[index] : undefined;
    if (!callee || !size) return [];
    const product = unwrap(size);
    if (product.type !== 'binary_expression' || !['*', '+', '<<'].includes(product.childForFieldName('operator')?.text ?? '')) return [];
    const range = rangeOf(ctx, product);
    if (range?.hi !== undefined && range.hi < LIMIT) {
      ctx.note(call, `size at most ${range.hi}`, callee.name);
      return [];
    }
    for (const factor of operands(product)) {
      const factorRange = rangeOf(ctx, factor);
      if (factorRange?.hi !== undefined && factorRange.hi < 65536) continue;
      const flow = pickFlow(untrustedFlows(ctx, factor));
      if (flow) return [ctx.report(call, { fn: callee.name, factor: unwrap(factor).text.slice(0, 30), source: describeSource(flow) }, { dataflow: pathOf(flow) })];
    }
    return [];
  },
});

function operands(node: Node): Node[] {
  const inner = unwrap(node);
  if (inner.type !== 'binary_expression') return [inner];
  const left = inner.childForFieldName('left');
  const right = inner.childForFieldName('right');
  return [...(left ? operands(left) : []), ...(right ? operands(right) : [])];
}

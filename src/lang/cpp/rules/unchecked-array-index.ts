import { Cwe } from '../../../core/cwe.js';
import { unwrap } from '../ast.js';
import { indexOf } from '../flow/evaluate.js';
import { defineCppRule } from '../rule.js';
import { arrayLength, describeSource, pathOf, pickFlow, rangeOf, untrustedFlows } from './support/values.js';

export const rule = defineCppRule<{ array: string; index: string; why: string }>({
  id: 'C-BUF-003',
  name: 'unchecked-array-index',
  title: 'Array write with an unchecked index',
  cwe: Cwe.OutOfBoundsWrite,
  relatedCwe: [Cwe.BufferBounds],
  severity: 'high',
  confidence: 'high',
  description: 'A fixed-size array is written at an index that comes from input and is not checked against the array\'s bounds on the path, or at a constant index beyond its end.',
  explanation: 'An index chosen by the input selects which memory is written: without a check that it is below the array length (and not negative), the write lands anywhere near the array.',
  fix: 'Check the index before the write: if (i < 0 || i >= N) return -1; (or use an unsigned type and i < N).',
  docs: {
    why: 'An attacker-chosen index is a write-what-where primitive.',
    bad: '#include <stdlib.h>\n\nint counts[16];\n\nint main(int argc, char **argv) {\n    int slot = atoi(argv[1]);\n    counts[slot] = 1;\n    return 0;\n}',
    good: '#include <stdlib.h>\n\nint counts[16];\n\nint main(int argc, char **argv) {\n    int slot = atoi(argv[1]);\n    if (slot < 0 || slot >= 16) return 1;\n    counts[slot] = 1;\n    return 0;\n}',
    notDetected: 'Reads (out-of-bounds reads, CWE-125) and writes through pointers are not judged; checks done in other functions are not seen.',
    references: ['https://cwe.mitre.org/data/definitions/787.html', 'https://wiki.sei.cmu.edu/confluence/display/c/ARR30-C.+Do+not+form+or+use+out-of-bounds+pointers+or+array+subscripts'],
  },
  visits: ['subscript_expression'],
  message: ({ array, index, why }) => `${array}[${index}] is written ${why}`,
  check(ctx, node) {
    const parent = node.parent;
    if (parent?.type !== 'assignment_expression' || parent.childForFieldName('left')?.id !== node.id) return [];
    const base = node.childForFieldName('argument');
    const index = indexOf(node);
    if (!base || !index) return [];
    const length = arrayLength(ctx, base);
    if (length === undefined) return [];
    const range = rangeOf(ctx, index);
    const params = { array: unwrap(base).text, index: index.text.slice(0, 30) };
    if (range?.lo !== undefined && range.lo === range.hi && range.lo > length) return [ctx.report(node, { ...params, why: `at ${range.lo}, past the end of the ${length}-element array` })];
    const inBounds = range?.lo !== undefined && range.lo >= 0 && range.hi !== undefined && range.hi < length;
    const flow = inBounds ? undefined : pickFlow(untrustedFlows(ctx, index));
    if (!flow) return [];
    const why = range?.hi !== undefined && range.hi < length ? 'with an index that may be negative' : 'with an index that is not checked against the array length';
    return [ctx.report(node, { ...params, why: `${why} (${length}); it comes from ${describeSource(flow)}` }, { dataflow: pathOf(flow) })];
  },
});

import type { Finding } from '../../../core/finding.js';
import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, enclosingFunction, unwrap } from '../ast.js';
import { indexOf } from '../flow/evaluate.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import type { CppRuleContext } from '../rule.js';
import { allocationSizeOf } from './support/allocation.js';
import { arrayBytes, arrayLength, rangeOf } from './support/values.js';

type Ctx = CppRuleContext<{ what: string }>;

export const rule = defineCppRule<{ what: string }>({
  id: 'C-BUF-004',
  name: 'off-by-one-termination',
  title: 'Off-by-one in string termination or array bounds',
  cwe: Cwe.OffByOne,
  relatedCwe: [Cwe.OutOfBoundsWrite],
  severity: 'medium',
  confidence: 'high',
  description: 'A write one element past the end: buf[sizeof buf] = 0, a loop running to i <= N over an N-element array, strncpy(dst, src, sizeof dst) with no terminator written afterwards, or malloc(strlen(s)) followed by a copy of s.',
  explanation: 'The last valid index of an N-element array is N - 1, and a C string needs one byte more than its length for the terminator; one byte too far overwrites the next variable (often a saved frame pointer or a length) and leaves strings unterminated.',
  fix: 'Terminate at sizeof buf - 1, loop with i < N, copy sizeof dst - 1 bytes and write dst[sizeof dst - 1] = \'\\0\', and allocate strlen(s) + 1 bytes.',
  docs: {
    why: 'Off-by-one writes are small but real memory corruption, and unterminated strings make later reads run off the end.',
    bad: '#include <string.h>\n\nvoid set_name(const char *src) {\n    char name[16];\n    strncpy(name, src, sizeof name);\n    name[sizeof name] = \'\\0\';\n}',
    good: '#include <string.h>\n\nvoid set_name(const char *src) {\n    char name[16];\n    strncpy(name, src, sizeof name - 1);\n    name[sizeof name - 1] = \'\\0\';\n}',
    notDetected: 'Loops whose bound is a variable, and pointer arithmetic, are not judged.',
    references: ['https://cwe.mitre.org/data/definitions/193.html', 'https://wiki.sei.cmu.edu/confluence/display/c/STR32-C.+Do+not+pass+a+non-null-terminated+character+sequence+to+a+library+function+that+expects+a+string'],
  },
  visits: ['subscript_expression', 'call_expression'],
  message: ({ what }) => what,
  check(ctx, node) {
    return node.type === 'subscript_expression' ? checkIndex(ctx, node) : checkCall(ctx, node);
  },
});

function checkIndex(ctx: Ctx, node: Node): Finding[] {
  const parent = node.parent;
  if (parent?.type !== 'assignment_expression' || parent.childForFieldName('left')?.id !== node.id) return [];
  const base = node.childForFieldName('argument');
  const index = indexOf(node);
  if (!base || !index) return [];
  const length = arrayLength(ctx, base);
  const range = rangeOf(ctx, index);
  if (length === undefined || range?.hi !== length) return [];
  return [ctx.report(node, { what: `${unwrap(base).text}[${index.text}] can be index ${length}, one past the end of the ${length}-element array` })];
}

function checkCall(ctx: Ctx, call: Node): Finding[] {
  const callee = calleeOf(call);
  if (!callee || callee.receiver) return [];
  const [dst, src, len] = argumentsOf(call);
  if (callee.name === 'strncpy' && dst && len) {
    const capacity = arrayBytes(ctx, dst);
    if (capacity === undefined || ctx.constants.integer(len) !== capacity || terminatedAfter(ctx, dst, call, capacity)) return [];
    return [ctx.report(call, { what: `strncpy() fills all ${capacity} bytes of ${unwrap(dst).text}, leaving no room for the terminator, and nothing terminates it afterwards` })];
  }
  if ((callee.name === 'strcpy' || callee.name === 'memcpy') && dst && src) {
    const size = allocationSizeOf(ctx, dst, call);
    const source = unwrap(src).text.replace(/\s+/g, '');
    if (size && size.text.replace(/\s+/g, '') === `strlen(${source})`) {
      return [ctx.report(call, { what: `${unwrap(dst).text} was allocated with strlen(${source}) bytes, one too few for the terminator ${callee.name}() writes` })];
    }
  }
  return [];
}

/** `dst[sizeof dst - 1] = 0` (or the constant) later in the same function. */
function terminatedAfter(ctx: Ctx, dst: Node, call: Node, capacity: number): boolean {
  const fn = enclosingFunction(call);
  const name = unwrap(dst).text;
  for (const sub of fn?.descendantsOfType('subscript_expression') ?? []) {
    if (!sub || sub.startIndex < call.endIndex || unwrap(sub.childForFieldName('argument') ?? sub).text !== name) continue;
    const index = indexOf(sub);
    if (index && ctx.constants.integer(index) === capacity - 1 && sub.parent?.type === 'assignment_expression') return true;
  }
  return false;
}

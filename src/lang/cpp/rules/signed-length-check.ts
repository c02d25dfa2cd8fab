import type { Finding } from '../../../core/finding.js';
import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, declaratorName, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import type { CppRuleContext } from '../rule.js';
import { scalarSize, signednessOf } from '../symbols.js';
import { rangeOf } from './support/values.js';

const LENGTH_ARG: ReadonlyMap<string, number> = new Map([
  ...['memcpy', 'memmove', 'strncpy', 'strncat', 'memset'].map((n) => [n, 2] as const),
  ...['read', 'recv', 'write', 'send'].map((n) => [n, 2] as const),
  ...['malloc', 'alloca'].map((n) => [n, 0] as const),
  ...['snprintf', 'fgets'].map((n) => [n, 1] as const),
]);
const SIZE_RESULTS = new Set(['strlen', 'wcslen', 'strnlen', 'size', 'length', 'sizeof']);

type Ctx = CppRuleContext<{ what: string }>;

export const rule = defineCppRule<{ what: string }>({
  id: 'C-INT-002',
  name: 'signed-length-check',
  title: 'Signed length checked only from above, or a length truncated',
  cwe: Cwe.SignedToUnsigned,
  relatedCwe: [Cwe.NumericTruncation],
  severity: 'medium',
  confidence: 'medium',
  description: 'A signed length is checked against an upper bound but never against zero before it is passed as a size (memcpy, read, malloc …), or a size_t length (strlen, size()) is stored in a type narrower than int.',
  explanation: 'A negative int passes "len < sizeof buf" and then converts to a huge size_t in the copy; a length stored in a short wraps for long inputs, so a later check or allocation uses the wrong size.',
  fix: 'Keep lengths in size_t, or check both ends (if (len < 0 || len > (int)sizeof buf) return -1;); store strlen() results in size_t.',
  docs: {
    why: 'Signedness and truncation bugs turn a correct-looking bounds check into a buffer overflow.',
    bad: '#include <string.h>\n\nint copy_packet(const char *data, int len) {\n    char buf[256];\n    if (len > (int)sizeof buf) return -1;\n    memcpy(buf, data, len);\n    return 0;\n}',
    good: '#include <string.h>\n\nint copy_packet(const char *data, int len) {\n    char buf[256];\n    if (len < 0 || len > (int)sizeof buf) return -1;\n    memcpy(buf, data, len);\n    return 0;\n}',
    notDetected: 'Only plain variables are judged (not struct fields or expressions), and only when the upper-bound check is on the path in the same function.',
    references: ['https://cwe.mitre.org/data/definitions/195.html', 'https://cwe.mitre.org/data/definitions/197.html', 'https://wiki.sei.cmu.edu/confluence/display/c/INT31-C.+Ensure+that+integer+conversions+do+not+result+in+lost+or+misinterpreted+data'],
  },
  visits: ['call_expression', 'init_declarator'],
  message: ({ what }) => what,
  check(ctx, node) {
    return node.type === 'call_expression' ? checkLength(ctx, node) : checkTruncation(ctx, node);
  },
});

function checkLength(ctx: Ctx, call: Node): Finding[] {
  const callee = calleeOf(call);
  const index = callee && !callee.receiver ? LENGTH_ARG.get(callee.name) : undefined;
  const arg = index !== undefined ? argumentsOf(call)[index] : undefined;
  if (!callee || !arg || unwrap(arg).type !== 'identifier') return [];
  const info = ctx.symbols.declarationOf(unwrap(arg));
  if (!info || info.pointer > 0 || signednessOf(info.type) !== 'signed') return [];
  const range = rangeOf(ctx, arg);
  if (range?.hi === undefined || (range.lo !== undefined && range.lo >= 0)) return [];
  return [ctx.report(call, { what: `signed ${info.type} ${info.name} is checked only against an upper bound before ${callee.name}() uses it as a size; a negative value becomes a huge size_t` })];
}

function checkTruncation(ctx: Ctx, node: Node): Finding[] {
  const value = node.childForFieldName('value');
  const decl = node.parent;
  const name = declaratorName(node)?.text;
  if (!value || !decl || name === undefined) return [];
  const info = ctx.symbols.lookup(name, node);
  if (!info || info.pointer > 0) return [];
  const size = scalarSize(info.type);
  const inner = unwrap(value);
  const callee = inner.type === 'call_expression' ? calleeOf(inner)?.name : undefined;
  if (size === undefined || size >= 4 || callee === undefined || !SIZE_RESULTS.has(callee)) return [];
  return [ctx.report(node, { what: `the size_t result of ${callee}() is stored in ${info.type} ${name}, which wraps for lengths above ${2 ** (size * 8 - (signednessOf(info.type) === 'signed' ? 1 : 0)) - 1}` })];
}

import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, unwrap } from '../ast.js';
import { defineCppRule } from '../rule.js';
import { arrayBytes, describeSource, pathOf, pickFlow, rangeOf, untrustedFlows } from './support/values.js';

// Destination and length argument of bounded copies and reads.
const BOUNDED: ReadonlyMap<string, { dst: number; len: number }> = new Map([
  ...['memcpy', 'memmove', 'strncpy', 'wmemcpy', 'memset', 'strlcpy'].map((n) => [n, { dst: 0, len: 2 }] as const),
  ...['snprintf', 'vsnprintf', 'fgets', 'strftime'].map((n) => [n, { dst: 0, len: 1 }] as const),
  ...['read', 'recv', 'pread'].map((n) => [n, { dst: 1, len: 2 }] as const),
  ['fread', { dst: 0, len: 2 }],
]);

export const rule = defineCppRule<{ fn: string; why: string }>({
  id: 'C-BUF-002',
  name: 'copy-length-exceeds-destination',
  title: 'Copy length not bounded by the destination',
  cwe: Cwe.OutOfBoundsWrite,
  relatedCwe: [Cwe.ClassicBufferOverflow, Cwe.StackBufferOverflow, Cwe.HeapBufferOverflow],
  severity: 'high',
  confidence: 'medium',
  description: 'memcpy, memmove, strncpy, snprintf, fgets, read, recv or fread into a fixed-size array with a length that is larger than the array, or that is not checked against its size on the path to the call.',
  explanation: 'The length decides how many bytes are written; when it can exceed the destination array, the write runs past its end and overwrites neighbouring stack or heap memory.',
  fix: 'Bound the length by the destination: check it first (if (n > sizeof dst) return -1;), or pass sizeof dst / MIN(n, sizeof dst).',
  docs: {
    why: 'A length taken from the source or from input instead of from the destination is a buffer overflow waiting for a long input.',
    bad: '#include <string.h>\n\nvoid store(const char *data, size_t n) {\n    char buf[64];\n    memcpy(buf, data, n);\n}',
    good: '#include <string.h>\n\nint store(const char *data, size_t n) {\n    char buf[64];\n    if (n > sizeof buf) return -1;\n    memcpy(buf, data, n);\n    return 0;\n}',
    notDetected: 'Destinations that are pointers (their allocation size is not tracked) are not judged; checks against a variable that holds the size are not understood, only checks against constants and sizeof.',
    references: ['https://cwe.mitre.org/data/definitions/787.html', 'https://wiki.sei.cmu.edu/confluence/display/c/ARR38-C.+Guarantee+that+library+functions+do+not+form+invalid+pointers'],
  },
  visits: ['call_expression'],
  message: ({ fn, why }) => `${fn}() ${why}`,
  check(ctx, call) {
    const callee = calleeOf(call);
    const shape = callee && !callee.receiver ? BOUNDED.get(callee.name) : undefined;
    if (!callee || !shape) return [];
    const args = argumentsOf(call);
    const dst = args[shape.dst];
    const len = args[shape.len];
    if (!dst || !len) return [];
    const capacity = arrayBytes(ctx, dst);
    if (capacity === undefined) return [];
    const elem = callee.name === 'fread' ? ctx.constants.integer(args[1]) : 1;
    const range = rangeOf(ctx, len);
    const max = range?.hi !== undefined && elem !== undefined ? range.hi * elem : undefined;
    const name = unwrap(dst).text;
    if (max !== undefined && max <= capacity) {
      ctx.note(call, `length at most ${max}, destination ${capacity} bytes`, callee.name);
      return [];
    }
    if (max !== undefined && range?.lo === range?.hi) return [ctx.report(call, { fn: callee.name, why: `writes ${max} bytes into ${name}, which holds ${capacity}` }, { confidence: 'high' })];
    const flow = pickFlow(untrustedFlows(ctx, len));
    const why = `length ${unwrap(len).text.slice(0, 30)} is not checked against the size of ${name} (${capacity} bytes)`;
    if (!flow) return [ctx.report(call, { fn: callee.name, why })];
    return [ctx.report(call, { fn: callee.name, why: `${why}; it comes from ${describeSource(flow)}` }, { confidence: 'high', dataflow: pathOf(flow) })];
  },
});

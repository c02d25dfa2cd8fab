import type { Finding } from '../../../core/finding.js';
import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import type { CppRuleContext } from '../rule.js';
import { conversionsOf, formatMaxLength } from './support/format.js';
import { allocatedFor } from './support/allocation.js';
import { arrayBytes, constantString, describeSource, maxStringLength, pathOf, pickFlow, untrustedFlows } from './support/values.js';

type Params = { fn: string; why: string };
type Ctx = CppRuleContext<Params>;

const COPIES = new Set(['strcpy', 'wcscpy', 'stpcpy', 'lstrcpy', 'lstrcpyA', 'lstrcpyW', '_tcscpy', '_mbscpy', 'StrCpy']);
const APPENDS = new Set(['strcat', 'wcscat', 'lstrcat', 'lstrcatA', 'lstrcatW', '_tcscat', '_mbscat', 'StrCat']);
const FORMATS = new Set(['sprintf', 'vsprintf', 'wsprintf', 'wsprintfA']);
const SCANS: ReadonlyMap<string, number> = new Map([['scanf', 0], ['fscanf', 1], ['sscanf', 1], ['vscanf', 0], ['vfscanf', 1], ['vsscanf', 1], ['wscanf', 0], ['fwscanf', 1], ['swscanf', 1]]);

export const rule = defineCppRule<Params>({
  id: 'C-BUF-001',
  name: 'unbounded-string-copy',
  title: 'String copy without a bound',
  cwe: Cwe.ClassicBufferOverflow,
  relatedCwe: [Cwe.StackBufferOverflow, Cwe.HeapBufferOverflow, Cwe.OutOfBoundsWrite, Cwe.DangerousFunction],
  severity: 'high',
  confidence: 'medium',
  description: 'strcpy, strcat, sprintf, vsprintf, gets and scanf("%s") write as much as the source holds, and the reviewed code does not show that it fits the destination.',
  explanation: 'These functions stop at the source\'s terminator, not at the end of the destination: a longer source overwrites the memory after the buffer (return addresses, other variables, heap metadata).',
  fix: 'Use a bounded call with the destination size: snprintf(dst, sizeof dst, "%s", src), strlcpy where available, fgets() instead of gets(), a width in scanf ("%63s" for char[64]), or std::string/QString.',
  docs: {
    why: 'An unbounded copy is the classic buffer overflow: input longer than the buffer corrupts memory and often gives code execution.',
    bad: '#include <string.h>\n\nvoid greet(const char *name) {\n    char buf[32];\n    strcpy(buf, name);\n}',
    good: '#include <stdio.h>\n\nvoid greet(const char *name) {\n    char buf[32];\n    snprintf(buf, sizeof buf, "%s", name);\n}',
    notDetected: 'A copy into a pointer whose allocation size is not visible is reported only when the source is untrusted; lengths checked by helper functions in other files are not seen.',
    references: ['https://cwe.mitre.org/data/definitions/120.html', 'https://wiki.sei.cmu.edu/confluence/display/c/STR31-C.+Guarantee+that+storage+for+strings+has+sufficient+space+for+character+data+and+the+null+terminator'],
  },
  visits: ['call_expression'],
  message: ({ fn, why }) => `${fn}() ${why}`,
  check(ctx, call) {
    const callee = calleeOf(call);
    if (!callee || callee.receiver) return [];
    const args = argumentsOf(call);
    const name = callee.name;
    if (name === 'gets' || name === '_getws') return [ctx.report(call, { fn: name, why: 'reads a line of any length into a fixed buffer' }, { confidence: 'high', severity: 'critical' })];
    if (COPIES.has(name)) return checkCopy(ctx, call, name, args[0], args[1]);
    if (APPENDS.has(name)) return checkAppend(ctx, call, name, args[0], args[1]);
    if (FORMATS.has(name)) return checkFormat(ctx, call, name, args);
    const scanFormat = SCANS.get(name);
    if (scanFormat !== undefined) return checkScan(ctx, call, name, args, scanFormat);
    return [];
  },
});

function checkCopy(ctx: Ctx, call: Node, name: string, dst: Node | undefined, src: Node | undefined): Finding[] {
  if (!dst || !src) return [];
  const capacity = arrayBytes(ctx, dst);
  const length = maxStringLength(ctx, src);
  if (capacity !== undefined && length !== undefined) {
    if (length + 1 <= capacity) {
      ctx.note(call, `source of at most ${length} characters fits ${capacity} bytes`, name);
      return [];
    }
    return [ctx.report(call, { fn: name, why: `copies up to ${length + 1} bytes into ${unwrap(dst).text}, which holds ${capacity}` }, { confidence: 'high' })];
  }
  if (capacity === undefined && (length !== undefined || allocatedFor(ctx, dst, src, call))) {
    ctx.note(call, length !== undefined ? 'constant source' : 'destination allocated from the source length', name);
    return [];
  }
  return report(ctx, call, name, src, capacity === undefined ? `copies ${unwrap(src).text.slice(0, 30)} into ${unwrap(dst).text} without checking its length` : `copies ${unwrap(src).text.slice(0, 30)} of unchecked length into ${unwrap(dst).text} (${capacity} bytes)`, capacity === undefined);
}

function checkAppend(ctx: Ctx, call: Node, name: string, dst: Node | undefined, src: Node | undefined): Finding[] {
  if (!dst || !src) return [];
  if (constantString(ctx, src) !== undefined) {
    ctx.note(call, 'constant suffix', name);
    return [];
  }
  return report(ctx, call, name, src, `appends ${unwrap(src).text.slice(0, 30)} to ${unwrap(dst).text} without checking the space left`, arrayBytes(ctx, dst) === undefined);
}

function checkFormat(ctx: Ctx, call: Node, name: string, args: readonly Node[]): Finding[] {
  const [dst, fmt] = args;
  if (!dst || !fmt) return [];
  const format = constantString(ctx, fmt);
  if (format === undefined || name === 'vsprintf') return report(ctx, call, name, fmt, 'formats text of unknown length into a fixed buffer', false);
  const capacity = arrayBytes(ctx, dst);
  const max = formatMaxLength(ctx, format, args.slice(2));
  if (max !== undefined && (capacity === undefined || max + 1 <= capacity)) {
    ctx.note(call, capacity === undefined ? `output of at most ${max} characters` : `output of at most ${max} characters fits ${capacity} bytes`, name);
    return [];
  }
  if (max !== undefined && capacity !== undefined) return [ctx.report(call, { fn: name, why: `writes up to ${max + 1} bytes into ${unwrap(dst).text}, which holds ${capacity}` }, { confidence: 'high' })];
  const unbounded = args.slice(2).find((a) => maxStringLength(ctx, a) === undefined) ?? fmt;
  return report(ctx, call, name, unbounded, `formats ${unwrap(unbounded).text.slice(0, 30)} of unchecked length into ${unwrap(dst).text}${capacity !== undefined ? ` (${capacity} bytes)` : ''}`, capacity === undefined);
}

function checkScan(ctx: Ctx, call: Node, name: string, args: readonly Node[], formatIndex: number): Finding[] {
  const fmt = args[formatIndex];
  const format = fmt ? constantString(ctx, fmt) : undefined;
  if (format === undefined) return [];
  let argIndex = formatIndex + 1;
  for (const c of conversionsOf(format)) {
    if (c.spec.startsWith('%*')) continue;
    const target = args[argIndex++];
    if (c.conversion !== 's' && !c.conversion.startsWith('[')) continue;
    const capacity = target ? arrayBytes(ctx, target) : undefined;
    if (c.width === undefined) return [ctx.report(call, { fn: name, why: `reads a word of any length with "${c.spec}" into ${target ? unwrap(target).text : 'a buffer'}` }, { confidence: 'high' })];
    if (capacity !== undefined && c.width + 1 > capacity) return [ctx.report(call, { fn: name, why: `reads up to ${c.width + 1} bytes with "${c.spec}" into ${target ? unwrap(target).text : 'a buffer'}, which holds ${capacity}` }, { confidence: 'high' })];
  }
  return [];
}

/** A copy of unknown length: high confidence when untrusted data reaches it; into an unsized pointer only then. */
function report(ctx: Ctx, call: Node, name: string, src: Node, why: string, unsizedDestination: boolean): Finding[] {
  const flow = pickFlow(untrustedFlows(ctx, src));
  if (!flow && unsizedDestination) return [];
  if (!flow) return [ctx.report(call, { fn: name, why })];
  return [ctx.report(call, { fn: name, why: `${why}; the data comes from ${describeSource(flow)}` }, {
    confidence: 'high',
    explanation: `${rule.meta.explanation} Here the source comes from ${describeSource(flow)} (line ${flow.source.line}), so its length is chosen by whoever supplies it.`,
    dataflow: pathOf(flow),
  })];
}

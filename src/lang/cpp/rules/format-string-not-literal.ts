import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, enclosingFunction, parametersOf, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { calleeText, constantString, describeSource, pathOf, pickFlow, untrustedFlows } from './support/values.js';

// Which argument is the format, by function.
const FORMAT_ARG: ReadonlyMap<string, number> = new Map([
  ...['printf', 'vprintf', 'wprintf', 'vwprintf', 'warn', 'warnx', 'vwarn', 'vwarnx', 'qDebug', 'qInfo', 'qWarning', 'qCritical', 'qFatal', 'QString::asprintf', 'g_print', 'g_printerr'].map((n) => [n, 0] as const),
  ...['fprintf', 'vfprintf', 'sprintf', 'vsprintf', 'dprintf', 'vdprintf', 'syslog', 'vsyslog', 'fwprintf', 'asprintf', 'vasprintf', 'err', 'errx', 'verr', 'verrx', 'fscanf', 'sscanf', 'g_error'].map((n) => [n, 1] as const),
  ...['snprintf', 'vsnprintf', 'swprintf'].map((n) => [n, 2] as const),
  ['scanf', 0],
]);

const EXPLANATION = 'Conversions in the format (%s, %x, %n) read the caller\'s stack and, with %n, write to memory: whoever controls the format text can leak memory contents or take control of the process.';

export const rule = defineCppRule<{ fn: string; what: string }>({
  id: 'C-FMT-001',
  name: 'format-string-not-literal',
  title: 'Format string that is not a literal',
  cwe: Cwe.FormatString,
  severity: 'high',
  confidence: 'medium',
  description: 'The format argument of printf, fprintf, sprintf, snprintf, syslog, err/warn or qWarning is not a string literal (and not the format parameter of a printf-style wrapper).',
  explanation: EXPLANATION,
  fix: 'Pass the text as an argument of a constant format: printf("%s", msg), syslog(LOG_ERR, "%s", msg), qWarning("%s", qPrintable(msg)).',
  docs: {
    why: 'A format string under an attacker\'s control turns a logging call into a memory read and write primitive.',
    bad: '#include <stdio.h>\n\nint main(int argc, char **argv) {\n    printf(argv[1]);\n    return 0;\n}',
    good: '#include <stdio.h>\n\nint main(int argc, char **argv) {\n    printf("%s", argv[1]);\n    return 0;\n}',
    notDetected: 'Custom printf-style functions are recognised only when they forward to a v*printf function; format strings from a constant table indexed at run time are reported.',
    references: ['https://cwe.mitre.org/data/definitions/134.html', 'https://wiki.sei.cmu.edu/confluence/display/c/FIO30-C.+Exclude+user+input+from+format+strings'],
  },
  visits: ['call_expression'],
  message: ({ fn, what }) => `${fn}() is given ${what} as its format string`,
  check(ctx, call) {
    const callee = calleeOf(call);
    const index = callee && !callee.receiver ? FORMAT_ARG.get(callee.name) : undefined;
    if (!callee || index === undefined) return [];
    const arg = argumentsOf(call)[index];
    if (!arg || constantString(ctx, arg) !== undefined) return [];
    if (isWrapperFormat(arg, call)) {
      ctx.note(call, 'format parameter of a printf-style wrapper', callee.name);
      return [];
    }
    const flows = untrustedFlows(ctx, arg);
    const flow = pickFlow(flows);
    if (flow) {
      return [ctx.report(call, { fn: calleeText(call), what: `data from ${describeSource(flow)}` }, {
        confidence: 'high',
        explanation: `${EXPLANATION} Here the format comes from ${describeSource(flow)} (line ${flow.source.line}).`,
        dataflow: pathOf(flow),
      })];
    }
    return [ctx.report(call, { fn: calleeText(call), what: `a non-literal value (${unwrap(arg).text.slice(0, 30)})` })];
  },
});

/** A function with `...` or a `va_list` parameter passing its own format parameter on. */
function isWrapperFormat(arg: Node, call: Node): boolean {
  const inner = unwrap(arg);
  const fn = enclosingFunction(call);
  if (!fn || inner.type !== 'identifier') return false;
  const params = parametersOf(fn);
  const isParam = params.some((p) => p.text.includes(inner.text));
  const variadic = fn.childForFieldName('declarator')?.text.includes('...') === true || params.some((p) => /\bva_list\b/.test(p.text));
  return isParam && variadic;
}

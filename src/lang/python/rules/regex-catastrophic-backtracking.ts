import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, calleeObject } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { findBacktracking } from './support/regex.js';
import { requestDataOf } from './support/web.js';

type Params = { fn: string; fragment: string; input: string };
type Ctx = PythonRuleContext<Params>;

/** Functions of re (and the compatible regex module) → position of the subject string, if any. */
const REGEX_FUNCTIONS: ReadonlyMap<string, number | undefined> = new Map([
  ['compile', undefined], ['match', 1], ['search', 1], ['fullmatch', 1], ['findall', 1], ['finditer', 1],
  ['sub', 2], ['subn', 2], ['split', 1],
]);
/** Patterns that run on every request: URL routes and form validators. */
const REQUEST_FACING = new Set(['django.urls.re_path', 'django.conf.urls.url', 'django.core.validators.RegexValidator']);
/** Methods of a compiled pattern → position of the subject. */
const PATTERN_METHODS = new Set(['match', 'search', 'fullmatch', 'findall', 'finditer', 'split']);

interface RegexUse {
  readonly fn: string;
  readonly pattern: Node;
  readonly subject?: Node;
  readonly fullmatch: boolean;
  readonly requestFacing: boolean;
}

/** The pattern (and subject) of a call to re/regex, or of a request-facing pattern API. */
function regexUse(ctx: Ctx, call: Node): RegexUse | undefined {
  const name = ctx.callName(call);
  if (name === undefined) return undefined;
  if (REQUEST_FACING.has(name)) {
    const pattern = argument(call, name.endsWith('RegexValidator') ? 'regex' : 'route', 0);
    return pattern ? { fn: name, pattern, fullmatch: false, requestFacing: true } : undefined;
  }
  const match = /^(re|regex)\.(\w+)$/.exec(name);
  const method = match?.[2];
  if (!method || !REGEX_FUNCTIONS.has(method)) return undefined;
  const pattern = argument(call, 'pattern', 0);
  const position = REGEX_FUNCTIONS.get(method);
  const subject = position === undefined ? undefined : argument(call, 'string', position);
  return pattern ? { fn: name, pattern, ...(subject ? { subject } : {}), fullmatch: method === 'fullmatch', requestFacing: false } : undefined;
}

/** True when a flags argument of the call turns on re.VERBOSE. */
function isVerbose(ctx: Ctx, call: Node): boolean {
  const { positional, keywords } = callArguments(call);
  return [...positional.slice(1), ...keywords.values()].some((arg) =>
    [arg, ...arg.descendantsOfType(['attribute', 'identifier']).filter((n): n is Node => n !== null)].some((n) =>
      /^(?:re|regex)\.(?:X|VERBOSE)$/.test(ctx.names.resolve(n) ?? ''),
    ),
  );
}

/** `pattern.match(request.args["q"])` later on a compiled pattern bound to a name. */
function requestSubjectOfCompiled(ctx: Ctx, compileCall: Node): string | undefined {
  const parent = compileCall.parent;
  const target = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  const usesOf = (receiverText: string): Node[] =>
    ctx.root
      .descendantsOfType('call')
      .filter((c): c is Node => c !== null && PATTERN_METHODS.has(calleeLastName(c) ?? '') && calleeObject(c)?.text === receiverText);
  const direct = parent?.type === 'attribute' ? parent.parent : undefined;
  const uses = direct?.type === 'call' ? [direct] : target ? usesOf(target.text) : [];
  for (const use of uses) {
    const [subject] = callArguments(use).positional;
    const source = subject ? requestDataOf(ctx, subject) : undefined;
    if (source) return source;
  }
  return undefined;
}

export const rule = definePythonRule<Params>({
  id: 'PY-REDOS-001',
  name: 'regex-catastrophic-backtracking',
  title: 'Regular expression with exponential backtracking (ReDoS)',
  cwe: Cwe.Redos,
  relatedCwe: [Cwe.ResourceConsumption],
  severity: 'medium',
  confidence: 'medium',
  description:
    'A constant pattern given to re/regex (compile, match, search, fullmatch, findall, finditer, sub, subn, split), Django re_path/url or RegexValidator has a repeated group whose body can match the same text in several ways, such as (a+)+, (\\w+\\s?)* or (\\d{1,3},?)+, followed by something that can fail.',
  explanation:
    'Python\'s re engine backtracks: when a match fails, it retries every way of dividing the input among the nested repetitions, and their number doubles with each extra character. Thirty characters that almost match keep a worker busy for minutes, so one short request can block a process.',
  fix: 'Make each repetition unambiguous: require a separator the inner part cannot match ((\\w+\\s)* instead of (\\w+\\s?)*), drop the inner quantifier ((a+)+ → a+), use possessive quantifiers or atomic groups (Python 3.11+: (?>\\w+\\s?)*), or bound the input length before matching.',
  docs: {
    why: 'ReDoS needs no special privileges: any field that reaches the pattern (a form value, a header, a URL path) is enough, and the regex engine cannot be interrupted from Python.',
    bad: 'import re\nEMAIL = re.compile(r"^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$")',
    good: 'import re\nEMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$")',
    notDetected:
      'Only constant patterns are analysed, and only the nested-quantifier shape: overlapping alternatives such as (a|aa)+ and polynomial backtracking between adjacent quantifiers (\\s*\\s*, .*.*=) are not reported. A repeated group at the very end of a pattern used with search/match cannot fail after it and is not reported. Findings are raised to high severity and confidence when the subject is visibly request data or the pattern is a Django URL route or RegexValidator.',
    references: [
      'https://cwe.mitre.org/data/definitions/1333.html',
      'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
      'https://docs.python.org/3/library/re.html#regular-expression-syntax',
      'https://codeql.github.com/codeql-query-help/python/py-redos/',
    ],
  },
  message: ({ fn, fragment, input }) => `${fn}() pattern repeats ${fragment}, which backtracks exponentially on ${input}`,
  visits: ['call'],
  // regexUse(): a REQUEST_FACING name, or re./regex. followed by a REGEX_FUNCTIONS key.
  callees: lastNamesOf(REQUEST_FACING, REGEX_FUNCTIONS.keys()),
  check(ctx, call): Finding[] {
    const use = regexUse(ctx, call);
    const pattern = use ? ctx.constants.stringValue(use.pattern) : undefined;
    if (!use || pattern === undefined) return [];
    const shape = findBacktracking(pattern, { anchoredEnd: use.fullmatch, verbose: isVerbose(ctx, call) });
    if (!shape) return [];
    const source = use.subject ? requestDataOf(ctx, use.subject) : use.fn.endsWith('compile') ? requestSubjectOfCompiled(ctx, call) : undefined;
    if (source || use.requestFacing) {
      const input = source ?? (use.fn.endsWith('RegexValidator') ? 'submitted form values' : 'request paths');
      return [ctx.report(use.pattern, { fn: use.fn, fragment: shape.fragment, input }, { severity: 'high', confidence: 'high' })];
    }
    return [ctx.report(use.pattern, { fn: use.fn, fragment: shape.fragment, input: 'input that almost matches' })];
  },
});

import { Cwe } from '../../../core/cwe.js';
import { argument, calleeLastName, calleeObject, lastSegment } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { receiverOrigin } from './request-without-timeout.js';
import { isBuiltString } from './support/string-parts.js';

/** Functions that compile their argument as template source, and where it goes. */
const TEMPLATE_COMPILERS: ReadonlyMap<string, { readonly keyword: string; readonly engine: string }> = new Map([
  ['flask.render_template_string', { keyword: 'source', engine: 'Jinja2' }],
  ['flask.templating.render_template_string', { keyword: 'source', engine: 'Jinja2' }],
  ['quart.render_template_string', { keyword: 'source', engine: 'Jinja2' }],
  ['jinja2.Template', { keyword: 'source', engine: 'Jinja2' }],
  ['jinja2.environment.Template', { keyword: 'source', engine: 'Jinja2' }],
  ['django.template.Template', { keyword: 'template_string', engine: 'Django' }],
  ['mako.template.Template', { keyword: 'text', engine: 'Mako' }],
  ['tornado.template.Template', { keyword: 'template_string', engine: 'Tornado' }],
]);

/** Environments whose from_string() compiles unsandboxed templates. */
const JINJA_ENVIRONMENTS = new Set(['jinja2.Environment', 'jinja2.environment.Environment']);

type Params = { fn: string; engine: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-TMPL-002',
  name: 'dynamic-template-string',
  title: 'Template source built from non-constant strings',
  cwe: Cwe.TemplateInjection,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'medium',
  description:
    'render_template_string(), jinja2.Template(), Environment.from_string(), django Template(), mako Template() or tornado Template() compiles template source that the code assembles by concatenation, %, .format() or an f-string from non-constant parts.',
  explanation:
    'Text spliced into template source is parsed as template code, not rendered as data. A value that contains {{ … }} or {% … %} runs template expressions, which in Jinja2, Mako and Tornado reach Python objects and lead to remote code execution (server-side template injection).',
  fix: 'Keep the template source constant and pass values as context variables: render_template_string("Hello {{ name }}", name=name). Use a jinja2.sandbox.SandboxedEnvironment if users must write templates.',
  docs: {
    why: 'Server-side template injection turns a harmless-looking greeting or e-mail template into code execution, because every expression in template source is evaluated with access to Python objects.',
    bad: 'from flask import render_template_string, request\n\ndef hello():\n    return render_template_string("<h1>Hello " + request.args["name"] + "</h1>")',
    good: 'from flask import render_template_string, request\n\ndef hello():\n    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])',
    notDetected:
      'Template source that arrives whole (a parameter, a file read, a database value) is left to the taint rules, which report it when it comes from an untrusted source. SandboxedEnvironment.from_string() is not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/1336.html',
      'https://portswigger.net/research/server-side-template-injection',
      'https://jinja.palletsprojects.com/en/stable/sandbox/',
    ],
  },
  message: ({ fn, engine }) => `${fn}() compiles ${engine} template source built from non-constant parts, so their text runs as template code`,
  visits: ['call'],
  callees: lastNamesOf(TEMPLATE_COMPILERS.keys(), ['from_string']),
  // Template compilers end in Template or render_template_string; the Environment and jinja_env path needs a .from_string() call.
  fileMentions: ['Template', 'render_template_string', 'from_string'],
  check(ctx, call) {
    const target = templateTarget(ctx, call);
    if (!target || !isBuiltString(ctx, target.source)) return [];
    return [ctx.report(call, { fn: target.fn, engine: target.engine })];
  },
});

/** The template-source argument of a call that compiles templates. */
function templateTarget(ctx: Ctx, call: Node): { fn: string; engine: string; source: Node } | undefined {
  const name = ctx.callName(call);
  const compiler = name === undefined ? undefined : TEMPLATE_COMPILERS.get(name);
  if (name && compiler) {
    const source = argument(call, compiler.keyword, 0);
    return source ? { fn: lastSegment(name), engine: compiler.engine, source } : undefined;
  }
  const receiver = calleeObject(call);
  if (calleeLastName(call) !== 'from_string' || !receiver) return undefined;
  // Flask's app.jinja_env is a plain (unsandboxed) Jinja2 environment.
  const isFlaskEnvironment = receiver.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'jinja_env';
  const origin = receiverOrigin(ctx, receiver);
  if (!isFlaskEnvironment && (!origin || !JINJA_ENVIRONMENTS.has(origin))) return undefined;
  const source = argument(call, 'source', 0);
  return source ? { fn: `${receiver.text}.from_string`, engine: 'Jinja2', source } : undefined;
}

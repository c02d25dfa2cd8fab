import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import { definePythonRule, lastNamesOf } from '../rule.js';

type Params = { fn: string; how: string };

/** Environment classes and the position of `autoescape` among their positional parameters. */
const ENVIRONMENTS: ReadonlyMap<string, number> = new Map([
  ['jinja2.Environment', 16], ['jinja2.environment.Environment', 16],
  ['jinja2.sandbox.SandboxedEnvironment', 16], ['jinja2.sandbox.ImmutableSandboxedEnvironment', 16],
]);
/** Template(source, …): autoescape is the 18th positional parameter. */
const TEMPLATES: ReadonlyMap<string, number> = new Map([
  ['jinja2.Template', 17], ['jinja2.environment.Template', 17],
]);

export const rule = definePythonRule<Params>({
  id: 'PY-TMPL-001',
  name: 'jinja2-autoescape-disabled',
  title: 'Jinja2 autoescaping disabled',
  cwe: Cwe.Xss,
  relatedCwe: [Cwe.OutputEncoding],
  severity: 'high',
  confidence: 'high',
  description: 'A Jinja2 Environment is created without autoescape or with autoescape=False, or a Template with autoescape=False.',
  explanation:
    'With autoescaping off, {{ value }} writes the value into the HTML as is, so a value containing <script> or an event-handler attribute runs in the browser of whoever views the page.',
  fix: 'Create the environment with autoescape=select_autoescape(["html", "htm", "xml"]) (or autoescape=True), and mark only trusted, already-escaped markup with |safe or Markup.',
  bandit: ['B701'],
  docs: {
    why: 'Jinja2 does not escape by default outside frameworks such as Flask. Templates rendered from a plain Environment are a classic source of stored and reflected cross-site scripting.',
    bad: 'from jinja2 import Environment, FileSystemLoader\nenv = Environment(loader=FileSystemLoader("templates"))',
    good: 'from jinja2 import Environment, FileSystemLoader, select_autoescape\nenv = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())',
    notDetected:
      'jinja2.Template(source) without autoescape also renders unescaped (its default is off) but is not reported, since Template is mostly used for non-HTML text; autoescape given by a variable or a function is trusted. Environments that only render plain text (configs, e-mail bodies) are reported when autoescape is missing and should be reviewed.',
    references: [
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://jinja.palletsprojects.com/en/stable/api/#autoescaping',
    ],
  },
  message: ({ fn, how }) => `${fn}() renders templates with autoescaping ${how}`,
  visits: ['call'],
  callees: lastNamesOf(ENVIRONMENTS.keys(), TEMPLATES.keys()),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name) return [];
    const envPosition = ENVIRONMENTS.get(name);
    const templatePosition = TEMPLATES.get(name);
    const position = envPosition ?? templatePosition;
    if (position === undefined) return [];
    const autoescape = argument(call, 'autoescape', position);
    if (!autoescape) {
      // Only Environment is reported for a missing argument; **kwargs may carry it.
      if (envPosition === undefined || callArguments(call).hasSplat) return [];
      return [ctx.report(call, { fn: name, how: 'off (autoescape is not set)' }, { confidence: 'medium' })];
    }
    // A function (select_autoescape(...), a callable) or a variable decides at run time: trust it.
    const value = ctx.constants.evaluate(autoescape);
    if (value === UNKNOWN) ctx.note(call, `autoescaping decided by ${autoescape.text.length > 40 ? 'a function or setting' : autoescape.text}`, name);
    else if (isTruthy(value)) ctx.note(call, 'autoescaping on', name);
    if (value === UNKNOWN || isTruthy(value)) return [];
    return [ctx.report(call, { fn: name, how: 'turned off (autoescape=False)' })];
  },
});

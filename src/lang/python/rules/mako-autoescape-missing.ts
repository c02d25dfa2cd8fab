import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments, lastSegment } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

/** Mako constructors that take default_filters. */
const MAKO_TEMPLATES = new Set(['mako.template.Template', 'mako.lookup.TemplateLookup']);
/** Filter names that HTML-escape every ${expression}. */
const ESCAPING_FILTERS = new Set(['h', 'html_escape', 'markupsafe.escape', 'filters.html_escape', 'escape']);
/** Template files that are clearly not HTML (code generation, SQL, plain text, config). */
const NON_HTML_FILE = /\.(?:py|pyi|sql|txt|ini|cfg|conf|sh|ya?ml|json|toml|md|rst|c|h|cpp|js|ts|css|csv|tex)(?:\.mako|\.mak|\.tmpl)?$/i;

type Params = { fn: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-MAKO-001',
  name: 'mako-autoescape-missing',
  title: 'Mako template without HTML escaping by default',
  cwe: Cwe.Xss,
  severity: 'medium',
  confidence: 'medium',
  description: 'mako.template.Template() or TemplateLookup() is created without default_filters=["h"], so ${…} expressions are inserted into the page unescaped.',
  explanation:
    'Mako does not escape expressions unless told to: every ${value} goes into the output as is. Any value that contains user input, such as a name, comment or query parameter, can then add <script> or event-handler markup to the page (cross-site scripting).',
  fix: 'Create templates and lookups with default_filters=["h"] (or ["h", "str"]), and mark the few trusted HTML fragments with the n filter: ${trusted_html | n}.',
  bandit: ['B702'],
  docs: {
    why: 'Escaping by default is what keeps a forgotten "| h" from becoming an XSS hole. Mako leaves it off, unlike Django and (with select_autoescape) Jinja2.',
    bad: 'from mako.template import Template\npage = Template("<p>Hello ${name}</p>").render(name=name)',
    good: 'from mako.template import Template\npage = Template("<p>Hello ${name}</p>", default_filters=["h"]).render(name=name)',
    notDetected:
      'Templates whose file name shows they are not HTML (.py, .sql, .txt, .ini, .json …), and constant template texts without any HTML tag, are not reported. Escaping configured outside the constructor (a framework setting such as pyramid_mako\'s mako.default_filters) is not seen; default_filters given as a non-constant is assumed to escape.',
    references: [
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://docs.makotemplates.org/en/latest/filtering.html#the-default-filters-argument',
    ],
  },
  message: ({ fn }) => `${fn}() is created without default_filters=["h"], so \${…} expressions are not HTML-escaped`,
  visits: ['call'],
  callees: lastNamesOf(MAKO_TEMPLATES),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name || !MAKO_TEMPLATES.has(name) || callArguments(call).hasSplat) return [];
    if (escapesByDefault(ctx, argument(call, 'default_filters')) || isNonHtmlFile(ctx, call) || hasNoExpressions(ctx, call, name)) return [];
    return [ctx.report(call, { fn: lastSegment(name) })];
  },
});

/** default_filters contains an escaping filter, or is not a constant (assume the author chose one). */
function escapesByDefault(ctx: Ctx, filters: Node | undefined): boolean {
  if (!filters) return false;
  const value = ctx.constants.evaluate(filters);
  if (!Array.isArray(value)) return typeof value !== 'string' && value !== null;
  return value.some((f) => typeof f === 'string' && ESCAPING_FILTERS.has(f));
}

function isNonHtmlFile(ctx: Ctx, call: Node): boolean {
  for (const key of ['filename', 'uri']) {
    const node = argument(call, key);
    const value = node ? ctx.constants.stringValue(node) : undefined;
    if (value !== undefined && NON_HTML_FILE.test(value)) return true;
  }
  return false;
}

/** A constant template text without any ${…} has nothing to escape, and one without tags is not HTML. */
function hasNoExpressions(ctx: Ctx, call: Node, name: string): boolean {
  if (name !== 'mako.template.Template') return false;
  const text = argument(call, 'text', 0);
  const value = text ? ctx.constants.stringValue(text) : undefined;
  return value !== undefined && (!value.includes('${') || !/<[a-zA-Z!/]/.test(value));
}

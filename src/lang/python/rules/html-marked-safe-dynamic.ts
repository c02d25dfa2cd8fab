import { Cwe } from '../../../core/cwe.js';
import { argument, calleeLastName, calleeObject, lastSegment, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { holesOf, isBuiltString, stringShape } from './support/string-parts.js';

/** Calls that declare their argument to be trusted HTML. */
const MARK_SAFE = new Set([
  'django.utils.safestring.mark_safe', 'django.utils.html.mark_safe', 'django.utils.safestring.SafeString',
  'django.utils.safestring.SafeText', 'markupsafe.Markup', 'flask.Markup', 'jinja2.Markup', 'jinja2.utils.Markup',
]);

/** Functions whose result contains no markup a user could have injected. */
const SAFE_PRODUCERS = new Set([
  'django.utils.html.escape', 'django.utils.html.conditional_escape', 'django.utils.html.format_html',
  'django.utils.html.format_html_join', 'django.utils.html.escapejs', 'django.utils.html.json_script',
  'django.template.loader.render_to_string', 'django.urls.reverse', 'django.templatetags.static.static',
  'django.utils.http.urlencode', 'html.escape', 'cgi.escape', 'markupsafe.escape', 'markupsafe.Markup.escape',
  'flask.escape', 'jinja2.escape', 'flask.render_template', 'flask.url_for', 'bleach.clean', 'bleach.linkify',
  'nh3.clean', 'urllib.parse.quote', 'urllib.parse.quote_plus', 'urllib.parse.urlencode', 'int', 'float',
  ...MARK_SAFE,
]);

/** Translation functions: constant messages come from the project's own catalogs. */
const TRANSLATORS = /^django\.utils\.translation\.(?:u?gettext(?:_lazy)?|pgettext(?:_lazy)?|u?ngettext(?:_lazy)?|npgettext(?:_lazy)?)$/;

type Params = { fn: string; part: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-HTML-001',
  name: 'html-marked-safe-dynamic',
  title: 'Non-constant string marked as safe HTML',
  cwe: Cwe.Xss,
  severity: 'medium',
  confidence: 'medium',
  description:
    'Django mark_safe()/SafeString() or markupsafe/Flask/Jinja2 Markup() is applied to a string that the code assembles (f-string, concatenation, %, .format(), join) from non-constant parts that were not escaped (escape(), format_html(), conditional_escape() …).',
  explanation:
    'Marking a string safe switches off the template engine\'s escaping for it. Any non-constant part that was not escaped first is written into the page as markup, so a value containing user input can add <script> or event-handler attributes (cross-site scripting).',
  fix: 'Build the fragment with django.utils.html.format_html("<b>{}</b>", value) or Markup("<b>{}</b>").format(value), which escape every argument, or escape each dynamic part (escape(value)) before marking the result safe.',
  bandit: ['B308', 'B703', 'B704'],
  docs: {
    why: 'mark_safe and Markup are promises that a string is already safe HTML. When the promise covers text that was never escaped, the framework\'s XSS protection is bypassed exactly where it is needed.',
    bad: 'from django.utils.safestring import mark_safe\n\ndef badge(user):\n    return mark_safe(f"<span class=\\"badge\\">{user.display_name}</span>")',
    good: 'from django.utils.html import format_html\n\ndef badge(user):\n    return format_html("<span class=\\"badge\\">{}</span>", user.display_name)',
    notDetected:
      'A value marked safe as a whole (mark_safe(value) on a parameter or a function result) is left to the taint rules, which report it when the value comes from user input; so are strings assembled in another function. Values escaped in another function are not recognised. Markup(...).format(...) and format_html() escape their arguments and are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe',
      'https://markupsafe.palletsprojects.com/en/stable/escaping/',
    ],
  },
  message: ({ fn, part }) => `${fn}() marks a string as safe HTML although ${part} is not escaped`,
  visits: ['call'],
  callees: lastNamesOf(MARK_SAFE),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name || !MARK_SAFE.has(name)) return [];
    const value = argument(call, 's', 0) ?? argument(call, 'base', 0) ?? argument(call, 'object', 0);
    // A value that arrives whole (a parameter, another function's result) is the taint rules'
    // business; here the code must visibly assemble the HTML.
    if (!value || !isBuiltString(ctx, value)) return [];
    const unsafe = holesOf(stringShape(ctx, value)).find((hole) => !isSafePart(ctx, hole, 0));
    if (!unsafe) return [];
    return [ctx.report(call, { fn: lastSegment(name), part: describe(unsafe) })];
  },
});

const MAX_DEPTH = 6;

/** True when an expression's value cannot carry injected markup. */
function isSafePart(ctx: Ctx, node: Node, depth: number): boolean {
  const n = unwrapParens(node);
  if (depth > MAX_DEPTH) return false;
  if (n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' || n.type === 'none') return true;
  if (n.type === 'identifier') {
    const value = ctx.assignedValue(n);
    return value !== undefined && isSafeValue(ctx, value, depth + 1);
  }
  if (n.type === 'conditional_expression') {
    const [whenTrue, , whenFalse] = namedChildrenOf(n);
    return !!whenTrue && !!whenFalse && isSafeValue(ctx, whenTrue, depth + 1) && isSafeValue(ctx, whenFalse, depth + 1);
  }
  if (n.type !== 'call') return false;
  const name = ctx.callName(n);
  if (name !== undefined && SAFE_PRODUCERS.has(name)) return true;
  if (name !== undefined && TRANSLATORS.test(name)) return namedChildrenOf(n.childForFieldName('arguments') ?? n).every((a) => ctx.constants.stringValue(a) !== undefined);
  return isSafeJoin(ctx, n, depth);
}

/** A whole value (not just one hole) is safe when all its dynamic parts are. */
function isSafeValue(ctx: Ctx, node: Node, depth: number): boolean {
  return holesOf(stringShape(ctx, node)).every((hole) => isSafePart(ctx, hole, depth + 1));
}

/** `"".join(format_html(...) for x in xs)` or `sep.join([escape(a), escape(b)])`. */
function isSafeJoin(ctx: Ctx, call: Node, depth: number): boolean {
  const receiver = calleeObject(call);
  if (calleeLastName(call) !== 'join' || !receiver || ctx.constants.stringValue(receiver) === undefined) return false;
  const list = call.childForFieldName('arguments');
  const items = list?.type === 'generator_expression' ? list : namedChildrenOf(list ?? call)[0];
  if (!items) return false;
  if (items.type === 'list' || items.type === 'tuple') return namedChildrenOf(items).every((i) => isSafeValue(ctx, i, depth + 1));
  const body = items.childForFieldName('body');
  return (items.type === 'generator_expression' || items.type === 'list_comprehension') && !!body && isSafeValue(ctx, body, depth + 1);
}

function describe(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject, namedChildrenOf } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { isDjangoSettingsModule, isNonProductionFile, isNonProductionSetting, settingFromAssignment, settingsAt } from './support/settings.js';
import { routeDecorators, routeMethods } from './support/web.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

const CSRF_EXEMPT = new Set(['django.views.decorators.csrf.csrf_exempt']);
const METHOD_DECORATOR = new Set(['django.utils.decorators.method_decorator']);
const CSRF_PROTECT_ORIGINS = new Set(['flask_wtf.csrf.CSRFProtect', 'flask_wtf.CSRFProtect']);
const CSRF_MIDDLEWARE = 'django.middleware.csrf.CsrfViewMiddleware';
/** Middleware that authenticates by cookie: with it, requests carry ambient credentials worth forging. */
const COOKIE_AUTH_MIDDLEWARE = new Set([
  'django.contrib.sessions.middleware.SessionMiddleware', 'django.contrib.auth.middleware.AuthenticationMiddleware',
]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** Django decorators that restrict a view to safe methods, or to the listed methods. */
const SAFE_ONLY_DECORATORS = new Set(['django.views.decorators.http.require_GET', 'django.views.decorators.http.require_safe']);
const REQUIRE_METHODS = 'django.views.decorators.http.require_http_methods';
const SAFE_VIEW_METHODS = new Set(['get', 'head', 'options', 'trace']);
const UNSAFE_VIEW_METHODS = new Set(['post', 'put', 'patch', 'delete']);
/** Endpoints called by other servers, which authenticate by signature rather than by cookie. */
const MACHINE_ENDPOINT = /webhook|hook$|callback|ipn|notification/i;
const SIGNATURE_CHECK = /compare_digest|construct_event|verify|signature/i;

/** Decorator expressions of a decorated function or class. */
function decoratorsOf(definition: Node): Node[] {
  const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
  if (!decorated) return [];
  return namedChildrenOf(decorated)
    .filter((d) => d.type === 'decorator')
    .flatMap((d) => namedChildrenOf(d).slice(0, 1));
}

/** The qualified name of a decorator (`csrf_exempt`, `require_http_methods(...)` → its function). */
function decoratorName(ctx: Ctx, decorator: Node): string | undefined {
  const target = decorator.type === 'call' ? decorator.childForFieldName('function') : decorator;
  return target ? ctx.names.resolve(target) : undefined;
}

/** True when a Django view only accepts safe methods (require_GET, require_safe, require_http_methods(["GET"])). */
function onlySafeDjangoMethods(ctx: Ctx, fn: Node): boolean {
  return decoratorsOf(fn).some((d) => {
    const name = decoratorName(ctx, d);
    if (name !== undefined && SAFE_ONLY_DECORATORS.has(name)) return true;
    if (name !== REQUIRE_METHODS || d.type !== 'call') return false;
    const [methods] = callArguments(d).positional;
    const value = methods ? ctx.constants.evaluate(methods) : UNKNOWN;
    return Array.isArray(value) && value.every((m) => typeof m === 'string' && SAFE_METHODS.has(m.toUpperCase()));
  });
}

/** Webhooks and callbacks verify a signature instead of relying on cookies; CSRF does not apply. */
function isMachineEndpoint(definition: Node): boolean {
  const name = definition.childForFieldName('name')?.text ?? '';
  if (MACHINE_ENDPOINT.test(name)) return true;
  return definition.descendantsOfType('call').some((c) => SIGNATURE_CHECK.test(c ? (calleeLastName(c) ?? '') : ''));
}

/** A class-based view that defines only safe handlers and derives from a read-only generic view. */
function isReadOnlyView(ctx: Ctx, cls: Node): boolean {
  const body = cls.childForFieldName('body');
  const members = body ? namedChildrenOf(body) : [];
  const methods = members
    .map((m) => (m.type === 'decorated_definition' ? m.childForFieldName('definition') : m))
    .filter((m): m is Node => m?.type === 'function_definition')
    .map((m) => m.childForFieldName('name')?.text ?? '');
  if (methods.some((m) => UNSAFE_VIEW_METHODS.has(m))) return false;
  const allowed = members.map((m) => (m.type === 'expression_statement' ? settingValue(ctx, m, 'http_method_names') : undefined)).find((v) => v !== undefined);
  if (allowed !== undefined) return allowed.every((m) => SAFE_VIEW_METHODS.has(m.toLowerCase()));
  const bases = cls.childForFieldName('superclasses');
  const baseNames = bases ? namedChildrenOf(bases).map((b) => b.text.split('.').at(-1) ?? '') : [];
  return methods.some((m) => SAFE_VIEW_METHODS.has(m)) && baseNames.every((b) => /^(?:View|TemplateView|ListView|DetailView|RedirectView)$/.test(b));
}

/** The constant string list assigned to `name` by an expression statement, if that is what it is. */
function settingValue(ctx: Ctx, statement: Node, name: string): string[] | undefined {
  const assignment = namedChildrenOf(statement)[0];
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) return undefined;
  const right = assignment.childForFieldName('right');
  const value = right ? ctx.constants.evaluate(right) : UNKNOWN;
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
}

/** `@csrf_exempt` on a function view, `@method_decorator(csrf_exempt, …)` on a class or method. */
function checkDecorated(ctx: Ctx, definition: Node): Finding[] {
  if (ctx.file.context === 'test') return [];
  return decoratorsOf(definition).flatMap((decorator) => {
    const name = decoratorName(ctx, decorator);
    const wrapped = name !== undefined && METHOD_DECORATOR.has(name) && decorator.type === 'call' ? callArguments(decorator).positional[0] : undefined;
    const exempt = (name !== undefined && CSRF_EXEMPT.has(name)) || (wrapped !== undefined && CSRF_EXEMPT.has(ctx.names.resolve(wrapped) ?? ''));
    if (exempt) return checkDjangoExempt(ctx, definition, decorator);
    return isFlaskWtfExempt(ctx, decorator) ? checkFlaskExempt(ctx, definition, decorator) : [];
  });
}

function checkDjangoExempt(ctx: Ctx, definition: Node, decorator: Node): Finding[] {
  if (isMachineEndpoint(definition)) return [];
  const cls = definition.type === 'class_definition' ? definition : enclosingClass(definition);
  if (definition.type === 'function_definition' && onlySafeDjangoMethods(ctx, definition)) return [];
  if (cls && isReadOnlyView(ctx, cls)) return [];
  const name = definition.childForFieldName('name')?.text ?? 'view';
  return [ctx.report(decorator, { what: `csrf_exempt on ${name}, which accepts state-changing requests,` })];
}

function enclosingClass(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'class_definition') return parent;
    if (parent.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `csrf.exempt` where `csrf` is a Flask-WTF CSRFProtect. */
function isFlaskWtfExempt(ctx: Ctx, node: Node): boolean {
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'exempt') return false;
  const object = node.childForFieldName('object');
  if (!object) return false;
  const origin = ctx.originOf(object);
  return origin !== undefined ? CSRF_PROTECT_ORIGINS.has(origin) : object.text === 'csrf' && ctx.names.importsModule('flask_wtf');
}

function checkFlaskExempt(ctx: Ctx, definition: Node, decorator: Node): Finding[] {
  if (definition.type !== 'function_definition' || isMachineEndpoint(definition)) return [];
  const routes = routeDecorators(ctx, definition);
  const methods = routes.map((r) => routeMethods(ctx, r));
  if (routes.length > 0 && methods.every((m) => m !== undefined && m.every((x) => SAFE_METHODS.has(x)))) return [];
  const name = definition.childForFieldName('name')?.text ?? 'view';
  return [ctx.report(decorator, { what: `csrf.exempt on ${name}, which accepts state-changing requests,` })];
}

/** `csrf_exempt(view)` in a URLconf and `csrf.exempt(blueprint)`: whole views or blueprints lose the check. */
function checkCall(ctx: Ctx, call: Node): Finding[] {
  if (call.parent?.type === 'decorator' || ctx.file.context === 'test') return [];
  const fn = call.childForFieldName('function');
  const [target] = callArguments(call).positional;
  if (!fn || !target) return [];
  const exempted = CSRF_EXEMPT.has(ctx.names.resolve(fn) ?? '') || isFlaskWtfExempt(ctx, fn);
  if (!exempted || MACHINE_ENDPOINT.test(target.text)) return [];
  const viaMethodDecorator = call.parent?.type === 'argument_list' && METHOD_DECORATOR.has(ctx.callName(call.parent.parent ?? call) ?? '');
  if (viaMethodDecorator) return [];
  return [ctx.report(call, { what: `${fn.text}(${target.text})` })];
}

/** MIDDLEWARE without CsrfViewMiddleware in a production Django settings module, or `.remove(…CsrfViewMiddleware)`. */
function checkMiddleware(ctx: Ctx, node: Node): Finding[] {
  if (!isDjangoSettingsModule(ctx) || isNonProductionFile(ctx)) return [];
  if (node.type === 'call') {
    const [removed] = callArguments(node).positional;
    const isRemoval = calleeLastName(node) === 'remove' && /^MIDDLEWARE(?:_CLASSES)?$/.test(calleeObject(node)?.text ?? '');
    return isRemoval && removed && ctx.constants.stringValue(removed) === CSRF_MIDDLEWARE ? [ctx.report(node, { what: `${node.text}` })] : [];
  }
  const setting = settingFromAssignment(ctx, node);
  if (!setting || setting.form !== 'module' || !/^MIDDLEWARE(?:_CLASSES)?$/.test(setting.key)) return [];
  const value = constantStrings(ctx, setting.value);
  if (!value || !value.some((v) => COOKIE_AUTH_MIDDLEWARE.has(v)) || mentionsCsrfMiddleware(ctx)) return [];
  return [ctx.report(node, { what: `${setting.key} without ${CSRF_MIDDLEWARE}` }, { confidence: 'high' })];
}

/**
 * The strings of a list or tuple literal whose items are all constant strings. Comments
 * between items are skipped: a commented-out middleware line is the usual way it is removed.
 */
function constantStrings(ctx: Ctx, node: Node): string[] | undefined {
  if (node.type !== 'list' && node.type !== 'tuple') return undefined;
  const values = namedChildrenOf(node)
    .filter((item) => item.type !== 'comment')
    .map((item) => ctx.constants.stringValue(item));
  return values.every((v): v is string => v !== undefined) ? values : undefined;
}

/** True when any string literal in the file names the CSRF middleware (added later with += or insert). */
function mentionsCsrfMiddleware(ctx: Ctx): boolean {
  return ctx.root.descendantsOfType('string_content').some((s) => s?.text === CSRF_MIDDLEWARE);
}

/** Flask-WTF: WTF_CSRF_ENABLED = False, or WTF_CSRF_CHECK_DEFAULT = False without any csrf.protect() call. */
function checkFlaskSettings(ctx: Ctx, node: Node): Finding[] {
  return settingsAt(ctx, node).flatMap((setting) => {
    if (setting.key !== 'WTF_CSRF_ENABLED' && setting.key !== 'WTF_CSRF_CHECK_DEFAULT') return [];
    if (isNonProductionSetting(ctx, setting) || classSetsTesting(setting.at)) return [];
    const value = ctx.constants.evaluate(setting.value);
    if (value === UNKNOWN || isTruthy(value)) return [];
    if (setting.key === 'WTF_CSRF_CHECK_DEFAULT' && callsProtect(ctx)) return [];
    return [ctx.report(setting.at, { what: `${setting.key} = ${setting.value.text}` })];
  });
}

/** A config class that also sets TESTING = True is a test configuration. */
function classSetsTesting(node: Node): boolean {
  const cls = enclosingClass(node);
  const body = cls?.childForFieldName('body');
  return (body ? namedChildrenOf(body) : []).some((s) => /^TESTING\s*=\s*True\b/.test(s.text));
}

function callsProtect(ctx: Ctx): boolean {
  return ctx.root.descendantsOfType('call').some((c) => c !== null && calleeLastName(c) === 'protect');
}

export const rule = definePythonRule<Params>({
  id: 'PY-CSRF-001',
  name: 'csrf-protection-disabled',
  title: 'CSRF protection turned off',
  cwe: Cwe.Csrf,
  severity: 'high',
  confidence: 'medium',
  description:
    'Django @csrf_exempt (or method_decorator(csrf_exempt)) on a view that accepts POST/PUT/PATCH/DELETE, MIDDLEWARE without CsrfViewMiddleware (or with it removed), Flask-WTF WTF_CSRF_ENABLED = False / WTF_CSRF_CHECK_DEFAULT = False, or csrf.exempt on a Flask view or blueprint.',
  explanation:
    'Browsers attach the user\'s cookies to requests that any other web site triggers. Without a CSRF token check, a page the victim visits can submit forms to this endpoint in the victim\'s name: change the e-mail or password, transfer money, delete data.',
  fix: 'Keep the CSRF check on and send the token with every state-changing request ({% csrf_token %}, the X-CSRFToken header, form.hidden_tag()). Exempt only endpoints that do not use cookie authentication, such as webhooks that verify a signature, and restrict read-only views with @require_safe instead of exempting them.',
  docs: {
    why: 'CSRF turns a logged-in user\'s browser into the attacker\'s client. Frameworks block it by default; code that opts out has to replace the protection with something else, which is rarely done.',
    bad: 'from django.http import JsonResponse\nfrom django.views.decorators.csrf import csrf_exempt\n\n@csrf_exempt\ndef change_email(request):\n    request.user.email = request.POST["email"]\n    request.user.save()\n    return JsonResponse({"ok": True})',
    good: 'from django.http import JsonResponse\nfrom django.views.decorators.http import require_POST\n\n@require_POST\ndef change_email(request):\n    request.user.email = request.POST["email"]\n    request.user.save()\n    return JsonResponse({"ok": True})',
    notDetected:
      'Views restricted to safe methods (@require_GET, @require_safe, require_http_methods(["GET"]), Flask routes without POST/PUT/PATCH/DELETE, class-based views with only get/head handlers) are not reported. Endpoints named like webhooks or callbacks, or that check a signature (compare_digest, construct_event, verify…), are assumed to authenticate by signature and are not reported. Test files and settings or config classes for development and tests are not reported. Django REST framework views are not reported: DRF exempts them and enforces CSRF itself for session authentication. Frameworks without built-in CSRF protection (FastAPI, Starlette) are not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/352.html',
      'https://docs.djangoproject.com/en/stable/ref/csrf/',
      'https://flask-wtf.readthedocs.io/en/stable/csrf/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html',
    ],
  },
  message: ({ what }) => `${what} turns off CSRF protection, so other sites can submit requests with the user's cookies`,
  visits: ['function_definition', 'class_definition', 'call', 'assignment'],
  // csrf_exempt(view), csrf.exempt(bp), MIDDLEWARE.remove(…), and the config setters settingsFromCall() reads.
  callees: [...lastNamesOf(CSRF_EXEMPT), 'exempt', 'remove', 'update', 'from_mapping', 'configure'],
  // csrf_exempt and csrf.exempt (imported or named csrf), CSRFProtect, WTF_CSRF_* settings, MIDDLEWARE.
  fileMentions: ['csrf', 'CSRF', 'MIDDLEWARE'],
  check(ctx, node) {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition':
        return checkDecorated(ctx, node);
      case 'call':
        return [...checkCall(ctx, node), ...checkMiddleware(ctx, node), ...checkFlaskSettings(ctx, node)];
      default:
        return [...checkMiddleware(ctx, node), ...checkFlaskSettings(ctx, node)];
    }
  },
});

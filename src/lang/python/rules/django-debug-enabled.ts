import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { isDjangoSettingsModule, isNonProductionFile, settingFromAssignment } from './support/settings.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

const CONFIGURE = new Set(['django.conf.settings.configure']);

/** `DEBUG = True` at module level of a production settings module, bound nowhere else in it. */
function checkAssignment(ctx: Ctx, assignment: Node): Finding[] {
  const setting = settingFromAssignment(ctx, assignment);
  if (setting?.key !== 'DEBUG' || setting.form !== 'module') return [];
  if (!isDjangoSettingsModule(ctx) || isNonProductionFile(ctx)) return [];
  // `DEBUG = True` followed by `if …: DEBUG = False` (or an env override) is decided at run time.
  if ((ctx.bindings.lookup('DEBUG', assignment)?.length ?? 0) > 1) return [];
  return flagged(ctx, assignment, setting.value, 'DEBUG = True in the settings module');
}

/** `settings.configure(DEBUG=True)` for standalone Django use. */
function checkConfigure(ctx: Ctx, call: Node): Finding[] {
  if (!CONFIGURE.has(ctx.callName(call) ?? '') || isNonProductionFile(ctx)) return [];
  const keyword = call.childForFieldName('arguments')?.namedChildren.find(
    (a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'DEBUG',
  );
  const value = keyword?.childForFieldName('value');
  return value ? flagged(ctx, call, value, 'settings.configure(DEBUG=True)') : [];
}

function flagged(ctx: Ctx, node: Node, value: Node, what: string): Finding[] {
  const evaluated = ctx.constants.evaluate(value);
  if (evaluated === UNKNOWN || !isTruthy(evaluated)) return [];
  return [ctx.report(node, { what })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-DJANGO-001',
  name: 'django-debug-enabled',
  title: 'Django DEBUG turned on in a settings module',
  cwe: Cwe.ActiveDebugCode,
  relatedCwe: [Cwe.DebugInfo, Cwe.ErrorMessageInfo],
  severity: 'high',
  confidence: 'medium',
  description:
    'A Django settings module (settings.py, settings/*.py, or a module defining INSTALLED_APPS/MIDDLEWARE/ROOT_URLCONF/ALLOWED_HOSTS) sets DEBUG = True as a constant, or settings.configure(DEBUG=True) is called.',
  explanation:
    'With DEBUG on, every unhandled error renders a technical page with the traceback, local variables, the request and nearly all settings (Django masks only names that look secret), and a 404 lists every URL pattern. Django also keeps every SQL query in memory and serves the static files view. Any visitor who triggers an error learns the code, paths, database layout and configuration.',
  fix: 'Keep DEBUG off in shared settings and turn it on only in a development settings file or from the environment: DEBUG = os.environ.get("DJANGO_DEBUG") == "1".',
  docs: {
    why: 'Settings committed with DEBUG = True are how debug pages reach production: a settings file written for development is deployed as is, and the first error page hands an attacker the traceback, local variables and configuration.',
    bad: 'INSTALLED_APPS = ["django.contrib.auth"]\nDEBUG = True',
    good: 'import os\nINSTALLED_APPS = ["django.contrib.auth"]\nDEBUG = os.environ.get("DJANGO_DEBUG") == "1"',
    notDetected:
      'Settings files named for development or tests (settings/dev.py, local_settings.py, settings_test.py, …) are not reported, nor is DEBUG set more than once in the module (for example True and then False under a condition), or read from the environment with a true default (env.bool("DEBUG", default=True)). Which settings module a deployment really loads (DJANGO_SETTINGS_MODULE) is not known to the review.',
    references: [
      'https://cwe.mitre.org/data/definitions/489.html',
      'https://cwe.mitre.org/data/definitions/215.html',
      'https://docs.djangoproject.com/en/stable/ref/settings/#debug',
      'https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug',
    ],
  },
  message: ({ what }) => `${what} shows tracebacks, local variables and settings to anyone who triggers an error`,
  visits: ['assignment', 'call'],
  // Both checks look for the DEBUG setting by name.
  fileMentions: ['DEBUG'],
  callees: lastNamesOf(CONFIGURE),
  check(ctx, node) {
    return node.type === 'assignment' ? checkAssignment(ctx, node) : checkConfigure(ctx, node);
  },
});

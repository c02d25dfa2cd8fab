/**
 * Configuration facts shared by rules about framework settings: which files are Django
 * settings modules, which settings files or config classes are meant for development or
 * tests, and where a setting such as `DEBUG` or `SESSION_COOKIE_SECURE` gets its value
 * (module or class constant, `app.config[...]`, `config.update(...)`, `settings.configure(...)`).
 */
import { callArguments, calleeLastName, calleeObject, namedChildrenOf } from '../../ast.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';

/** What these helpers read from a rule's context; leaving out `report` lets any rule pass its own. */
type AnyCtx = Omit<PythonRuleContext<MessageParams>, 'report'>;

/** Settings only a Django project's settings module defines. */
const DJANGO_MARKERS = new Set(['INSTALLED_APPS', 'MIDDLEWARE', 'MIDDLEWARE_CLASSES', 'ROOT_URLCONF', 'ALLOWED_HOSTS']);
/** Words in a settings file or config class name that mark it as not for production. */
const NON_PRODUCTION_WORDS = new Set([
  'test', 'tests', 'testing', 'unittest', 'ci', 'dev', 'devel', 'develop', 'development', 'local', 'debug', 'sandbox',
]);

/** True for a Django settings module: settings.py, settings/*.py, or a module defining INSTALLED_APPS & co. */
export function isDjangoSettingsModule(ctx: AnyCtx): boolean {
  return ctx.memo('django-settings-module', () => computeIsDjangoSettingsModule(ctx));
}

function computeIsDjangoSettingsModule(ctx: AnyCtx): boolean {
  const parts = ctx.file.path.split('/');
  const base = parts.at(-1) ?? '';
  if (base === 'settings.py' || parts.at(-2) === 'settings') return true;
  return namedChildrenOf(ctx.root).some((stmt) => {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    const left = expr?.type === 'assignment' ? expr.childForFieldName('left') : null;
    return left?.type === 'identifier' && DJANGO_MARKERS.has(left.text);
  });
}

/** Lower-case words of a path segment or class name: `settings_dev.py` → [settings, dev, py]. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True when the file is meant for development or tests: a test-context file, or a path whose
 * file or directory names say test/dev/local (`settings/dev.py`, `test_settings.py`,
 * `local_settings.py`, `config/testing.py`).
 */
export function isNonProductionFile(ctx: AnyCtx): boolean {
  if (ctx.file.context !== 'production') return true;
  const parts = ctx.file.path.split('/').slice(-2);
  return parts.some((part) => wordsOf(part.replace(/\.pyw?$/, '')).some((w) => NON_PRODUCTION_WORDS.has(w)));
}

/** True when a config class name says it is for development or tests (`TestingConfig`, `DevConfig`). */
export function isNonProductionClass(name: string): boolean {
  return wordsOf(name).some((w) => NON_PRODUCTION_WORDS.has(w));
}

/** One place where a named setting receives a value. */
export interface SettingAssignment {
  readonly key: string;
  readonly value: Node;
  /** The node to report: the assignment, or the call that sets it. */
  readonly at: Node;
  /** Where it is set: a module constant, a class attribute, or a mapping of an app's config. */
  readonly form: 'module' | 'class' | 'mapping';
  /** The config class, for class attributes. */
  readonly className?: string;
}

/** Statements between `node` and its module or class body, when all of them are plain blocks. */
function definingScope(statement: Node): { form: 'module' | 'class'; className?: string } | undefined {
  for (let parent = statement.parent; parent; parent = parent.parent) {
    if (parent.type === 'module') return { form: 'module' };
    if (parent.type === 'class_definition') {
      const name = parent.childForFieldName('name')?.text;
      return name === undefined ? undefined : { form: 'class', className: name };
    }
    if (parent.type === 'function_definition' || parent.type === 'lambda') return undefined;
  }
  return undefined;
}

/** `KEY = value` at module or class level, and `x.config["KEY"] = value` / `settings["KEY"] = value`. */
export function settingFromAssignment(ctx: AnyCtx, assignment: Node): SettingAssignment | undefined {
  const left = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (!left || !value || value.type === 'assignment') return undefined;
  if (left.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(left.text)) {
    const scope = definingScope(assignment);
    if (!scope) return undefined;
    return { key: left.text, value, at: assignment, ...scope };
  }
  if (left.type !== 'subscript') return undefined;
  const container = left.childForFieldName('value');
  const index = left.childForFieldName('subscript');
  const key = index ? ctx.constants.stringValue(index) : undefined;
  if (!container || key === undefined || !isConfigMapping(container)) return undefined;
  return { key, value, at: assignment, form: 'mapping' };
}

/** `app.config`, `self.config`, `config`, `settings`: containers that hold framework settings. */
function isConfigMapping(node: Node): boolean {
  const name = node.type === 'attribute' ? node.childForFieldName('attribute')?.text : node.text;
  return name === 'config' || name === 'settings' || name === 'SETTINGS';
}

/** Settings passed as keywords or a dict literal to `x.config.update(...)`, `from_mapping(...)`, `settings.configure(...)`. */
export function settingsFromCall(call: Node): SettingAssignment[] {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!receiver) return [];
  const onConfig = (method === 'update' || method === 'from_mapping') && isConfigMapping(receiver);
  const configure = method === 'configure' && receiver.text.endsWith('settings');
  if (!onConfig && !configure) return [];
  const { positional, keywords } = callArguments(call);
  const found: SettingAssignment[] = [...keywords].map(([key, value]) => ({ key, value, at: call, form: 'mapping' as const }));
  const mapping = positional[0];
  for (const pair of mapping?.type === 'dictionary' ? namedChildrenOf(mapping) : []) {
    const keyNode = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (pair.type !== 'pair' || keyNode?.type !== 'string' || !value) continue;
    const key = keyNode.namedChildren.find((c) => c?.type === 'string_content')?.text;
    if (key !== undefined) found.push({ key, value, at: call, form: 'mapping' });
  }
  return found;
}

/** Every setting a visited `assignment` or `call` node sets. */
export function settingsAt(ctx: AnyCtx, node: Node): SettingAssignment[] {
  if (node.type === 'assignment') {
    const found = settingFromAssignment(ctx, node);
    return found ? [found] : [];
  }
  return node.type === 'call' ? settingsFromCall(node) : [];
}

/** True when the setting is made for development or tests (by its file or its config class). */
export function isNonProductionSetting(ctx: AnyCtx, setting: SettingAssignment): boolean {
  return isNonProductionFile(ctx) || (setting.className !== undefined && isNonProductionClass(setting.className));
}

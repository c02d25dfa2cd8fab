import { Cwe } from '../../../core/cwe.js';
import { calleeLastName, calleeObject, enclosingFunction, enclosingScope, namedChildrenOf } from '../ast.js';
import { stringLiteralValue } from '../constants.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';
import { wordsOf } from './assert-used-for-security.js';

/** Where an expression's value ends up, as far as one statement shows. */
export interface ValueDestination {
  /** Names it is stored under, innermost first: assignment targets, keyword names, dict keys. */
  readonly names: readonly string[];
  /** True when the value is returned from the enclosing function. */
  readonly returned: boolean;
  /** Calls it is passed to on the way, innermost first. */
  readonly passedTo: readonly Node[];
  /** True when it was built into a larger value: joined, collected by a comprehension, formatted. */
  readonly combined: boolean;
  /** The assignment target it ends in, when the statement is an assignment. */
  readonly storedIn?: Node;
}

/** Wrappers a value passes through unchanged in meaning. */
const TRANSPARENT = new Set([
  'parenthesized_expression', 'unary_operator', 'conditional_expression', 'boolean_operator', 'await',
  'list', 'tuple', 'set', 'concatenated_string',
]);
/** Wrappers that build a bigger value out of this one. */
const COMBINING = new Set(['binary_operator', 'interpolation', 'string']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);

/**
 * Follows `start`'s value up through its statement: through wrappers, comprehensions, method
 * calls on it (`.hexdigest()`) and calls that take it as an argument, until it is assigned,
 * passed by keyword, put in a dict, returned, or dropped.
 */
export function valueDestination(start: Node): ValueDestination {
  const passedTo: Node[] = [];
  let combined = false;
  let node = start;
  for (let parent = node.parent; parent; parent = node.parent) {
    const step = stepUp(parent, node);
    if (!step) {
      const { consumer, ...end } = endOfFlow(parent, node);
      return { ...end, passedTo: consumer ? [...passedTo, consumer] : passedTo, combined };
    }
    if (step.passedTo) passedTo.push(step.passedTo);
    combined ||= step.combines;
    node = step.next;
  }
  return { names: [], returned: false, passedTo, combined };
}

interface Step {
  readonly next: Node;
  readonly combines: boolean;
  readonly passedTo?: Node;
}

/** Where the value goes from `node` into `parent`; undefined when it stops being carried upwards. */
function stepUp(parent: Node, node: Node): Step | undefined {
  const type = parent.type;
  if (TRANSPARENT.has(type)) return { next: parent, combines: false };
  if (COMBINING.has(type)) return { next: parent, combines: true };
  // `sample(...)[0]` is still the drawn value; `tokens[randint(...)]` is an existing element.
  if (type === 'subscript') return isField(parent, 'value', node) ? { next: parent, combines: false } : undefined;
  // Only a comprehension's element expression is the produced value, not its loop bounds.
  if (COMPREHENSIONS.has(type)) return isField(parent, 'body', node) ? { next: parent, combines: true } : undefined;
  if (type === 'attribute') {
    if (!isField(parent, 'object', node)) return undefined;
    const call = parent.parent;
    // A method called on the value (`.hexdigest()`, `.hex()`) yields a value derived from it.
    return { next: call?.type === 'call' && isField(call, 'function', parent) ? call : parent, combines: false };
  }
  if (type === 'argument_list' || type === 'call') {
    const call = type === 'call' ? parent : parent.parent;
    if (call?.type !== 'call') return undefined;
    return { next: call, combines: calleeLastName(call) === 'join', passedTo: call };
  }
  return undefined;
}

/** What the statement does with the value where the walk stopped. */
function endOfFlow(parent: Node, node: Node): { names: string[]; returned: boolean; storedIn?: Node; consumer?: Node } {
  switch (parent.type) {
    case 'return_statement':
      return { names: [], returned: true };
    case 'keyword_argument': {
      const name = parent.childForFieldName('name')?.text;
      const call = parent.parent?.parent;
      return { names: name ? [name] : [], returned: false, ...(call?.type === 'call' ? { consumer: call } : {}) };
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      // Only literal keys name the value; `{Enum.MEMBER: …}` tables map one thing to another.
      const name = key && isField(parent, 'value', node) ? stringLiteralValue(key) : undefined;
      return { names: name ? [name] : [], returned: false };
    }
    case 'assignment':
    case 'augmented_assignment': {
      const target = parent.childForFieldName('left');
      if (!target || !isField(parent, 'right', node)) break;
      const name = targetName(target);
      return { names: name ? [name] : [], returned: false, storedIn: target };
    }
    default:
      break;
  }
  return { names: [], returned: false };
}

function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** `token` for `token`, `self.token`, `session["token"]`; undefined for unpacking targets. */
export function targetName(target: Node): string | undefined {
  if (target.type === 'identifier') return target.text;
  if (target.type === 'attribute') return target.childForFieldName('attribute')?.text;
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    const literal = key ? stringLiteralValue(key) : undefined;
    const container = target.childForFieldName('value');
    return literal ?? (container ? targetName(container) : undefined);
  }
  return undefined;
}

const PRNG_FUNCTIONS = new Set([
  'random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'shuffle', 'getrandbits', 'uniform', 'randbytes',
]);
/** numpy.random members that configure or construct generators rather than draw values. */
const NUMPY_NON_DRAWS = new Set([
  'seed', 'default_rng', 'RandomState', 'Generator', 'SeedSequence', 'BitGenerator', 'get_state', 'set_state',
  'PCG64', 'PCG64DXSM', 'MT19937', 'Philox', 'SFC64', 'spawn', 'bit_generator',
]);
const NUMPY_GENERATORS = new Set(['numpy.random.default_rng', 'numpy.random.RandomState', 'numpy.random.Generator']);
/** Draws that produce raw bits: their output is key material whatever the name. */
const BIT_DRAWS = new Set(['getrandbits', 'randbytes', 'bytes']);

/** Names of values that must be unguessable. */
const SECRET_WORDS = new Set([
  'token', 'tokens', 'password', 'passwords', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'nonce', 'salt',
  'otp', 'totp', 'hotp', 'pin', 'pincode', 'csrf', 'xsrf', 'apikey', 'sessionid', 'session', 'iv', 'credential',
  'credentials', 'passcode',
]);
/** Qualifiers that make a "code" or "link" a secret: verification_code, reset_link, invite_code. */
const CODE_QUALIFIERS = new Set([
  'verification', 'verify', 'confirm', 'confirmation', 'invite', 'invitation', 'reset', 'activation', 'auth', 'login',
  'access', 'recovery', 'security', 'sms', 'mfa', '2fa', 'twofa', 'backup', 'magic', 'coupon', 'voucher', 'gift', 'promo', 'share',
]);
const CODE_WORDS = new Set(['code', 'codes', 'link', 'url', 'id']);
/** Qualifiers that make a "key" a lookup key rather than a secret. */
const LOOKUP_KEY_QUALIFIERS = new Set([
  'sort', 'cache', 'dict', 'lookup', 'map', 'row', 'col', 'column', 'partition', 'shard', 'bucket', 'group', 'index',
  'primary', 'foreign', 'hot', 'idempotency', 'dedup', 'order', 'redis', 'storage', 'object', 'file', 'field', 'config',
  'setting', 'settings', 'header', 'query', 'param', 'item', 'node', 'lock', 'metric', 'label', 'random', 'ttl',
  'weight', 'priority', 'rank', 'score',
]);
/** Verbs of functions that make a new value; their nouns say what the value is (generate_token). */
const GENERATOR_VERBS = new Set(['generate', 'gen', 'make', 'create', 'new', 'build', 'issue', 'mint']);
/** Verbs of functions that pick among existing values (pick_random_key); they make no secret. */
const SELECTION_VERBS = new Set(['pick', 'choose', 'select', 'sample', 'shuffle', 'get', 'find']);

/**
 * True when `name` names a value that must be unguessable. A bare `key` counts only for raw
 * bits or built-up strings (`key = random.choice(keys)` picks a dict key, it makes no secret).
 */
export function isSecretName(name: string, rawMaterial: boolean): boolean {
  const words = wordsOf(name);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  if (words.some((w) => CODE_WORDS.has(w)) && words.some((w) => CODE_QUALIFIERS.has(w))) return true;
  if (!words.some((w) => w === 'key' || w === 'keys')) return false;
  if (words.some((w) => LOOKUP_KEY_QUALIFIERS.has(w))) return false;
  return rawMaterial || words.length > 1;
}

type Params = { fn: string; sink: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-RAND-001',
  name: 'insecure-random-for-secret',
  title: 'Predictable random numbers used for a secret',
  cwe: Cwe.InsufficientRandomness,
  relatedCwe: [Cwe.WeakPrng],
  severity: 'high',
  confidence: 'medium',
  description:
    'A value from the random module (or numpy.random) becomes a token, password, key, nonce, salt, OTP, PIN, session id or similar secret.',
  explanation:
    'The random module is a Mersenne Twister: fast and statistically good, but fully predictable. After observing about 624 outputs (or guessing the seed, which defaults to the time and PID on some platforms), an attacker can compute every past and future value, and so every token, password or code the program generates with it.',
  fix: 'Use the secrets module: secrets.token_urlsafe(32), secrets.token_hex(16), secrets.choice(alphabet), secrets.randbelow(10**6); or random.SystemRandom() where a Random-like API is needed.',
  bandit: ['B311'],
  docs: {
    why: 'Secrets have to be unguessable, not just well distributed. Tokens, reset links and one-time codes made with a predictable generator can be forged by anyone who has seen a few other outputs.',
    bad: 'import random, string\ntoken = "".join(random.choice(string.ascii_letters) for _ in range(32))',
    good: 'import secrets\ntoken = secrets.token_urlsafe(32)',
    notDetected:
      'Whether a value is secret is judged from names: the variable, attribute, keyword or dict key it is stored under (following plain assignments within the function, as in chars = [...]; token = "".join(chars)), the function it is returned from, or a function whose name says it generates a secret (generate_token, make_password). Secrets with neutral names, values passed to other functions before being named, and test files are not reported; a bare `key` counts only for raw bits or built-up strings.',
    references: [
      'https://cwe.mitre.org/data/definitions/330.html',
      'https://cwe.mitre.org/data/definitions/338.html',
      'https://docs.python.org/3/library/random.html',
      'https://docs.python.org/3/library/secrets.html',
    ],
  },
  message: ({ fn, sink }) => `${fn}() is a predictable generator but produces ${sink}`,
  visits: ['call'],
  // Draws resolve to random.* / numpy.random.* or come from random.Random() / numpy.random generators: the import or the attribute chain spells random.
  fileMentions: ['random'],
  check(ctx, call) {
    const draw = prngDraw(ctx, call);
    if (!draw) return [];
    if (ctx.contextOf(call) === 'test') {
      ctx.note(call, 'random test data in test code, not a secret', draw.fn);
      return [];
    }
    const sink = secretSink(call, draw);
    if (!sink) ctx.note(call, 'the value is not named or used as a token, key, password or other secret', draw.fn);
    return sink ? [ctx.report(call, { fn: draw.fn, sink })] : [];
  },
});

interface Draw {
  readonly fn: string;
  readonly rawBits: boolean;
}

/** The PRNG call `call` makes, if any: random.*, numpy.random.*, or a method of random.Random()/numpy generators. */
function prngDraw(ctx: Ctx, call: Node): Draw | undefined {
  const name = ctx.callName(call);
  const method = calleeLastName(call);
  // Cheap tests first: most calls are not draws from random or numpy.random at all.
  if (method === undefined) return undefined;
  const fromModule = name !== undefined && (name.startsWith('random.') || name.startsWith('numpy.random.'));
  if (name !== undefined && !fromModule) return undefined;
  if (name !== undefined && fromModule && !moduleNameShadowed(ctx, call)) {
    if (name === `random.${method}` && PRNG_FUNCTIONS.has(method)) return { fn: name, rawBits: BIT_DRAWS.has(method) };
    if (name === `numpy.random.${method}` && !NUMPY_NON_DRAWS.has(method)) return { fn: name, rawBits: BIT_DRAWS.has(method) };
    return undefined;
  }
  // Generator objects only exist in files that import random or numpy.
  if (!ctx.memo('imports-prng', () => ctx.names.importsModule('random') || ctx.names.importsModule('numpy'))) return undefined;
  const receiver = calleeObject(call);
  const origin = receiver ? ctx.originOf(receiver) : undefined;
  if (!method || !origin) return undefined;
  if (origin === 'random.Random' && PRNG_FUNCTIONS.has(method)) return { fn: `Random().${method}`, rawBits: BIT_DRAWS.has(method) };
  if (NUMPY_GENERATORS.has(origin) && !NUMPY_NON_DRAWS.has(method)) return { fn: `${origin.split('.').pop() ?? origin}().${method}`, rawBits: BIT_DRAWS.has(method) };
  return undefined;
}

/** `random = random.SystemRandom()` rebinds the module name to a secure generator. */
function moduleNameShadowed(ctx: Ctx, call: Node): boolean {
  let root = call.childForFieldName('function');
  while (root?.type === 'attribute') root = root.childForFieldName('object');
  if (root?.type !== 'identifier') return false;
  return (ctx.bindings.lookup(root.text, call) ?? []).some((b) => b.kind === 'assign');
}

/** A description of the secret the drawn value becomes, or undefined when nothing says it is one. */
function secretSink(call: Node, draw: Draw): string | undefined {
  const destination = valueDestination(call);
  const raw = draw.rawBits || destination.combined;
  const direct = destination.names.find((n) => isSecretName(n, raw));
  if (direct) return `the value of '${direct}'`;
  const flow = destination.storedIn?.type === 'identifier' ? followName(destination.storedIn) : { names: [], returned: false };
  // A later statement may combine it (`token = "".join(chars)`): treat it as built-up material.
  const later = flow.names.find((n) => isSecretName(n, true));
  if (later) return `the value of '${later}'`;
  const returned = destination.returned || flow.returned;
  const fnName = enclosingFunction(call)?.childForFieldName('name')?.text;
  if (returned && fnName && namesSecret(fnName, raw)) return `the return value of ${fnName}()`;
  // A value kept under a neutral name that is never returned (a length, a delay) is not the secret.
  return returned || destination.names.length === 0 ? generatorFunctionSink(call) : undefined;
}

const MAX_FLOW_STEPS = 4;

/**
 * Names that take their value from `target` within its function (`chars` → `token` in
 * `token = "".join(chars)`), and whether any of them is returned. Uses as a loop bound
 * (range(n)) or an index (items[i]) do not carry the value.
 */
function followName(target: Node): { names: string[]; returned: boolean } {
  const scope = enclosingScope(target);
  const carriers = new Set([target.text]);
  const statements = scope
    .descendantsOfType(['assignment', 'augmented_assignment', 'return_statement'])
    .filter((s): s is Node => s !== null && enclosingScope(s).id === scope.id);
  let returned = false;
  for (let step = 0; step < MAX_FLOW_STEPS; step++) {
    const before = carriers.size;
    for (const statement of statements) {
      const value = statement.type === 'return_statement' ? namedChildrenOf(statement)[0] : statement.childForFieldName('right');
      if (!value || !carries(value, carriers)) continue;
      if (statement.type === 'return_statement') returned = true;
      const left = statement.childForFieldName('left');
      const name = left ? targetName(left) : undefined;
      if (name) carriers.add(name);
    }
    if (carriers.size === before) break;
  }
  carriers.delete(target.text);
  return { names: [...carriers], returned };
}

/** True when `expr` uses one of `names` as data (not as a range() bound or a subscript index). */
function carries(expr: Node, names: ReadonlySet<string>): boolean {
  const ids = expr.type === 'identifier' ? [expr] : expr.descendantsOfType('identifier').filter((i): i is Node => i !== null);
  return ids.some((id) => names.has(id.text) && !isBoundOrIndex(id, expr));
}

function isBoundOrIndex(id: Node, root: Node): boolean {
  for (let node: Node = id, parent = id.parent; parent && node.id !== root.id; node = parent, parent = parent.parent) {
    if (parent.type === 'subscript' && parent.childForFieldName('subscript')?.id === node.id) return true;
    if (parent.type === 'call' && parent.childForFieldName('function')?.text === 'range') return true;
  }
  return false;
}

/** Any draw inside generate_token(), make_password(), new_session_id() … feeds the secret it makes. */
function generatorFunctionSink(call: Node): string | undefined {
  const fnName = enclosingFunction(call)?.childForFieldName('name')?.text;
  if (!fnName || !wordsOf(fnName).some((w) => GENERATOR_VERBS.has(w))) return undefined;
  return namesSecret(fnName, true) ? `a value inside ${fnName}()` : undefined;
}

/** True when a function's name says its result is a secret: session_id(), make_otp(), but not pick_key(). */
function namesSecret(fnName: string, rawMaterial: boolean): boolean {
  const words = wordsOf(fnName);
  if (words.some((w) => SELECTION_VERBS.has(w))) return false;
  const nouns = words.filter((w) => !GENERATOR_VERBS.has(w));
  return nouns.length > 0 && isSecretName(nouns.join('_'), rawMaterial || nouns.length < words.length);
}

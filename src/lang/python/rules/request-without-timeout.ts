import { Cwe } from '../../../core/cwe.js';
import { callArguments, calleeLastName, calleeObject, namedChildrenOf } from '../ast.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { MessageParams, PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** requests' module-level helpers and the same-named methods of a Session. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

/** Calls that create a requests.Session. */
export const REQUESTS_SESSION_FACTORIES = new Set([
  'requests.Session', 'requests.session', 'requests.sessions.Session', 'requests.sessions.session',
]);

const URLOPEN = new Set(['urllib.request.urlopen', 'urllib2.urlopen']);

/**
 * The qualified name of the call that created the receiver `node`: what ctx.originOf finds;
 * for a name bound by `with factory() as name:` around `node`, that factory; for
 * `self.attr`, the call in the class's single `self.attr = factory()`. The with and self
 * forms are how sessions and clients are usually held, and the shared bindings follow neither.
 */
export function receiverOrigin<P extends MessageParams>(ctx: PythonRuleContext<P>, node: Node): string | undefined {
  return ctx.memo(`receiver-origin:${node.id}`, () => computeReceiverOrigin(ctx, node));
}

function computeReceiverOrigin<P extends MessageParams>(ctx: PythonRuleContext<P>, node: Node): string | undefined {
  const direct = ctx.originOf(node);
  if (direct !== undefined) return direct;
  if (node.type === 'attribute') {
    const factory = selfAttributeFactory(ctx, node);
    return factory ? ctx.callName(factory) : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  for (let scope: Node | null = node.parent; scope; scope = scope.parent) {
    if (scope.type === 'function_definition' || scope.type === 'class_definition') return undefined;
    if (scope.type !== 'with_statement') continue;
    const factory = withFactoryFor(scope, node.text);
    if (factory) return ctx.callName(factory);
  }
  return undefined;
}

/** For `self.session`, the call in the class's only `self.session = f()` assignment. */
function selfAttributeFactory<P extends MessageParams>(ctx: PythonRuleContext<P>, node: Node): Node | undefined {
  const object = node.childForFieldName('object');
  if (object?.type !== 'identifier' || object.text !== 'self') return undefined;
  let cls: Node | null = node.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return undefined;
  const classNode = cls;
  // One scan per class: attribute text → the right-hand sides assigned to it.
  const assigned = ctx.memo(`self-assignments:${classNode.id}`, () => {
    const map = new Map<string, (Node | null)[]>();
    for (const a of classNode.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      if (!a || left?.type !== 'attribute') continue;
      const list = map.get(left.text) ?? [];
      list.push(a.childForFieldName('right'));
      map.set(left.text, list);
    }
    return map;
  });
  const values = assigned.get(node.text) ?? [];
  const [only] = values;
  return values.length === 1 && only?.type === 'call' ? only : undefined;
}

/** In `with f() as name, …:`, the call `f()` bound to `name`. */
function withFactoryFor(statement: Node, name: string): Node | undefined {
  const clause = namedChildrenOf(statement).find((c) => c.type === 'with_clause');
  for (const item of clause ? namedChildrenOf(clause) : []) {
    const value = item.childForFieldName('value');
    if (value?.type !== 'as_pattern') continue;
    const alias = value.childForFieldName('alias');
    const target = alias ? namedChildrenOf(alias)[0] : undefined;
    const call = namedChildrenOf(value)[0];
    if (target?.type === 'identifier' && target.text === name && call?.type === 'call') return call;
  }
  return undefined;
}

type Params = { fn: string; problem: string };

export const rule = definePythonRule<Params>({
  id: 'PY-HTTP-001',
  name: 'request-without-timeout',
  title: 'HTTP request without a timeout',
  cwe: Cwe.ResourceConsumption,
  severity: 'medium',
  confidence: 'high',
  description: 'A requests call (module function or Session method) or urllib urlopen() without a timeout, or with timeout=None.',
  explanation:
    'requests and urlopen wait for the server forever unless a timeout is given. A slow, overloaded or malicious server (or one reached through a user-supplied URL) can hold the worker, its thread and its connections indefinitely, and a handful of such requests exhausts the pool and takes the service down.',
  fix: 'Pass an explicit timeout, e.g. requests.get(url, timeout=(3.05, 27)) or urlopen(url, timeout=10), and handle the Timeout exception.',
  bandit: ['B113'],
  docs: {
    why: 'Without a timeout one unresponsive peer is enough to pin a worker indefinitely; an attacker who controls or slows down the peer turns that into a denial of service.',
    bad: 'import requests\nresp = requests.get("https://api.example.com/v1/items")',
    good: 'import requests\nresp = requests.get("https://api.example.com/v1/items", timeout=10)',
    notDetected:
      'Calls that pass **kwargs are assumed to carry a timeout. Session methods are checked only when the session visibly comes from requests.Session() (an assignment or with statement in the same scope, or the single self.attr = requests.Session() of the class); a Session whose adapter enforces a default timeout is reported anyway. httpx is not reported because it applies a 5 second default. urlopen() is not reported in a file that calls socket.setdefaulttimeout().',
    references: [
      'https://cwe.mitre.org/data/definitions/400.html',
      'https://requests.readthedocs.io/en/latest/user/advanced/#timeouts',
      'https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen',
    ],
  },
  message: ({ fn, problem }) => `${fn}() ${problem}, so an unresponsive server can block it forever`,
  visits: ['call'],
  // requests helpers and Session methods share HTTP_METHODS' names.
  callees: lastNamesOf(HTTP_METHODS, URLOPEN),
  // Targets are requests helpers or sessions (which need a requests import) or urllib.request.urlopen / urllib2.urlopen.
  fileMentions: ['requests', 'urllib'],
  check(ctx, call) {
    const target = requestTarget(ctx, call);
    if (!target) return [];
    const args = callArguments(call);
    if (target.fn.startsWith('urllib') && isLocalUrl(ctx, args.positional[0])) {
      ctx.note(call, 'a data: or file: URL, which never touches the network', target.fn);
      return [];
    }
    if (target.fn.startsWith('urllib') && setsSocketDefaultTimeout(ctx)) {
      ctx.note(call, 'socket.setdefaulttimeout() gives it a timeout', target.fn);
      return [];
    }
    if (args.hasSplat) {
      ctx.note(call, 'the timeout may come in **kwargs, not judged', target.fn);
      return [];
    }
    const timeout = args.keywords.get('timeout') ?? (target.timeoutPosition === undefined ? undefined : args.positional[target.timeoutPosition]);
    if (!timeout) return [ctx.report(call, { fn: target.fn, problem: 'has no timeout' })];
    if (ctx.constants.evaluate(timeout) === null) return [ctx.report(call, { fn: target.fn, problem: 'sets timeout=None' })];
    ctx.note(call, 'a timeout is set', target.fn);
    return [];
  },
});

/** What kind of request `call` is, and where a positional timeout would sit. */
function requestTarget(ctx: PythonRuleContext<Params>, call: Node): { fn: string; timeoutPosition?: number } | undefined {
  const name = ctx.callName(call);
  if (name !== undefined) {
    const helper = /^requests(?:\.api)?\.(\w+)$/.exec(name);
    if (helper?.[1] && HTTP_METHODS.has(helper[1])) return { fn: `requests.${helper[1]}` };
    if (URLOPEN.has(name)) return { fn: name, timeoutPosition: 2 };
    return undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver || !HTTP_METHODS.has(method)) return undefined;
  // `.get()` is mostly dict.get: a requests session can only exist where requests is imported.
  if (!ctx.names.importsModule('requests')) return undefined;
  const origin = receiverOrigin(ctx, receiver);
  if (!origin || !REQUESTS_SESSION_FACTORIES.has(origin)) return undefined;
  // Session.request(method, url, params, data, headers, cookies, files, auth, timeout, …)
  return { fn: `requests.Session.${method}`, ...(method === 'request' ? { timeoutPosition: 8 } : {}) };
}

/** urlopen("data:…") and urlopen("file:…") never touch the network. */
function isLocalUrl(ctx: PythonRuleContext<Params>, url: Node | undefined): boolean {
  const value = url ? ctx.constants.stringValue(url) : undefined;
  return value !== undefined && /^(?:data|file):/i.test(value);
}

/** socket.setdefaulttimeout(n) anywhere in the file gives urlopen a default. */
function setsSocketDefaultTimeout(ctx: PythonRuleContext<Params>): boolean {
  return ctx.root.descendantsOfType('call').some((c) => {
    if (!c || ctx.callName(c) !== 'socket.setdefaulttimeout') return false;
    const value = callArguments(c).positional[0];
    return value !== undefined && ctx.constants.evaluate(value) !== null;
  });
}

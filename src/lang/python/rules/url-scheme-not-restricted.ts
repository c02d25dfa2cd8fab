import { Cwe } from '../../../core/cwe.js';
import { argument, calleeLastName, calleeObject, enclosingFunction, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { receiverOrigin } from './request-without-timeout.js';
import { knownPrefix, stringShape } from './support/string-parts.js';

/** urllib functions that open any scheme urllib has a handler for, file: included. */
const URL_FUNCTIONS = new Set([
  'urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib.request.Request',
  'urllib.urlopen', 'urllib.urlretrieve', 'urllib2.urlopen', 'urllib2.Request',
  'six.moves.urllib.request.urlopen', 'six.moves.urllib.request.urlretrieve', 'six.moves.urllib.request.Request',
]);
/** Objects whose open()/retrieve() do the same. */
const OPENER_FACTORIES = new Set([
  'urllib.request.build_opener', 'urllib.request.OpenerDirector', 'urllib.request.URLopener',
  'urllib.request.FancyURLopener', 'urllib.URLopener', 'urllib.FancyURLopener', 'urllib2.build_opener',
]);
const REQUEST_CLASSES = new Set(['urllib.request.Request', 'urllib2.Request', 'six.moves.urllib.request.Request']);

/** Schemes that cannot reach the local file system. */
const NETWORK_SCHEME = /^(?:https?|ftp):\/\//i;

type Params = { fn: string; action: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-URL-001',
  name: 'url-scheme-not-restricted',
  title: 'urllib opens a URL whose scheme is not restricted (file:// allowed)',
  cwe: Cwe.PathTraversal,
  relatedCwe: [Cwe.ExternalFileName, Cwe.Ssrf],
  severity: 'medium',
  confidence: 'medium',
  description:
    'urllib urlopen(), urlretrieve(), Request() or an opener\'s open() receives a URL that is not a constant and does not visibly start with http://, https:// or ftp://, and the function does not check the scheme.',
  explanation:
    'urllib follows whatever scheme the URL names. Besides http and https it opens file:// URLs (and ftp://, data: and any custom handler), so a URL that an attacker influences can read local files such as /etc/passwd or application secrets and return them as the response.',
  fix: 'Check the scheme before opening: if urllib.parse.urlsplit(url).scheme not in ("http", "https"): raise ValueError(...). Or use an HTTP-only client such as requests or httpx.',
  bandit: ['B310'],
  docs: {
    why: 'Reading a URL is often treated as a network operation only, but urllib happily serves local files through file://. Webhook testers, image fetchers and feed readers are the usual victims.',
    bad: 'from urllib.request import urlopen\n\ndef fetch_preview(url):\n    return urlopen(url, timeout=5).read(4096)',
    good: 'from urllib.parse import urlsplit\nfrom urllib.request import urlopen\n\ndef fetch_preview(url):\n    if urlsplit(url).scheme not in ("http", "https"):\n        raise ValueError("only http(s) URLs are allowed")\n    return urlopen(url, timeout=5).read(4096)',
    notDetected:
      'A scheme check is recognised when the same function compares a .scheme with an http string or calls startswith()/re.match() with one; checks in other functions are not seen. Constant URLs are not reported whatever their scheme. Server-side request forgery to internal http hosts is the taint rules\' concern.',
    references: [
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b310-urllib-urlopen',
    ],
  },
  message: ({ fn, action }) => `${fn}() ${action} a URL whose scheme is not restricted, so a file:// URL can read local files`,
  visits: ['call'],
  // The URL functions, and open()/retrieve() on an opener.
  callees: [...lastNamesOf(URL_FUNCTIONS), 'open', 'retrieve'],
  // Every URL function and opener factory is a urllib/urllib2/six.moves.urllib name, spelled in an import or at the call.
  fileMentions: ['urllib'],
  check(ctx, call) {
    const target = urlTarget(ctx, call);
    if (!target || isRequestObject(ctx, target.url)) return [];
    const shape = stringShape(ctx, target.url);
    if (shape.parts.every((p) => 'text' in p) || NETWORK_SCHEME.test(knownPrefix(shape))) return [];
    if (checksScheme(enclosingFunction(call) ?? ctx.root)) return [];
    const action = REQUEST_CLASSES.has(target.fn) ? 'prepares a request for' : 'opens';
    return [ctx.report(call, { fn: target.fn, action })];
  },
});

function urlTarget(ctx: Ctx, call: Node): { fn: string; url: Node } | undefined {
  const name = ctx.callName(call);
  if (name !== undefined && URL_FUNCTIONS.has(name)) {
    const url = argument(call, 'url', 0) ?? argument(call, 'fullurl', 0);
    return url ? { fn: name, url } : undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!receiver || (method !== 'open' && method !== 'retrieve')) return undefined;
  const origin = receiverOrigin(ctx, receiver);
  if (!origin || !OPENER_FACTORIES.has(origin)) return undefined;
  const url = argument(call, 'fullurl', 0) ?? argument(call, 'url', 0);
  return url ? { fn: `${receiver.text}.${method}`, url } : undefined;
}

/** urlopen(Request(url)) is checked where the Request is built. */
function isRequestObject(ctx: Ctx, url: Node): boolean {
  const origin = ctx.originOf(unwrapParens(url));
  return origin !== undefined && REQUEST_CLASSES.has(origin);
}

/** The scope compares a URL scheme with http(s), or tests a prefix/pattern naming http. */
function checksScheme(scope: Node): boolean {
  for (const node of scope.descendantsOfType(['comparison_operator', 'call'])) {
    if (!node) continue;
    if (node.type === 'comparison_operator') {
      if (/scheme/.test(node.text) && /https?/i.test(node.text)) return true;
      continue;
    }
    const method = calleeLastName(node);
    const args = node.childForFieldName('arguments')?.text ?? '';
    if ((method === 'startswith' || method === 'match' || method === 'fullmatch') && /https?/i.test(args)) return true;
  }
  return false;
}

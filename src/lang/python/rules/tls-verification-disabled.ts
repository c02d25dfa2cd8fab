import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject } from '../ast.js';
import { UNKNOWN } from '../constants.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';
import { REQUESTS_SESSION_FACTORIES, receiverOrigin } from './request-without-timeout.js';

const REQUESTS_HELPERS = /^requests(?:\.api)?\.(get|post|put|patch|delete|head|options|request)$/;
const REQUESTS_SESSION_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send']);
const HTTPX_CALLS = /^httpx\.(get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient|HTTPTransport|AsyncHTTPTransport)$/;
const AIOHTTP_CALLS = new Set(['aiohttp.TCPConnector', 'aiohttp.connector.TCPConnector', 'aiohttp.request', 'aiohttp.client.request']);
const AIOHTTP_SESSIONS = new Set(['aiohttp.ClientSession', 'aiohttp.client.ClientSession']);
const AIOHTTP_SESSION_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'ws_connect']);
const URLLIB3_POOLS = /^urllib3\.(?:poolmanager\.|connectionpool\.)?(PoolManager|ProxyManager|HTTPSConnectionPool|connection_from_url|proxy_from_url)$/;

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-TLS-001',
  name: 'tls-verification-disabled',
  title: 'HTTP client with TLS certificate verification turned off',
  cwe: Cwe.CertificateValidation,
  severity: 'high',
  confidence: 'high',
  description: 'requests, httpx, aiohttp or urllib3 is told not to verify the server certificate (verify=False, ssl=False, cert_reqs=CERT_NONE).',
  explanation:
    'With verification off, the client accepts any certificate for any host, so anyone on the network path (public Wi-Fi, a compromised router, a malicious proxy) can impersonate the server, read the traffic including credentials and tokens, and change responses.',
  fix: 'Remove verify=False (or ssl=False / cert_reqs="CERT_NONE"). For a private CA, pass its bundle: verify="/etc/ssl/certs/internal-ca.pem".',
  bandit: ['B501'],
  docs: {
    why: 'TLS only authenticates the server when the certificate chain and host name are checked; turning that off leaves encryption to an unknown party, which is a man-in-the-middle by construction.',
    bad: 'import requests\nrequests.get("https://billing.internal/api", verify=False, timeout=10)',
    good: 'import requests\nrequests.get("https://billing.internal/api", verify="/etc/ssl/certs/internal-ca.pem", timeout=10)',
    notDetected:
      'Values computed at run time (verify=settings.VERIFY_TLS) are not reported. Session objects are recognised only when created by requests.Session()/aiohttp.ClientSession() in the same scope (assignment or with statement) or in the single self.attr = … assignment of the class, not when passed in or returned by helpers. The REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE environment variables are not examined.',
    references: [
      'https://cwe.mitre.org/data/definitions/295.html',
      'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification',
      'https://www.python-httpx.org/advanced/ssl/',
      'https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets',
    ],
  },
  message: ({ what }) => `${what} turns off TLS certificate verification`,
  visits: ['call', 'assignment'],
  // Every finding or note is on a requests/httpx/aiohttp/urllib3 call or session, resolved through an import of that module.
  fileMentions: ['requests', 'httpx', 'aiohttp', 'urllib3'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

/** Files that use an HTTP client library; only there can a receiver be a client session. */
function usesHttpClient(ctx: Ctx): boolean {
  return ctx.memo('uses-http-client', () => ['requests', 'httpx', 'aiohttp', 'urllib3'].some((m) => ctx.names.importsModule(m)));
}

function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const name = ctx.callName(call) ?? (usesHttpClient(ctx) ? sessionMethod(ctx, call) : undefined);
  if (!name) return [];
  const { keywords } = callArguments(call);
  const offending = (keyword: string): readonly Finding[] => {
    const value = keywords.get(keyword);
    return value && isOff(ctx, value) ? [ctx.report(call, { what: `${name}(${keyword}=${value.text})` })] : [];
  };
  if (REQUESTS_HELPERS.test(name) || HTTPX_CALLS.test(name) || name.startsWith('requests.Session.')) {
    const found = offending('verify');
    if (found.length === 0) noteVerification(ctx, call, name, keywords.get('verify'));
    return found;
  }
  if (AIOHTTP_CALLS.has(name) || name.startsWith('aiohttp.ClientSession.')) {
    const found = offending('ssl');
    return found.length > 0 ? found : offending('verify_ssl');
  }
  const pool = URLLIB3_POOLS.exec(name.replace(/^requests\.packages\./, ''));
  if (pool) {
    const reqs = keywords.get('cert_reqs');
    return reqs && isCertNone(ctx, reqs) ? [ctx.report(call, { what: `urllib3.${pool[1]}(cert_reqs=${reqs.text})` })] : [];
  }
  return [];
}

/** Why a client call that could turn verification off does not: the default, a CA bundle, or a run-time value. */
function noteVerification(ctx: Ctx, call: Node, name: string, value: Node | undefined): void {
  if (!value) ctx.note(call, 'certificate verification left at its default (on)', name);
  else if (ctx.constants.evaluate(value) === UNKNOWN) ctx.note(call, `verification decided at run time (verify=${value.text}), not judged`, name);
  else ctx.note(call, 'certificate verification on (verify is True or a CA bundle)', name);
}

/** `requests.Session.get` / `aiohttp.ClientSession.get` for a method call on a visible session. */
function sessionMethod(ctx: Ctx, call: Node): string | undefined {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver) return undefined;
  const origin = receiverOrigin(ctx, receiver);
  if (origin && REQUESTS_SESSION_FACTORIES.has(origin) && REQUESTS_SESSION_METHODS.has(method)) return `requests.Session.${method}`;
  if (origin && AIOHTTP_SESSIONS.has(origin) && AIOHTTP_SESSION_METHODS.has(method)) return `aiohttp.ClientSession.${method}`;
  return undefined;
}

/** `session.verify = False` on a requests.Session turns verification off for every request it sends. */
function checkAssignment(ctx: Ctx, assignment: Node): readonly Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'attribute' || !right || left.childForFieldName('attribute')?.text !== 'verify') return [];
  const object = left.childForFieldName('object');
  const origin = object ? receiverOrigin(ctx, object) : undefined;
  if (!origin || !REQUESTS_SESSION_FACTORIES.has(origin) || !isOff(ctx, right)) return [];
  return [ctx.report(assignment, { what: `${left.text} = ${right.text}` })];
}

/** A constant False (or 0); None means "use the default", which verifies. */
function isOff(ctx: Ctx, value: Node): boolean {
  const folded = ctx.constants.evaluate(value);
  return folded === false || folded === 0;
}

/** ssl.CERT_NONE, its value 0, or urllib3's string spellings "CERT_NONE" / "NONE". */
function isCertNone(ctx: Ctx, value: Node): boolean {
  const folded = ctx.constants.evaluate(value);
  if (folded === 0 || folded === 'CERT_NONE' || folded === 'NONE') return true;
  const bound = value.type === 'identifier' ? ctx.assignedValue(value) : undefined;
  return ctx.names.resolve(bound ?? value) === 'ssl.CERT_NONE';
}

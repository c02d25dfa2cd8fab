import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

/** urllib3 pool and manager classes and factories that take assert_hostname. */
const URLLIB3_POOL_NAMES = ['PoolManager', 'ProxyManager', 'HTTPSConnectionPool', 'connection_from_url', 'proxy_from_url'];
/** urllib3 pools and managers (also as vendored by requests) that take assert_hostname. */
const URLLIB3_POOLS = new RegExp(`^(?:requests\\.packages\\.)?urllib3\\.(?:poolmanager\\.|connectionpool\\.)?(?:${URLLIB3_POOL_NAMES.join('|')})$`);
/** The standard library client that takes check_hostname. */
const HTTP_CLIENT = 'http.client.HTTPSConnection';
/** HTTPAdapter hooks that forward their keywords to the pool manager. */
const ADAPTER_HOOKS = new Set(['init_poolmanager', 'proxy_manager_for']);
/** Functions that check a certificate's host name; replacing them turns the check off. */
const MATCH_HOSTNAME = new Set(['ssl.match_hostname', 'urllib3.connection.match_hostname', 'urllib3.util.ssl_match_hostname.match_hostname', 'backports.ssl_match_hostname.match_hostname']);

function checkCall(ctx: Ctx, call: Node): Finding[] {
  const name = ctx.callName(call);
  const method = calleeLastName(call);
  const isPool = name !== undefined && URLLIB3_POOLS.test(name);
  const isHook = method !== undefined && ADAPTER_HOOKS.has(method);
  const isHttpClient = name === HTTP_CLIENT;
  if (!isPool && !isHook && !isHttpClient) return [];
  const keyword = isHttpClient ? 'check_hostname' : 'assert_hostname';
  const value = callArguments(call).keywords.get(keyword);
  if (!value || ctx.constants.evaluate(value) !== false) return [];
  return [ctx.report(call, { what: `${name ?? method ?? 'call'}(${keyword}=False)` })];
}

/** `ssl.match_hostname = lambda *a, **k: None`: the check is replaced for the whole process. */
function checkAssignment(ctx: Ctx, assignment: Node): Finding[] {
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'attribute') return [];
  const target = ctx.names.resolve(left);
  return target !== undefined && MATCH_HOSTNAME.has(target) ? [ctx.report(assignment, { what: `Replacing ${target}` })] : [];
}

export const rule = definePythonRule<Params>({
  id: 'PY-TLS-004',
  name: 'hostname-verification-disabled',
  title: 'TLS host name verification turned off',
  cwe: Cwe.HostMismatch,
  relatedCwe: [Cwe.CertificateValidation],
  severity: 'high',
  confidence: 'high',
  description:
    'urllib3 PoolManager/ProxyManager/HTTPSConnectionPool/connection_from_url or a requests HTTPAdapter hook (init_poolmanager, proxy_manager_for) gets assert_hostname=False, http.client.HTTPSConnection gets check_hostname=False, or ssl.match_hostname (or urllib3\'s copy) is replaced.',
  explanation:
    'The certificate chain is still checked, but not whether the certificate was issued for the host the client wanted. Any valid certificate for any domain, which anyone can obtain for a domain they own, is then accepted, so a network attacker can impersonate the server.',
  fix: 'Remove assert_hostname=False. When connecting by IP address or through a tunnel, pass the expected name instead: assert_hostname="api.internal.example" (urllib3), or server_hostname= with an ssl context; pin with assert_fingerprint= when there is no usable name.',
  docs: {
    why: 'Host name verification is what binds a certificate to a server. Without it, TLS only proves that the peer has some certificate from a trusted CA.',
    bad: 'import urllib3\nhttp = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", assert_hostname=False)',
    good: 'import urllib3\nhttp = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", assert_hostname="api.internal.example")',
    notDetected:
      'ssl contexts with check_hostname = False are reported by PY-TLS-002, and verification switched off entirely (verify=False, CERT_NONE) by PY-TLS-001. requests_toolbelt\'s HostHeaderSSLAdapter is not reported: it checks the certificate against the Host header, which is the intended host. Values computed at run time and **kwargs are not judged. pyOpenSSL connections, which check no host name unless the code does, are not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/297.html',
      'https://urllib3.readthedocs.io/en/stable/reference/urllib3.connectionpool.html',
      'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname',
    ],
  },
  message: ({ what }) => `${what} turns off TLS host name verification, so a certificate for any other site is accepted`,
  visits: ['call', 'assignment'],
  callees: lastNamesOf(URLLIB3_POOL_NAMES, ADAPTER_HOOKS, [HTTP_CLIENT]),
  // Call findings need an assert_hostname=/check_hostname= keyword; the assignment path replaces a *.match_hostname.
  fileMentions: ['assert_hostname', 'check_hostname', 'match_hostname'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

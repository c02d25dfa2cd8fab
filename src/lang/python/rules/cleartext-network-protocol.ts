import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, calleeLastName, calleeObject, enclosingFunction } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { REQUESTS_SESSION_FACTORIES, receiverOrigin } from './request-without-timeout.js';
import { stringShape } from './support/string-parts.js';
import { isLocalHost, isReservedExampleHost, knownUrl } from './support/urls.js';

interface CleartextClient {
  /** "a Telnet", "an SMTP": the protocol with its article. */
  readonly protocol: string;
  /** The method that switches the connection to TLS, if the protocol has one. */
  readonly upgrade?: string;
  readonly secure: string;
}

/** Clients of protocols that are cleartext unless upgraded with the named method. */
const CLEARTEXT_CLIENTS: ReadonlyMap<string, CleartextClient> = new Map([
  ['telnetlib.Telnet', { protocol: 'a Telnet', secure: 'SSH (paramiko, asyncssh)' }],
  ['ftplib.FTP', { protocol: 'an FTP', secure: 'ftplib.FTP_TLS with prot_p(), or SFTP' }],
  ['smtplib.SMTP', { protocol: 'an SMTP', upgrade: 'starttls', secure: 'smtplib.SMTP_SSL, or starttls() before login()/sendmail()' }],
  ['imaplib.IMAP4', { protocol: 'an IMAP', upgrade: 'starttls', secure: 'imaplib.IMAP4_SSL, or starttls() before login()' }],
  ['poplib.POP3', { protocol: 'a POP3', upgrade: 'stls', secure: 'poplib.POP3_SSL, or stls() before user()/pass_()' }],
]);

/** HTTP client functions and where they take the URL. */
const URL_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ...['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].flatMap((m): [string, number][] => [
    [`requests.${m}`, 0], [`requests.api.${m}`, 0], [`httpx.${m}`, 0],
  ]),
  ['requests.request', 1], ['requests.api.request', 1], ['httpx.request', 1], ['httpx.stream', 1], ['urllib3.request', 1],
  ['urllib.request.urlopen', 0], ['urllib.request.Request', 0], ['urllib.request.urlretrieve', 0], ['urllib2.urlopen', 0],
  ['xmlrpc.client.ServerProxy', 0], ['xmlrpclib.ServerProxy', 0], ['xmlrpclib.Server', 0],
]);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'urlopen']);
/** Client objects whose request methods take a URL, by factory. */
const CLIENT_FACTORIES = new Set([
  ...REQUESTS_SESSION_FACTORIES, 'httpx.Client', 'httpx.AsyncClient', 'aiohttp.ClientSession', 'urllib3.PoolManager',
]);

type Params = { fn: string; what: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-NET-002',
  name: 'cleartext-network-protocol',
  title: 'Network connection in cleartext (Telnet, FTP, SMTP/IMAP/POP without TLS, http:// URL)',
  cwe: Cwe.CleartextTransmission,
  severity: 'medium',
  confidence: 'medium',
  description:
    'A telnetlib.Telnet or ftplib.FTP client; smtplib.SMTP, imaplib.IMAP4 or poplib.POP3 without starttls()/stls() in the same function; or an http:// URL to a non-local host passed to requests, httpx, urllib, urllib3, aiohttp or xmlrpc.',
  explanation:
    'Without TLS everything on the connection, passwords included, crosses the network as plain text. Anyone on the path (shared Wi-Fi, a compromised router, the hosting provider\'s network) can read it and can change the data in flight, for example to inject content into an HTTP response.',
  fix: 'Use the TLS variant of the protocol: https:// URLs, smtplib.SMTP_SSL or starttls(), imaplib.IMAP4_SSL, poplib.POP3_SSL, ftplib.FTP_TLS with prot_p(), SSH instead of Telnet.',
  bandit: ['B312', 'B321'],
  docs: {
    why: 'Cleartext protocols expose credentials and data to passive eavesdropping and to active tampering. Logins over Telnet, FTP, SMTP AUTH or POP3 without TLS hand the password to anyone who can watch the traffic.',
    bad: 'import smtplib\n\ndef notify(user, password, message):\n    with smtplib.SMTP("smtp.acme-mail.net", 587) as smtp:\n        smtp.login(user, password)\n        smtp.send_message(message)',
    good: 'import smtplib\nimport ssl\n\ndef notify(user, password, message):\n    with smtplib.SMTP("smtp.acme-mail.net", 587) as smtp:\n        smtp.starttls(context=ssl.create_default_context())\n        smtp.login(user, password)\n        smtp.send_message(message)',
    notDetected:
      'Connections to loopback, link-local and single-label hosts (container or service names) and to reserved documentation names (example.com, *.test, *.example) are not reported. http:// URLs are reported only when their host is visible in the code; starttls() is looked for in the same function (or, for self.attr clients, the same class).',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://docs.python.org/3/library/smtplib.html#smtplib.SMTP.starttls',
      'https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS',
    ],
  },
  message: ({ fn, what }) => `${fn}() ${what}`,
  visits: ['call'],
  callees: lastNamesOf(CLEARTEXT_CLIENTS.keys(), URL_FUNCTIONS.keys(), HTTP_METHODS),
  // Clients and URL functions are only recognised through these modules' imports (urllib covers urllib2/urllib3, xmlrpc covers xmlrpclib).
  fileMentions: ['telnetlib', 'ftplib', 'smtplib', 'imaplib', 'poplib', 'requests', 'httpx', 'urllib', 'aiohttp', 'xmlrpc'],
  check(ctx, call) {
    const name = ctx.callName(call);
    const client = name === undefined ? undefined : CLEARTEXT_CLIENTS.get(name);
    if (name && client) return checkClient(ctx, call, name, client);
    return checkUrl(ctx, call, name);
  },
});

function checkClient(ctx: Ctx, call: Node, name: string, client: CleartextClient): readonly Finding[] {
  const host = argument(call, 'host', 0);
  const hostName = host ? ctx.constants.stringValue(host) : undefined;
  if (hostName !== undefined && isNotARealPeer(hostName.toLowerCase())) return [];
  const scope = clientScope(call);
  const receiver = boundName(call);
  if (client.upgrade && callsMethod(scope, client.upgrade, receiver)) return [];
  const target = hostName === undefined ? '' : ` to ${hostName}`;
  const logsIn = callsMethod(scope, 'login', receiver) || callsMethod(scope, 'pass_', receiver);
  const what = `opens ${client.protocol} connection${target} in cleartext${logsIn ? ', and logs in over it' : ''}`;
  return [
    ctx.report(call, { fn: name, what }, {
      confidence: 'high',
      ...(logsIn ? { severity: 'high' as const } : {}),
      fix: `Use ${client.secure}.`,
    }),
  ];
}

function checkUrl(ctx: Ctx, call: Node, name: string | undefined): readonly Finding[] {
  const target = urlArgument(ctx, call, name);
  if (!target) return [];
  const url = knownUrl(stringShape(ctx, target.url));
  if (url?.scheme !== 'http' || url.host === undefined || isNotARealPeer(url.host)) return [];
  return [ctx.report(call, { fn: target.fn, what: `sends an HTTP request to ${url.host} over http://, in cleartext` })];
}

function urlArgument(ctx: Ctx, call: Node, name: string | undefined): { fn: string; url: Node } | undefined {
  const position = name === undefined ? undefined : URL_FUNCTIONS.get(name);
  if (name && position !== undefined) {
    const url = argument(call, 'url', position) ?? argument(call, 'uri', position);
    return url ? { fn: name, url } : undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver || !HTTP_METHODS.has(method)) return undefined;
  const origin = receiverOrigin(ctx, receiver);
  if (!origin || !CLIENT_FACTORIES.has(origin)) return undefined;
  // request(method, url, …) and urllib3's urlopen(method, url, …) take the URL second.
  const url = argument(call, 'url', method === 'request' || method === 'urlopen' || method === 'stream' ? 1 : 0);
  return url ? { fn: `${receiver.text}.${method}`, url } : undefined;
}

/** Traffic that stays on the machine or its link, or goes to a documentation placeholder. */
function isNotARealPeer(host: string): boolean {
  return isLocalHost(host) || isReservedExampleHost(host);
}

/** Where to look for starttls(): the class for self.attr clients, else the function, else the module. */
function clientScope(call: Node): Node {
  const assigned = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left') : undefined;
  if (assigned?.text.startsWith('self.')) {
    for (let n = call.parent; n; n = n.parent) if (n.type === 'class_definition') return n;
  }
  let root = call;
  while (root.parent) root = root.parent;
  return enclosingFunction(call) ?? root;
}

/** The name the client is bound to: `smtp` in `smtp = SMTP(…)` or `with SMTP(…) as smtp`. */
function boundName(call: Node): string | undefined {
  const parent = call.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id) return parent.childForFieldName('left')?.text;
  if (parent?.type === 'as_pattern') return parent.childForFieldName('alias')?.text;
  return undefined;
}

/** `scope` calls `method` on `receiver` (on anything, when the receiver is not known). */
function callsMethod(scope: Node, method: string, receiver: string | undefined): boolean {
  return scope.descendantsOfType('call').some((c) => {
    if (c === null || calleeLastName(c) !== method) return false;
    return receiver === undefined || calleeObject(c)?.text === receiver;
  });
}

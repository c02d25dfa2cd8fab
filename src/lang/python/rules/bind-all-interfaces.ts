import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, calleeLastName, calleeObject, namedChildrenOf, unwrapParens } from '../ast.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';
import { isFlaskApp } from './flask-debug-enabled.js';
import { receiverOrigin } from './request-without-timeout.js';

/** Hosts that mean "every interface" wherever a host name is expected. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** Servers that take an (host, port) address tuple first. */
const ADDRESS_SERVERS = new Set([
  'socket.create_server',
  'http.server.HTTPServer', 'http.server.ThreadingHTTPServer',
  'socketserver.TCPServer', 'socketserver.UDPServer', 'socketserver.ThreadingTCPServer',
  'socketserver.ThreadingUDPServer', 'socketserver.ForkingTCPServer', 'socketserver.ForkingUDPServer',
  'xmlrpc.server.SimpleXMLRPCServer', 'wsgiref.simple_server.WSGIServer',
  'gevent.pywsgi.WSGIServer', 'gevent.server.StreamServer',
]);

/** Servers that take the host as a string: keyword name and position (if it can be positional). */
const HOST_SERVERS: ReadonlyMap<string, readonly [string, number | undefined]> = new Map([
  ['uvicorn.run', ['host', undefined]],
  ['aiohttp.web.run_app', ['host', undefined]],
  ['waitress.serve', ['host', undefined]],
  ['wsgiref.simple_server.make_server', ['host', 0]],
  ['werkzeug.serving.run_simple', ['hostname', 0]],
  ['werkzeug.run_simple', ['hostname', 0]],
  ['asyncio.start_server', ['host', 1]],
]);

const SOCKET_FACTORIES = new Set(['socket.socket', 'socket.fromfd', 'socket.socketpair']);

type Params = { what: string; host: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-NET-001',
  name: 'bind-all-interfaces',
  title: 'Server bound to every network interface',
  cwe: Cwe.MultipleBinds,
  relatedCwe: [Cwe.WrongSphere],
  severity: 'medium',
  confidence: 'medium',
  description:
    'A socket or server is bound to 0.0.0.0, :: or "" (socket.bind, socketserver/http.server, Flask app.run, uvicorn.run, aiohttp run_app, run_simple, …).',
  explanation:
    'Binding to the wildcard address accepts connections on every interface of the host, including public and VPN ones, not just the interface the service was meant for. Services intended for localhost or an internal network (admin consoles, debug servers, metrics, databases) become reachable from wherever the machine is, and another process can bind the same port on a specific address and intercept traffic.',
  fix: 'Bind to the specific address the service needs ("127.0.0.1" for local use), or read it from configuration so each deployment chooses deliberately; in containers, publish only the ports you mean to expose.',
  bandit: ['B104'],
  docs: {
    why: 'Services are often written for local use and then run on hosts with public interfaces. A wildcard bind silently widens who can reach them, turning a local-only debug or admin endpoint into a network-facing one.',
    bad: 'import socket\nsock = socket.socket()\nsock.bind(("0.0.0.0", 8080))',
    good: 'import socket\nsock = socket.socket()\nsock.bind(("127.0.0.1", 8080))',
    notDetected:
      'Defaults that bind everywhere without saying so (aiohttp run_app without host, asyncio servers with host=None) and hosts read from configuration or the environment are not reported. Receivers of bind() are recognised when created by socket.socket() in the same scope or when their name contains "sock".',
    references: [
      'https://cwe.mitre.org/data/definitions/605.html',
      'https://cwe.mitre.org/data/definitions/668.html',
      'https://docs.python.org/3/library/socket.html#socket-families',
    ],
  },
  message: ({ what, host }) => `${what} listens on every network interface (host "${host}")`,
  visits: ['call'],
  // Server constructors by resolved name; socket.bind() and Flask's app.run() by method name.
  callees: lastNamesOf(ADDRESS_SERVERS, HOST_SERVERS.keys(), ['bind', 'run']),
  // Each server of ADDRESS_SERVERS/HOST_SERVERS is spelled by its last name (uvicorn.run and waitress.serve by module), socket binds by .bind, and Flask's app.run needs flask.
  fileMentions: ['bind', 'HTTPServer', 'TCPServer', 'UDPServer', 'SimpleXMLRPCServer', 'WSGIServer', 'StreamServer', 'create_server', 'make_server', 'start_server', 'uvicorn', 'run_app', 'waitress', 'run_simple', 'flask'],
  check(ctx, call) {
    const name = ctx.callName(call);
    if (name && ADDRESS_SERVERS.has(name)) return reportTupleHost(ctx, call, argument(call, 'server_address', 0) ?? argument(call, 'address'), name);
    const hostParam = name ? HOST_SERVERS.get(name) : undefined;
    if (name && hostParam) return reportHost(ctx, call, argument(call, hostParam[0], hostParam[1]), name);
    const method = calleeLastName(call);
    const receiver = calleeObject(call);
    if (!receiver) return [];
    if (method === 'bind' && isSocket(ctx, receiver)) return reportTupleHost(ctx, call, argument(call, 'address', 0), `${receiver.text}.bind()`);
    // Flask.run(host, port, debug, …)
    if (method === 'run' && isFlaskApp(ctx, receiver)) return reportHost(ctx, call, argument(call, 'host', 0), `${receiver.text}.run()`);
    return [];
  },
});

function isSocket(ctx: Ctx, receiver: Node): boolean {
  const origin = receiverOrigin(ctx, receiver);
  if (origin !== undefined) return SOCKET_FACTORIES.has(origin);
  const name = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.text;
  return receiver.type !== 'call' && /sock/i.test(name ?? '');
}

/** A host given as a string: only the wildcard spellings count ("" means "default" for several servers). */
function reportHost(ctx: Ctx, call: Node, host: Node | undefined, what: string): readonly Finding[] {
  const value = host ? ctx.constants.stringValue(host) : undefined;
  if (value !== undefined && WILDCARD_HOSTS.has(value)) return [ctx.report(call, { what, host: value })];
  noteHost(ctx, call, what, host, value);
  return [];
}

/** Why a server's address is not a wildcard: a specific host, or one chosen at run time. */
function noteHost(ctx: Ctx, call: Node, what: string, host: Node | undefined, value: string | undefined): void {
  if (value !== undefined && value !== '') ctx.note(call, 'bound to one specific address', `${what} on "${value}"`);
  else if (value === undefined && host) ctx.note(call, 'address decided at run time, not judged', what);
}

/** A (host, port) tuple, written in place or bound once to a name; "" is INADDR_ANY here. */
function reportTupleHost(ctx: Ctx, call: Node, address: Node | undefined, what: string): readonly Finding[] {
  if (!address) return [];
  const bound = address.type === 'identifier' ? ctx.assignedValue(address) : undefined;
  const tuple = unwrapParens(bound ?? address);
  if (tuple.type !== 'tuple') return [];
  const host = namedChildrenOf(tuple).filter((c) => c.type !== 'comment')[0];
  const value = host ? ctx.constants.stringValue(host) : undefined;
  if (value !== undefined && (value === '' || WILDCARD_HOSTS.has(value))) return [ctx.report(call, { what, host: value })];
  noteHost(ctx, call, what, host, value);
  return [];
}

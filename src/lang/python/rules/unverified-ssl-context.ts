import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Factories that return a context with verification already off (CPython aliases one to the other). */
const UNVERIFIED_FACTORIES = new Set(['ssl._create_unverified_context', 'ssl._create_stdlib_context']);
const CONTEXT_FACTORIES = new Set(['ssl.create_default_context', 'ssl.SSLContext']);

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-TLS-002',
  name: 'unverified-ssl-context',
  title: 'SSL context that does not verify the peer',
  cwe: Cwe.CertificateValidation,
  relatedCwe: [Cwe.HostMismatch],
  severity: 'high',
  confidence: 'high',
  description:
    'An ssl context or socket that skips certificate or host name checks: ssl._create_unverified_context(), patching the default HTTPS context, check_hostname = False, verify_mode = CERT_NONE, ssl.wrap_socket() without cert_reqs.',
  explanation:
    'A client context that does not verify the certificate chain, or does not match it to the host name, completes the handshake with whoever answers, so an attacker on the network path can impersonate the server and read or change everything sent over the connection.',
  fix: 'Use ssl.create_default_context() and leave check_hostname and verify_mode at their defaults; for a private CA, pass cafile="/path/ca.pem" (or call load_verify_locations).',
  bandit: ['B323'],
  docs: {
    why: 'Certificate and host name checks are what make TLS authenticate the server. Without them the encryption is negotiated with an unknown party, which is a man-in-the-middle by construction; patching ssl._create_default_https_context does this for every urllib request in the process.',
    bad: 'import ssl\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE',
    good: 'import ssl\nctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")',
    notDetected:
      'check_hostname = False is reported only on a context visibly created by ssl.create_default_context() or ssl.SSLContext() in the same scope. Server-side contexts (Purpose.CLIENT_AUTH, PROTOCOL_TLS_SERVER, server_side=True) are left alone because not asking for client certificates is normal there. pyOpenSSL set_verify(VERIFY_NONE) is not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/295.html',
      'https://docs.python.org/3/library/ssl.html#security-considerations',
      'https://peps.python.org/pep-0476/',
    ],
  },
  message: ({ what }) => `${what} turns off certificate verification for TLS connections`,
  visits: ['call', 'assignment'],
  callees: lastNamesOf(UNVERIFIED_FACTORIES, ['ssl.create_default_context', 'ssl.wrap_socket']),
  // Every finding or note needs a name resolved through an ssl import (the context factories, wrap_socket, CERT_NONE, SSLContext).
  fileMentions: ['ssl'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const name = ctx.callName(call);
  if (name && UNVERIFIED_FACTORIES.has(name)) return [ctx.report(call, { what: `${name}()` })];
  if (name === 'ssl.create_default_context') ctx.note(call, 'the default context verifies certificates and host names', name);
  if (name !== 'ssl.wrap_socket') return [];
  // wrap_socket(sock, keyfile, certfile, server_side, cert_reqs, …)
  const serverSide = argument(call, 'server_side', 3);
  if (serverSide && !isConstantFalse(ctx, serverSide)) {
    ctx.note(call, 'a server-side socket, where not asking for client certificates is normal', name);
    return [];
  }
  const certReqs = argument(call, 'cert_reqs', 4);
  if (!certReqs) {
    // **kwargs may well carry cert_reqs (and server_side); only a visible omission is reported.
    if (callArguments(call).hasSplat) return [];
    return [ctx.report(call, { what: 'ssl.wrap_socket() without cert_reqs (it defaults to CERT_NONE)' })];
  }
  return isCertNone(ctx, certReqs, true) ? [ctx.report(call, { what: `ssl.wrap_socket(cert_reqs=${certReqs.text})` })] : [];
}

function checkAssignment(ctx: Ctx, assignment: Node): readonly Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (!left || !right) return [];
  if (ctx.names.resolve(left) === 'ssl._create_default_https_context') {
    const value = ctx.names.resolve(right);
    return value && UNVERIFIED_FACTORIES.has(value) ? [ctx.report(assignment, { what: `Setting ssl._create_default_https_context to ${value}` })] : [];
  }
  if (left.type !== 'attribute') return [];
  const field = left.childForFieldName('attribute')?.text;
  const object = left.childForFieldName('object');
  if (!object || (field !== 'check_hostname' && field !== 'verify_mode')) return [];
  // `self.verify_mode = …` sets up a class of its own (a context wrapper or shim), not a context in use.
  if (object.type === 'identifier' && object.text === 'self') return [];
  const context = contextKind(ctx, object);
  if (context === 'server') {
    ctx.note(assignment, 'a server-side context, where not asking for client certificates is normal', left.text);
    return [];
  }
  const off =
    field === 'check_hostname'
      ? context === 'client' && ctx.constants.evaluate(right) === false
      : isCertNone(ctx, right, context === 'client');
  return off ? [ctx.report(assignment, { what: `${left.text} = ${right.text}` })] : [];
}

/**
 * Whether `object` is an SSL context made for a client or a server, from the call that
 * created it in this scope; 'unknown' when that call is not visible.
 */
function contextKind(ctx: Ctx, object: Node): 'client' | 'server' | 'unknown' {
  const creation = object.type === 'identifier' ? ctx.assignedValue(object) : object;
  const factory = creation?.type === 'call' ? ctx.callName(creation) : undefined;
  if (!creation || !factory || !CONTEXT_FACTORIES.has(factory)) return 'unknown';
  const setting = factory === 'ssl.SSLContext' ? argument(creation, 'protocol', 0) : argument(creation, 'purpose', 0);
  const resolved = setting ? ctx.names.resolve(setting) : undefined;
  return resolved === 'ssl.Purpose.CLIENT_AUTH' || resolved === 'ssl.PROTOCOL_TLS_SERVER' ? 'server' : 'client';
}

/** ssl.CERT_NONE (through one constant binding); the bare value 0 only when the receiver is a known context. */
function isCertNone(ctx: Ctx, value: Node, acceptZero: boolean): boolean {
  if (acceptZero && ctx.constants.evaluate(value) === 0) return true;
  const bound = value.type === 'identifier' ? ctx.assignedValue(value) : undefined;
  return ctx.names.resolve(bound ?? value) === 'ssl.CERT_NONE';
}

function isConstantFalse(ctx: Ctx, value: Node): boolean {
  const folded = ctx.constants.evaluate(value);
  return folded !== UNKNOWN && !isTruthy(folded);
}

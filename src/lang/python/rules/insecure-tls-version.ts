import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments } from '../ast.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Deprecated protocol constants of ssl and pyOpenSSL, by the version they pin. */
const OLD_VERSIONS: ReadonlyMap<string, string> = new Map([
  ['ssl.PROTOCOL_SSLv2', 'SSL 2.0'],
  ['ssl.PROTOCOL_SSLv3', 'SSL 3.0'],
  ['ssl.PROTOCOL_TLSv1', 'TLS 1.0'],
  ['ssl.PROTOCOL_TLSv1_1', 'TLS 1.1'],
  ['ssl.TLSVersion.SSLv3', 'SSL 3.0'],
  ['ssl.TLSVersion.TLSv1', 'TLS 1.0'],
  ['ssl.TLSVersion.TLSv1_1', 'TLS 1.1'],
  ['OpenSSL.SSL.SSLv2_METHOD', 'SSL 2.0'],
  ['OpenSSL.SSL.SSLv3_METHOD', 'SSL 3.0'],
  ['OpenSSL.SSL.TLSv1_METHOD', 'TLS 1.0'],
  ['OpenSSL.SSL.TLSv1_1_METHOD', 'TLS 1.1'],
]);

/** Context attributes that bound the negotiated version. */
const VERSION_BOUNDS = new Set(['minimum_version', 'maximum_version']);

type Params = { constant: string; version: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-TLS-003',
  name: 'insecure-tls-version',
  title: 'Deprecated SSL/TLS protocol version selected',
  cwe: Cwe.BrokenCrypto,
  relatedCwe: [Cwe.WeakEncryptionStrength],
  severity: 'high',
  confidence: 'high',
  description:
    'SSL 2.0/3.0 or TLS 1.0/1.1 is selected through ssl.PROTOCOL_*, ssl.TLSVersion (minimum_version / maximum_version) or pyOpenSSL *_METHOD constants.',
  explanation:
    'SSL 2.0 and 3.0 are broken (DROWN, POODLE) and TLS 1.0/1.1 were deprecated by RFC 8996: they rely on MD5/SHA-1 and CBC constructions with practical attacks (BEAST, Lucky Thirteen). Pinning or allowing them lets a network attacker downgrade or decrypt the connection.',
  fix: 'Use ssl.create_default_context() (or SSLContext(ssl.PROTOCOL_TLS_CLIENT / PROTOCOL_TLS_SERVER)) and set minimum_version = ssl.TLSVersion.TLSv1_2; with pyOpenSSL use TLS_METHOD and set_min_proto_version(TLS1_2_VERSION).',
  bandit: ['B502', 'B503'],
  docs: {
    why: 'The protocol version decides which handshake, ciphers and MACs are possible. Old versions have published, practical attacks, so a connection that can fall back to them is only as strong as the weakest version allowed.',
    bad: 'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)',
    good: 'import ssl\nctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1_2',
    notDetected:
      'Versions re-enabled through option bits (ctx.options &= ~ssl.OP_NO_TLSv1), through OpenSSL configuration files, or through TLSVersion.MINIMUM_SUPPORTED (which depends on the OpenSSL build) are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://www.rfc-editor.org/rfc/rfc8996',
      'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.minimum_version',
    ],
  },
  message: ({ constant, version }) => `${constant} selects ${version}, a deprecated protocol version with known attacks`,
  visits: ['call', 'assignment'],
  // Findings and notes only arise for names resolved to ssl.* or OpenSSL.* through the file's imports.
  fileMentions: ['ssl', 'OpenSSL'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

/** Keywords that choose a protocol version in ssl, urllib3, requests adapters and friends. */
const VERSION_KEYWORDS = new Set(['ssl_version', 'protocol', 'method', 'ssl_minimum_version', 'ssl_maximum_version']);

/** Where functions take the version positionally (0-based). */
const VERSION_POSITIONS: ReadonlyMap<string, number> = new Map([
  ['ssl.SSLContext', 0],
  ['OpenSSL.SSL.Context', 0],
  ['ssl.wrap_socket', 5],
  ['ssl.get_server_certificate', 1],
]);

/** SSLContext(PROTOCOL_TLSv1), wrap_socket(ssl_version=…), SSL.Context(TLSv1_METHOD), PoolManager(ssl_version=…). */
function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const { positional, keywords } = callArguments(call);
  const name = ctx.callName(call);
  const position = name === undefined ? undefined : VERSION_POSITIONS.get(name);
  const candidates = [...keywords].filter(([key]) => VERSION_KEYWORDS.has(key)).map(([, value]) => value);
  const positionalVersion = position === undefined ? undefined : positional[position];
  if (positionalVersion) candidates.push(positionalVersion);
  for (const arg of candidates) {
    const constant = oldVersion(ctx, arg);
    if (constant) return [ctx.report(call, constant)];
  }
  for (const arg of candidates) noteVersion(ctx, arg);
  return [];
}

/**
 * An ssl or pyOpenSSL constant that is not a deprecated version (`method="GET"` and other
 * look-alike keywords are not protocol choices and are left out).
 */
function noteVersion(ctx: Ctx, value: Node): void {
  const bound = value.type === 'identifier' ? ctx.assignedValue(value) : undefined;
  const name = ctx.names.resolve(bound ?? value);
  if (name?.startsWith('ssl.') || name?.startsWith('OpenSSL.')) ctx.note(value, 'not a deprecated protocol version', name);
}

/** `ctx.minimum_version = ssl.TLSVersion.TLSv1` (or a maximum that caps the connection at an old version). */
function checkAssignment(ctx: Ctx, assignment: Node): readonly Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'attribute' || !right) return [];
  if (!VERSION_BOUNDS.has(left.childForFieldName('attribute')?.text ?? '')) return [];
  const constant = oldVersion(ctx, right);
  if (!constant) noteVersion(ctx, right);
  return constant ? [ctx.report(assignment, constant)] : [];
}

/** The old-version constant `value` names, directly or through a name bound once to it. */
function oldVersion(ctx: Ctx, value: Node): Params | undefined {
  const bound = value.type === 'identifier' ? ctx.assignedValue(value) : undefined;
  const name = ctx.names.resolve(bound ?? value);
  const version = name === undefined ? undefined : OLD_VERSIONS.get(name);
  return name !== undefined && version !== undefined ? { constant: name, version } : undefined;
}

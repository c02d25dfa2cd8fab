import { Cwe } from '../../../core/cwe.js';
import type { Confidence, Finding } from '../../../core/finding.js';
import { argument, calleeLastName, enclosingFunction, enclosingScope } from '../ast.js';
import { UNKNOWN, isTruthy, stringLiteralValue } from '../constants.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';
import { wordsOf } from './assert-used-for-security.js';
import { valueDestination } from './insecure-random-for-secret.js';

/** Weak algorithms by their normalised hashlib/OpenSSL name (lower case, no - or _). */
const WEAK_NAMES: Readonly<Record<string, string>> = { md5: 'MD5', sha1: 'SHA-1', sha: 'SHA-1', md4: 'MD4', md2: 'MD2' };

/** Qualified names of weak hash constructors and modules (pycryptodome modules are passed as digestmod). */
const WEAK_QUALIFIED: ReadonlyMap<string, string> = new Map([
  ['hashlib.md5', 'MD5'],
  ['hashlib.sha1', 'SHA-1'],
  ['cryptography.hazmat.primitives.hashes.MD5', 'MD5'],
  ['cryptography.hazmat.primitives.hashes.SHA1', 'SHA-1'],
  ...['Crypto', 'Cryptodome'].flatMap((root) =>
    ([['MD5', 'MD5'], ['SHA1', 'SHA-1'], ['SHA', 'SHA-1'], ['MD4', 'MD4'], ['MD2', 'MD2']] as const).map(
      ([module, algo]): [string, string] => [`${root}.Hash.${module}`, algo],
    ),
  ),
]);

/** Calls whose hash argument is a signature's digest: a collision there forges signatures. */
const SIGNATURE_CALLS = new Set(['sign', 'verify', 'PSS', 'ECDSA', 'Prehashed']);
/** Calls whose hash argument keys a MAC, derives a key or pads an encryption. */
const MAC_KDF_CALLS = new Set([
  'HMAC', 'PBKDF2HMAC', 'HKDF', 'HKDFExpand', 'ConcatKDFHash', 'ConcatKDFHMAC', 'X963KDF', 'KBKDFHMAC', 'OAEP', 'MGF1', 'PBKDF2',
]);

/** Words naming values that a hash protects or proves. */
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'pw', 'passphrase', 'passcode', 'token', 'secret', 'secrets',
  'signature', 'sign', 'signed', 'signing', 'session', 'sessionid', 'nonce', 'salt', 'otp', 'totp', 'hotp', 'pin',
  'credential', 'credentials', 'creds', 'auth', 'authentication', 'authenticate', 'authorization', 'verification',
  'verify', 'apikey', 'csrf', 'xsrf', 'hmac', 'login',
]);
/** Qualifiers that make a "key" secret (api_key, private_key), unlike cache or lookup keys. */
const SECRET_KEY_QUALIFIERS = new Set([
  'api', 'secret', 'private', 'priv', 'signing', 'encryption', 'enc', 'session', 'access', 'hmac', 'auth', 'master',
  'derived', 'shared', 'symmetric', 'aes',
]);
/** Words naming non-security uses of a digest: content fingerprints, cache keys, checksums. */
const BENIGN_WORDS = new Set([
  'etag', 'checksum', 'checksums', 'cache', 'cachekey', 'fingerprint', 'dedup', 'dedupe', 'filename', 'file', 'content',
  'contents', 'body', 'chunk', 'chunks', 'shard', 'bucket', 'partition', 'gravatar', 'avatar', 'color', 'colour',
]);

const MAC_KDF_EXPLANATION =
  'HMAC and key derivation do not depend on collision resistance, so MD5/SHA-1 there are not broken outright; they are deprecated for new designs, give a smaller security margin, and make audits and compliance checks (FIPS 140, PCI DSS) fail. Prefer SHA-256.';

type Params = { algo: string; use: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-CRYPTO-001',
  name: 'weak-hash-for-security',
  title: 'MD5/SHA-1 used to protect security-sensitive data',
  cwe: Cwe.WeakHash,
  relatedCwe: [Cwe.BrokenCrypto],
  severity: 'medium',
  confidence: 'medium',
  description:
    'MD4, MD5 or SHA-1 (hashlib, pycryptodome, cryptography) hashes a password, token, secret or signature, or backs an HMAC, a key derivation or a signature scheme.',
  explanation:
    'MD5 and SHA-1 have practical collision attacks (chosen-prefix collisions for both), and as fast unsalted hashes they are cracked at billions of guesses per second. Used for passwords, tokens or signatures, an attacker can recover the input or forge a different input with the same digest.',
  fix: 'Use SHA-256 or better (hashlib.sha256, hashes.SHA256()). For passwords use a slow salted password hash (argon2-cffi, bcrypt, hashlib.scrypt). If the digest is not a security control, say so with usedforsecurity=False.',
  bandit: ['B303', 'B324'],
  docs: {
    why: 'A weak hash turns a security control into a formality: password hashes are reversed by brute force, and signatures or integrity checks over colliding documents are forged.',
    bad: 'import hashlib\npassword_hash = hashlib.md5(password.encode()).hexdigest()',
    good: 'import hashlib, os\nsalt = os.urandom(16)\npassword_hash = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)',
    notDetected:
      'Whether a digest protects something is a heuristic: the rule reports when the hashed expression, the name the digest is stored under (or the keyword or dict key it is passed as), the enclosing function (for digests that are returned or not stored) mentions a password, token, secret, key, signature, session, nonce, salt, OTP, credential or verification, or when the hash is handed to a signature, HMAC, KDF/PBKDF2 or OAEP/MGF1 padding. Content fingerprints, ETags, cache keys and checksums stay quiet, as does anything hashed with usedforsecurity=False. Sensitive data with neutral names, and digests whose use is in another function, are missed. pycryptodome PBKDF2 without hmac_hash_module (SHA-1 by default) is not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/328.html',
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://shattered.io/',
      'https://docs.python.org/3/library/hashlib.html#hashlib.new',
    ],
  },
  message: ({ algo, use }) => `${algo} is a weak hash but is used ${use}`,
  visits: ['call'],
  // Every finding and note starts from a call resolved through an import of hashlib, hmac, Crypto/Cryptodome or cryptography.
  fileMentions: ['hashlib', 'hmac', 'Crypto', 'cryptography'],
  check(ctx, call) {
    return checkReference(ctx, call) ?? checkComputation(ctx, call);
  },
});

interface Use {
  readonly use: string;
  readonly confidence?: Confidence;
  readonly explanation?: string;
}

/** hmac.new(k, m, hashlib.md5), pbkdf2_hmac("sha1", …), Crypto HMAC.new(k) (MD5 by default). Undefined when `call` is none of these. */
function checkReference(ctx: Ctx, call: Node): readonly Finding[] | undefined {
  const name = ctx.callName(call);
  if (!name) return undefined;
  let algorithm: Node | undefined;
  let defaultAlgo: string | undefined;
  if (name === 'hmac.new' || name === 'hmac.HMAC') algorithm = argument(call, 'digestmod', 2);
  else if (name === 'hmac.digest') algorithm = argument(call, 'digest', 2);
  else if (name === 'hashlib.pbkdf2_hmac') algorithm = argument(call, 'hash_name', 0);
  else if (/^(?:Crypto|Cryptodome)\.Hash\.HMAC\.new$/.test(name)) {
    algorithm = argument(call, 'digestmod', 2);
    defaultAlgo = 'MD5';
  } else if (/^(?:Crypto|Cryptodome)\.Protocol\.KDF\.PBKDF2$/.test(name)) algorithm = argument(call, 'hmac_hash_module', 5);
  else return undefined;
  const algo = algorithm ? weakReference(ctx, algorithm) : defaultAlgo;
  if (!algo) {
    if (algorithm) ctx.note(call, `keyed or derived with ${algorithm.text}, not MD5/SHA-1`, name);
    return [];
  }
  const what = name.includes('pbkdf2') || name.includes('PBKDF2') ? 'for PBKDF2 key derivation' : 'as the hash of an HMAC';
  return [ctx.report(call, { algo, use: what }, { confidence: 'low', explanation: MAC_KDF_EXPLANATION })];
}

/** The weak algorithm an algorithm argument names: "md5", hashlib.sha1, Crypto.Hash.MD5, or a name bound to one. */
function weakReference(ctx: Ctx, node: Node): string | undefined {
  const folded = ctx.constants.stringValue(node);
  if (folded !== undefined) return WEAK_NAMES[normalise(folded)];
  const bound = node.type === 'identifier' ? ctx.assignedValue(node) : undefined;
  const resolved = ctx.names.resolve(bound ?? node);
  return resolved === undefined ? undefined : WEAK_QUALIFIED.get(resolved);
}

function normalise(hashName: string): string {
  return hashName.toLowerCase().replace(/[-_]/g, '');
}

/** hashlib.md5(data), hashlib.new("sha1", data), MD5.new(data), hashes.SHA1(): report when what it hashes is sensitive. */
function checkComputation(ctx: Ctx, call: Node): readonly Finding[] {
  const found = weakComputation(ctx, call);
  if (!found) {
    noteStrongHash(ctx, call);
    return [];
  }
  const use = securityUse(ctx, call, found.data);
  if (!use) {
    ctx.note(call, 'a checksum or fingerprint, with nothing secret hashed and no check relying on it', ctx.callName(call) ?? found.algo);
    return [];
  }
  const { use: text, ...options } = use;
  return [ctx.report(call, { algo: found.algo, use: text }, options)];
}

/** The algorithm and hashed-data argument of a weak hash constructor, unless it is marked usedforsecurity=False. */
function weakComputation(ctx: Ctx, call: Node): { algo: string; data: Node | undefined } | undefined {
  const name = ctx.callName(call);
  if (!name) return undefined;
  let algo: string | undefined;
  let data: Node | undefined;
  if (name === 'hashlib.new') {
    const hashName = argument(call, 'name', 0);
    const value = hashName ? ctx.constants.stringValue(hashName) : undefined;
    algo = value === undefined ? undefined : WEAK_NAMES[normalise(value)];
    data = argument(call, 'data', 1) ?? argument(call, 'string');
  } else {
    const module = /^((?:Crypto|Cryptodome)\.Hash\.\w+)\.new$/.exec(name)?.[1];
    algo = WEAK_QUALIFIED.get(module ?? name);
    data = argument(call, 'data', 0) ?? argument(call, 'string');
  }
  if (!algo) return undefined;
  if (name.startsWith('hashlib.')) {
    const flag = argument(call, 'usedforsecurity');
    const value = flag ? ctx.constants.evaluate(flag) : true;
    if (value !== UNKNOWN && !isTruthy(value)) {
      ctx.note(call, 'declared usedforsecurity=False', name);
      return undefined;
    }
  }
  return { algo, data };
}

/** SHA-2, SHA-3 and BLAKE2 from hashlib: a hash the rule looked at and found strong. */
const STRONG_HASHLIB = /^hashlib\.(?:sha224|sha256|sha384|sha512|sha3_\w+|blake2[bs]|shake_\w+)$/;

function noteStrongHash(ctx: Ctx, call: Node): void {
  const name = ctx.callName(call);
  if (name !== undefined && STRONG_HASHLIB.test(name)) ctx.note(call, 'a strong hash function', name);
}

/** Why this digest is a security control, judged in order of how specific the evidence is. */
function securityUse(ctx: Ctx, call: Node, data: Node | undefined): Use | undefined {
  const destination = valueDestination(call);
  const consumer = consumerUse(destination.passedTo);
  if (consumer) return consumer;
  const stored = destination.names[0];
  if (stored !== undefined) {
    if (isBenign(stored)) return undefined;
    if (isSecretName(stored)) return { use: `for '${stored}'` };
  }
  const hashed = data ? sensitiveNameIn(data) : undefined;
  if (hashed) return { use: `on '${hashed}'` };
  const target = destination.storedIn?.type === 'identifier' ? destination.storedIn : undefined;
  const later = target ? laterUse(target) : undefined;
  if (later) return later;
  if (stored !== undefined && !destination.returned) return undefined;
  const fnName = enclosingFunction(call)?.childForFieldName('name')?.text;
  // A test's name describes the scenario under test (test_auth_fails), not what the digest is for.
  if (!fnName || /^test(?:_|[A-Z]|$)/.test(fnName)) return undefined;
  return !isBenign(fnName) && isSecretName(fnName) ? { use: `in ${fnName}()` } : undefined;
}

/** A signature, MAC, KDF or padding call the digest (or hash object) is handed to. */
function consumerUse(calls: readonly Node[]): Use | undefined {
  const names = calls.map((c) => calleeLastName(c) ?? '');
  if (names.some((n) => SIGNATURE_CALLS.has(n))) return { use: 'for a digital signature', confidence: 'high' };
  // Constant-time comparison is what code uses to check a credential or a MAC.
  if (names.includes('compare_digest')) return { use: 'in an authentication check (compare_digest)' };
  const mac = names.find((n) => MAC_KDF_CALLS.has(n));
  return mac ? { use: `in ${mac}`, confidence: 'low', explanation: MAC_KDF_EXPLANATION } : undefined;
}

/** `h.update(password)` or `signer.sign(h)` later in the same scope. */
function laterUse(target: Node): Use | undefined {
  for (const id of enclosingScope(target).descendantsOfType('identifier')) {
    if (!id || id.text !== target.text || id.id === target.id) continue;
    const parent = id.parent;
    const call = parent?.parent;
    if (parent?.type === 'attribute' && call?.type === 'call' && parent.childForFieldName('attribute')?.text === 'update') {
      const args = call.childForFieldName('arguments');
      const name = args ? sensitiveNameIn(args) : undefined;
      if (name) return { use: `on '${name}'` };
    }
    if (parent?.type === 'argument_list' && call?.type === 'call') {
      const consumer = consumerUse([call]);
      if (consumer) return consumer;
    }
  }
  return undefined;
}

/** The first name inside `expr` (identifiers, attribute names, string keys) that says it is secret. */
function sensitiveNameIn(expr: Node): string | undefined {
  const names: string[] = [];
  if (expr.type === 'identifier') names.push(expr.text);
  for (const id of expr.descendantsOfType('identifier')) if (id) names.push(id.text);
  for (const str of expr.descendantsOfType('string')) {
    const parent = str?.parent;
    // request.form["password"], data.get("token"): the key names the value.
    const isKey = parent?.type === 'subscript' || (parent?.type === 'argument_list' && parent.parent && calleeLastName(parent.parent) === 'get');
    const value = str && isKey ? stringLiteralValue(str) : undefined;
    if (value) names.push(value);
  }
  return names.find(isSecretName);
}

function isSecretName(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return words.includes('key') && words.some((w) => SECRET_KEY_QUALIFIERS.has(w));
}

function isBenign(name: string): boolean {
  return wordsOf(name).some((w) => BENIGN_WORDS.has(w));
}

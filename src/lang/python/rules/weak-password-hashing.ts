import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, enclosingScope, namedChildrenOf, unwrapParens } from '../ast.js';
import { stringLiteralValue } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { wordsOf } from './assert-used-for-security.js';
import { valueDestination } from './insecure-random-for-secret.js';
import { isDjangoSettingsModule, isNonProductionFile, settingFromAssignment } from './support/settings.js';

type Params = { what: string; problem: string };
type Ctx = PythonRuleContext<Params>;

/**
 * Fast general-purpose hashes. MD5 and SHA-1 are left to PY-CRYPTO-001, which reports them
 * over passwords already, so that one defect gives one finding.
 */
const FAST_HASHES = new Set([
  'sha224', 'sha256', 'sha384', 'sha512', 'sha512_224', 'sha512_256', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512',
  'blake2b', 'blake2s', 'shake_128', 'shake_256',
]);
const PASSWORD_WORDS = new Set(['password', 'passwords', 'passwd', 'pwd', 'passphrase', 'pw', 'pass']);
/** Slow password hashes a fast pre-hash may feed (bcrypt's 72-byte limit is the usual reason). */
const KDF_CONSUMERS = /hashpw|bcrypt|argon2|scrypt|pbkdf2|kdf|derive|hash_password|make_password|generate_password_hash/i;

const PBKDF2_MIN_ITERATIONS = 100_000;
const BCRYPT_MIN_ROUNDS = 10;
const SCRYPT_MIN_N = 2 ** 14;
/** OWASP's Argon2id settings all cost about this much memory (KiB) × passes; below it is weaker than all of them. */
const ARGON2_MIN_COST = 7168 * 5;
const ARGON2_DEFAULTS = { time: 3, memory: 65536 };

/** passlib schemes that are broken, unsalted or far too fast for passwords. */
const WEAK_PASSLIB = new Set([
  'plaintext', 'ldap_plaintext', 'roundup_plaintext', 'des_crypt', 'bsdi_crypt', 'bigcrypt', 'crypt16', 'md5_crypt',
  'apr_md5_crypt', 'sun_md5_crypt', 'hex_md4', 'hex_md5', 'hex_sha1', 'hex_sha256', 'hex_sha512', 'ldap_md5',
  'ldap_sha1', 'ldap_salted_md5', 'ldap_salted_sha1', 'ldap_hex_md5', 'ldap_hex_sha1', 'mysql323', 'mysql41',
  'postgres_md5', 'oracle10', 'oracle11', 'lmhash', 'nthash', 'msdcc', 'msdcc2', 'cisco_pix', 'cisco_asa',
  'cisco_type7', 'django_salted_md5', 'django_salted_sha1', 'django_des_crypt', 'django_disabled', 'htdigest',
]);
/** passlib's CryptContext, by the modules that export it. */
const CRYPT_CONTEXTS = new Set(['passlib.context.CryptContext', 'passlib.apps.CryptContext']);
/** Django hashers that are unsalted, broken or fast. */
const WEAK_DJANGO_HASHERS = /\.(?:MD5PasswordHasher|UnsaltedMD5PasswordHasher|UnsaltedSHA1PasswordHasher|SHA1PasswordHasher|CryptPasswordHasher)$/;

/** True when a name (variable, attribute, dict key) says it holds a password. */
function isPasswordName(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((w) => w === 'hash' || w === 'hashed' || w === 'digest')) return false;
  return words.some((w) => PASSWORD_WORDS.has(w));
}

/** The first password-named identifier, attribute or subscript key inside `expr`. */
function passwordIn(expr: Node): string | undefined {
  const candidates: Node[] = [expr, ...expr.descendantsOfType(['identifier', 'string'])].filter((n): n is Node => n !== null);
  for (const node of candidates) {
    if (node.type === 'identifier' && isPasswordName(node.text) && !isCallee(node)) return node.text;
    if (node.type === 'string' && node.parent?.type === 'subscript') {
      const key = stringLiteralValue(node);
      if (key !== undefined && isPasswordName(key)) return key;
    }
  }
  return undefined;
}

/** `hash_password` in `hash_password(x)` names a function, not the data. */
function isCallee(id: Node): boolean {
  const parent = id.parent;
  if (parent?.type === 'call') return parent.childForFieldName('function')?.id === id.id;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) {
    return parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.id === parent.id;
  }
  return false;
}

/** The fast hash algorithm `call` computes (`hashlib.sha256(...)`, `hashlib.new("sha512", ...)`), if any. */
function fastHash(ctx: Ctx, call: Node): { algo: string; data: Node | undefined } | undefined {
  const name = ctx.callName(call);
  if (name === undefined) return undefined;
  if (name === 'hashlib.new') {
    const algoNode = argument(call, 'name', 0);
    const algo = algoNode ? ctx.constants.stringValue(algoNode)?.toLowerCase().replace(/-/g, '_') : undefined;
    return algo !== undefined && FAST_HASHES.has(algo) ? { algo, data: argument(call, 'data', 1) } : undefined;
  }
  const algo = /^hashlib\.(\w+)$/.exec(name)?.[1];
  return algo !== undefined && FAST_HASHES.has(algo) ? { algo, data: argument(call, 'data', 0) ?? argument(call, 'string') } : undefined;
}

/** `h.update(password)` on the hash object later in the same scope. */
function passwordUpdate(call: Node): string | undefined {
  const target = valueDestination(call).storedIn;
  if (target?.type !== 'identifier') return undefined;
  for (const id of enclosingScope(target).descendantsOfType('identifier')) {
    const attribute = id?.parent;
    const update = attribute?.parent;
    if (id?.text !== target.text || attribute?.type !== 'attribute' || update?.type !== 'call') continue;
    if (attribute.childForFieldName('attribute')?.text !== 'update') continue;
    const args = update.childForFieldName('arguments');
    const found = args ? passwordIn(args) : undefined;
    if (found) return found;
  }
  return undefined;
}

function checkFastHash(ctx: Ctx, call: Node): Finding[] {
  const hash = fastHash(ctx, call);
  if (!hash) return [];
  const password = (hash.data ? passwordIn(hash.data) : undefined) ?? passwordUpdate(call);
  if (password === undefined) return [];
  // A pre-hash that goes straight into bcrypt/argon2/scrypt is part of a slow scheme.
  if (valueDestination(call).passedTo.some((c) => KDF_CONSUMERS.test(c.childForFieldName('function')?.text ?? ''))) return [];
  return [ctx.report(call, { what: `hashlib.${hash.algo}() over '${password}'`, problem: 'is a fast hash, not a password hash' })];
}

/** The constant integer an argument evaluates to. */
function intArgument(ctx: Ctx, node: Node | undefined): number | undefined {
  const value = node ? ctx.constants.evaluate(node) : undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function checkWorkFactors(ctx: Ctx, call: Node): Finding[] {
  const name = ctx.callName(call) ?? '';
  const low = (what: string, minimum: string): Finding[] => [ctx.report(call, { what, problem: `is below the minimum of ${minimum}` })];
  if (name === 'hashlib.pbkdf2_hmac') {
    const n = intArgument(ctx, argument(call, 'iterations', 3));
    return n !== undefined && n < PBKDF2_MIN_ITERATIONS ? low(`hashlib.pbkdf2_hmac() with ${n} iterations`, '100,000 (OWASP: 600,000 for SHA-256)') : [];
  }
  if (/\.PBKDF2HMAC$/.test(name) && name.startsWith('cryptography.')) {
    const n = intArgument(ctx, argument(call, 'iterations', 3));
    return n !== undefined && n < PBKDF2_MIN_ITERATIONS ? low(`PBKDF2HMAC with ${n} iterations`, '100,000 (OWASP: 600,000 for SHA-256)') : [];
  }
  if (/^(?:Crypto|Cryptodome)\.Protocol\.KDF\.PBKDF2$/.test(name)) {
    const node = argument(call, 'count', 3);
    const n = node ? intArgument(ctx, node) : 1000; // pycryptodome's default count is 1000
    return n !== undefined && n < PBKDF2_MIN_ITERATIONS ? low(`PBKDF2 with ${n} iterations${node ? '' : ' (the default count)'}`, '100,000') : [];
  }
  if (name === 'bcrypt.gensalt') {
    const n = intArgument(ctx, argument(call, 'rounds', 0));
    return n !== undefined && n < BCRYPT_MIN_ROUNDS ? low(`bcrypt.gensalt() with cost ${n}`, String(BCRYPT_MIN_ROUNDS)) : [];
  }
  if (name === 'hashlib.scrypt') {
    const n = intArgument(ctx, argument(call, 'n'));
    return n !== undefined && n < SCRYPT_MIN_N ? low(`hashlib.scrypt() with n=${n}`, '16,384 (2**14)') : [];
  }
  if (/^argon2\.(?:PasswordHasher|low_level\.hash_secret(?:_raw)?)$/.test(name)) return checkArgon2(ctx, call);
  return [];
}

/** argon2-cffi: memory (KiB) × passes below OWASP's weakest recommended setting. */
function checkArgon2(ctx: Ctx, call: Node): Finding[] {
  const time = intArgument(ctx, argument(call, 'time_cost'));
  const memory = intArgument(ctx, argument(call, 'memory_cost'));
  if (time === undefined && memory === undefined) return [];
  const cost = (time ?? ARGON2_DEFAULTS.time) * (memory ?? ARGON2_DEFAULTS.memory);
  if (cost >= ARGON2_MIN_COST) return [];
  return [ctx.report(call, { what: `Argon2 time_cost=${time ?? ARGON2_DEFAULTS.time}, memory_cost=${memory ?? ARGON2_DEFAULTS.memory}`, problem: 'is below OWASP\'s minimum (19 MiB with 2 passes, or an equivalent trade-off)' })];
}

/** passlib CryptContext whose default scheme (first, or default=) is weak. */
function checkCryptContext(ctx: Ctx, call: Node): Finding[] {
  const name = ctx.callName(call);
  if (name === undefined || !CRYPT_CONTEXTS.has(name)) return [];
  const { keywords } = callArguments(call);
  const schemes = keywords.get('schemes');
  const listed = schemes ? ctx.constants.evaluate(schemes) : undefined;
  const defaultNode = keywords.get('default');
  const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
  const chosen = defaultNode ? ctx.constants.stringValue(defaultNode) : first;
  if (typeof chosen !== 'string' || !WEAK_PASSLIB.has(chosen)) return [];
  return [ctx.report(call, { what: `CryptContext default scheme "${chosen}"`, problem: 'is not a password hash (unsalted, broken or far too fast)' })];
}

/** Django PASSWORD_HASHERS whose first (default) entry is MD5, SHA-1, unsalted or crypt. */
function checkDjangoHashers(ctx: Ctx, assignment: Node): Finding[] {
  const setting = settingFromAssignment(ctx, assignment);
  if (setting?.key !== 'PASSWORD_HASHERS' || setting.form !== 'module') return [];
  // Test settings use MD5PasswordHasher on purpose, to make test runs fast.
  if (!isDjangoSettingsModule(ctx) || isNonProductionFile(ctx)) return [];
  const first = namedChildrenOf(unwrapParens(setting.value)).find((c) => c.type !== 'comment');
  const hasher = first ? ctx.constants.stringValue(first) : undefined;
  if (hasher === undefined || !WEAK_DJANGO_HASHERS.test(hasher)) return [];
  return [ctx.report(assignment, { what: `PASSWORD_HASHERS default ${hasher.split('.').at(-1) ?? hasher}`, problem: 'hashes new passwords with a fast or unsalted hash' })];
}

/** A Django hasher subclass that lowers `iterations` (class attribute). */
function checkHasherSubclass(ctx: Ctx, assignment: Node): Finding[] {
  const setting = settingFromAssignment(ctx, assignment);
  const left = assignment.childForFieldName('left');
  if (setting || left?.type !== 'identifier' || left.text !== 'iterations') return [];
  const body = assignment.parent?.parent;
  const cls = body?.parent;
  if (cls?.type !== 'class_definition' || !/PBKDF2\w*PasswordHasher/.test(cls.childForFieldName('superclasses')?.text ?? '')) return [];
  const right = assignment.childForFieldName('right');
  const n = right ? intArgument(ctx, right) : undefined;
  if (n === undefined || n >= PBKDF2_MIN_ITERATIONS) return [];
  return [ctx.report(assignment, { what: `A PBKDF2 password hasher with ${n} iterations`, problem: 'is below the minimum of 100,000' })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-PWHASH-001',
  name: 'weak-password-hashing',
  title: 'Password hashed too fast (no or weak key derivation)',
  cwe: Cwe.WeakPasswordHash,
  relatedCwe: [Cwe.UnsaltedHash, Cwe.WeakHash],
  severity: 'high',
  confidence: 'medium',
  description:
    'A password is hashed with a fast hash (hashlib SHA-2, SHA-3, BLAKE2), or a password KDF runs with too little work: PBKDF2 below 100,000 iterations, bcrypt cost below 10, scrypt n below 2**14, Argon2 below OWASP\'s minimum; or passlib CryptContext / Django PASSWORD_HASHERS default to a broken or unsalted scheme.',
  explanation:
    'A stolen password database is attacked offline, as fast as the hash allows. GPUs compute billions of SHA-256 hashes per second, so most real passwords fall within hours; a slow, salted password hash (Argon2id, scrypt, bcrypt, PBKDF2 with a high iteration count) makes each guess thousands of times more expensive.',
  fix: 'Hash passwords with a dedicated password hash and its recommended cost: argon2.PasswordHasher().hash(password), bcrypt.hashpw(password, bcrypt.gensalt(12)), hashlib.scrypt(password, salt=salt, n=2**17, r=8, p=1), or hashlib.pbkdf2_hmac("sha256", password, salt, 600_000). In Django, keep PBKDF2PasswordHasher or Argon2PasswordHasher first in PASSWORD_HASHERS.',
  docs: {
    why: 'Password hashes exist for the day the database leaks. A fast hash makes that day the day the passwords leak too, including every account where users reused them.',
    bad: 'import hashlib\nstored = hashlib.sha256(salt + password.encode()).hexdigest()',
    good: 'import hashlib\nstored = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000).hex()',
    notDetected:
      'Whether the data is a password is judged from names (password, passwd, pwd, passphrase, pw, pass) in the hashed expression or in a later h.update(…); names such as password_hash or digest are not passwords. MD5 and SHA-1 over passwords are reported by PY-CRYPTO-001 instead. A fast pre-hash passed straight to bcrypt/argon2/scrypt is not reported. Work factors are judged only when they are constants; the PBKDF2 threshold is 100,000 iterations (OWASP recommends 600,000 for PBKDF2-HMAC-SHA256 and 210,000 for SHA-512). Django test settings that list MD5PasswordHasher first, as Django recommends for speed, are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/916.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
      'https://docs.djangoproject.com/en/stable/topics/auth/passwords/',
      'https://passlib.readthedocs.io/en/stable/lib/passlib.hash.html',
    ],
  },
  message: ({ what, problem }) => `${what} ${problem}, so stolen hashes can be cracked quickly`,
  visits: ['call', 'assignment'],
  // fastHash(): hashlib.new and hashlib.<FAST_HASHES>; checkWorkFactors(): the last names its name tests end in.
  callees: lastNamesOf(FAST_HASHES, ['hashlib.new'], CRYPT_CONTEXTS, ['pbkdf2_hmac', 'PBKDF2HMAC', 'PBKDF2', 'gensalt', 'scrypt', 'PasswordHasher', 'hash_secret', 'hash_secret_raw']),
  // Checked calls resolve only through imports of hashlib, Crypto/Cryptodome, cryptography, bcrypt, argon2 or passlib; the Django checks need PASSWORD_HASHERS or a …PasswordHasher base class.
  fileMentions: ['hashlib', 'Crypto', 'cryptography', 'bcrypt', 'argon2', 'passlib', 'PASSWORD_HASHERS', 'PasswordHasher'],
  check(ctx, node) {
    if (node.type === 'assignment') return [...checkDjangoHashers(ctx, node), ...checkHasherSubclass(ctx, node)];
    return [...checkFastHash(ctx, node), ...checkWorkFactors(ctx, node), ...checkCryptContext(ctx, node)];
  },
});

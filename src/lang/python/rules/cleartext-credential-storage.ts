import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, calleeObject, enclosingFunction, namedChildrenOf, unwrapParens } from '../ast.js';
import { UNKNOWN, stringLiteralValue } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { credentialKind, mayNameCredential, splitNameParts } from './hardcoded-credential.js';
import { receiverOrigin } from './request-without-timeout.js';

type Params = { value: string; store: string };
type Ctx = PythonRuleContext<Params>;

/** A credential found in a stored value: what it is called and what kind of credential it is. */
interface Credential {
  readonly name: string;
  readonly kind: string;
}

/** Bare names that often mean something else: a lexer's `token`, the working directory `pwd`. */
const AMBIGUOUS_BARE_NAMES = new Set(['token', 'pwd', 'pw', 'pass']);
/** Calls whose result no longer reveals the credential: hashing, encryption, masking, length. */
const PROTECTING = /hash|crypt|digest|hmac|sign|kdf|derive|mask|redact|obfuscat|protect|seal|wrap_key|make_password|^len$|^bool$|^int$|^type$|^isinstance$/i;
/** Calls that pass their argument's text through: conversions and serializers. */
const PASSING = new Set(['str', 'bytes', 'encode', 'decode', 'strip', 'format', 'join', 'dumps', 'dict', 'b64encode', 'urlsafe_b64encode', 'quote']);
const FILE_OPENERS = new Set(['open', 'io.open', 'codecs.open', 'os.fdopen', 'tempfile.NamedTemporaryFile', 'tempfile.TemporaryFile']);
const WRITE_MODE = /[wax+]/;
const SERIALIZERS = new Set(['json.dump', 'yaml.dump', 'yaml.safe_dump', 'pickle.dump', 'toml.dump', 'tomli_w.dump', 'marshal.dump']);
const CONFIG_PARSERS = new Set(['configparser.ConfigParser', 'configparser.RawConfigParser', 'configparser.SafeConfigParser', 'ConfigParser.ConfigParser']);
const FLASK_SESSION = new Set(['flask.session', 'quart.session']);
const MAX_DEPTH = 8;

function credentialOf(name: string): Credential | undefined {
  if (!mayNameCredential(name)) return undefined;
  const parts = splitNameParts(name);
  if (parts.length === 1 && AMBIGUOUS_BARE_NAMES.has(parts[0] ?? '')) return undefined;
  const kind = credentialKind(parts);
  return kind === undefined ? undefined : { name, kind };
}

/** The credential an expression carries in clear text, following names bound once. */
function carriedCredential(ctx: Ctx, node: Node, depth = 0): Credential | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapParens(node);
  const next = (child: Node): Credential | undefined => carriedCredential(ctx, child, depth + 1);
  switch (n.type) {
    case 'identifier': {
      const direct = credentialOf(n.text);
      if (direct) return direct;
      const bound = ctx.assignedValue(n);
      return bound ? next(bound) : undefined;
    }
    case 'attribute':
      return credentialOf(n.childForFieldName('attribute')?.text ?? '');
    case 'subscript': {
      const index = n.childForFieldName('subscript');
      const key = index ? ctx.constants.stringValue(index) : undefined;
      return key === undefined ? undefined : credentialOf(key);
    }
    case 'call':
      return credentialInCall(ctx, n, next);
    case 'pair':
      return credentialInPair(ctx, n, next);
    case 'string':
    case 'interpolation':
    case 'concatenated_string':
    case 'binary_operator':
    case 'dictionary':
    case 'list':
    case 'tuple':
    case 'keyword_argument':
      return firstOf(namedChildrenOf(n).filter((c) => !(n.type === 'keyword_argument' && c.type === 'identifier' && c.id === n.childForFieldName('name')?.id)), next);
    default:
      return undefined;
  }
}

function firstOf(nodes: readonly Node[], find: (n: Node) => Credential | undefined): Credential | undefined {
  for (const node of nodes) {
    const found = find(node);
    if (found) return found;
  }
  return undefined;
}

function credentialInCall(ctx: Ctx, call: Node, next: (n: Node) => Credential | undefined): Credential | undefined {
  const method = calleeLastName(call) ?? '';
  if (PROTECTING.test(method)) return undefined;
  const receiver = calleeObject(call);
  if (method === 'get' && receiver) {
    const [key] = callArguments(call).positional;
    const name = key ? ctx.constants.stringValue(key) : undefined;
    return name === undefined ? undefined : credentialOf(name);
  }
  if (!PASSING.has(method)) return undefined;
  const list = call.childForFieldName('arguments');
  return firstOf([...(receiver && receiver.type !== 'string' ? [receiver] : []), ...(list ? namedChildrenOf(list) : [])], next);
}

/** `{"password": pw}`: a credential key with a value computed at run time (literals are PY-SECRET-001's). */
function credentialInPair(ctx: Ctx, pair: Node, next: (n: Node) => Credential | undefined): Credential | undefined {
  const key = pair.childForFieldName('key');
  const value = pair.childForFieldName('value');
  if (!value) return undefined;
  const name = key ? stringLiteralValue(key) : undefined;
  const byKey = name === undefined ? undefined : credentialOf(name);
  if (byKey && !isConstant(ctx, value) && !isProtected(value)) return byKey;
  return next(value);
}

/** True for values known before run time (literals and names bound to them). */
function isConstant(ctx: Ctx, node: Node): boolean {
  return ctx.constants.evaluate(node) !== UNKNOWN;
}

/** True when the value is the result of hashing or encrypting. */
function isProtected(node: Node): boolean {
  const n = unwrapParens(node);
  return n.type === 'call' && PROTECTING.test(calleeLastName(n) ?? '');
}

/** True when `node` is a file opened for writing (in place, by single assignment, or by `with … as`). */
function isWritableFile(ctx: Ctx, node: Node): boolean {
  const n = unwrapParens(node);
  const call = n.type === 'call' ? n : n.type === 'identifier' ? (ctx.assignedValue(n) ?? withCall(n)) : undefined;
  if (call?.type !== 'call') return false;
  const name = ctx.callName(call);
  if (name !== undefined && name.startsWith('tempfile.')) return FILE_OPENERS.has(name);
  const isOpen = (name !== undefined && FILE_OPENERS.has(name)) || (calleeLastName(call) === 'open' && calleeObject(call) !== undefined);
  if (!isOpen) return false;
  const mode = argument(call, 'mode', name === undefined ? 0 : 1);
  const value = mode ? ctx.constants.stringValue(mode) : undefined;
  return value !== undefined && WRITE_MODE.test(value);
}

/** For a name bound by `with f(...) as name` around it, that call. */
function withCall(id: Node): Node | undefined {
  for (let node = id.parent; node; node = node.parent) {
    if (node.type !== 'with_statement') continue;
    for (const item of node.descendantsOfType('as_pattern')) {
      const target = item?.childForFieldName('alias');
      const value = item?.namedChildren[0];
      if (target?.text === id.text && value?.type === 'call') return value;
    }
  }
  return undefined;
}

function report(ctx: Ctx, node: Node, credential: Credential, store: string): Finding[] {
  const isPassword = credential.kind === 'password';
  // Tokens and keys in an owner-only file (0o600) are how CLIs keep credentials (~/.aws/credentials).
  if (!isPassword && store === 'a file' && restrictsPermissions(ctx, node)) return [];
  return [ctx.report(node, { value: `${credential.kind} '${credential.name}'`, store }, isPassword ? {} : { severity: 'low', confidence: 'low' })];
}

const PERMISSION_CALLS = new Set(['os.chmod', 'os.fchmod', 'os.open', 'os.makedirs', 'os.mkdir']);

/** True when the function gives some file owner-only permissions (no group or other bits). */
function restrictsPermissions(ctx: Ctx, node: Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  return fn.descendantsOfType('call').some((call) => {
    const name = call ? ctx.callName(call) : undefined;
    const isChmod = name !== undefined ? PERMISSION_CALLS.has(name) : call !== null && calleeLastName(call) === 'chmod';
    if (!call || !isChmod) return false;
    return callArguments(call).positional.slice(1).some((arg) => {
      const mode = ctx.constants.evaluate(arg);
      return typeof mode === 'number' && mode >= 0o400 && mode <= 0o777 && (mode & 0o077) === 0;
    });
  });
}

/** f.write(password), f.writelines(...), Path(...).write_text(token), print(pw, file=f). */
function checkFileWrite(ctx: Ctx, call: Node): Finding[] {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  const { positional, keywords } = callArguments(call);
  const data = positional[0];
  if (!data) return [];
  let store: string | undefined;
  if ((method === 'write' || method === 'writelines') && receiver && isWritableFile(ctx, receiver)) store = 'a file';
  else if ((method === 'write_text' || method === 'write_bytes') && receiver) store = 'a file';
  else if (ctx.callName(call) === 'print' && keywords.has('file') && isWritableFile(ctx, keywords.get('file') ?? call)) store = 'a file';
  // print() writes every positional argument; write() only its first.
  const written = ctx.callName(call) === 'print' ? positional : [data];
  const credential = store ? firstOf(written, (n) => carriedCredential(ctx, n)) : undefined;
  return credential && store ? report(ctx, call, credential, store) : [];
}

/** json.dump({"password": pw}, f) and other serializers writing to a file. */
function checkSerializer(ctx: Ctx, call: Node): Finding[] {
  const name = ctx.callName(call);
  if (name === undefined || !SERIALIZERS.has(name)) return [];
  const [obj] = callArguments(call).positional;
  const credential = obj ? carriedCredential(ctx, obj) : undefined;
  return credential ? report(ctx, call, credential, `a file through ${name}()`) : [];
}

/** `config.set(section, "password", pw)` on a ConfigParser that the file writes out. */
function checkConfigSet(ctx: Ctx, call: Node): Finding[] {
  if (calleeLastName(call) !== 'set') return [];
  const receiver = calleeObject(call);
  const [, option, value] = callArguments(call).positional;
  if (!receiver || !option || !value || !isWrittenConfig(ctx, receiver)) return [];
  const key = ctx.constants.stringValue(option);
  const byKey = key === undefined ? undefined : credentialOf(key);
  const credential = byKey && !isProtected(value) && !isConstant(ctx, value) ? byKey : undefined;
  return credential ? report(ctx, call, credential, 'a configuration file') : [];
}

function isWrittenConfig(ctx: Ctx, receiver: Node): boolean {
  const origin = receiverOrigin(ctx, receiver);
  if (origin === undefined || !CONFIG_PARSERS.has(origin)) return false;
  return ctx.root.descendantsOfType('call').some((c) => c !== null && calleeLastName(c) === 'write' && calleeObject(c)?.text === receiver.text);
}

/** `config["db"]["password"] = pw`, `session["password"] = pw`, `user.password = pw` (+ save()). */
function checkAssignment(ctx: Ctx, assignment: Node): Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  // The target first: most assignments bind a plain name, which is none of these stores.
  if (!left || !right || (left.type !== 'subscript' && left.type !== 'attribute') || isProtected(right) || isConstant(ctx, right)) return [];
  return left.type === 'subscript' ? checkSubscriptStore(ctx, assignment, left) : checkModelPassword(ctx, assignment, left);
}

function checkSubscriptStore(ctx: Ctx, assignment: Node, left: Node): Finding[] {
  const container = left.childForFieldName('value');
  const index = left.childForFieldName('subscript');
  const key = index ? ctx.constants.stringValue(index) : undefined;
  const byKey = key === undefined ? undefined : credentialOf(key);
  if (!container || !byKey) return [];
  if (FLASK_SESSION.has(ctx.names.resolve(container) ?? '') && byKey.kind === 'password') {
    return report(ctx, assignment, byKey, 'the Flask session, a signed but unencrypted cookie');
  }
  const section = container.type === 'subscript' ? container.childForFieldName('value') : undefined;
  return section && isWrittenConfig(ctx, section) ? report(ctx, assignment, byKey, 'a configuration file') : [];
}

/** Django: `user.password = raw` followed by `user.save()` stores the raw password (set_password() hashes it). */
function checkModelPassword(ctx: Ctx, assignment: Node, left: Node): Finding[] {
  if (left.childForFieldName('attribute')?.text !== 'password' || !ctx.names.importsModule('django')) return [];
  const object = left.childForFieldName('object');
  const fn = enclosingFunction(assignment);
  if (!object || !fn) return [];
  const saves = fn.descendantsOfType('call').some((c) => c !== null && calleeLastName(c) === 'save' && calleeObject(c)?.text === object.text);
  if (!saves) return [];
  return report(ctx, assignment, { name: left.text, kind: 'password' }, 'the database (Django expects a hash here; use set_password())');
}

/** `Model.objects.create(password=raw)` in Django; create_user() would hash it. */
function checkOrmCreate(ctx: Ctx, call: Node): Finding[] {
  if (calleeLastName(call) !== 'create' || !/\bobjects$/.test(calleeObject(call)?.text ?? '') || !ctx.names.importsModule('django')) return [];
  const value = callArguments(call).keywords.get('password');
  if (!value || isProtected(value) || isConstant(ctx, value)) return [];
  return report(ctx, call, { name: 'password', kind: 'password' }, 'the database (use create_user() or make_password())');
}

/** `resp.set_cookie("password", pw)`: the password sits in the browser and travels with every request. */
function checkCookie(ctx: Ctx, call: Node): Finding[] {
  const method = calleeLastName(call);
  if ((method !== 'set_cookie' && method !== 'set_signed_cookie') || !calleeObject(call)) return [];
  const { positional, keywords } = callArguments(call);
  const keyNode = keywords.get('key') ?? positional[0];
  const value = keywords.get('value') ?? positional[1];
  const key = keyNode ? ctx.constants.stringValue(keyNode) : undefined;
  const byKey = key === undefined ? undefined : credentialOf(key);
  const credential = byKey?.kind === 'password' ? byKey : value ? carriedCredential(ctx, value) : undefined;
  if (!value || credential?.kind !== 'password' || isProtected(value)) return [];
  return report(ctx, call, credential, 'a browser cookie');
}

export const rule = definePythonRule<Params>({
  id: 'PY-STORE-001',
  name: 'cleartext-credential-storage',
  title: 'Password or secret stored in clear text',
  cwe: Cwe.CleartextStorage,
  relatedCwe: [Cwe.PlaintextPassword, Cwe.UnprotectedCredentials],
  severity: 'medium',
  confidence: 'medium',
  description:
    'A value named as a password (or token, secret, API key) is written unprotected to a file (write, write_text, print(file=…), json/yaml/pickle dump), a ConfigParser that is written out, a cookie, the Flask session, or a Django password field (user.password = raw; save(), objects.create(password=raw)).',
  explanation:
    'Files, backups, configuration directories, cookies and database rows are read by more people and programs than the one that wrote them. A password kept there in clear text is exposed to anyone who gets a copy: another local user, a backup operator, a leaked database dump, or a script in the browser.',
  fix: 'Store a slow salted hash for passwords you only need to verify (argon2, bcrypt, Django set_password()/make_password()). Keep credentials you must use again in the OS keyring (keyring.set_password) or a secret manager, or encrypt them (cryptography.fernet.Fernet) with a key kept elsewhere. Never put passwords in cookies or the Flask session.',
  docs: {
    why: 'Cleartext credentials turn any read access (a backup, a misconfigured share, a SQL injection that only reads) into account takeover, often on other systems too because passwords are reused.',
    bad: 'def save_login(path, user, password):\n    with open(path, "w") as fh:\n        fh.write(f"{user}:{password}\\n")',
    good: 'import keyring\n\ndef save_login(user, password):\n    keyring.set_password("myapp", user, password)',
    notDetected:
      'What is a credential is judged from names (variables, attributes, dict keys, cookie names); bare token, pwd, pw and pass are ignored because they often mean something else. Tokens, secrets and keys (as opposed to passwords) are reported with low severity and confidence: storing an OAuth token in a user-only config file is common practice, and they are not reported at all when the writing function gives a file owner-only permissions (os.open/os.chmod with 0o600). Hashing or encryption is recognised by the name of the call (hash, crypt, encrypt, sign, derive, make_password …). Writes through helpers, loggers (PY-LOG-001) and databases other than Django password fields are not reported; literal values are PY-SECRET-001\'s.',
    references: [
      'https://cwe.mitre.org/data/definitions/312.html',
      'https://cwe.mitre.org/data/definitions/256.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
      'https://docs.djangoproject.com/en/stable/topics/auth/passwords/',
    ],
  },
  message: ({ value, store }) => `The ${value} is stored in clear text in ${store}`,
  visits: ['call', 'assignment'],
  // write()/writelines()/write_text()/write_bytes(), print(), the serializers, ConfigParser set(), objects.create(), set_cookie().
  callees: ['write', 'writelines', 'write_text', 'write_bytes', 'print', ...lastNamesOf(SERIALIZERS), 'set', 'create', 'set_cookie', 'set_signed_cookie'],
  check(ctx, node) {
    if (ctx.file.context === 'test') return [];
    if (node.type === 'assignment') return checkAssignment(ctx, node);
    return [...checkFileWrite(ctx, node), ...checkSerializer(ctx, node), ...checkConfigSet(ctx, node), ...checkOrmCreate(ctx, node), ...checkCookie(ctx, node)];
  },
});

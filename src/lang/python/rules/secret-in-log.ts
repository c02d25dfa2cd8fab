import { Cwe } from '../../../core/cwe.js';
import { callArguments, calleeLastName, calleeObject, namedChildrenOf, unwrapParens } from '../ast.js';
import { UNKNOWN } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, displayCallee, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { credentialKind, splitNameParts } from './hardcoded-credential.js';

type Params = { fn: string; value: string };
type Ctx = PythonRuleContext<Params>;

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);
const LOGGER_RECEIVER_NAMES = new Set(['log', 'logger', '_log', '_logger', 'LOG', 'LOGGER', '_LOG', '_LOGGER']);
const LOGGER_FACTORIES = new Set(['logging.getLogger', 'structlog.get_logger', 'structlog.getLogger']);
/** Loggers imported ready-made: `from loguru import logger`. */
const LOGGER_OBJECTS = new Set(['loguru.logger']);

/** Personal data that is as sensitive in a log as a password (name-part suffixes). */
const PERSONAL_DATA: readonly (readonly string[])[] = [
  ['ssn'], ['social', 'security', 'number'], ['credit', 'card'], ['card', 'number'], ['card', 'num'],
  ['cc', 'number'], ['cvv'], ['cvc'], ['iban'],
];

/**
 * Bare names that are secrets in some code and not in most: `token` in a lexer, `pwd` as the
 * working directory. Qualified forms (`access_token`, `db_pwd`) still count.
 */
const AMBIGUOUS_BARE_NAMES = new Set(['token', 'pwd', 'pw', 'pass']);

/** What a sensitive name holds, or undefined for ordinary names (`token_count`, `password_length`). */
function sensitiveKind(name: string): string | undefined {
  const parts = splitNameParts(name);
  if (parts.length === 1 && AMBIGUOUS_BARE_NAMES.has(parts[0] ?? '')) return undefined;
  const kind = credentialKind(parts);
  if (kind !== undefined) return kind;
  const personal = PERSONAL_DATA.some((term) => term.length <= parts.length && term.every((word, i) => parts[parts.length - term.length + i] === word));
  return personal ? 'personal data' : undefined;
}

/** Calls whose result does not reveal the secret: masking, hashing, length or type checks. */
const HIDING_NAME = /mask|redact|hash|digest|obfuscate|censor|scrub|saniti[sz]|anonymi|encrypt/i;
const HIDING_WORDS = new Set(['len', 'length', 'count', 'size']);
const HIDING_BUILTINS = new Set(['len', 'bool', 'type', 'isinstance', 'id', 'callable', 'hasattr']);
const HASHING_MODULES = new Set(['hashlib', 'hmac', 'bcrypt', 'argon2', 'passlib']);

function hidesValue(ctx: Ctx, call: Node): boolean {
  const name = calleeLastName(call);
  if (name === undefined) return false;
  if (HIDING_BUILTINS.has(name) || HIDING_NAME.test(name)) return true;
  if (splitNameParts(name).some((part) => HIDING_WORDS.has(part))) return true;
  const module = ctx.callName(call)?.split('.')[0];
  return module !== undefined && HASHING_MODULES.has(module);
}

const MAX_DEPTH = 12;

/** The first expression inside `node` that reads a sensitive value, as written in the source. */
function findSensitive(ctx: Ctx, node: Node, depth = 0): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapParens(node);
  switch (n.type) {
    case 'identifier':
      return sensitiveKind(n.text) ? n : undefined;
    case 'attribute': {
      const attr = n.childForFieldName('attribute');
      return attr && sensitiveKind(attr.text) ? n : undefined;
    }
    case 'subscript': {
      const index = n.childForFieldName('subscript');
      const key = index ? ctx.constants.stringValue(index) : undefined;
      return key !== undefined && sensitiveKind(key) ? n : undefined;
    }
    case 'call':
      return sensitiveInCall(ctx, n, depth);
    // A comparison or `not x` yields a bool, which reveals nothing about the secret.
    case 'comparison_operator':
    case 'not_operator':
      return undefined;
    case 'conditional_expression': {
      // `"set" if password else "unset"`: only the branches reach the log.
      const [whenTrue, , whenFalse] = namedChildrenOf(n);
      return firstSensitive(ctx, [whenTrue, whenFalse], depth);
    }
    case 'string':
      return firstSensitive(ctx, namedChildrenOf(n).filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression')), depth);
    case 'keyword_argument':
      return sensitiveKeyword(ctx, n, depth);
    case 'pair': {
      const key = n.childForFieldName('key');
      const value = n.childForFieldName('value');
      if (!value) return undefined;
      const keyName = key ? ctx.constants.stringValue(key) : undefined;
      if (keyName !== undefined && sensitiveKind(keyName)) return valueLeaks(ctx, value) ? value : undefined;
      return findSensitive(ctx, value, depth + 1);
    }
    default:
      return firstSensitive(ctx, namedChildrenOf(n), depth);
  }
}

function firstSensitive(ctx: Ctx, nodes: readonly (Node | null | undefined)[], depth: number): Node | undefined {
  for (const child of nodes) {
    const hit = child ? findSensitive(ctx, child, depth + 1) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/** A value under a sensitive key (`password=pw`, `{"token": t}`) leaks unless it is constant or hidden. */
function valueLeaks(ctx: Ctx, value: Node): boolean {
  const v = unwrapParens(value);
  if (v.type === 'call') return !hidesValue(ctx, v);
  if (v.type === 'comparison_operator' || v.type === 'not_operator') return false;
  return ctx.constants.evaluate(v) === UNKNOWN;
}

function sensitiveKeyword(ctx: Ctx, node: Node, depth: number): Node | undefined {
  const name = node.childForFieldName('name')?.text;
  const value = node.childForFieldName('value');
  if (!value) return undefined;
  if (name !== undefined && sensitiveKind(name) && valueLeaks(ctx, value)) return value;
  return findSensitive(ctx, value, depth + 1);
}

function sensitiveInCall(ctx: Ctx, call: Node, depth: number): Node | undefined {
  if (hidesValue(ctx, call)) return undefined;
  const args = callArguments(call);
  // `data.get("password")` reads the secret as surely as `data["password"]` does.
  if (calleeLastName(call) === 'get' && calleeObject(call)) {
    const key = args.positional[0] ? ctx.constants.stringValue(args.positional[0]) : undefined;
    if (key !== undefined && sensitiveKind(key)) return call;
  }
  const list = call.childForFieldName('arguments');
  const parts = [calleeObject(call), ...(list ? namedChildrenOf(list) : [])];
  return firstSensitive(ctx, parts, depth);
}

/** True when the call is a logging call: module functions, or methods on something that is a logger. */
function isLoggingCall(ctx: Ctx, call: Node): boolean {
  const method = calleeLastName(call);
  if (method === undefined || !LOG_METHODS.has(method)) return false;
  const resolved = ctx.callName(call);
  if (resolved !== undefined) {
    // `logging.info`, `loguru.logger.info`, or a logger imported from a project module.
    const receiver = resolved.slice(0, resolved.lastIndexOf('.'));
    return receiver === 'logging' || LOGGER_OBJECTS.has(receiver) || LOGGER_RECEIVER_NAMES.has(receiver.split('.').at(-1) ?? '');
  }
  const receiver = calleeObject(call);
  if (!receiver) return false;
  if (receiver.type === 'call') return LOGGER_FACTORIES.has(ctx.callName(receiver) ?? '');
  const origin = ctx.originOf(receiver);
  if (origin !== undefined) return LOGGER_FACTORIES.has(origin);
  const receiverName = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.text;
  return receiverName !== undefined && LOGGER_RECEIVER_NAMES.has(receiverName);
}

export const rule = definePythonRule<Params>({
  id: 'PY-LOG-001',
  name: 'secret-in-log',
  title: 'Secret or personal data written to a log',
  cwe: Cwe.SensitiveLog,
  relatedCwe: [Cwe.CleartextStorage],
  severity: 'medium',
  confidence: 'medium',
  description: 'A logging call formats a value whose name says it is a password, token, key or card number.',
  explanation:
    'Log files are kept long, copied to log aggregators and readable by far more people and systems than the secret itself. A password or token written there can be read and replayed by anyone with access to the logs.',
  fix: 'Do not log the secret. Log that the event happened, an identifier of the account, or a masked form (last 4 characters, a hash prefix) instead.',
  docs: {
    why: 'Secrets in logs are a common source of credential leaks: logs are shipped to third-party services, attached to tickets and kept for years, outside the controls that protect the secret store.',
    bad: 'import logging\nlogging.info("login for %s with password %s", user, password)',
    good: 'import logging\nlogging.info("login for %s", user)',
    notDetected:
      'print() is not treated as logging. Bare names that are ambiguous (token, pwd) are ignored; qualified names (access_token, db_pwd) are checked. Secrets held in variables with neutral names, and loggers obtained in other modules under other names, are not recognised.',
    references: [
      'https://cwe.mitre.org/data/definitions/532.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude',
    ],
  },
  message: ({ fn, value }) => `${fn}() writes ${value} to the log`,
  visits: ['call'],
  callees: lastNamesOf(LOG_METHODS),
  check(ctx, call) {
    if (!isLoggingCall(ctx, call)) return [];
    const list = call.childForFieldName('arguments');
    if (!list) return [];
    const args = namedChildrenOf(list).filter((arg) => {
      const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
      return keyword === undefined || keyword === 'msg' || keyword === 'extra';
    });
    const hit = firstSensitive(ctx, args, 0);
    if (!hit) return [];
    return [ctx.report(call, { fn: displayCallee(call, ctx.callName(call)), value: hit.text.length > 40 ? `${hit.text.slice(0, 37)}...` : hit.text })];
  },
});

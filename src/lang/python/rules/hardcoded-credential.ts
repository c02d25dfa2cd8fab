import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { namedChildrenOf, unwrapParens } from '../ast.js';
import { stringLiteralValue } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { kind: string; masked: string; target: string };
type Ctx = PythonRuleContext<Params>;

/**
 * Splits an identifier or key into lower-case words: `dbPassword2` → [db, password],
 * `AWS_SECRET_ACCESS_KEY` → [aws, secret, access, key]. Trailing digits are dropped.
 */
export function splitNameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.toLowerCase().replace(/\d+$/, ''))
    .filter((part) => part !== '');
}

/** Words that name a credential when they are the last word of a name. */
const TERMINAL_TERMS: ReadonlyMap<string, string> = new Map([
  ['password', 'password'], ['passwd', 'password'], ['passphrase', 'password'], ['pwd', 'password'],
  ['pw', 'password'], ['secret', 'secret'], ['secretkey', 'secret key'], ['token', 'token'],
  ['authtoken', 'token'], ['accesstoken', 'token'], ['apikey', 'API key'], ['privatekey', 'private key'],
  ['accesskey', 'access key'], ['credential', 'credential'], ['credentials', 'credential'],
]);

/** `<qualifier>_key` names that hold key material; a bare `key` (`cache_key`, `sort_key`) does not. */
const KEY_QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ['api', 'API key'], ['private', 'private key'], ['secret', 'secret key'], ['access', 'access key'],
  ['signing', 'signing key'], ['encryption', 'encryption key'], ['hmac', 'HMAC key'], ['master', 'master key'],
  ['auth', 'API key'], ['jwt', 'signing key'], ['consumer', 'API key'], ['client', 'API key'],
  ['account', 'access key'], ['storage', 'access key'], ['subscription', 'API key'],
]);

/**
 * `<qualifier>_token` names that are not secrets: pagination cursors, tokenizer specials
 * (`pad_token = "<pad>"`) and lexer state (`next_token`).
 */
const NON_SECRET_TOKEN_QUALIFIERS = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'sync', 'pagination', 'resume',
  'pad', 'unk', 'eos', 'bos', 'sep', 'cls', 'mask', 'special', 'start', 'end', 'eof', 'bad',
  'current', 'cur', 'last', 'first', 'peek', 'lookahead', 'unexpected', 'expected', 'csrf', 'xsrf',
]);

/** `<qualifier>_pass` names that count passes, not passwords. */
const NON_PASSWORD_PASS_QUALIFIERS = new Set(['first', 'second', 'third', 'last', 'next', 'final', 'single', 'multi', 'by']);

/**
 * Whether a name can stand for a credential at all: every word {@link credentialKind} accepts
 * contains one of these. Most names in a file do not, and splitting each one into words was the
 * bulk of this rule's time.
 */
export function mayNameCredential(name: string): boolean {
  return /pass|pw|secret|token|key|credential/i.test(name);
}

/**
 * The kind of credential a name stands for (`password`, `API key`, …), judged from its last
 * word(s), so `password_hint`, `token_url`, `secret_name` and `TOKEN_TYPE` are not credentials.
 */
export function credentialKind(parts: readonly string[]): string | undefined {
  const last = parts.at(-1);
  const previous = parts.at(-2);
  if (last === undefined) return undefined;
  if (last === 'key') return previous === undefined ? undefined : KEY_QUALIFIERS.get(previous);
  if (last === 'phrase' && previous === 'pass') return 'password';
  if (last === 'pass') {
    return previous !== undefined && !NON_PASSWORD_PASS_QUALIFIERS.has(previous) ? 'password' : undefined;
  }
  if (last === 'token' && previous !== undefined && NON_SECRET_TOKEN_QUALIFIERS.has(previous)) return undefined;
  return TERMINAL_TERMS.get(last);
}

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...text].length;
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Shows only a prefix of a secret: at most 4 characters, fewer for short values. */
export function maskSecret(value: string): string {
  const visible = value.length >= 8 ? 4 : Math.floor(value.length / 4);
  return `${value.slice(0, visible)}****`;
}

// Well-known key formats (part b). Each is anchored on a vendor prefix, so a hit is a real key
// shape, not a guess from a variable name.
interface KeyFormat {
  readonly kind: string;
  readonly pattern: RegExp;
  /** Extra validation on the matched text (e.g. the JWT header must decode to JSON). */
  readonly accept?: (match: string) => boolean;
}

const KEY_FORMATS: readonly KeyFormat[] = [
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, accept: (m) => !m.includes('EXAMPLE') && shannonEntropy(m.slice(4)) >= 2.5 },
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/, accept: (m) => shannonEntropy(m.slice(4)) >= 3 },
  { kind: 'GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{50,}\b/, accept: (m) => shannonEntropy(m.slice(11)) >= 3 },
  { kind: 'Slack token', pattern: /\bxox[abprs]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{8,}/, accept: (m) => shannonEntropy(m) >= 3 },
  // The header alone appears in PEM parsers; only a header followed by key material is a key.
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----\s*[A-Za-z0-9+/=\s:,-]{40,}/ },
  { kind: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/, accept: isJwt },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, accept: randomAfter(4) },
  // Live keys only: sk_test_/rk_test_ keys reach Stripe's test mode, and name-based checks still see them.
  { kind: 'Stripe live key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b/, accept: randomAfter(8) },
  { kind: 'Twilio API key', pattern: /\bSK[0-9a-f]{32}\b/, accept: randomAfter(2, 3) },
  { kind: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, accept: randomAfter(3) },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/, accept: randomAfter(4) },
  { kind: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/, accept: randomAfter(6) },
  { kind: 'Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/, accept: randomAfter(14) },
  { kind: 'OpenAI API key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}/, accept: randomAfter(8) },
  { kind: 'OpenAI API key', pattern: /\bsk-(?:[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})\b/, accept: randomAfter(3) },
  // Azurite's storage emulator key is published in Microsoft's docs and only opens a local emulator.
  { kind: 'Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{86}==/, accept: (m) => !m.includes('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IpBN') && randomAfter(11)(m) },
  { kind: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{24}\b/, accept: (m) => shannonEntropy(m.slice(-24)) >= 3 },
];

/**
 * Accepts a match whose part after the vendor prefix looks random: varied enough (hex keys
 * carry at most 4 bits per character, hence a lower bar for them) and not a run of x's or a
 * spelled-out placeholder ("AIzaSyXXXXXXXX…", "sk_live_your_key_here").
 */
function randomAfter(prefixLength: number, minEntropy = 3.5): (match: string) => boolean {
  return (match) => {
    const tail = match.slice(prefixLength);
    return shannonEntropy(tail) >= minEntropy && !/x{6,}|example|your|placeholder|changeme/i.test(tail);
  };
}

function isJwt(token: string): boolean {
  const header = token.split('.')[0] ?? '';
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && 'alg' in decoded;
  } catch {
    return false;
  }
}

/**
 * A literal that every key format above contains, and the shortest match of any (20: an AWS key
 * id, a short Slack token or JWT). Every string literal is checked, docstrings included, so the
 * formats are only tried on text that passes both; keep these in step with KEY_FORMATS.
 */
const KEY_FORMAT_ANCHORS = /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|-----BEGIN|eyJ|AIza|_live_|SK[0-9a-f]|SG\.|npm_|glpat-|sk-|AccountKey=|hooks\.slack\.com/;
const SHORTEST_KEY = 20;

/** The kind of a well-known key format found in `text`, with the matched key. */
export function findKeyFormat(text: string): { kind: string; match: string } | undefined {
  if (text.length < SHORTEST_KEY || !KEY_FORMAT_ANCHORS.test(text)) return undefined;
  for (const format of KEY_FORMATS) {
    const match = format.pattern.exec(text)?.[0];
    if (match !== undefined && (format.accept?.(match) ?? true)) return { kind: format.kind, match };
  }
  return undefined;
}

// Values that are placeholders, not secrets. `changeme` is deliberately treated as a
// placeholder: it announces that the author expects it to be replaced, and it carries no
// secret (a shipped default password is a different weakness, CWE-1392).
const PLACEHOLDER_WORDS = new Set([
  'password', 'passwd', 'secret', 'token', 'apikey', 'secretkey', 'key', 'changeme', 'changethis', 'changeit',
  'none', 'null', 'nil', 'undefined', 'dummy', 'example', 'sample', 'test', 'testing', 'placeholder',
  'redacted', 'hidden', 'masked', 'todo', 'fixme', 'tbd', 'default', 'empty', 'fake', 'mock', 'foo', 'bar',
  'notset', 'unset', 'required', 'string', 'str', 'value', 'na', 'secretvalue', 'mysecret', 'mypassword',
  'yourpassword', 'yourtoken', 'yoursecret', 'yourapikey',
  // Flag values: `headers["Access-Control-Allow-Credentials"] = "true"`.
  'true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled',
]);

const PLACEHOLDER_SHAPES: readonly RegExp[] = [
  /^<[^<>]*>$/, // <password>
  /^\$\{[^}]*\}$/, // ${DB_PASSWORD}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $DB_PASSWORD
  /^\{\{?[^{}]*\}?\}$/, // {password} / {{ password }}
  /%\([A-Za-z_]+\)s/, // %(password)s
  /^%[sdr]$/, // %s
  /^[x*•.#_\-?]+$/i, // xxxx, ****
  /your[-_ ]?(?:own[-_ ]?)?(?:api|secret|pass|token|key)/i, // your-api-key
  /(?:example|placeholder|replace[-_ ]?me|change[-_ ]?me|dummy|insert[-_ ]?here)/i,
  /^[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|TOKEN|SECRET|KEY)[A-Z0-9_]*$/, // the name of an env variable
  /^(?:https?|file):\/\/[^@\s]*$/, // a URL without user info
  /^(?:\/|~\/|\.\.?\/)[^\s]*$/, // a filesystem path
  /\\[wdsWDSbB]|\(\?[:=!<P]|\[\^/, // a regular expression (a lexer's token pattern)
  /^X-[A-Za-z]+(?:-[A-Za-z]+)*$/, // an HTTP header name such as X-API-Key
  /^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$/, // any other header name: Access-Control-Allow-Credentials
];

/** Name-based kinds that stand for machine-generated secrets, which are long and random. */
const MACHINE_SECRET_KINDS = new Set(['secret', 'secret key', 'token', 'API key', 'access key', 'signing key', 'encryption key', 'HMAC key', 'master key', 'private key']);

/**
 * Values that are names rather than machine secrets: words joined by `_`/`-` with no digits
 * (`aws_secret_access_key`, `session-token`, `next_token`) or camel-case words (`AWSAccessKeyId`,
 * `nextToken`), as found in tables mapping parameter and field names. Generated tokens have digits
 * or no word structure. Only applied to machine kinds: passphrases may well be words.
 */
function looksLikeName(value: string): boolean {
  if (/^[A-Za-z]+(?:[-_][A-Za-z]+)+$/.test(value)) return true;
  if (!/^[A-Za-z]+$/.test(value)) return false;
  // Camel-case names are words and short acronyms averaging three or more letters; random
  // mixed case ("xKqPmZrT", "wJalrXUtnFEMI") has one-letter humps or long capital runs.
  const humps = value.match(/[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g) ?? [];
  const wordLike = humps.every((h) => /^[A-Z]{2,4}$|^[A-Z]?[a-z]{2,}$|^[A-Z][a-z]$/.test(h));
  return humps.length >= 2 && wordLike && value.length / humps.length >= 3;
}

/** Keyboard and counting runs ("ABC12345", "1a2b3c4d") mark hand-typed dummies, not generated secrets. */
const SEQUENTIAL = /0123|1234|2345|3456|4567|5678|6789|abcde|qwerty|1a2b3c/i;

/** True when `value`, bound to a credential name of kind `kind`, looks like a real secret. */
export function isPlausibleSecret(value: string, kind: string, parts: readonly string[]): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4) return false;
  // Prose ("Enter your password") is a label or a message, not a secret.
  if (/\s/.test(trimmed)) return false;
  const folded = trimmed.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDER_WORDS.has(folded) || folded === parts.join('')) return false;
  if (PLACEHOLDER_SHAPES.some((shape) => shape.test(trimmed))) return false;
  const entropy = shannonEntropy(trimmed);
  // Machine secrets are long and varied; `token_type = "Bearer"` style values are not.
  if (MACHINE_SECRET_KINDS.has(kind)) return trimmed.length >= 8 && entropy >= 2.5 && !looksLikeName(trimmed) && !SEQUENTIAL.test(trimmed);
  // Human passwords can be short ("admin"), but never a single repeated character.
  return entropy >= 1;
}

/** The name a credential is bound to: identifier, attribute name, or constant subscript key. */
function targetName(ctx: Ctx, node: Node): string | undefined {
  const n = unwrapParens(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') return n.childForFieldName('attribute')?.text;
  if (n.type === 'subscript') {
    const index = n.childForFieldName('subscript');
    return index ? ctx.constants.stringValue(index) : undefined;
  }
  if (n.type === 'string') return stringLiteralValue(n);
  return undefined;
}

/** A literal string value (plain or implicitly concatenated); never follows variables. */
function literalString(ctx: Ctx, node: Node): string | undefined {
  const n = unwrapParens(node);
  if (n.type !== 'string' && n.type !== 'concatenated_string') return undefined;
  return ctx.constants.stringValue(n);
}

/**
 * Checks one (name, value) pair and reports a name-based finding (part a). A credential name
 * bound to something else than a plausible secret is noted for the "Considered" section.
 */
function checkPair(ctx: Ctx, nameNode: Node | null | undefined, valueNode: Node | null | undefined, how: string): Finding[] {
  if (!nameNode || !valueNode) return [];
  const name = targetName(ctx, nameNode);
  // `"AWS::IAM::AccessKey": "…"` maps a resource type name, not a credential.
  if (name === undefined || name.includes('::') || !mayNameCredential(name)) return [];
  const parts = splitNameParts(name);
  const kind = credentialKind(parts);
  if (kind === undefined) return [];
  // `token == "#bygroup"` in a lexer compares tokens, not secrets.
  if (how === 'compared with' && parts.length === 1 && parts[0] === 'token') return [];
  const value = literalString(ctx, valueNode);
  if (value === undefined) {
    // A comparison with a variable is not a binding at all.
    if (how !== 'compared with' && unwrapParens(valueNode).type !== 'none') ctx.note(valueNode, 'values come from variables, calls or configuration, not literals', name);
    return [];
  }
  if (!isPlausibleSecret(value, kind, parts)) {
    ctx.note(valueNode, 'placeholder or empty values, not secrets', name);
    return [];
  }
  // A value in a well-known key format is reported by the format check, more precisely.
  if (findKeyFormat(value)) return [];
  return [ctx.report(valueNode, { kind, masked: maskSecret(value.trim()), target: `${how} ${name}` })];
}

function checkAssignment(ctx: Ctx, node: Node): Finding[] {
  const left = node.childForFieldName('left');
  let right = node.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right');
  if (!left || !right) return [];
  const targets = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? namedChildrenOf(left) : [left];
  const values = targets.length > 1 && right.type === 'expression_list' ? namedChildrenOf(right) : [right];
  if (targets.length !== values.length) return [];
  return targets.flatMap((target, i) => checkPair(ctx, target, values[i], 'assigned to'));
}

function checkComparison(ctx: Ctx, node: Node): Finding[] {
  const operands = namedChildrenOf(node);
  const operators = node.childrenForFieldName('operators').map((op) => op?.text);
  if (operands.length !== 2 || operators.length !== 1 || !['==', '!='].includes(operators[0] ?? '')) return [];
  const [a, b] = operands;
  if (!a || !b) return [];
  const literalFirst = literalString(ctx, a) !== undefined;
  return checkPair(ctx, literalFirst ? b : a, literalFirst ? a : b, 'compared with');
}

function checkNameBound(ctx: Ctx, node: Node): Finding[] {
  switch (node.type) {
    case 'assignment':
      return checkAssignment(ctx, node);
    case 'keyword_argument':
      return checkPair(ctx, node.childForFieldName('name'), node.childForFieldName('value'), 'passed as');
    case 'default_parameter':
    case 'typed_default_parameter':
      return checkPair(ctx, node.childForFieldName('name'), node.childForFieldName('value'), 'default of parameter');
    case 'pair':
      return checkPair(ctx, node.childForFieldName('key'), node.childForFieldName('value'), 'stored under key');
    case 'comparison_operator':
      return checkComparison(ctx, node);
    default:
      return [];
  }
}

/** Part b: any string literal whose content is a real key format. */
function checkKeyFormat(ctx: Ctx, node: Node): Finding[] {
  // A literal's value is never longer than its source text (an escape stands for fewer
  // characters than it is spelt with), so most literals need no decoding to be ruled out.
  if (node.endIndex - node.startIndex < SHORTEST_KEY) return [];
  // Without a backslash, the value is the text between the quotes: a literal (a long docstring,
  // most often) whose text has no anchor of any format needs no decoding either.
  const source = node.text;
  if (!source.includes('\\') && !KEY_FORMAT_ANCHORS.test(source)) return [];
  const value = stringLiteralValue(node);
  if (value === undefined) return [];
  const found = findKeyFormat(value);
  if (!found) return [];
  // The tag tells the context stage that this is a real key even in test code.
  return [
    ctx.report(node, { kind: found.kind, masked: maskSecret(found.match), target: 'in a string literal' }, { confidence: 'high', tags: ['known-secret-format'] }),
  ];
}

export const rule = definePythonRule<Params>({
  id: 'PY-SECRET-001',
  name: 'hardcoded-credential',
  title: 'Hard-coded credential',
  cwe: Cwe.HardcodedCredentials,
  relatedCwe: [Cwe.HardcodedPassword, Cwe.HardcodedKey],
  severity: 'high',
  confidence: 'medium',
  description:
    'A password, token or key is written in the source: a string literal bound to a credential name, or a literal in a known key format (AWS, GitHub, GitLab, Slack tokens and webhooks, Google, Stripe live, Twilio, SendGrid, npm, OpenAI, Anthropic, Azure storage keys, JWTs, PEM/OpenSSH private keys).',
  explanation:
    'Anyone who can read the code, its history, a built artifact or a leaked copy can read the credential and use it; it cannot be rotated without a code change, and it is usually the same in every deployment.',
  fix: 'Read the credential at run time from the environment or a secret manager (os.environ["DB_PASSWORD"], Vault, AWS Secrets Manager), and rotate the value that was committed.',
  bandit: ['B105', 'B106', 'B107'],
  docs: {
    why: 'Secrets in source code leak through repositories, packages, logs of CI systems and container images. Leaked cloud keys and tokens are harvested automatically within minutes of a public push.',
    bad: 'DB_PASSWORD = "hunter2-prod"\nclient = Client(api_key="k3y-9f8a7b6c5d4e")',
    good: 'import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\nclient = Client(api_key=os.environ["SERVICE_API_KEY"])',
    notDetected:
      'Credentials bound to names that do not say what they are, values inside URLs (scheme://user:pass@host), default values of os.getenv(), and secrets split across several literals. Placeholders such as "changeme", "<password>", "${VAR}" and "your-api-key" are treated as placeholders, not secrets. For name-based hits, machine secrets (tokens, keys) must be at least 8 characters with some randomness, and values that read as names (aws_secret_access_key, nextToken, session-token), counting runs (ABC12345) and flags ("true") are not secrets; passwords only need 4 characters. Dict keys naming resource types (AWS::IAM::AccessKey) and comparisons of a bare `token` (lexers) are ignored.',
    references: [
      'https://cwe.mitre.org/data/definitions/798.html',
      'https://cwe.mitre.org/data/definitions/259.html',
      'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password',
      'https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns',
    ],
  },
  message: ({ kind, masked, target }) => `Hard-coded ${kind} "${masked}" ${target}`,
  visits: ['assignment', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'pair', 'comparison_operator', 'string'],
  check(ctx, node) {
    return node.type === 'string' ? checkKeyFormat(ctx, node) : checkNameBound(ctx, node);
  },
});

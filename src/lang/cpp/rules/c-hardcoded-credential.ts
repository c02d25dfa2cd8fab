import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import type { CppRuleContext } from '../rule.js';
import { argumentsOf, calleeOf, declaratorName, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { constantString } from './support/values.js';

const CREDENTIAL_NAME = /(?:pass(?:wd|word|phrase)?|pwd|secret|api_?key|apikey|access_?key|private_?key|auth_?token|token|credential)$/i;
const NOT_A_SECRET = /^(?:|\s+|x+|\*+|changeme|change_me|password|secret|your[_-]?\w*|<[^>]*>|\$\{[^}]*\}|%s|null|none|todo|xxx+|dummy|example|test)$/i;
// Calls whose argument at this index is a password or key.
const CREDENTIAL_ARGS: ReadonlyMap<string, number> = new Map([['setPassword', 0], ['mysql_real_connect', 3], ['sqlite3_key', 1], ['PKCS5_PBKDF2_HMAC', 0], ['ssh_userauth_password', 2], ['libssh2_userauth_password', 2]]);
const CURL_SECRET_OPTIONS = /^CURLOPT_(?:PASSWORD|USERPWD|PROXYPASSWORD|KEYPASSWD|XOAUTH2_BEARER)$/;

export const rule = defineCppRule<{ what: string }>({
  id: 'C-CRED-001',
  name: 'c-hardcoded-credential',
  title: 'Hard-coded password or key',
  cwe: Cwe.HardcodedCredentials,
  relatedCwe: [Cwe.HardcodedPassword],
  severity: 'high',
  confidence: 'medium',
  description: 'A string literal is the value of a variable or #define named like a password, secret, token or API key, is passed as the password of a database, SSH or curl call, or is compared with a password.',
  explanation: 'Anyone with the binary or the source (strings(1) is enough) has the credential, it cannot be rotated without a release, and every installation shares it.',
  fix: 'Read credentials at run time from the environment, a protected configuration file or a secret store, and compare password hashes with a constant-time function.',
  docs: {
    why: 'Hard-coded credentials leak with every copy of the program and cannot be changed per deployment.',
    bad: '#include <QSqlDatabase>\n\nvoid connectDb() {\n    QSqlDatabase db = QSqlDatabase::addDatabase("QPSQL");\n    db.setPassword("s3cr3t-Pa55");\n    db.open();\n}',
    good: '#include <QSqlDatabase>\n#include <QtGlobal>\n\nvoid connectDb() {\n    QSqlDatabase db = QSqlDatabase::addDatabase("QPSQL");\n    db.setPassword(qEnvironmentVariable("DB_PASSWORD"));\n    db.open();\n}',
    notDetected: 'Secrets whose names do not say what they are, and keys stored as byte arrays, are not reported; placeholder values (empty, "changeme", "<password>") are skipped.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MSC41-C.+Never+hard+code+sensitive+information'],
  },
  visits: ['init_declarator', 'preproc_def', 'call_expression'],
  message: ({ what }) => what,
  check(ctx, node) {
    if (node.type === 'preproc_def') {
      const name = node.childForFieldName('name')?.text ?? '';
      const value = /^"((?:\\.|[^"\\])*)"$/.exec(node.childForFieldName('value')?.text.trim() ?? '')?.[1];
      return value !== undefined && CREDENTIAL_NAME.test(name) && isSecret(value) ? [ctx.report(node, { what: `#define ${name} holds a hard-coded credential` })] : [];
    }
    if (node.type === 'init_declarator') {
      const name = declaratorName(node)?.text ?? '';
      const value = node.childForFieldName('value');
      const text = value ? ctx.constants.string(value) : undefined;
      return text !== undefined && CREDENTIAL_NAME.test(name) && isSecret(text) ? [ctx.report(node, { what: `${name} is initialised with a hard-coded credential` })] : [];
    }
    return checkCall(ctx, node);
  },
});

function checkCall(ctx: CppRuleContext<{ what: string }>, call: Node): Finding[] {
  const callee = calleeOf(call);
  if (!callee) return [];
  const args = argumentsOf(call);
  const index = CREDENTIAL_ARGS.get(callee.name);
  const literal = (n: Node | undefined): string | undefined => (n ? constantString(ctx, n) : undefined);
  if (index !== undefined) {
    const text = literal(args[index]);
    if (text !== undefined && isSecret(text)) return [ctx.report(call, { what: `${callee.name}() is given a hard-coded password` })];
  }
  if (callee.name === 'curl_easy_setopt' && CURL_SECRET_OPTIONS.test(args[1]?.text ?? '')) {
    const text = literal(args[2]);
    if (text !== undefined && isSecret(text)) return [ctx.report(call, { what: `${args[1]?.text ?? ''} is set to a hard-coded credential` })];
  }
  if ((callee.name === 'strcmp' || callee.name === 'strncmp') && args.length >= 2) {
    const [a, b] = args;
    const pair = a && b ? ([[a, b], [b, a]] as const).find(([x, y]) => CREDENTIAL_NAME.test(unwrap(x).text) && literal(y) !== undefined) : undefined;
    const text = pair ? literal(pair[1]) : undefined;
    if (pair && text !== undefined && isSecret(text)) return [ctx.report(call, { what: `${unwrap(pair[0]).text} is compared with a hard-coded password` })];
  }
  return [];
}

function isSecret(text: string): boolean {
  return text.length >= 4 && !NOT_A_SECRET.test(text.trim()) && !/^[A-Z_]+$/.test(text) && !/\s{2,}|%[sd]/.test(text);
}

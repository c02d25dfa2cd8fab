import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, declaratorName, enclosingFunction, functionName, normalizeName } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { NON_SECURITY_NAME, SECURITY_NAME } from './support/security-names.js';

// Ciphers are always for confidentiality; hashes only matter when they protect something.
const BROKEN_CIPHERS = /^(?:DES_\w+|EVP_des_\w+|EVP_rc4\w*|RC4(?:_set_key)?|EVP_rc2_\w+|BF_\w+|EVP_bf_\w+|EVP_\w+_ecb)$/;
const WEAK_HASHES = /^(?:MD5|MD5_Init|MD4|MD4_Init|SHA1|SHA1_Init|EVP_md5|EVP_md4|EVP_sha1)$/;
const QT_WEAK = /^QCryptographicHash::(?:Md4|Md5|Sha1)$/;

export const rule = defineCppRule<{ algorithm: string; use: string }>({
  id: 'C-CRYPTO-002',
  name: 'broken-crypto-algorithm',
  title: 'Broken cipher or weak hash used for security',
  cwe: Cwe.BrokenCrypto,
  relatedCwe: [Cwe.WeakHash],
  severity: 'high',
  confidence: 'medium',
  description: 'DES, RC4, RC2, Blowfish or an ECB-mode cipher through OpenSSL, or MD4/MD5/SHA-1 (OpenSSL or QCryptographicHash) where the code is about passwords, signatures, tokens or keys.',
  explanation: 'DES and RC4 are broken outright and ECB leaks patterns; MD5 and SHA-1 allow chosen-prefix collisions and are fast to brute-force, so they cannot protect passwords, signatures or integrity against an attacker.',
  fix: 'Use AES-GCM or ChaCha20-Poly1305 (EVP_aes_256_gcm()), SHA-256 or better for integrity (EVP_sha256(), QCryptographicHash::Sha256), and a password hash (Argon2, scrypt, PBKDF2 with many iterations) for passwords.',
  docs: {
    why: 'A broken algorithm makes the protection it is supposed to give worthless against a motivated attacker.',
    bad: '#include <QCryptographicHash>\n\nQByteArray hashPassword(const QByteArray &password) {\n    return QCryptographicHash::hash(password, QCryptographicHash::Md5);\n}',
    good: '#include <QCryptographicHash>\n#include <QPasswordDigestor>\n\nQByteArray hashPassword(const QByteArray &password, const QByteArray &salt) {\n    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, salt, 600000, 32);\n}',
    notDetected: 'Whether a hash protects something is judged from names (function, variables, the hashed value); MD5 used as a checksum is not reported.',
    references: ['https://cwe.mitre.org/data/definitions/327.html', 'https://cwe.mitre.org/data/definitions/328.html', 'https://doc.qt.io/qt-6/qcryptographichash.html'],
  },
  visits: ['call_expression', 'qualified_identifier'],
  message: ({ algorithm, use }) => `${algorithm} is ${use}`,
  check(ctx, node) {
    if (node.type === 'qualified_identifier') {
      const name = normalizeName(node.text);
      if (!QT_WEAK.test(name)) return [];
      const purpose = securityPurpose(node);
      return purpose ? [ctx.report(node, { algorithm: name.split('::')[1] ?? name, use: `a weak hash used for ${purpose}` })] : [];
    }
    const name = calleeOf(node)?.name;
    if (name === undefined) return [];
    if (BROKEN_CIPHERS.test(name)) return [ctx.report(node, { algorithm: name, use: 'a broken or pattern-leaking cipher' })];
    if (!WEAK_HASHES.test(name)) return [];
    const purpose = securityPurpose(node);
    if (!purpose) {
      ctx.note(node, 'not used for security (no password, key or signature in sight)', name);
      return [];
    }
    return [ctx.report(node, { algorithm: name, use: `a weak hash used for ${purpose}` })];
  },
});

function securityPurpose(node: Node): string | undefined {
  const fn = enclosingFunction(node);
  const fnName = fn ? functionName(fn) : '';
  const names = [fnName, ...nearbyNames(node)];
  if (names.some((n) => NON_SECURITY_NAME.test(n))) return undefined;
  const hit = names.find((n) => SECURITY_NAME.test(n));
  return hit === undefined ? undefined : hit === fnName ? `${fnName}()` : hit;
}

/** The variable the result goes to and the identifiers passed to the call. */
function nearbyNames(node: Node): string[] {
  const out: string[] = [];
  let call: Node | null = node;
  while (call && call.type !== 'call_expression') call = call.parent;
  if (call) for (const arg of argumentsOf(call)) out.push(...arg.descendantsOfType('identifier').map((i) => i?.text ?? ''));
  for (let p = node.parent; p && p.type !== 'compound_statement'; p = p.parent) {
    if (p.type === 'init_declarator') out.push(declaratorName(p)?.text ?? '');
    if (p.type === 'assignment_expression') out.push(p.childForFieldName('left')?.text ?? '');
  }
  return out;
}

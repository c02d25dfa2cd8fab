import { Cwe } from '../../../core/cwe.js';
import { argument } from '../ast.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** pycryptodome (and pycryptodomex, and the old PyCrypto) cipher modules of weak algorithms. */
const PYCRYPTODOME_WEAK = /^(?:Crypto|Cryptodome)\.Cipher\.(DES3|DES|ARC4|ARC2|Blowfish|CAST|XOR)\.new$/;
/** Any pycryptodome block cipher factory, for the ECB check. */
const PYCRYPTODOME_NEW = /^(?:Crypto|Cryptodome)\.Cipher\.\w+\.new$/;
/** cryptography's weak algorithms, including their new home under hazmat.decrepit. */
const CRYPTOGRAPHY_WEAK = /^cryptography\.hazmat\.(?:primitives|decrepit)\.ciphers\.algorithms\.(TripleDES|ARC4|Blowfish|IDEA|CAST5|SEED|RC2)$/;
const CRYPTOGRAPHY_ECB = /^cryptography\.hazmat\.primitives\.ciphers\.modes\.ECB$/;
const PYDES = /^pyDes\.(des|triple_des)$/;
/** cryptography's current algorithms, noted as checked when they are used. */
const MODERN_ALGORITHMS = /^cryptography\.(?:hazmat\.primitives\.ciphers\.(?:algorithms\.(?:AES|AES128|AES256|ChaCha20|Camellia|SM4)|aead\.\w+)|fernet\.Fernet)$/;

/** Readable names for the algorithms the patterns capture. */
const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  DES: 'DES', DES3: 'Triple DES', TripleDES: 'Triple DES', des: 'DES', triple_des: 'Triple DES',
  ARC4: 'RC4', ARC2: 'RC2', RC2: 'RC2', Blowfish: 'Blowfish', CAST: 'CAST', CAST5: 'CAST5',
  IDEA: 'IDEA', SEED: 'SEED', XOR: 'XOR "cipher"',
};

/** pycryptodome's MODE_ECB value, for modes given as a bare number. */
const MODE_ECB_VALUE = 1;

const ECB_EXPLANATION =
  'ECB encrypts each block independently, so equal plaintext blocks produce equal ciphertext blocks: the structure of the data (repeated fields, images, padding) stays visible, and blocks can be cut, reordered or replayed without detection.';

type Params = { what: string; problem: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-CRYPTO-002',
  name: 'broken-cipher-or-mode',
  title: 'Broken or risky cipher, or ECB mode',
  cwe: Cwe.BrokenCrypto,
  severity: 'high',
  confidence: 'high',
  description:
    'Encryption with DES, Triple DES, RC4, RC2, Blowfish, IDEA, CAST, SEED or XOR (pycryptodome, cryptography, pyDes), or any block cipher in ECB mode.',
  explanation:
    'These ciphers are broken or obsolete: DES keys are brute-forced in hours, RC4 has keystream biases that leak plaintext, and 64-bit block ciphers (Triple DES, Blowfish, IDEA, CAST5) leak data after a few gigabytes under the same key (Sweet32). Data they protect should be considered readable by a capable attacker.',
  fix: 'Use an authenticated modern construction: AES-GCM or ChaCha20-Poly1305 (cryptography\'s AESGCM/ChaCha20Poly1305), or Fernet for simple symmetric encryption.',
  bandit: ['B304', 'B305'],
  docs: {
    why: 'Encryption is only as strong as its algorithm and mode. Weak ciphers give an attacker a practical way to the plaintext; ECB mode reveals patterns in the plaintext even with a strong cipher such as AES.',
    bad: 'from Crypto.Cipher import AES, DES\ncipher = DES.new(key, DES.MODE_CBC, iv)\nblock = AES.new(key, AES.MODE_ECB)',
    good: 'from cryptography.hazmat.primitives.ciphers.aead import AESGCM\nciphertext = AESGCM(key).encrypt(nonce, data, None)',
    notDetected:
      'Ciphers reached through dynamic lookups (getattr(Cipher, name)), OpenSSL command lines, or wrapper libraries other than pycryptodome, cryptography and pyDes are not reported. Modes chosen at run time are not judged.',
    references: [
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://sweet32.info/',
      'https://cryptography.io/en/latest/hazmat/decrepit/ciphers/',
      'https://pycryptodome.readthedocs.io/en/latest/src/cipher/classic.html#ecb-mode',
    ],
  },
  message: ({ what, problem }) => `${what} ${problem}`,
  visits: ['call'],
  // The roots of every name the patterns above match (Cryptodome starts with Crypto).
  fileMentions: ['Crypto', 'cryptography', 'pyDes'],
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name) return [];
    const weak = PYCRYPTODOME_WEAK.exec(name) ?? CRYPTOGRAPHY_WEAK.exec(name) ?? PYDES.exec(name);
    if (weak?.[1]) {
      const algorithm = ALGORITHM_NAMES[weak[1]] ?? weak[1];
      return [ctx.report(call, { what: `${algorithm} (${name})`, problem: 'is a broken or risky cipher' })];
    }
    if (CRYPTOGRAPHY_ECB.test(name) || (PYCRYPTODOME_NEW.test(name) && isEcbMode(ctx, argument(call, 'mode', 1)))) {
      return [ctx.report(call, { what: `ECB mode (${name})`, problem: 'encrypts equal plaintext blocks to equal ciphertext blocks' }, { explanation: ECB_EXPLANATION })];
    }
    if (PYCRYPTODOME_NEW.test(name) || MODERN_ALGORITHMS.test(name)) ctx.note(call, 'a current cipher and no ECB mode written here', name);
    return [];
  },
});

/** AES.MODE_ECB, a name bound once to it, or its numeric value. */
function isEcbMode(ctx: Ctx, mode: Node | undefined): boolean {
  if (!mode) return false;
  if (ctx.constants.evaluate(mode) === MODE_ECB_VALUE) return true;
  const bound = mode.type === 'identifier' ? ctx.assignedValue(mode) : undefined;
  const resolved = ctx.names.resolve(bound ?? mode);
  return resolved !== undefined && /^(?:Crypto|Cryptodome)\.Cipher\.\w+\.MODE_ECB$/.test(resolved);
}

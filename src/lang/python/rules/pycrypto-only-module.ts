import { Cwe } from '../../../core/cwe.js';
import { namedChildrenOf } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';

/**
 * Modules and names that only the abandoned PyCrypto package provides. PyCryptodome, its
 * maintained drop-in replacement, uses the same `Crypto` package name but removed these, so
 * code that imports them can only be running on PyCrypto. Plain `import Crypto.Cipher.AES`
 * is deliberately not here: it works with both packages.
 */
const PYCRYPTO_ONLY = new Set([
  'Crypto.Cipher.XOR',
  'Crypto.Cipher.blockalgo',
  'Crypto.Hash.hashalgo',
  'Crypto.Protocol.AllOrNothing',
  'Crypto.Protocol.Chaffing',
  'Crypto.PublicKey.pubkey',
  'Crypto.PublicKey._DSA',
  'Crypto.PublicKey._RSA',
  'Crypto.PublicKey._slowmath',
  'Crypto.Random.Fortuna',
  'Crypto.Random.OSRNG',
  'Crypto.Random._UserFriendlyRNG',
  'Crypto.Util.randpool',
  'Crypto.Util.winrandom',
  'Crypto.Util._counter',
  'Crypto.Util.number.getRandomNumber',
  'Crypto.pct_warnings',
]);

export const rule = definePythonRule<{ module: string }>({
  id: 'PY-SUPPLY-002',
  name: 'pycrypto-only-module',
  title: 'Import that only works with the abandoned PyCrypto package',
  cwe: Cwe.UnmaintainedComponent,
  relatedCwe: [Cwe.BrokenCrypto],
  severity: 'medium',
  confidence: 'high',
  description:
    'An import of a Crypto.* module or name that PyCryptodome removed (OSRNG, Fortuna, randpool, XOR, AllOrNothing, pubkey, getRandomNumber …), so the code depends on PyCrypto, unmaintained since 2013.',
  explanation:
    'PyCrypto has had no release since 2013 and has unfixed vulnerabilities, among them a heap buffer overflow in AES.new() with a crafted IV (CVE-2013-7459) and weak ElGamal key generation (CVE-2018-6594). Code that imports modules only PyCrypto ships keeps those flaws in production and cannot be upgraded by swapping the package.',
  fix: 'Move to PyCryptodome (pip install pycryptodome, or pycryptodomex for the Cryptodome namespace) or to the cryptography package, and replace the removed APIs: Crypto.Random.get_random_bytes() or the secrets module instead of OSRNG/randpool, AEAD modes instead of XOR or AllOrNothing.',
  bandit: ['B413'],
  docs: {
    why: 'A cryptographic library that no longer receives fixes is a standing vulnerability. PyCrypto and PyCryptodome install under the same name, so only imports of APIs that PyCryptodome dropped prove that the abandoned one is in use.',
    bad: 'from Crypto.Random import OSRNG\nkey = OSRNG.new().read(32)',
    good: 'from Crypto.Random import get_random_bytes\nkey = get_random_bytes(32)',
    notDetected:
      'Imports that both packages provide (Crypto.Cipher.AES, Crypto.PublicKey.RSA …) are not reported, since PyCryptodome is the recommended replacement and keeps them; check requirements files for "pycrypto" to find the rest.',
    references: [
      'https://cwe.mitre.org/data/definitions/1104.html',
      'https://nvd.nist.gov/vuln/detail/CVE-2013-7459',
      'https://nvd.nist.gov/vuln/detail/CVE-2018-6594',
      'https://www.pycryptodome.org/src/vs_pycrypto',
    ],
  },
  message: ({ module }) => `${module} exists only in PyCrypto, an abandoned library with unfixed vulnerabilities`,
  visits: ['import_statement', 'import_from_statement'],
  // Only import statements naming a Crypto.* module or name are reported.
  fileMentions: ['Crypto'],
  check(ctx, stmt) {
    const module = importedNames(stmt).find(isPycryptoOnly);
    return module ? [ctx.report(stmt, { module })] : [];
  },
});

/** Fully qualified names an import statement brings in: `a.b` for `import a.b`, `a.b.c` for `from a.b import c`. */
function importedNames(stmt: Node): string[] {
  const names = stmt.childrenForFieldName('name').flatMap((item) => {
    if (!item) return [];
    const target = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
    return target ? [target.text] : [];
  });
  if (stmt.type === 'import_statement') return names;
  const module = stmt.childForFieldName('module_name');
  if (!module || module.type === 'relative_import') return [];
  const star = namedChildrenOf(stmt).some((c) => c.type === 'wildcard_import');
  return [module.text, ...(star ? [] : names.map((n) => `${module.text}.${n}`))];
}

function isPycryptoOnly(name: string): boolean {
  const parts = name.split('.');
  // `Crypto.Random.OSRNG.posix` is inside a PyCrypto-only package.
  return parts.some((_, i) => PYCRYPTO_ONLY.has(parts.slice(0, i + 1).join('.')));
}

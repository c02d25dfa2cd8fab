import { Cwe } from '../../../core/cwe.js';
import { calleeOf, declaratorName, enclosingFunction, functionName } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';
import { NON_SECURITY_NAME, SECURITY_NAME } from './support/security-names.js';

const WEAK = new Set(['rand', 'random', 'drand48', 'lrand48', 'mrand48', 'erand48', 'nrand48', 'rand_r', 'qrand', 'srand', 'srandom']);

export const rule = defineCppRule<{ fn: string; use: string }>({
  id: 'C-CRYPTO-001',
  name: 'weak-random-for-security',
  title: 'Predictable random numbers used for a secret',
  cwe: Cwe.WeakPrng,
  relatedCwe: [Cwe.InsufficientRandomness],
  severity: 'high',
  confidence: 'medium',
  description: 'rand(), random(), drand48() or qrand() produce a value stored in, or computed by a function named for, a key, token, password, nonce, salt or session id.',
  explanation: 'These generators are seeded with a few bits (often the time) and their state can be recovered from a few outputs, so an attacker can predict the "secret" values they produce.',
  fix: 'Use the operating system\'s CSPRNG: getrandom(), arc4random_buf(), RAND_bytes() from OpenSSL, or QRandomGenerator::system().',
  docs: {
    why: 'Predictable session ids, tokens or keys let an attacker guess them instead of stealing them.',
    bad: '#include <stdlib.h>\n\nvoid make_token(char *token, int n) {\n    for (int i = 0; i < n; i++)\n        token[i] = "abcdef0123456789"[rand() % 16];\n}',
    good: '#include <sys/random.h>\n\nvoid make_token(unsigned char *token, int n) {\n    getrandom(token, n, 0);\n}',
    notDetected: 'The purpose is judged from names only (the variable written or the enclosing function); random values passed to other functions are not followed.',
    references: ['https://cwe.mitre.org/data/definitions/338.html', 'https://wiki.sei.cmu.edu/confluence/display/c/MSC30-C.+Do+not+use+the+rand%28%29+function+for+generating+pseudorandom+numbers'],
  },
  visits: ['call_expression'],
  message: ({ fn, use }) => `${fn}() is predictable but produces ${use}`,
  check(ctx, call) {
    const name = calleeOf(call)?.name;
    if (name === undefined || !WEAK.has(name) || name.startsWith('s')) return [];
    const purpose = purposeOf(call);
    if (!purpose || NON_SECURITY_NAME.test(purpose)) {
      ctx.note(call, 'not used for a secret', name);
      return [];
    }
    return [ctx.report(call, { fn: name, use: `a value for ${purpose}` })];
  },
});

/** The security-sounding name the value goes to: the assigned variable, or the enclosing function. */
function purposeOf(call: Node): string | undefined {
  for (let p = call.parent; p && p.type !== 'compound_statement'; p = p.parent) {
    // A named destination decides: `int jitter = rand()` is not a secret, whatever the function.
    if (p.type === 'assignment_expression' || p.type === 'init_declarator') {
      const target = (p.type === 'init_declarator' ? declaratorName(p)?.text : p.childForFieldName('left')?.text) ?? '';
      return SECURITY_NAME.test(target) ? target : undefined;
    }
  }
  const fn = enclosingFunction(call);
  const fnName = fn ? functionName(fn) : '';
  return SECURITY_NAME.test(fnName) ? `${fnName}()` : undefined;
}

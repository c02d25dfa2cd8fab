import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments } from '../ast.js';
import { definePythonRule } from '../rule.js';

export const rule = definePythonRule<{ fn: string }>({
  id: 'PY-NET-003',
  name: 'logging-config-listen',
  title: 'logging.config.listen() accepts configuration, and so code, from a socket',
  cwe: Cwe.CodeInjection,
  severity: 'high',
  confidence: 'high',
  description: 'logging.config.listen() is started without a verify= function, so it applies any configuration sent to its port.',
  explanation:
    'The listener applies whatever logging configuration arrives on its TCP port (localhost:9030 by default). A dictConfig or fileConfig document can name arbitrary classes and factories with "()" and call them with chosen arguments, so any local user or process that can connect, or a request forgery that reaches localhost, runs code in this process.',
  fix: 'Do not expose logging configuration over a socket. If it is truly needed, pass verify= with a function that checks a signature (HMAC with a secret key) or decrypts the payload and returns None for anything else.',
  bandit: ['B612'],
  docs: {
    why: 'The Python documentation warns that the listener executes code from the configuration it receives. Without verification this is an unauthenticated code-execution port inside the application.',
    bad: 'import logging.config\nthread = logging.config.listen(9999)\nthread.start()',
    good: 'import hmac\nimport logging.config\n\ndef verify(data):\n    signature, payload = data[:32], data[32:]\n    expected = hmac.digest(LOG_CONFIG_KEY, payload, "sha256")\n    return payload if hmac.compare_digest(signature, expected) else None\n\nthread = logging.config.listen(9999, verify=verify)\nthread.start()',
    notDetected: 'Whether the verify function really checks anything is not examined; verify=None written out is reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://docs.python.org/3/library/logging.config.html#logging.config.listen',
    ],
  },
  message: ({ fn }) => `${fn}() runs a socket listener that applies, without verification, any logging configuration sent to it`,
  visits: ['call'],
  // logging.config.listen(...).
  callees: ['listen'],
  check(ctx, call) {
    if (ctx.callName(call) !== 'logging.config.listen' || callArguments(call).hasSplat) return [];
    const verify = argument(call, 'verify', 1);
    if (verify && ctx.constants.evaluate(verify) !== null) return [];
    return [ctx.report(call, { fn: 'logging.config.listen' })];
  },
});

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { enclosingFunction } from '../ast.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import { isSecretName, valueDestination } from './insecure-random-for-secret.js';

type Params = { sink: string };

/** Time-based UUIDs: version 1 (MAC address + clock) and its reordered form, version 6. */
const TIME_BASED = new Set(['uuid.uuid1', 'uuid.uuid6']);

export const rule = definePythonRule<Params>({
  id: 'PY-RAND-002',
  name: 'uuid1-as-secret',
  title: 'Time-based UUID (uuid1) used as a secret',
  cwe: Cwe.InsufficientRandomness,
  relatedCwe: [Cwe.InformationExposure],
  severity: 'high',
  confidence: 'medium',
  description:
    'uuid.uuid1() (or uuid6()) becomes a token, session id, password, reset code, API key or similar secret, judged by the name it is stored under or the function that returns it.',
  explanation:
    'A version 1 UUID is the host\'s MAC address plus a 60-bit timestamp and a clock sequence. Anyone who has seen one such UUID from the server knows the MAC address, and the timestamp of another can be guessed to within a small window, so tokens made this way can be predicted. They also disclose the server\'s hardware address and the moment they were made.',
  fix: 'Use secrets.token_urlsafe(32) for tokens, or uuid.uuid4() where a UUID format is required (it comes from os.urandom).',
  docs: {
    why: 'Unguessability is the only property a bearer token has. uuid1 looks random but is mostly fixed and time-derived data.',
    bad: 'import uuid\nreset_token = uuid.uuid1().hex',
    good: 'import secrets\nreset_token = secrets.token_urlsafe(32)',
    notDetected:
      'Whether a value is secret is judged from names, as in PY-RAND-001: the variable, attribute, keyword or dict key it is stored under in the same statement, or a function name such as generate_token() that returns it. uuid1 for request ids, file names and database keys is not reported. Test files are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/330.html',
      'https://docs.python.org/3/library/uuid.html#uuid.uuid1',
      'https://www.rfc-editor.org/rfc/rfc9562#name-security-considerations',
    ],
  },
  message: ({ sink }) => `uuid1() is predictable (MAC address and time) but produces ${sink}`,
  visits: ['call'],
  callees: lastNamesOf(TIME_BASED),
  check(ctx, call): Finding[] {
    const name = ctx.callName(call);
    if (name === undefined || !TIME_BASED.has(name) || ctx.file.context === 'test') return [];
    const destination = valueDestination(call);
    const stored = destination.names.find((n) => isSecretName(n, false));
    if (stored !== undefined) return [ctx.report(call, { sink: `the value of '${stored}'` })];
    const fnName = enclosingFunction(call)?.childForFieldName('name')?.text;
    if (destination.returned && fnName !== undefined && isSecretName(fnName, false)) {
      return [ctx.report(call, { sink: `the return value of ${fnName}()` })];
    }
    return [];
  },
});

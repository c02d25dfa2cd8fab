import { Cwe } from '../../../core/cwe.js';
import { argument } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { isPysnmpCall, pysnmpConstant } from './support/pysnmp.js';

/** Privacy protocol constants that encrypt nothing, by their pysnmp names (old and new spelling). */
const NO_PRIVACY = new Set(['usmNoPrivProtocol', 'USM_PRIV_NONE']);
/** Privacy protocols built on (Triple) DES, deprecated for SNMP by RFC 3826's AES. */
const DES_PRIVACY: ReadonlyMap<string, string> = new Map([
  ['usmDESPrivProtocol', 'DES'],
  ['USM_PRIV_CBC56_DES', 'DES'],
  ['usm3DESEDEPrivProtocol', 'Triple DES'],
  ['USM_PRIV_CBC168_3DES', 'Triple DES'],
]);

/** Where each constructor takes its arguments: UsmUserData(user, authKey, privKey, authProtocol, privProtocol). */
const LAYOUTS: ReadonlyArray<{ readonly names: readonly string[]; readonly privKey: number; readonly privProtocol: number }> = [
  { names: ['UsmUserData'], privKey: 2, privProtocol: 4 },
  // config.addV3User(engine, user, authProtocol, authKey, privProtocol, privKey)
  { names: ['addV3User', 'add_v3_user'], privKey: 5, privProtocol: 4 },
];

type Params = { fn: string; problem: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-SNMP-002',
  name: 'snmpv3-weak-privacy',
  title: 'SNMPv3 user without encryption, or encrypting with DES',
  cwe: Cwe.CleartextTransmission,
  relatedCwe: [Cwe.BrokenCrypto],
  severity: 'medium',
  confidence: 'high',
  description:
    'pysnmp UsmUserData() / addV3User() configures an SNMPv3 user with no privacy key or usmNoPrivProtocol (noAuthNoPriv or authNoPriv), or with DES / Triple DES privacy, which is also what a privacy key without privProtocol selects.',
  explanation:
    'Without the privacy (encryption) part of SNMPv3 every request and response, including configuration values and any secrets a SET carries, crosses the network in cleartext. DES privacy uses a 56-bit key that can be brute-forced, so it protects little more.',
  fix: 'Give the user both keys and a modern privacy protocol: UsmUserData(user, auth_key, priv_key, authProtocol=usmHMAC192SHA256AuthProtocol, privProtocol=usmAesCfb128Protocol).',
  bandit: ['B509'],
  docs: {
    why: 'SNMPv3 only encrypts traffic at the authPriv security level, and pysnmp silently falls back to DES when a privacy key is given without a protocol.',
    bad: 'from pysnmp.hlapi import UsmUserData\nuser = UsmUserData("monitor", AUTH_KEY)',
    good: 'from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMACSHAAuthProtocol\nuser = UsmUserData("monitor", AUTH_KEY, PRIV_KEY, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)',
    notDetected: 'Calls that pass **kwargs are not reported. Weak authentication protocols (HMAC-MD5) are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://www.rfc-editor.org/rfc/rfc3826',
      'https://docs.lextudio.com/pysnmp/v7.1/docs/api-reference',
    ],
  },
  message: ({ fn, problem }) => `${fn}() configures an SNMPv3 user ${problem}`,
  visits: ['call'],
  // isPysnmpCall() matches the resolved last name or the bare written name against the layout names.
  callees: lastNamesOf(...LAYOUTS.map((l) => l.names)),
  check(ctx, call) {
    const layout = LAYOUTS.find((l) => isPysnmpCall(ctx, call, l.names));
    if (!layout || hasSplat(call)) return [];
    const fn = layout.names[0] ?? 'UsmUserData';
    const problem = privacyProblem(ctx, argument(call, 'privKey', layout.privKey), argument(call, 'privProtocol', layout.privProtocol));
    return problem ? [ctx.report(call, { fn, problem })] : [];
  },
});

function privacyProblem(ctx: Ctx, privKey: Node | undefined, privProtocol: Node | undefined): string | undefined {
  const protocol = privProtocol ? pysnmpConstant(ctx, privProtocol) : undefined;
  if (protocol !== undefined && NO_PRIVACY.has(protocol)) return `with ${protocol}, so its traffic is not encrypted`;
  if (!privKey || ctx.constants.evaluate(privKey) === null) {
    return privProtocol ? undefined : 'without a privacy key, so its traffic is not encrypted';
  }
  if (!privProtocol) return 'with a privacy key but no privProtocol, so pysnmp encrypts with 56-bit DES';
  const cipher = protocol === undefined ? undefined : DES_PRIVACY.get(protocol);
  return cipher ? `that encrypts with ${cipher} (${protocol})` : undefined;
}

function hasSplat(call: Node): boolean {
  return call.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'dictionary_splat' || a?.type === 'list_splat') ?? false;
}

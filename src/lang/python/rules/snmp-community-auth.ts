import { Cwe } from '../../../core/cwe.js';
import { argument } from '../ast.js';
import { definePythonRule } from '../rule.js';
import { isPysnmpCall } from './support/pysnmp.js';

/** pysnmp classes that select SNMPv1/v2c community authentication. */
const COMMUNITY_CLASSES: readonly string[] = ['CommunityData'];

/** SNMP versions by pysnmp's mpModel value (CommunityData defaults to 1, SNMPv2c). */
const VERSIONS: ReadonlyMap<unknown, string> = new Map([
  [0, 'SNMPv1'],
  [1, 'SNMPv2c'],
]);

export const rule = definePythonRule<{ version: string }>({
  id: 'PY-SNMP-001',
  name: 'snmp-community-auth',
  title: 'SNMPv1/v2c community string sent in cleartext',
  cwe: Cwe.CleartextTransmission,
  relatedCwe: [Cwe.ImproperAuthentication],
  severity: 'medium',
  confidence: 'high',
  description: 'pysnmp CommunityData() selects SNMPv1 or SNMPv2c, which authenticate with a community string sent in cleartext and encrypt nothing.',
  explanation:
    'Every SNMPv1/v2c packet carries the community string in the clear, so anyone who can see the traffic learns it and can query, or with a write community reconfigure, the device; the management data itself is readable and can be forged or altered on the way.',
  fix: 'Use SNMPv3 with authentication and privacy: UsmUserData(user, auth_key, priv_key, authProtocol=usmHMAC192SHA256AuthProtocol, privProtocol=usmAesCfb128Protocol).',
  bandit: ['B508'],
  docs: {
    why: 'Community strings are shared passwords sent in every request. Network devices reachable with a known community can leak their configuration and routing data, and a write community gives control over them.',
    bad: 'from pysnmp.hlapi import CommunityData\nauth = CommunityData("public", mpModel=0)',
    good: 'from pysnmp.hlapi import UsmUserData, usmAesCfb128Protocol, usmHMAC192SHA256AuthProtocol\nauth = UsmUserData("monitor", AUTH_KEY, PRIV_KEY, authProtocol=usmHMAC192SHA256AuthProtocol, privProtocol=usmAesCfb128Protocol)',
    notDetected: 'Other SNMP libraries (easysnmp, puresnmp, netsnmp bindings) are not covered. CommunityData with a non-constant mpModel is reported as SNMPv1/v2c, since those are the only versions it can select.',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://www.rfc-editor.org/rfc/rfc3414',
      'https://docs.lextudio.com/pysnmp/v7.1/docs/api-reference',
    ],
  },
  message: ({ version }) => `CommunityData() authenticates with a community string sent in cleartext (${version})`,
  visits: ['call'],
  callees: COMMUNITY_CLASSES,
  check(ctx, call) {
    if (!isPysnmpCall(ctx, call, COMMUNITY_CLASSES)) return [];
    const model = argument(call, 'mpModel', 2);
    const version = model ? (VERSIONS.get(ctx.constants.evaluate(model)) ?? 'SNMPv1/v2c') : 'SNMPv2c';
    return [ctx.report(call, { version })];
  },
});

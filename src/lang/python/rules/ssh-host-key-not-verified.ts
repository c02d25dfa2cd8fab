import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, calleeLastName, calleeObject, enclosingFunction, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

/** paramiko policies that accept a host key nobody has seen before. */
const ACCEPTING_POLICIES = new Set([
  'paramiko.AutoAddPolicy', 'paramiko.client.AutoAddPolicy', 'paramiko.WarningPolicy', 'paramiko.client.WarningPolicy',
]);
const POLICY_BASES = new Set(['paramiko.MissingHostKeyPolicy', 'paramiko.client.MissingHostKeyPolicy']);
const KNOWN_HOSTS_LOADERS = new Set(['load_system_host_keys', 'load_host_keys']);

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-SSH-001',
  name: 'ssh-host-key-not-verified',
  title: 'SSH connection that accepts any host key',
  cwe: Cwe.CertificateValidation,
  severity: 'high',
  confidence: 'high',
  description:
    'paramiko set_missing_host_key_policy() with AutoAddPolicy, WarningPolicy or a policy that never raises, on a client that loads no known_hosts file; asyncssh known_hosts=None; pysftp cnopts.hostkeys = None.',
  explanation:
    'The host key is what authenticates the SSH server. When any key is accepted, an attacker on the network path can answer in the server\'s place, read the password or agent-forwarded credentials, and see or change every command and file sent over the connection.',
  fix: 'Load the known host keys (client.load_system_host_keys() or load_host_keys(path)) and keep the default RejectPolicy; with asyncssh pass known_hosts=path; with pysftp keep cnopts.hostkeys loaded from known_hosts.',
  bandit: ['B507'],
  docs: {
    why: 'SSH only resists man-in-the-middle attacks when the client checks the server\'s key against a key it already trusts. Auto-adding keys turns every first connection, and every connection from a fresh container, into a blind trust decision.',
    bad: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\nclient.connect("build.internal.example", username="deploy")',
    good: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\nclient.connect("build.internal.example", username="deploy")',
    notDetected:
      'AutoAddPolicy on a client that also loads a known_hosts file in the same function (or class) is not reported: known servers are still verified and only unknown ones are trusted on first use. Transport-level code that never calls get_remote_server_key() checks is not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/295.html',
      'https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.AutoAddPolicy',
      'https://asyncssh.readthedocs.io/en/latest/api.html#specifying-known-hosts',
    ],
  },
  message: ({ what }) => `${what} accepts any SSH host key, so the server is never authenticated`,
  visits: ['call', 'assignment'],
  // asyncssh calls, the paramiko method, and the pysftp attribute the checks below compare against.
  fileMentions: ['asyncssh', 'set_missing_host_key_policy', 'hostkeys'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const name = ctx.callName(call);
  if (name?.startsWith('asyncssh.')) {
    const knownHosts = argument(call, 'known_hosts');
    return knownHosts && ctx.constants.evaluate(knownHosts) === null ? [ctx.report(call, { what: `${name}(known_hosts=None)` })] : [];
  }
  if (calleeLastName(call) !== 'set_missing_host_key_policy') return [];
  const policy = argument(call, 'policy', 0);
  const client = calleeObject(call);
  if (!policy || !client) return [];
  const accepting = acceptingPolicy(ctx, policy);
  if (!accepting || loadsKnownHosts(ctx, call, client)) return [];
  return [ctx.report(call, { what: `set_missing_host_key_policy(${accepting})` })];
}

/** `cnopts.hostkeys = None` on a pysftp.CnOpts(). */
function checkAssignment(ctx: Ctx, assignment: Node): readonly Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'attribute' || !right || left.childForFieldName('attribute')?.text !== 'hostkeys') return [];
  const object = left.childForFieldName('object');
  if (!object || ctx.originOf(object) !== 'pysftp.CnOpts' || ctx.constants.evaluate(right) !== null) return [];
  return [ctx.report(assignment, { what: `${left.text} = None (pysftp)` })];
}

/** The accepting policy `policy` names: a paramiko class (instance or class) or a local always-accept subclass. */
function acceptingPolicy(ctx: Ctx, policy: Node): string | undefined {
  let target = unwrapParens(policy);
  if (target.type === 'identifier') target = ctx.assignedValue(target) ?? target;
  if (target.type === 'call') target = target.childForFieldName('function') ?? target;
  const resolved = ctx.names.resolve(target);
  if (resolved && ACCEPTING_POLICIES.has(resolved)) return resolved.replace('paramiko.client.', 'paramiko.');
  if (target.type !== 'identifier' || resolved !== undefined) return undefined;
  return acceptsEverything(ctx, target.text) ? target.text : undefined;
}

/** A class in this file derived from MissingHostKeyPolicy whose missing_host_key() never raises. */
function acceptsEverything(ctx: Ctx, className: string): boolean {
  const cls = namedChildrenOf(ctx.root)
    .map((stmt) => (stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt))
    .find((stmt) => stmt?.type === 'class_definition' && stmt.childForFieldName('name')?.text === className);
  const bases = cls?.childForFieldName('superclasses');
  if (!cls || !bases || !namedChildrenOf(bases).some((b) => POLICY_BASES.has(ctx.names.resolve(b) ?? ''))) return false;
  const method = cls
    .descendantsOfType('function_definition')
    .find((f) => f?.childForFieldName('name')?.text === 'missing_host_key');
  return method !== undefined && method !== null && method.descendantsOfType('raise_statement').length === 0;
}

/** The same client loads known host keys in the function (or, for self.attr, the class) that sets the policy. */
function loadsKnownHosts(ctx: Ctx, call: Node, client: Node): boolean {
  const scope = client.text.startsWith('self.') ? enclosingClass(call) : (enclosingFunction(call) ?? ctx.root);
  if (!scope) return false;
  return scope.descendantsOfType('call').some((other) => {
    if (!other || !KNOWN_HOSTS_LOADERS.has(calleeLastName(other) ?? '')) return false;
    return calleeObject(other)?.text === client.text;
  });
}

function enclosingClass(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_definition') return current;
  }
  return undefined;
}

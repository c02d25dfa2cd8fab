import { Cwe } from '../../../core/cwe.js';
import { enclosingFunction, namedChildrenOf, unwrapParens } from '../ast.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Words that only appear in access-control and integrity checks, wherever they sit in a name. */
const SECURITY_WORDS = new Set([
  'admin', 'superuser', 'staff', 'sudo', 'auth', 'authn', 'authz', 'authenticated', 'authenticate', 'authentication',
  'authorized', 'authorised', 'authorize', 'authorization', 'permission', 'permissions', 'privilege', 'privileges',
  'privileged', 'role', 'roles', 'owner', 'owners', 'owns', 'forbidden', 'granted', 'acl', 'logged', 'anonymous',
  'csrf', 'xsrf', 'verified', 'verify',
]);

/**
 * Words that mean a security check only when the name is about them (`user`, `current_user`,
 * `user_id`, `is_valid`), not when they qualify something else (`user_agent`, `token_type`).
 */
const CONTEXT_WORDS = new Set([
  'user', 'token', 'valid', 'validate', 'validated', 'password', 'secret', 'otp', 'nonce', 'signature', 'allowed', 'access',
]);

/** Predicates about types and shapes: their asserts document invariants, not policy. */
const TYPE_PREDICATES = new Set(['isinstance', 'issubclass', 'hasattr', 'callable', 'type']);

type Params = { term: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-ASSERT-001',
  name: 'assert-used-for-security',
  title: 'assert used to enforce a security check',
  cwe: Cwe.ExceptionalConditions,
  severity: 'medium',
  confidence: 'medium',
  description:
    'An assert in production code checks authentication, authorization, ownership, roles, CSRF tokens, signatures or input validity.',
  explanation:
    'Python removes assert statements when it runs with -O or PYTHONOPTIMIZE (a common setting in container images and some WSGI deployments). The check then silently disappears and the code after it runs for everyone: unauthenticated users, other tenants, forged requests.',
  fix: 'Use an explicit test that cannot be compiled away, e.g. `if not user.has_perm("orders.delete"): raise PermissionDenied()`, or the framework\'s decorator (login_required, permission_required).',
  bandit: ['B101'],
  docs: {
    why: 'An assert is a debugging aid, not control flow. Security decisions made with it hold in development and vanish in optimised production runs, which is the worst place for them to fail open.',
    bad: 'def delete_order(request, order):\n    assert request.user.is_staff\n    order.delete()',
    good: 'def delete_order(request, order):\n    if not request.user.is_staff:\n        raise PermissionDenied()\n    order.delete()',
    notDetected:
      'The judgement is made from the names in the condition: a security check written with neutral names (assert x == y, assert host in ALLOWED_HOSTS) is missed, and files classified as tests are skipped, as are test_* functions. Type and shape invariants (isinstance, type(x) is T, is None, len(...)) are left alone unless they involve clearly access-control names (admin, permission, role, owner, authenticated, csrf, verify).',
    references: [
      'https://cwe.mitre.org/data/definitions/703.html',
      'https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement',
      'https://docs.python.org/3/using/cmdline.html#cmdoption-O',
    ],
  },
  message: ({ term }) => `assert enforces a security check (${term}) that python -O removes`,
  visits: ['assert_statement'],
  check(ctx, statement) {
    const name = enclosingFunction(statement)?.childForFieldName('name')?.text ?? '';
    // Test code, and pytest-style checks that happen to live outside a tests/ folder.
    if (ctx.contextOf(statement) === 'test' || /^test(?:_|[A-Z]|$)/.test(name)) {
      ctx.note(statement, 'test expectations in test code, not access checks', 'assert');
      return [];
    }
    const condition = namedChildrenOf(statement)[0];
    if (!condition) return [];
    const term = securityTerm(ctx, condition);
    if (!term) ctx.note(statement, 'invariants that name no authentication, authorization or ownership check', 'assert');
    return term ? [ctx.report(statement, { term }, { endNode: condition })] : [];
  },
});

/** The name that makes `condition` a security check, or undefined for invariants and neutral checks. */
function securityTerm(ctx: Ctx, condition: Node): string | undefined {
  const core = stripNot(condition);
  if (isTypePredicate(core)) return undefined;
  const ids = core.type === 'identifier' ? [core] : core.descendantsOfType('identifier').filter((i): i is Node => i !== null);
  const strong = ids.find((id) => isSecurityName(id.text));
  if (strong) return strong.text;
  if (isShapeInvariant(core)) return undefined;
  // `request.args`, `request.user`: checks on request values are input validation or access control.
  const fromRequest = ids.find((id) => id.text === 'request' && id.parent?.type === 'attribute' && isField(id.parent, 'object', id));
  if (fromRequest?.parent) return fromRequest.parent.text;
  return ids.find((id) => isContextName(id.text) && !isIncidental(ctx, id))?.text;
}

function isSecurityName(name: string): boolean {
  if (/^can_/i.test(name)) return true;
  const words = wordsOf(name);
  // `perm` alone is as likely a permutation; has_perm / perm_required are Django's permission checks.
  if (words.some((w) => w === 'perm' || w === 'perms') && words.some((w) => w === 'has' || w === 'required')) return true;
  return words.some((w) => SECURITY_WORDS.has(w));
}

function isContextName(name: string): boolean {
  const words = wordsOf(name);
  const subject = words.at(-1) === 'id' ? words.at(-2) : words.at(-1);
  return subject !== undefined && CONTEXT_WORDS.has(subject);
}

/**
 * Occurrences of a context word that say nothing about security: class names (`Token.EOF`),
 * objects of a method call (`token.endswith(...)`), getters (`get_next_token()`), and library
 * functions called through their module (`inspect.signature(f)`).
 */
function isIncidental(ctx: Ctx, id: Node): boolean {
  if (/^[A-Z][a-z]/.test(id.text) || /^get_/i.test(id.text)) return true;
  const parent = id.parent;
  if (parent?.type !== 'attribute') return false;
  const call = parent.parent;
  const called = call?.type === 'call' && isField(call, 'function', parent);
  if (isField(parent, 'object', id)) return called;
  return called && call !== null && ctx.callName(call) !== undefined;
}

function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** The lower-case words of an identifier: `is_staff` → [is, staff]; `hasPermission` → [has, permission]. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function stripNot(node: Node): Node {
  let current = unwrapParens(node);
  while (current.type === 'not_operator') {
    const inner = current.childForFieldName('argument');
    if (!inner) break;
    current = unwrapParens(inner);
  }
  return current;
}

/** isinstance(x, T), hasattr(x, "a"), callable(f), type(x) is T …, alone or combined with and/or. */
function isTypePredicate(node: Node): boolean {
  if (node.type === 'boolean_operator') return bothSides(node, isTypePredicate);
  if (node.type === 'comparison_operator') return namedChildrenOf(node).some((o) => isCallTo(o, 'type'));
  const fn = node.type === 'call' ? node.childForFieldName('function') : null;
  return fn?.type === 'identifier' && TYPE_PREDICATES.has(fn.text);
}

/** `x is None`, `x is not None`, comparisons of len(...), and and/or combinations of them: shape checks, not policy. */
function isShapeInvariant(node: Node): boolean {
  if (node.type === 'boolean_operator') return bothSides(node, isShapeInvariant);
  if (node.type !== 'comparison_operator') return false;
  const operands = namedChildrenOf(node);
  return operands.some((o) => o.type === 'none' || isCallTo(o, 'len'));
}

function bothSides(node: Node, test: (side: Node) => boolean): boolean {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  return left !== null && right !== null && test(stripNot(left)) && test(stripNot(right));
}

function isCallTo(node: Node, name: string): boolean {
  return node.type === 'call' && node.childForFieldName('function')?.text === name;
}

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, namedChildrenOf, unwrapParens } from '../ast.js';
import { definePythonRule } from '../rule.js';
import type { MessageParams, PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Exception classes that catch every error (and, for BaseException, even exits). */
const BROAD_CLASSES = new Set(['Exception', 'BaseException']);

/** True when `type` (the expression after `except`) names Exception or BaseException. */
export function catchesEverything<P extends MessageParams>(ctx: PythonRuleContext<P>, type: Node): boolean {
  const node = unwrapParens(type);
  if (node.type === 'tuple') return namedChildrenOf(node).some((item) => catchesEverything(ctx, item));
  if (node.type === 'identifier') {
    // An import named Exception (`from errors import Exception`) is someone else's class.
    const resolved = ctx.names.resolve(node);
    return BROAD_CLASSES.has(node.text) && (resolved === undefined || resolved === `builtins.${node.text}`);
  }
  const resolved = ctx.names.resolve(node);
  return resolved === 'builtins.Exception' || resolved === 'builtins.BaseException';
}

/** The exception type of an except clause without its `as name` part; undefined for a bare `except:`. */
export function caughtType(clause: Node): Node | undefined {
  const value = clause.childForFieldName('value');
  if (!value) return undefined;
  if (value.type === 'as_pattern') return namedChildrenOf(value).find((c) => c.type !== 'as_pattern_target');
  return value;
}

/** The statements of an except clause's body, without comments. */
export function handlerStatements(clause: Node): Node[] {
  const block = namedChildrenOf(clause).find((c) => c.type === 'block');
  return block ? namedChildrenOf(block).filter((s) => s.type !== 'comment') : [];
}

/** `pass`, `...` or a lone string: statements that do nothing. */
export function isNoOp(statement: Node): boolean {
  if (statement.type === 'pass_statement') return true;
  if (statement.type !== 'expression_statement') return false;
  const children = namedChildrenOf(statement);
  const only = children.length === 1 ? children[0] : undefined;
  return only !== undefined && (only.type === 'ellipsis' || only.type === 'string');
}

/** True for `except:` / `except Exception:` / `except (Exception, …):` clauses. */
export function isBroadHandler<P extends MessageParams>(ctx: PythonRuleContext<P>, clause: Node): boolean {
  const type = caughtType(clause);
  return type === undefined || catchesEverything(ctx, type);
}

/** What the message calls the handler: `except:` or `except Exception:`. */
export function handlerLabel(clause: Node): string {
  const type = caughtType(clause);
  return type ? `except ${type.text.replace(/\s+/g, ' ')}:` : 'except:';
}

type Params = { handler: string };

export const rule = definePythonRule<Params>({
  id: 'PY-ERR-001',
  name: 'exception-swallowed',
  title: 'Every exception caught and silently ignored',
  cwe: Cwe.ErrorWithoutAction,
  relatedCwe: [Cwe.ExceptionalConditions],
  severity: 'low',
  confidence: 'high',
  description: 'A bare or Exception-wide handler whose body is only `pass` or `...`, or contextlib.suppress(Exception).',
  explanation:
    'The handler catches every error, including the ones nobody anticipated (a failed permission check, a broken database connection, a bug), and throws it away without a trace. The program then carries on in a state its author never considered, and the failure that should have stopped it, or at least been logged, is invisible.',
  fix: 'Catch only the exception types you expect (except KeyError:), and log or handle anything broader (logger.exception(...)) or let it propagate.',
  bandit: ['B110'],
  docs: {
    why: 'Silently discarding every exception hides failures of security checks, partial writes and bugs; an attacker who can trigger an error may push the program past a check that "failed open". It also removes the evidence an incident responder would need.',
    bad: 'try:\n    audit_log.write(event)\nexcept Exception:\n    pass',
    good: 'try:\n    audit_log.write(event)\nexcept OSError:\n    logger.exception("could not write the audit event")',
    notDetected: 'Handlers that only assign a throwaway variable, or that log at debug level and continue, are not reported; nor are handlers of specific exception types, which usually express a deliberate decision (except ImportError: pass).',
    references: [
      'https://cwe.mitre.org/data/definitions/390.html',
      'https://cwe.mitre.org/data/definitions/703.html',
      'https://docs.python.org/3/library/contextlib.html#contextlib.suppress',
    ],
  },
  message: ({ handler }) => `${handler} discards every exception without handling or logging it`,
  visits: ['except_clause', 'call'],
  // contextlib.suppress(...).
  callees: ['suppress'],
  check(ctx, node) {
    if (node.type === 'call') return checkSuppress(ctx, node);
    if (!isBroadHandler(ctx, node)) return [];
    const body = handlerStatements(node);
    // A body of only `continue` is PY-ERR-002's; anything else does something with the error.
    if (body.some((s) => !isNoOp(s) && s.type !== 'continue_statement')) ctx.note(node, 'broad handlers that log, re-raise or recover', handlerLabel(node));
    if (body.length === 0 || !body.every(isNoOp)) return [];
    return [ctx.report(node, { handler: handlerLabel(node) }, { endNode: caughtType(node) ?? node.child(0) ?? node })];
  },
});

/** `with contextlib.suppress(Exception):` is the same silent catch-all in one line. */
function checkSuppress(ctx: PythonRuleContext<Params>, call: Node): readonly Finding[] {
  if (ctx.callName(call) !== 'contextlib.suppress') return [];
  const broad = callArguments(call).positional.find((arg) => catchesEverything(ctx, arg));
  return broad ? [ctx.report(call, { handler: `contextlib.suppress(${broad.text})` })] : [];
}

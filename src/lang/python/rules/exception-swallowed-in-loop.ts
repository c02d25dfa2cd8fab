import { Cwe } from '../../../core/cwe.js';
import { definePythonRule } from '../rule.js';
import type { Node } from '../parser.js';
import { caughtType, handlerLabel, handlerStatements, isBroadHandler, isNoOp } from './exception-swallowed.js';

/** A body of `continue`, possibly next to `pass`/`...`, with at least one `continue`. */
function onlyContinues(body: readonly Node[]): boolean {
  return body.some((s) => s.type === 'continue_statement') && body.every((s) => s.type === 'continue_statement' || isNoOp(s));
}

export const rule = definePythonRule<{ handler: string }>({
  id: 'PY-ERR-002',
  name: 'exception-swallowed-in-loop',
  title: 'Every exception caught and silently skipped in a loop',
  cwe: Cwe.ExceptionalConditions,
  relatedCwe: [Cwe.ErrorWithoutAction],
  severity: 'low',
  confidence: 'high',
  description: 'A bare or Exception-wide handler whose body is only `continue`.',
  explanation:
    'Every error raised for an item, expected or not, makes the loop skip that item without a trace. A batch that should have failed (an authorization check that raised, a record that could not be written) reports success, and nobody can tell which items were dropped or why.',
  fix: 'Catch the specific exceptions an item may legitimately raise, and log the item and the error before moving on (logger.warning("skipping %s", item, exc_info=True)).',
  bandit: ['B112'],
  docs: {
    why: 'A loop that skips every failing item hides errors from security checks and data processing alike; an attacker who can make an item raise can get it silently left out of validation, auditing or revocation.',
    bad: 'for token in revoked:\n    try:\n        cache.invalidate(token)\n    except Exception:\n        continue',
    good: 'for token in revoked:\n    try:\n        cache.invalidate(token)\n    except CacheMiss:\n        continue\n    except Exception:\n        logger.exception("could not revoke %s", token)\n        raise',
    notDetected: 'Handlers that log at debug level and continue, or that count failures in a variable nobody reads, are not reported.',
    references: ['https://cwe.mitre.org/data/definitions/703.html', 'https://cwe.mitre.org/data/definitions/390.html'],
  },
  message: ({ handler }) => `${handler} skips to the next iteration on any exception without handling or logging it`,
  visits: ['except_clause'],
  check(ctx, clause) {
    if (!isBroadHandler(ctx, clause)) return [];
    if (!onlyContinues(handlerStatements(clause))) return [];
    return [ctx.report(clause, { handler: handlerLabel(clause) }, { endNode: caughtType(clause) ?? clause.child(0) ?? clause })];
  },
});

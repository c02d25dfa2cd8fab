import { Cwe } from '../../../core/cwe.js';
import { calleeLastName } from '../ast.js';
import { buildText, looksLikeSql } from '../sql-text.js';
import { defineTaintRule } from '../taint-rule.js';

/** Method names matched on any receiver: the text must look like SQL to count. */
const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript', 'mogrify']);

export const rule = defineTaintRule({
  id: 'PY-SQLI-001',
  name: 'sql-injection',
  title: 'SQL injection: untrusted data in SQL text',
  cwe: Cwe.SqlInjection,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'sql',
  description: 'Data from a request, the command line, a file or another untrusted source is spliced into SQL text that a database executes.',
  explanation:
    'The value becomes part of the SQL statement itself, so a quote or SQL keyword in it changes the query: an attacker can read or change other rows, bypass a login check, or drop tables.',
  fix: 'Keep the SQL text constant and pass values as driver parameters: cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,)). Table or column names must come from a fixed allow-list.',
  bandit: ['B608', 'B610', 'B611'],
  docs: {
    why: 'SQL injection is one of the most exploited weaknesses: any request value that reaches SQL text lets the attacker rewrite the query.',
    bad: 'from flask import request\n\ndef find(cursor):\n    name = request.args["name"]\n    cursor.execute("SELECT * FROM users WHERE name = \'" + name + "\'")',
    good: 'from flask import request\n\ndef find(cursor):\n    name = request.args["name"]\n    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))',
    notDetected:
      'A function that only passes a parameter straight to execute() is treated as a query wrapper: it is reported through the callers that pass untrusted data, not on its own. ORM query builders (filter(), where()) are safe and not sinks.',
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://owasp.org/www-community/attacks/SQL_Injection',
      'https://peps.python.org/pep-0249/#id15',
    ],
  },
  message: ({ source, sink }) => `${source} reaches the SQL text of ${sink}`,
  accept(ctx, hit) {
    // execute() on an arbitrary object: when the code shows the text being built, it must be SQL.
    const method = calleeLastName(hit.node);
    if (method === undefined || !EXECUTE_METHODS.has(method) || hit.node.type !== 'call') return true;
    const text = buildText(ctx, hit.target);
    return text === undefined || looksLikeSql(text.text);
  },
});

import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments, calleeLastName, calleeObject, enclosingScope, namedChildrenOf, unwrapParens } from '../ast.js';
import { UNKNOWN } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, displayCallee } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { how: string; sink: string };
type Ctx = PythonRuleContext<Params>;

/** DB-API cursor/connection methods; any receiver, so the SQL text must look like SQL. */
const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript']);
/** Functions whose argument is SQL by definition. */
const SQL_TEXT_FUNCTIONS = new Set([
  'sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text',
  'django.db.models.expressions.RawSQL', 'django.db.models.RawSQL',
]);

/** How the SQL text was put together, for the message. */
type Construction = 'string concatenation' | '%-formatting' | 'str.format()' | 'an f-string';

/**
 * The SQL text as far as it is known: the constant parts (dynamic holes become a space), and
 * how the first non-constant part got in, if any.
 */
interface BuiltText {
  readonly text: string;
  readonly dynamic?: Construction;
}

const MAX_DEPTH = 16;
const HOLE = ' ';

/**
 * Analyses a query expression. Undefined means "not a string we can see being built" (a
 * parameter, a call result): such values are left alone, since nothing shows them to be SQL.
 */
function buildText(ctx: Ctx, node: Node, depth = 0): BuiltText | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapParens(node);
  const constant = ctx.constants.evaluate(n);
  if (typeof constant === 'string') return { text: constant };
  switch (n.type) {
    case 'string':
      return fString(ctx, n);
    case 'concatenated_string':
      return joinParts(namedChildrenOf(n).map((part) => buildText(ctx, part, depth + 1) ?? { text: HOLE, dynamic: 'an f-string' }));
    case 'binary_operator':
      return binary(ctx, n, depth);
    case 'call':
      return formatCall(ctx, n, depth);
    case 'identifier':
      return fromBinding(ctx, n, depth);
    default:
      return undefined;
  }
}

function fString(ctx: Ctx, n: Node): BuiltText {
  let text = '';
  let dynamic: Construction | undefined;
  for (const child of namedChildrenOf(n)) {
    if (child.type === 'string_content') text += child.text;
    if (child.type !== 'interpolation') continue;
    const expression = child.childForFieldName('expression');
    const value = expression ? ctx.constants.evaluate(expression) : UNKNOWN;
    if (value !== UNKNOWN) text += String(value);
    else {
      text += HOLE;
      if (!isPlaceholderList(ctx, expression)) dynamic ??= 'an f-string';
    }
  }
  return dynamic ? { text, dynamic } : { text };
}

function joinParts(parts: readonly BuiltText[]): BuiltText {
  const text = parts.map((p) => p.text).join('');
  const dynamic = parts.find((p) => p.dynamic)?.dynamic;
  return dynamic ? { text, dynamic } : { text };
}

function binary(ctx: Ctx, n: Node, depth: number): BuiltText | undefined {
  const op = n.childForFieldName('operator')?.text;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right) return undefined;
  if (op === '+') {
    const a = buildText(ctx, left, depth + 1);
    const b = buildText(ctx, right, depth + 1);
    // Without a string on either side this may be arithmetic, not text.
    if (!a && !b) return undefined;
    return joinParts([a ?? hole(ctx, left), b ?? hole(ctx, right)]);
  }
  if (op === '%') {
    const format = buildText(ctx, left, depth + 1);
    if (!format) return undefined;
    return insertsOnlyConstants(ctx, [right]) ? format : joinParts([format, { text: HOLE, dynamic: '%-formatting' }]);
  }
  return undefined;
}

/** A non-string operand of `+`: safe when it is a placeholder list, dynamic otherwise. */
function hole(ctx: Ctx, node: Node): BuiltText {
  return isPlaceholderList(ctx, node) ? { text: HOLE } : { text: HOLE, dynamic: 'string concatenation' };
}

function formatCall(ctx: Ctx, call: Node, depth: number): BuiltText | undefined {
  if (calleeLastName(call) === 'join') return constantJoin(ctx, call);
  if (calleeLastName(call) !== 'format') return undefined;
  const receiver = calleeObject(call);
  const template = receiver ? buildText(ctx, receiver, depth + 1) : undefined;
  if (!template) return undefined;
  const args = callArguments(call);
  const values = [...args.positional, ...args.keywords.values()];
  if (!args.hasSplat && insertsOnlyConstants(ctx, values)) return template;
  return joinParts([template, { text: HOLE, dynamic: 'str.format()' }]);
}

/** `", ".join(COLUMNS)` over a constant list of strings is constant text. */
function constantJoin(ctx: Ctx, call: Node): BuiltText | undefined {
  const separator = calleeObject(call);
  const items = callArguments(call).positional[0];
  const sep = separator ? ctx.constants.stringValue(separator) : undefined;
  const values = items ? ctx.constants.evaluate(items) : UNKNOWN;
  if (sep === undefined || !Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
  return { text: values.join(sep) };
}

/** True when every value formatted into the text is a constant or a list of placeholders. */
function insertsOnlyConstants(ctx: Ctx, values: readonly Node[]): boolean {
  return values.every((value) => {
    const v = unwrapParens(value);
    if (v.type === 'tuple' || v.type === 'list') return insertsOnlyConstants(ctx, namedChildrenOf(v));
    if (v.type === 'dictionary') {
      return namedChildrenOf(v).every((pair) => {
        const item = pair.childForFieldName('value');
        return pair.type === 'pair' && item !== null && insertsOnlyConstants(ctx, [item]);
      });
    }
    return ctx.constants.evaluate(v) !== UNKNOWN || isPlaceholderList(ctx, v);
  });
}

const PLACEHOLDER_TEXT = /^(?:\?|%s|:\w+|[,\s])*$/;

/**
 * `",".join("?" * len(ids))` and friends build a list of driver placeholders, not values: the
 * standard way to pass a variable-length IN list as parameters.
 */
function isPlaceholderList(ctx: Ctx, node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  const n = unwrapParens(node);
  if (n.type === 'identifier') return isPlaceholderList(ctx, ctx.assignedValue(n), depth + 1);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '*') {
    return [n.childForFieldName('left'), n.childForFieldName('right')].some((side) => side !== null && isPlaceholderValue(ctx, side));
  }
  if (n.type !== 'call' || calleeLastName(n) !== 'join') return false;
  const separator = calleeObject(n);
  const items = callArguments(n).positional[0];
  if (!separator || !items || !PLACEHOLDER_TEXT.test(ctx.constants.stringValue(separator) ?? 'x')) return false;
  const body = items.type === 'generator_expression' || items.type === 'list_comprehension' ? items.childForFieldName('body') : null;
  return body ? isPlaceholderValue(ctx, body) : isPlaceholderList(ctx, items, depth + 1);
}

function isPlaceholderValue(ctx: Ctx, node: Node): boolean {
  const value = ctx.constants.evaluate(node);
  const items = Array.isArray(value) ? value : [value];
  return items.length > 0 && items.every((item) => typeof item === 'string' && PLACEHOLDER_TEXT.test(item));
}

/**
 * A name bound once, or bound once and then extended with `+=` in the same scope
 * (`q = "SELECT …"; q += " AND x = " + v`), stands for the text it was built from.
 */
function fromBinding(ctx: Ctx, id: Node, depth: number): BuiltText | undefined {
  const single = ctx.assignedValue(id);
  if (single) return buildText(ctx, single, depth + 1);
  const bindings = ctx.bindings.lookup(id.text, id) ?? [];
  const assigned = bindings.filter((b) => b.kind === 'assign');
  const first = assigned[0];
  if (assigned.length !== 1 || first?.kind !== 'assign') return undefined;
  const scope = enclosingScope(first.value);
  const extensions = scope
    .descendantsOfType('augmented_assignment')
    .filter((a): a is Node => a !== null && a.childForFieldName('left')?.text === id.text && enclosingScope(a).id === scope.id);
  // Every other binding must be one of these `+=`; anything else (a loop, `with`) is unknown.
  if (extensions.length !== bindings.length - 1 || extensions.some((a) => a.childForFieldName('operator')?.text !== '+=')) return undefined;
  const start = buildText(ctx, first.value, depth + 1);
  if (!start) return undefined;
  const added = extensions.map((a) => {
    const right = a.childForFieldName('right');
    return (right ? buildText(ctx, right, depth + 1) : undefined) ?? { text: HOLE, dynamic: 'string concatenation' as const };
  });
  return joinParts([start, ...added]);
}

// A statement keyword at the start, or clause structure that only SQL has. Lower-case clause
// words also occur in prose, so they count only in SQL-shaped phrases.
const SQL_START = /^\s*\(?\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE|MERGE|TRUNCATE|GRANT|REVOKE|PRAGMA|CALL|EXEC)\b/i;
const SQL_CLAUSE = /\b(?:FROM|WHERE|VALUES|SET|JOIN|INTO|ORDER BY|GROUP BY)\b/;
const SQL_PHRASE = /\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\S+\s+set\b|\bwhere\s+[\w."`]+\s*(?:=|<|>|!=|like\b|in\b|is\b)|\border\s+by\b|\bgroup\s+by\b/i;

function looksLikeSql(text: string): boolean {
  return SQL_START.test(text) || SQL_CLAUSE.test(text) || SQL_PHRASE.test(text);
}

/** The query argument of a sink, and whether the sink only takes SQL (no shape check needed). */
function sinkQuery(ctx: Ctx, call: Node): { query: Node; sqlOnly: boolean } | undefined {
  const resolved = ctx.callName(call);
  if (resolved && SQL_TEXT_FUNCTIONS.has(resolved)) {
    const query = argument(call, resolved.endsWith('RawSQL') ? 'sql' : 'text', 0);
    return query ? { query, sqlOnly: true } : undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver) return undefined;
  if (EXECUTE_METHODS.has(method)) {
    const args = callArguments(call);
    const query = args.positional[0] ?? ['sql', 'query', 'operation', 'statement'].map((k) => args.keywords.get(k)).find(Boolean);
    return query ? { query, sqlOnly: false } : undefined;
  }
  // Django: Model.objects.raw(sql)
  if (method === 'raw' && receiver.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'objects') {
    const query = argument(call, 'raw_query', 0);
    return query ? { query, sqlOnly: true } : undefined;
  }
  return undefined;
}

/** Django `.extra(where=[...], select={...})`: each clause is raw SQL. */
function extraClauses(call: Node): Node[] {
  if (calleeLastName(call) !== 'extra' || !calleeObject(call)) return [];
  const args = callArguments(call);
  const clauses: Node[] = [];
  for (const key of ['where', 'select', 'tables', 'order_by']) {
    const value = args.keywords.get(key);
    if (!value) continue;
    const v = unwrapParens(value);
    if (v.type === 'list' || v.type === 'tuple') clauses.push(...namedChildrenOf(v));
    else if (v.type === 'dictionary') clauses.push(...namedChildrenOf(v).flatMap((p) => p.childForFieldName('value') ?? []));
  }
  return clauses;
}

export const rule = definePythonRule<Params>({
  id: 'PY-SQLI-001',
  name: 'sql-built-from-string',
  title: 'SQL query built from a string with non-constant parts',
  cwe: Cwe.SqlInjection,
  severity: 'high',
  confidence: 'medium',
  description:
    'SQL text built with +, %, str.format() or an f-string from non-constant values reaches execute(), sqlalchemy.text(), or a Django raw-SQL API.',
  explanation:
    'The value is spliced into the SQL text itself, so a quote or SQL keyword in it changes the statement: an attacker who controls it can read or change other rows, bypass a login check, or drop tables.',
  fix: 'Keep the SQL text constant and pass values as driver parameters: cursor.execute("SELECT * FROM users WHERE id = %s", (user_id,)). Table or column names must come from a fixed allow-list.',
  bandit: ['B608', 'B610', 'B611'],
  docs: {
    why: 'SQL injection is one of the most exploited web weaknesses: any value formatted into a query can rewrite the query, because the database cannot tell the developer\'s SQL from the attacker\'s.',
    bad: 'cursor.execute("SELECT * FROM users WHERE name = \'%s\'" % name)',
    good: 'cursor.execute("SELECT * FROM users WHERE name = %s", (name,))',
    notDetected:
      'Queries built in another function, in a loop, with "".join() over values, or through SQLAlchemy/Django query builders are not followed. Whether the non-constant part is attacker-controlled is not checked here; a table name from a fixed list is still reported and should be reviewed. For execute() on any object, the constant parts must look like SQL, so SQL without recognisable keywords is missed.',
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://peps.python.org/pep-0249/#id15',
      'https://docs.djangoproject.com/en/stable/topics/security/#sql-injection-protection',
      'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
    ],
  },
  message: ({ how, sink }) => `SQL text built with ${how} reaches ${sink}()`,
  visits: ['call'],
  check(ctx, call) {
    const sink = sinkQuery(ctx, call);
    const queries = sink ? [{ query: sink.query, sqlOnly: sink.sqlOnly }] : extraClauses(call).map((query) => ({ query, sqlOnly: true }));
    for (const { query, sqlOnly } of queries) {
      const built = buildText(ctx, query);
      if (!built?.dynamic || (!sqlOnly && !looksLikeSql(built.text))) continue;
      return [ctx.report(call, { how: built.dynamic, sink: displayCallee(call, ctx.callName(call)) })];
    }
    return [];
  },
});

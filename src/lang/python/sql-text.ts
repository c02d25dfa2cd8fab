import { callArguments, calleeLastName, calleeObject, enclosingScope, namedChildrenOf, unwrapParens } from './ast.js';
import { UNKNOWN } from './constants.js';
import type { PythonFileFacts } from './facts.js';
import type { Node } from './parser.js';

/**
 * Reconstructs the text of a SQL query expression as far as the code shows it: constant parts
 * verbatim, dynamic parts as holes. Used to tell SQL from other strings passed to `execute`.
 */
type Ctx = PythonFileFacts & { readonly assignedValue: (identifier: Node) => Node | undefined };

/** How the SQL text was put together, for the message. */
type Construction = 'string concatenation' | '%-formatting' | 'str.format()' | 'an f-string';

/**
 * The SQL text as far as it is known: the constant parts (dynamic holes become a space), and
 * how the first non-constant part got in, if any.
 */
export interface BuiltText {
  readonly text: string;
  readonly dynamic?: Construction;
}

const MAX_DEPTH = 16;
const HOLE = ' ';

/**
 * Analyses a query expression. Undefined means "not a string we can see being built" (a
 * parameter, a call result): such values are left alone, since nothing shows them to be SQL.
 */
export function buildText(ctx: Ctx, node: Node, depth = 0): BuiltText | undefined {
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

export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text) || SQL_CLAUSE.test(text) || SQL_PHRASE.test(text);
}


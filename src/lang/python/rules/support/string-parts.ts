import { callArguments, hasInterpolation, namedChildrenOf, unwrapParens } from '../../ast.js';
import type { BindingIndex } from '../../bindings.js';
import type { ConstantEvaluator } from '../../constants.js';
import type { Node } from '../../parser.js';

/**
 * The shape of a string expression: the text the code fixes, with each part only known at
 * run time left as a hole. `"/tmp/" + name + ".log"` becomes `/tmp/`, hole(name), `.log`.
 * Rules use it to read what a value is known to start with (a scheme, a directory) and to
 * ask whether every dynamic part went through an escaping function.
 */
export interface StringShape {
  /** Constant text and holes, in order. */
  readonly parts: readonly StringPart[];
}

/**
 * A run of known text, or an expression whose value is not known. `numeric` marks a hole
 * formatted as a number (`%d`, `{:d}`, `{x:.2f}`), which cannot carry markup or shell syntax.
 */
export type StringPart = { readonly text: string } | { readonly hole: Node; readonly numeric?: boolean };

/** Conversion letters that always print a number. */
const NUMERIC_CONVERSION = /[diouxXeEfFgGn%b]$/;

/** What the shape builder needs from the file's facts. */
export interface ShapeFacts {
  readonly constants: ConstantEvaluator;
  readonly bindings: BindingIndex;
}

const MAX_DEPTH = 12;

/** The shape of `node`; an expression that is not visibly a string is one hole. */
export function stringShape(facts: ShapeFacts, node: Node): StringShape {
  return { parts: merge(shapeOf(facts, node, 0)) };
}

/** The constant text before the first hole. */
export function knownPrefix(shape: StringShape): string {
  let prefix = '';
  for (const part of shape.parts) {
    if (!('text' in part)) break;
    prefix += part.text;
  }
  return prefix;
}

/** The expressions whose values are not known, except those formatted as numbers. */
export function holesOf(shape: StringShape): Node[] {
  return shape.parts.flatMap((p) => ('hole' in p && p.numeric !== true ? [p.hole] : []));
}

/** The text with every hole replaced by `placeholder`. */
export function shapeText(shape: StringShape, placeholder: string): string {
  return shape.parts.map((p) => ('text' in p ? p.text : placeholder)).join('');
}

/**
 * True when the string is assembled in the code by concatenation, `%`, `.format()`, an
 * f-string or `join`, (directly or through one variable) and some part of it is not constant.
 */
export function isBuiltString(facts: ShapeFacts, node: Node): boolean {
  const target = followName(facts, unwrapParens(node));
  if (!isBuildExpression(target)) return false;
  return holesOf(stringShape(facts, target)).length > 0;
}

function isBuildExpression(node: Node): boolean {
  if (node.type === 'string') return hasInterpolation(node);
  if (node.type === 'concatenated_string') return namedChildrenOf(node).some(isBuildExpression);
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text;
    return op === '+' || op === '%';
  }
  if (node.type === 'call') {
    const method = methodOf(node);
    return method === 'format' || method === 'join';
  }
  return false;
}

/** The value a name was bound to once, else the node itself. */
function followName(facts: ShapeFacts, node: Node): Node {
  if (node.type !== 'identifier') return node;
  return facts.bindings.singleValue(node.text, node) ?? node;
}

function shapeOf(facts: ShapeFacts, node: Node, depth: number): StringPart[] {
  const n = unwrapParens(node);
  const folded = facts.constants.evaluate(n);
  if (typeof folded === 'string') return [{ text: folded }];
  if (depth > MAX_DEPTH) return [{ hole: n }];
  switch (n.type) {
    case 'string':
      return interpolatedShape(facts, n, depth);
    case 'concatenated_string':
      return namedChildrenOf(n).flatMap((c) => shapeOf(facts, c, depth + 1));
    case 'binary_operator':
      return binaryShape(facts, n, depth);
    case 'call':
      return callShape(facts, n, depth);
    case 'identifier': {
      const value = facts.bindings.singleValue(n.text, n);
      return value ? shapeOf(facts, value, depth + 1) : [{ hole: n }];
    }
    default:
      return [{ hole: n }];
  }
}

/** f-strings: literal runs stay text; `{expr}` is the expression's value (folded when constant). */
function interpolatedShape(facts: ShapeFacts, node: Node, depth: number): StringPart[] {
  const parts: StringPart[] = [];
  for (const child of namedChildrenOf(node)) {
    if (child.type === 'string_content') parts.push({ text: contentText(child) });
    if (child.type !== 'interpolation') continue;
    const expression = child.childForFieldName('expression') ?? namedChildrenOf(child)[0];
    if (!expression) continue;
    const spec = namedChildrenOf(child).find((c) => c.type === 'format_specifier')?.text.slice(1);
    if (spec && NUMERIC_CONVERSION.test(spec)) parts.push({ hole: expression, numeric: true });
    else parts.push(...shapeOf(facts, expression, depth + 1));
  }
  return parts;
}

/** The literal text of an f-string run: `{{` is a brace, escapes are decoded roughly. */
function contentText(content: Node): string {
  return content.text
    .replace(/\{\{/g, '{')
    .replace(/\}\}/g, '}')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

function binaryShape(facts: ShapeFacts, node: Node, depth: number): StringPart[] {
  const op = node.childForFieldName('operator')?.text;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return [{ hole: node }];
  if (op === '+') return [...shapeOf(facts, left, depth + 1), ...shapeOf(facts, right, depth + 1)];
  if (op === '%') {
    const template = facts.constants.stringValue(left);
    if (template !== undefined) return percentShape(template, right);
  }
  return [{ hole: node }];
}

/** `"a %s b" % x`: each conversion becomes a hole holding the argument it formats. */
function percentShape(template: string, args: Node): StringPart[] {
  const values = unwrapParens(args);
  const items = values.type === 'tuple' ? namedChildrenOf(values) : undefined;
  const parts: StringPart[] = [];
  let index = 0;
  const pieces = template.split(/(%%|%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsab])/);
  for (const piece of pieces) {
    if (piece === '%%') parts.push({ text: '%' });
    else if (piece.startsWith('%')) {
      const hole = percentArgument(values, items, piece, index++);
      parts.push(/[rsac]$/.test(piece) ? { hole } : { hole, numeric: true });
    }
    else if (piece !== '') parts.push({ text: piece });
  }
  return parts;
}

function percentArgument(values: Node, items: readonly Node[] | undefined, conversion: string, index: number): Node {
  const key = /^%\(([^)]*)\)/.exec(conversion)?.[1];
  if (key !== undefined && values.type === 'dictionary') {
    for (const pair of namedChildrenOf(values)) {
      const k = pair.childForFieldName('key');
      const v = pair.childForFieldName('value');
      if (pair.type === 'pair' && k && v && k.type === 'string' && k.text.slice(1, -1) === key) return v;
    }
  }
  return items?.[index] ?? values;
}

function callShape(facts: ShapeFacts, call: Node, depth: number): StringPart[] {
  const method = methodOf(call);
  const receiver = call.childForFieldName('function')?.childForFieldName('object');
  if (!receiver || method !== 'format') return [{ hole: call }];
  const template = facts.constants.stringValue(receiver);
  if (template === undefined) return [{ hole: call }];
  const args = callArguments(call);
  const parts: StringPart[] = [];
  let next = 0;
  for (const piece of template.split(/(\{\{|\}\}|\{[^{}]*\})/)) {
    if (piece === '{{') parts.push({ text: '{' });
    else if (piece === '}}') parts.push({ text: '}' });
    else if (piece.startsWith('{') && piece.endsWith('}')) {
      const field = /^\{([^!:.[]*)/.exec(piece)?.[1] ?? '';
      const spec = /:([^}]*)\}$/.exec(piece)?.[1];
      const arg = field === '' ? args.positional[next++] : /^\d+$/.test(field) ? args.positional[Number(field)] : args.keywords.get(field);
      if (arg && spec && NUMERIC_CONVERSION.test(spec)) parts.push({ hole: arg, numeric: true });
      else parts.push(...(arg ? shapeOf(facts, arg, depth + 1) : [{ hole: call }]));
    } else if (piece !== '') parts.push({ text: piece });
  }
  return parts;
}

function methodOf(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
}

/** Adjacent text runs joined, so prefixes and words read naturally. */
function merge(parts: StringPart[]): StringPart[] {
  const merged: StringPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && 'text' in last && 'text' in part) merged[merged.length - 1] = { text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}

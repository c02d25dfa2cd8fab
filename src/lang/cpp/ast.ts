import type { Node } from './parser.js';

/** The named children of a node, without nulls and comments. */
export function namedChildrenOf(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** Strips parentheses, C++ condition clauses and casts around an expression. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'parenthesized_expression' || current.type === 'condition_clause') {
      const inner = current.childForFieldName('value') ?? namedChildrenOf(current)[0];
      if (!inner) return current;
      current = inner;
    } else if (current.type === 'cast_expression') {
      const inner = current.childForFieldName('value');
      if (!inner) return current;
      current = inner;
    } else {
      return current;
    }
  }
}

/** The variable an expression names (`p`, `(p)`, `(char *)p`), if it is a plain identifier. */
export function variableName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  return inner.type === 'identifier' ? inner.text : undefined;
}

/** How a call names its callee. */
export interface Callee {
  /** The name the call uses, with `std::` and a leading `::` removed: `strcpy`, `QProcess::execute`, `start`. */
  readonly name: string;
  /** For `obj.m()` and `obj->m()`: the object. */
  readonly receiver?: Node;
  /** The function node. */
  readonly node: Node;
}

/** The callee of a call expression. */
export function calleeOf(call: Node): Callee | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const target = fn.type === 'template_function' ? (fn.childForFieldName('name') ?? fn) : fn;
  if (target.type === 'field_expression') {
    const field = target.childForFieldName('field');
    const receiver = target.childForFieldName('argument');
    if (!field) return undefined;
    return receiver ? { name: field.text, receiver, node: fn } : { name: field.text, node: fn };
  }
  if (target.type === 'identifier' || target.type === 'qualified_identifier') return { name: normalizeName(target.text), node: fn };
  if (target.type === 'parenthesized_expression') {
    const inner = unwrap(target);
    if (inner.type === 'identifier') return { name: inner.text, node: fn };
  }
  return undefined;
}

/** `::std::strcpy` → `strcpy`; template arguments and spaces removed. */
export function normalizeName(text: string): string {
  return text.replace(/<[^<>]*>/g, '').replace(/\s+/g, '').replace(/^::/, '').replace(/^std::/, '');
}

/** The arguments of a call (or of a constructor's argument list). */
export function argumentsOf(call: Node): Node[] {
  const list = call.type === 'argument_list' || call.type === 'parameter_list' ? call : call.childForFieldName('arguments');
  return namedChildrenOf(list);
}

/** The identifier a declarator declares, through pointers, arrays, references and initializers. */
export function declaratorName(declarator: Node | null | undefined): Node | undefined {
  let current = declarator ?? undefined;
  while (current) {
    if (current.type === 'identifier' || current.type === 'field_identifier') return current;
    const next: Node | null | undefined = current.childForFieldName('declarator') ?? namedChildrenOf(current).find((c) => c.type.endsWith('declarator') || c.type === 'identifier');
    if (!next || next.id === current.id) return undefined;
    current = next;
  }
  return undefined;
}

/** The function definition enclosing a node, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda_expression') return p;
  return undefined;
}

/** The name of a function definition (`main`, `Server::handle`). */
export function functionName(fn: Node): string {
  if (fn.type === 'lambda_expression') return '<lambda>';
  let declarator = fn.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  const name = declarator?.childForFieldName('declarator');
  return name ? normalizeName(name.text) : '<function>';
}

/** The parameter declarations of a function definition. */
export function parametersOf(fn: Node): Node[] {
  if (fn.type === 'lambda_expression') {
    const params = fn.childForFieldName('declarator')?.childForFieldName('parameters');
    return namedChildrenOf(params).filter((p) => p.type.endsWith('parameter_declaration'));
  }
  let declarator = fn.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  return namedChildrenOf(declarator?.childForFieldName('parameters')).filter((p) => p.type.endsWith('parameter_declaration'));
}

/** True for string literal nodes of any flavour. */
export function isStringLiteral(node: Node): boolean {
  return node.type === 'string_literal' || node.type === 'concatenated_string' || node.type === 'raw_string_literal';
}

/** The text of a string literal with escapes decoded; undefined for other nodes. */
export function stringLiteralValue(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = namedChildrenOf(node).map(stringLiteralValue);
    return parts.every((p): p is string => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type === 'raw_string_literal') {
    return namedChildrenOf(node).find((c) => c.type === 'raw_string_content')?.text ?? '';
  }
  if (node.type !== 'string_literal') return undefined;
  let out = '';
  for (const child of namedChildrenOf(node)) {
    if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') out += decodeEscape(child.text);
    else return undefined;
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

function decodeEscape(text: string): string {
  const body = text.slice(1);
  if (/^x[0-9a-fA-F]+$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16) & 0xff);
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8) & 0xff);
  return SIMPLE_ESCAPES[body] ?? body;
}

/** Bytes a C string needs without its terminator (UTF-8). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The value of a character literal (`'a'`, `'\0'`). */
export function charLiteralValue(node: Node): number | undefined {
  if (node.type !== 'char_literal') return undefined;
  const inner = node.text.replace(/^[LuU8]*'/, '').replace(/'$/, '');
  const decoded = inner.startsWith('\\') ? decodeEscape(inner) : inner;
  return decoded.length === 1 ? decoded.charCodeAt(0) : undefined;
}

/** The statement node that contains `node` directly inside a block. */
export function enclosingStatement(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'compound_statement' && current.parent.type !== 'translation_unit' && !current.type.endsWith('_statement')) {
    current = current.parent;
  }
  return current;
}

import { Cwe } from '../../../core/cwe.js';
import { namedChildrenOf } from '../ast.js';
import type { Node } from '../parser.js';
import { defineCppRule } from '../rule.js';

const SIMPLE = new Set(['expression_statement', 'return_statement', 'declaration']);

export const rule = defineCppRule<{ name: string; line: string }>({
  id: 'C-INIT-001',
  name: 'uninitialized-variable',
  title: 'Local variable read before it is given a value',
  cwe: Cwe.UninitializedVariable,
  severity: 'medium',
  confidence: 'high',
  description: 'A local scalar or pointer declared without an initializer is read by a straight-line statement of the same block before any statement assigns it or takes its address.',
  explanation: 'An uninitialized local holds whatever the stack held before: an attacker who influenced earlier calls can choose that value, which then becomes a length, an index or a pointer.',
  fix: 'Initialise at the declaration (int n = 0; char *p = NULL;) or assign on every path before the first read.',
  docs: {
    why: 'Reading stale stack contents gives unpredictable behaviour and, for pointers and sizes, memory corruption.',
    bad: 'int total(const int *v, int n) {\n    int sum;\n    sum += v[0];\n    return sum;\n}',
    good: 'int total(const int *v, int n) {\n    int sum = 0;\n    sum += v[0];\n    return sum;\n}',
    notDetected: 'Only the clear case is reported: the first statement after the declaration that mentions the variable reads it, outside any branch or loop. Variables assigned on some paths only are not reported.',
    references: ['https://cwe.mitre.org/data/definitions/457.html', 'https://wiki.sei.cmu.edu/confluence/display/c/EXP33-C.+Do+not+read+uninitialized+memory'],
  },
  visits: ['declaration'],
  message: ({ name, line }) => `${name} is read here but was declared on line ${line} without a value`,
  check(ctx, decl) {
    if (decl.parent?.type !== 'compound_statement' || /\b(?:static|extern)\b/.test(decl.text.split('=')[0] ?? '')) return [];
    const out = [];
    for (const declarator of decl.childrenForFieldName('declarator')) {
      if (!declarator || (declarator.type !== 'identifier' && declarator.type !== 'pointer_declarator')) continue;
      const id = declarator.type === 'identifier' ? declarator : declarator.descendantsOfType('identifier')[0];
      const info = id ? ctx.symbols.lookup(id.text, id) : undefined;
      if (!id || !info || info.dims.length > 0 || /^[A-Z]|::|^(?:auto|string)$/.test(info.type)) continue;
      const read = firstRead(decl, id.text);
      if (read) out.push(ctx.report(read, { name: id.text, line: String(decl.startPosition.row + 1) }));
    }
    return out;
  },
});

/** The read of `name` in the first later statement that mentions it, if that statement is straight-line code that only reads it. */
function firstRead(decl: Node, name: string): Node | undefined {
  for (let s = decl.nextNamedSibling; s; s = s.nextNamedSibling) {
    const mentions = s.descendantsOfType('identifier').filter((i): i is Node => i !== null && i.text === name);
    if (mentions.length === 0) continue;
    if (!SIMPLE.has(s.type) || mentions.some(isWrite)) return undefined;
    return mentions.find((m) => !inSizeof(m));
  }
  return undefined;
}

function isWrite(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.id === id.id && parent.childForFieldName('operator')?.text === '=') return true;
  if (parent.type === 'pointer_expression' && parent.childForFieldName('operator')?.text === '&') return true;
  if (parent.type === 'init_declarator' || parent.type === 'reference_declarator') return true;
  // Passed by reference in C++ (std::getline(in, s), f(x) with T&) cannot be told apart here.
  return parent.type === 'argument_list' && namedChildrenOf(parent).length > 0 && /\bstd::|>>/.test(parent.parent?.text ?? '');
}

function inSizeof(id: Node): boolean {
  for (let p = id.parent; p; p = p.parent) if (p.type === 'sizeof_expression') return true;
  return false;
}

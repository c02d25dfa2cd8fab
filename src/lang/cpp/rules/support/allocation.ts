import { argumentsOf, calleeOf, enclosingFunction, unwrap } from '../../ast.js';
import type { CppFileFacts } from '../../facts.js';
import type { Node } from '../../parser.js';

const ALLOCATORS = new Set(['malloc', 'alloca', 'xmalloc', 'g_malloc', 'calloc']);

/** The size expression of the allocation a pointer variable was last given before `at`, in the same function. */
export function allocationSizeOf(facts: CppFileFacts, pointer: Node, at: Node): Node | undefined {
  const name = unwrap(pointer).type === 'identifier' ? unwrap(pointer).text : undefined;
  const fn = enclosingFunction(at);
  if (name === undefined || !fn) return undefined;
  let size: Node | undefined;
  for (const call of fn.descendantsOfType('call_expression')) {
    if (!call || call.startIndex >= at.startIndex) continue;
    const callee = calleeOf(call)?.name;
    if (callee === undefined || !ALLOCATORS.has(callee)) continue;
    const parent = call.parent?.type === 'cast_expression' ? call.parent.parent : call.parent;
    const target = parent?.type === 'init_declarator' ? parent.childForFieldName('declarator') : parent?.type === 'assignment_expression' ? parent.childForFieldName('left') : null;
    if (!target || !target.text.replace(/[*\s]/g, '').endsWith(name) || target.text.replace(/[*\s]/g, '') !== name) continue;
    const args = argumentsOf(call);
    size = callee === 'calloc' ? args[1] : args[0];
  }
  void facts;
  return size;
}

/** `dst = malloc(strlen(src) + 1)` before `strcpy(dst, src)`: the destination was sized for the source. */
export function allocatedFor(facts: CppFileFacts, dst: Node, src: Node, at: Node): boolean {
  const size = allocationSizeOf(facts, dst, at);
  if (!size) return false;
  const text = size.text.replace(/\s+/g, '');
  const source = unwrap(src).text.replace(/\s+/g, '');
  return text.includes(`strlen(${source})+1`) || text.includes(`1+strlen(${source})`) || text.includes(`strlen(${source})+2`);
}

import { dottedName, lastSegment, namedChildrenOf } from '../../ast.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';

/**
 * True when `call` constructs pysnmp's `className` (CommunityData, UsmUserData, …) from any
 * of its API packages (hlapi, hlapi.asyncio, hlapi.v3arch…, entity.config). pysnmp's own
 * examples import with `from pysnmp.hlapi import *`, so a bare name counts in such a file.
 */
export function isPysnmpCall<P extends MessageParams>(ctx: PythonRuleContext<P>, call: Node, classNames: readonly string[]): boolean {
  const name = ctx.callName(call);
  if (name !== undefined) return name.startsWith('pysnmp.') && classNames.includes(lastSegment(name));
  const fn = call.childForFieldName('function');
  return fn?.type === 'identifier' && classNames.includes(fn.text) && starImportsPysnmp(ctx.root);
}

/** The last name of a protocol constant (`usmDESPrivProtocol`), when it plausibly comes from pysnmp. */
export function pysnmpConstant<P extends MessageParams>(ctx: PythonRuleContext<P>, node: Node): string | undefined {
  const resolved = ctx.names.resolve(node);
  const dotted = resolved ?? dottedName(node);
  if (dotted === undefined || (resolved !== undefined && !resolved.startsWith('pysnmp.'))) return undefined;
  return lastSegment(dotted);
}

function starImportsPysnmp(root: Node): boolean {
  return root.descendantsOfType('import_from_statement').some((stmt) => {
    const module = stmt?.childForFieldName('module_name')?.text ?? '';
    return stmt !== null && module.startsWith('pysnmp') && namedChildrenOf(stmt).some((c) => c.type === 'wildcard_import');
  });
}

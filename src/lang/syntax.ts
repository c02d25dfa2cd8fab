import { forEachNode } from './syntax-tree.js';
import type { SyntaxNode, SyntaxNode as Node } from './syntax-tree.js';

/** A 1-based source range (SARIF convention); `endColumn` is exclusive. */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * Converts tree-sitter's 0-based points (columns in UTF-16 code units for JS strings) to a
 * 1-based span. Every front-end converts positions here and nowhere else.
 */
export function spanOf(node: Node, endNode: Node = node): Span {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: endNode.endPosition.row + 1,
    endColumn: endNode.endPosition.column + 1,
  };
}

/** The first syntax error in a tree (an ERROR node or a token the parser had to invent). */
export function firstSyntaxError(root: Node): { span: Span; description: string } | undefined {
  if (!root.hasError) return undefined;
  let found: SyntaxNode | undefined;
  forEachNode(root, (node) => {
    if (found) return false;
    if (node.isError || node.isMissing) {
      found = node;
      return false;
    }
    // Only descend into subtrees that contain an error.
    return node.hasError;
  });
  if (!found) return undefined;
  if (found.isMissing) return { span: spanOf(found), description: `missing "${found.type}"` };
  // An error can begin with the comments the parser read before it gave up (a C header whose
  // whole text became one error starts with its licence): the error is at the code after them.
  const code = found.children.find((child) => child.type !== 'comment') ?? found;
  return { span: spanOf(code, found), description: `unexpected ${describeText(found.text.slice(code.startIndex - found.startIndex))}` };
}

/** The start of an error's text as the message quotes it: its first line, up to 30 characters. */
function describeText(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  return line.length > 0 ? `"${line.slice(0, 30)}"` : 'input';
}

/** Lines as an editor counts them: a final line break does not start another line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  // Counted with indexOf, not a global match: that made one string per line break.
  let breaks = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks += 1;
  // A CR alone breaks a line too; a CR before an LF is part of that one break.
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) breaks += 1;
  const last = text.charCodeAt(text.length - 1);
  return last === 10 || last === 13 ? breaks : breaks + 1;
}

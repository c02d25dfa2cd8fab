import type { Node } from 'web-tree-sitter';

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
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) {
        const description = node.isMissing ? `missing "${node.type}"` : `unexpected ${describeToken(node)}`;
        return { span: spanOf(node), description };
      }
      // Only descend into subtrees that contain an error.
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
      }
    }
  } finally {
    cursor.delete();
  }
}

function describeToken(node: Node): string {
  const text = node.text.split('\n')[0] ?? '';
  return text.length > 0 ? `"${text.slice(0, 30)}"` : 'input';
}

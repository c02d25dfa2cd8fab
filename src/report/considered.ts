import type { ConsideredItem } from '../core/result.js';

/** The "Considered" items of one file, in the order the review gave them. */
export interface ConsideredGroup {
  readonly file: string;
  readonly items: readonly ConsideredItem[];
}

/** The heading every human-readable format gives the section. */
export const CONSIDERED_HEADING = 'Considered';

/**
 * Groups the "Considered" items by file, keeping the review's order (files as reviewed,
 * defects first within a file). For text, Markdown and HTML reporters alike.
 */
export function groupConsidered(items: readonly ConsideredItem[]): ConsideredGroup[] {
  const groups = new Map<string, ConsideredItem[]>();
  for (const item of items) groups.set(item.file, [...(groups.get(item.file) ?? []), item]);
  return [...groups].map(([file, list]) => ({ file, items: list }));
}

/** `CWE-78 OS command injection`: the label a line of the section starts with. */
export function consideredLabel(item: ConsideredItem): string {
  return `${item.cwe} ${item.title}`;
}

/**
 * One line of the section as plain text, without colours or markup:
 * `CWE-78 OS command injection: Argument list without a shell (subprocess.run at lines 12, 30).`
 * Markdown and HTML reporters escape it for their format.
 */
export function formatConsideredLine(item: ConsideredItem): string {
  return `${consideredLabel(item)}: ${item.conclusion}`;
}

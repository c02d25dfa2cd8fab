import type { CodeContext, Confidence, Finding, FindingTag, Severity } from '../core/finding.js';
import type { AnalysisNote } from '../core/language.js';
import type { RuleMeta } from '../core/rule.js';
import { spanOf } from './syntax.js';
import type { SyntaxNode } from './syntax-tree.js';

/** Values a rule fills into its message. */
export type MessageParams = Readonly<Record<string, string>>;

/** Per-finding refinements of the rule's defaults. */
export interface ReportOptions {
  /** Extend the reported range to the end of this node. */
  readonly endNode?: SyntaxNode;
  readonly explanation?: string;
  readonly fix?: string;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** Evidence for post-processing stages, e.g. `known-secret-format`. */
  readonly tags?: readonly FindingTag[];
  readonly dataflow?: Finding['dataflow'];
}

/** The file a rule reports in: its path and its lines (index 0 = line 1). */
export interface ReportedFile {
  readonly path: string;
  readonly lines: readonly string[];
}

const MAX_SNIPPET_LINES = 6;

/**
 * A finding of `meta` at `node`, for every front-end: the rule's defaults refined by `options`,
 * the span and a snippet of at most six lines. `contextAt` says what kind of code a line is.
 */
export function reportFinding(
  meta: RuleMeta,
  file: ReportedFile,
  node: SyntaxNode,
  message: string,
  options: ReportOptions,
  contextAt: (line: number) => CodeContext,
): Finding {
  const span = spanOf(node, options.endNode ?? node);
  return {
    ruleId: meta.id,
    ruleName: meta.name,
    cwe: meta.cwe,
    severity: options.severity ?? meta.severity,
    confidence: options.confidence ?? meta.confidence,
    file: file.path,
    ...span,
    snippet: file.lines.slice(span.line - 1, Math.min(span.endLine, span.line + MAX_SNIPPET_LINES - 1)).join('\n'),
    message,
    explanation: options.explanation ?? meta.explanation,
    fix: options.fix ?? meta.fix,
    context: contextAt(span.line),
    ...(options.tags && options.tags.length > 0 ? { tags: options.tags } : {}),
    ...(options.dataflow && options.dataflow.length > 0 ? { dataflow: options.dataflow } : {}),
  };
}

/** A "Considered" note of `meta` at `node` (see the rule contexts' `note`). */
export function noteAt(
  meta: RuleMeta,
  path: string,
  node: SyntaxNode,
  conclusion: string,
  subject: string | undefined,
  contextAt: (line: number) => CodeContext,
): AnalysisNote {
  const line = node.startPosition.row + 1;
  return { ruleId: meta.id, cwe: meta.cwe, file: path, line, ...(subject !== undefined ? { subject } : {}), conclusion, context: contextAt(line) };
}

import type { CodeContext, Confidence, Finding, Severity } from '../../core/finding.js';
import type { AnalysisNote } from '../../core/language.js';
import type { RuleMeta } from '../../core/rule.js';
import type { CppFileFacts } from './facts.js';
import { spanOf } from './parser.js';
import type { Node } from './parser.js';

/** Values a rule fills into its message. */
export type MessageParams = Readonly<Record<string, string>>;

/** Per-finding refinements of the rule's defaults. */
export interface ReportOptions {
  readonly endNode?: Node;
  readonly explanation?: string;
  readonly fix?: string;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  readonly dataflow?: Finding['dataflow'];
}

/** What the analyzer gives every rule for one file besides the facts. */
export interface RuleEnvironment {
  readonly addNote: (note: AnalysisNote) => void;
}

/** What a check sees: the file's facts plus a way to build findings and notes for this rule. */
export interface CppRuleContext<P extends MessageParams> extends CppFileFacts {
  readonly report: (node: Node, params: P, options?: ReportOptions) => Finding;
  /** Records why a candidate is safe, for the "Considered" section (never a finding). */
  readonly note: (node: Node, conclusion: string, subject?: string) => void;
  readonly contextOf: (node: Node) => CodeContext;
}

/** A rule as written in its file. */
export interface CppRuleSpec<P extends MessageParams> extends Omit<RuleMeta, 'language'> {
  readonly message: (params: P) => string;
  /** tree-sitter node types the check wants to see. */
  readonly visits: readonly string[];
  readonly check: (ctx: CppRuleContext<P>, node: Node) => readonly Finding[];
}

/** A registered rule, with its message parameters erased. */
export interface CppRule {
  readonly meta: RuleMeta;
  readonly visits: readonly string[];
  readonly bind: (facts: CppFileFacts, env: RuleEnvironment) => (node: Node) => readonly Finding[];
}

/** Declares a C/C++ rule; TypeScript checks the metadata and the message parameters. */
export function defineCppRule<P extends MessageParams>(spec: CppRuleSpec<P>): CppRule {
  const { message, visits, check, ...rest } = spec;
  const meta: RuleMeta = { ...rest, language: 'cpp' };
  return {
    meta,
    visits,
    bind(facts, env) {
      const ctx = createContext(meta, message, facts, env);
      return (node) => check(ctx, node);
    },
  };
}

function createContext<P extends MessageParams>(meta: RuleMeta, message: (params: P) => string, facts: CppFileFacts, env: RuleEnvironment): CppRuleContext<P> {
  return {
    ...facts,
    contextOf: () => facts.file.context,
    note(node, conclusion, subject) {
      const line = node.startPosition.row + 1;
      env.addNote({ ruleId: meta.id, cwe: meta.cwe, file: facts.file.path, line, ...(subject !== undefined ? { subject } : {}), conclusion, context: facts.file.context });
    },
    report(node, params, options = {}) {
      const span = spanOf(node, options.endNode ?? node);
      return {
        ruleId: meta.id,
        ruleName: meta.name,
        cwe: meta.cwe,
        severity: options.severity ?? meta.severity,
        confidence: options.confidence ?? meta.confidence,
        file: facts.file.path,
        ...span,
        snippet: facts.lines.slice(span.line - 1, Math.min(span.endLine, span.line + 5)).join('\n'),
        message: message(params),
        explanation: options.explanation ?? meta.explanation,
        fix: options.fix ?? meta.fix,
        context: facts.file.context,
        ...(options.dataflow && options.dataflow.length > 0 ? { dataflow: options.dataflow } : {}),
      };
    },
  };
}

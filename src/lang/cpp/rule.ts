import type { CodeContext, Finding } from '../../core/finding.js';
import type { AnalysisNote } from '../../core/language.js';
import type { RuleMeta } from '../../core/rule.js';
import { noteAt, reportFinding } from '../rule-report.js';
import type { MessageParams, ReportOptions } from '../rule-report.js';
import type { CppFileFacts } from './facts.js';
import type { Node } from './parser.js';

export type { MessageParams, ReportOptions };

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
  // C and C++ files have one context throughout (no test regions inside a file).
  const fileContext = (): CodeContext => facts.file.context;
  // Field by field, not by spread: a spread would read `lines` and split every file's text.
  return {
    file: facts.file,
    dialect: facts.dialect,
    tree: facts.tree,
    root: facts.root,
    get lines() {
      return facts.lines;
    },
    symbols: facts.symbols,
    constants: facts.constants,
    flow: facts.flow,
    memory: facts.memory,
    contextOf: fileContext,
    note: (node, conclusion, subject) => env.addNote(noteAt(meta, facts.file.path, node, conclusion, subject, fileContext)),
    report: (node, params, options = {}) => reportFinding(meta, { path: facts.file.path, lines: facts.lines }, node, message(params), options, fileContext),
  };
}

import type { CodeContext, Finding } from '../../core/finding.js';
import type { AnalysisNote } from '../../core/language.js';
import type { RuleMeta } from '../../core/rule.js';
import { noteAt, reportFinding } from '../rule-report.js';
import type { MessageParams, ReportOptions } from '../rule-report.js';
import { dottedName, lastSegment } from './ast.js';
import type { PythonFileFacts } from './facts.js';
import type { Node } from './parser.js';

export type { MessageParams, ReportOptions };

/** What the analyzer gives every rule for one file besides the facts. */
export interface RuleEnvironment {
  /** The context of the code at `line`: a test method inside a production module is `test`. */
  readonly contextAt: (line: number) => CodeContext;
  /** Collects a note (see {@link PythonRuleContext.note}). */
  readonly addNote: (note: AnalysisNote) => void;
  /** Whether the file's text contains `text`, one of the rules' {@link PythonRuleSpec.fileMentions}. */
  readonly mentions: (text: string) => boolean;
}

/** What a check sees: the file's facts plus a way to build findings for this rule. */
export interface PythonRuleContext<P extends MessageParams> extends PythonFileFacts {
  readonly report: (node: Node, params: P, options?: ReportOptions) => Finding;
  /** Qualified name of the callee (`subprocess.run`), through import aliases. */
  readonly callName: (call: Node) => string | undefined;
  /** The value a variable was assigned from, when there is exactly one assignment. */
  readonly assignedValue: (identifier: Node) => Node | undefined;
  /**
   * Qualified name of the call that produced `node`'s value: `flask.Flask` for `app` after
   * `app = Flask(__name__)`. Follows one level of single assignment.
   */
  readonly originOf: (node: Node) => string | undefined;
  /** The context of the code `node` is in: the file's, refined by test classes, test functions and fixtures. */
  readonly contextOf: (node: Node) => CodeContext;
  /**
   * Records why a candidate this rule looked at is safe, for the "Considered" section:
   * `ctx.note(call, 'argument list without a shell', 'subprocess.run')`. `conclusion` is a short
   * phrase about this code (no advice); `subject` is what was looked at, as the code spells it.
   * Notes are never findings and never change the verdict.
   */
  readonly note: (node: Node, conclusion: string, subject?: string) => void;
}

/** A rule as written in its file: metadata, message, node kinds it visits, and its check. */
export interface PythonRuleSpec<P extends MessageParams> extends Omit<RuleMeta, 'language'> {
  readonly message: (params: P) => string;
  /** tree-sitter node types the check wants to see. */
  readonly visits: readonly string[];
  /**
   * Text that every file this rule can report on (or note) contains, one of these strings as
   * the source spells it: `tarfile` for archive extraction, `COOKIE` for cookie settings. The
   * rule is not run on other files, a cheap prefilter like Semgrep's. Leave it out unless every
   * path to a finding needs one of them: an import, a method name or a setting name the check
   * itself compares against.
   */
  readonly fileMentions?: readonly string[];
  /**
   * For a rule that visits `call`: the callee names of every call it can report on or note, as
   * the last name written (`load` for `yaml.load(...)`, `execute` for `cur.execute(...)`) or the
   * last name of what the call resolves to through the imports (`system` for `sh(...)` after
   * `from os import system as sh`). The walk then hands the rule only calls with one of these
   * names. Leave it out when the check acts on calls by other means: the arguments of any call,
   * a callee found through a variable (`loader = yaml.load; loader(x)`) or through `getattr`.
   */
  readonly callees?: readonly string[];
  readonly check: (ctx: PythonRuleContext<P>, node: Node) => readonly Finding[];
}

/** A registered rule, with its message parameters erased. */
export interface PythonRule {
  readonly meta: RuleMeta;
  readonly visits: readonly string[];
  /** See {@link PythonRuleSpec.fileMentions}. */
  readonly fileMentions?: readonly string[];
  /** See {@link PythonRuleSpec.callees}. */
  readonly callees?: ReadonlySet<string>;
  /**
   * Binds the rule to one file's facts; the returned function checks one node. Undefined when
   * the rule cannot report anything in this file (see {@link PythonRuleSpec.fileMentions}).
   */
  readonly bind: (facts: PythonFileFacts, env: RuleEnvironment) => ((node: Node) => readonly Finding[]) | undefined;
}

/**
 * The last names of qualified names (`load` for `yaml.load`): the {@link PythonRuleSpec.callees}
 * of a rule that acts on calls whose `callName` is one of `qualified`.
 */
export function lastNamesOf(...qualified: Iterable<string>[]): string[] {
  const names = new Set<string>();
  for (const list of qualified) for (const name of list) names.add(lastSegment(name));
  return [...names];
}

/** Declares a Python rule; TypeScript checks the metadata and the message parameters. */
export function definePythonRule<P extends MessageParams>(spec: PythonRuleSpec<P>): PythonRule {
  const { message, visits, check, fileMentions, callees, ...rest } = spec;
  const meta: RuleMeta = { ...rest, language: 'python' };
  return {
    meta,
    visits,
    ...(fileMentions ? { fileMentions } : {}),
    ...(callees ? { callees: new Set(callees) } : {}),
    bind(facts, env) {
      if (fileMentions && !fileMentions.some(env.mentions)) return undefined;
      // Most rules never meet a node they visit in a given file: build the context on first use.
      let ctx: PythonRuleContext<P> | undefined;
      return (node) => check((ctx ??= createContext(meta, message, facts, env)), node);
    },
  };
}

function createContext<P extends MessageParams>(
  meta: RuleMeta,
  message: (params: P) => string,
  facts: PythonFileFacts,
  env: RuleEnvironment,
): PythonRuleContext<P> {
  const assignedValue = (identifier: Node): Node | undefined =>
    identifier.type === 'identifier' ? facts.bindings.singleValue(identifier.text, identifier) : undefined;
  const callName = (call: Node): string | undefined => facts.names.resolveCall(call);
  // Field by field rather than by spread: some forty contexts per file, and copying by spread
  // took a measurable share of the rule walk.
  return {
    file: facts.file,
    tree: facts.tree,
    root: facts.root,
    get lines() {
      return facts.lines;
    },
    names: facts.names,
    bindings: facts.bindings,
    constants: facts.constants,
    taint: facts.taint,
    memo: facts.memo,
    callName,
    assignedValue,
    originOf(node) {
      const value = node.type === 'identifier' ? assignedValue(node) : node;
      return value?.type === 'call' ? callName(value) : undefined;
    },
    contextOf: (node) => env.contextAt(node.startPosition.row + 1),
    note: (node, conclusion, subject) => env.addNote(noteAt(meta, facts.file.path, node, conclusion, subject, env.contextAt)),
    report: (node, params, options = {}) => reportFinding(meta, { path: facts.file.path, lines: facts.lines }, node, message(params), options, env.contextAt),
  };
}

/** A short readable form of a call target for messages: `subprocess.run` or `cur.execute`. */
export function displayCallee(call: Node, resolved: string | undefined): string {
  const fn = call.childForFieldName('function');
  return resolved ?? (fn ? (dottedName(fn) ?? fn.text.slice(0, 40)) : 'call');
}

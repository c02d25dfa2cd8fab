import type { CodeContext } from '../../core/finding.js';
import { compareFindings } from '../../core/finding.js';
import type { AnalysisNote, AnalyzeOptions, Analyzer, ContextRegion, FileAnalysis, ModuleScan, SourceFile } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { buildFileFacts } from './facts.js';
import type { PythonFileFacts } from './facts.js';
import { createPythonParser, firstSyntaxError } from './parser.js';
import { scanModule } from './scan.js';
import { dedupeFindings, dedupeNotes, runRules } from '../rule-walk.js';
import { calleeLastName, lastSegment } from './ast.js';
import type { Node } from './parser.js';
import { countLines } from '../syntax.js';
import type { PythonRule, RuleEnvironment } from './rule.js';
import { findTestScopes } from './test-code.js';
import { MentionIndex } from '../mentions.js';

/** How the analyzer dispatches to rules. */
export interface PythonAnalyzerOptions {
  /**
   * Hand calls only to the rules that declared their callee names (the default). Off, every
   * rule that visits calls sees every call: a test compares the two.
   */
  readonly filterCalls?: boolean;
  /**
   * Skip the rules whose fileMentions (see PythonRuleSpec) a file lacks (the default). Off,
   * every rule runs on every file: a test compares the two.
   */
  readonly prefilter?: boolean;
}

/** Creates an analyzer that runs `rules` over Python files in one tree walk per file. */
export async function createPythonAnalyzer(rules: readonly PythonRule[], options: PythonAnalyzerOptions = {}): Promise<Analyzer> {
  const unfiltered = options.filterCalls === false;
  const everyFile = options.prefilter === false;
  const parser = await createPythonParser();
  // The strings the rules' prefilters look for, found in each file in one pass.
  const mentionIndex = new MentionIndex(rules.flatMap((rule) => rule.fileMentions ?? []));
  return {
    analyze(file: SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
      const active = options.onlyRules ? rules.filter((r) => options.onlyRules?.has(r.meta.id)) : rules;
      const tree = parser.parse(file.text);
      if (!tree) {
        return { findings: [], errors: [{ file: file.path, kind: 'parse', message: 'the parser gave up on this file' }], lines: countLines(file.text) };
      }
      const project = options.project && options.moduleName !== undefined
        ? { moduleName: options.moduleName, isPackage: /(^|\/)__init__\.pyw?$/.test(file.path), context: options.project }
        : undefined;
      const facts = buildFileFacts(file, tree, project);
      const errors: FileError[] = [];
      const syntax = firstSyntaxError(tree.rootNode);
      if (syntax) {
        errors.push({
          file: file.path,
          kind: 'parse',
          line: syntax.span.line,
          column: syntax.span.column,
          message: `syntax error at ${syntax.span.line}:${syntax.span.column} (${syntax.description}); findings are reported for the parts that parsed`,
        });
      }
      const found = mentionIndex.foundIn(file.text);
      const { env, notes, fileContext, regions } = environmentFor(facts, (text) => everyFile || found.has(text));
      const bound = active.flatMap((rule) => {
        const check = rule.bind(facts, env);
        return check ? [{ id: rule.meta.id, visits: rule.visits, check, ...(rule.callees && !unfiltered ? { callees: rule.callees } : {}) }] : [];
      });
      // Names of a call for the rules' callee filters (see PythonRuleSpec.callees).
      const callNames = (call: Node): readonly [string | undefined, string | undefined] => {
        const resolved = facts.names.resolveCall(call);
        return [calleeLastName(call), resolved === undefined ? undefined : lastSegment(resolved)];
      };
      const findings = runRules(facts.root, file.path, bound, errors, callNames);
      return {
        findings: dedupeFindings(findings).sort(compareFindings),
        errors,
        lines: countLines(file.text),
        notes: dedupeNotes(notes),
        ...(fileContext ? { context: fileContext } : {}),
        ...(regions.length > 0 ? { regions } : {}),
        ...(project ? { exports: exportsOf(facts) } : {}),
      };
    },
    scan: (file: SourceFile, moduleName: string): ModuleScan => scanModule(file, moduleName),
  };
}

interface FileEnvironment {
  readonly env: RuleEnvironment;
  readonly notes: AnalysisNote[];
  /** Set when the content made the file test code although its path did not. */
  readonly fileContext?: { readonly context: CodeContext; readonly reason: string };
  /** Test code inside a file that is not test code as a whole. */
  readonly regions: readonly ContextRegion[];
}

/**
 * The per-file environment of the rules: the context of each line (a test class inside a
 * production module is test code) and a sink for notes.
 */
function environmentFor(facts: PythonFileFacts, mentions: (text: string) => boolean): FileEnvironment {
  const notes: AnalysisNote[] = [];
  const addNote = (note: AnalysisNote): void => {
    notes.push(note);
  };
  if (facts.file.context === 'test') return { env: { contextAt: () => 'test', addNote, mentions }, notes, regions: [] };
  const scopes = findTestScopes(facts.root, facts.names.imports, (node) => facts.names.resolve(node));
  if (scopes.fileReason !== undefined) {
    return { env: { contextAt: () => 'test', addNote, mentions }, notes, fileContext: { context: 'test', reason: scopes.fileReason }, regions: [] };
  }
  const regions = scopes.regions;
  const contextAt = (line: number): CodeContext =>
    regions.some((r) => r.startLine <= line && line <= r.endLine) ? 'test' : facts.file.context;
  return { env: { contextAt, addNote, mentions }, notes, regions };
}

/**
 * The summaries this module publishes for its importers. When the dataflow engine failed on this
 * file (the taint rules already reported it as their diagnostic), importers get none.
 */
function exportsOf(facts: PythonFileFacts): NonNullable<FileAnalysis['exports']> {
  try {
    return facts.taint().exports;
  } catch {
    return new Map();
  }
}


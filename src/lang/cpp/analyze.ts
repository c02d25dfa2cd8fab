import type { Finding } from '../../core/finding.js';
import { compareFindings } from '../../core/finding.js';
import type { AnalysisNote, AnalyzeOptions, Analyzer, FileAnalysis, SourceFile } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { buildCppFacts } from './facts.js';
import type { CppFileFacts } from './facts.js';
import { createCppParsers, dialectOf, firstSyntaxError } from './parser.js';
import type { Dialect } from './parser.js';
import type { CppRule, RuleEnvironment } from './rule.js';
import { RuleFailures } from '../rule-failures.js';
import { forEachNode } from '../syntax-tree.js';

/** Creates an analyzer that runs `rules` over C/C++ files in one tree walk per file. */
export async function createCppAnalyzer(rules: readonly CppRule[], fallback: Dialect): Promise<Analyzer> {
  const parsers = await createCppParsers();
  return {
    analyze(file: SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
      const active = options.onlyRules ? rules.filter((r) => options.onlyRules?.has(r.meta.id)) : rules;
      const dialect = dialectOf(file.path, file.text, fallback);
      const tree = parsers.parse(file.text, dialect);
      const lines = countLines(file.text);
      if (!tree) return { findings: [], errors: [{ file: file.path, kind: 'parse', message: 'the parser gave up on this file' }], lines };
      const facts = buildCppFacts(file, tree, dialect);
      const errors: FileError[] = [];
      const syntax = firstSyntaxError(tree.rootNode);
      if (syntax) {
        errors.push({
          file: file.path, kind: 'parse', line: syntax.span.line, column: syntax.span.column,
          message: `syntax error at ${syntax.span.line}:${syntax.span.column} (${syntax.description}; macros the parser cannot expand often cause this); findings are reported for the parts that parsed`,
        });
      }
      const notes: AnalysisNote[] = [];
      const findings = walk(facts, { addNote: (n) => notes.push(n) }, active, errors);
      return { findings: dedupe(findings).sort(compareFindings), errors, lines, notes: dedupeNotes(notes) };
    },
  };
}

/** One pass over the tree, handing each node only to the rules that asked for its type. */
function walk(facts: CppFileFacts, env: RuleEnvironment, rules: readonly CppRule[], errors: FileError[]): Finding[] {
  const dispatch = new Map<string, { rule: CppRule; visit: (node: CppFileFacts['root']) => readonly Finding[] }[]>();
  for (const rule of rules) {
    const visit = rule.bind(facts, env);
    for (const type of rule.visits) dispatch.set(type, [...(dispatch.get(type) ?? []), { rule, visit }]);
  }
  const findings: Finding[] = [];
  const failed = new Set<string>();
  const failures = new RuleFailures();
  forEachNode(facts.root, (node) => {
    const handlers = dispatch.get(node.type);
    if (!handlers) return;
    for (const { rule, visit } of handlers) {
      if (failed.has(rule.meta.id)) continue;
      try {
        findings.push(...visit(node));
      } catch (error) {
        failed.add(rule.meta.id);
        failures.add(rule.meta.id, node.startPosition.row + 1, error);
      }
    }
  });
  errors.push(...failures.diagnostics(facts.file.path));
  return findings;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dedupeNotes(notes: readonly AnalysisNote[]): AnalysisNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.ruleId}:${n.line}:${n.subject ?? ''}:${n.conclusion}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

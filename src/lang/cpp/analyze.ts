import { compareFindings } from '../../core/finding.js';
import type { AnalysisNote, AnalyzeOptions, Analyzer, FileAnalysis, SourceFile } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { buildCppFacts } from './facts.js';
import { createCppParsers, dialectOf, firstSyntaxError } from './parser.js';
import type { Dialect } from './parser.js';
import type { CppRule, RuleEnvironment } from './rule.js';
import { dedupeFindings, dedupeNotes, runRules } from '../rule-walk.js';
import { countLines } from '../syntax.js';

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
      const env: RuleEnvironment = { addNote: (n) => notes.push(n) };
      const bound = active.map((rule) => ({ id: rule.meta.id, visits: rule.visits, check: rule.bind(facts, env) }));
      const findings = runRules(facts.root, file.path, bound, errors);
      return { findings: dedupeFindings(findings).sort(compareFindings), errors, lines, notes: dedupeNotes(notes) };
    },
  };
}


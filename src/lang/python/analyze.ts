import type { Finding } from '../../core/finding.js';
import { compareFindings } from '../../core/finding.js';
import type { AnalyzeOptions, Analyzer, FileAnalysis, SourceFile } from '../../core/language.js';
import type { FileError } from '../../core/result.js';
import { buildFileFacts } from './facts.js';
import type { PythonFileFacts } from './facts.js';
import { createPythonParser, firstSyntaxError } from './parser.js';
import type { Node } from './parser.js';
import type { PythonRule } from './rule.js';

type Visitor = (node: Node) => readonly Finding[];

/** Creates an analyzer that runs `rules` over Python files in one tree walk per file. */
export async function createPythonAnalyzer(rules: readonly PythonRule[]): Promise<Analyzer> {
  const parser = await createPythonParser();
  return {
    analyze(file: SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
      const active = options.onlyRules ? rules.filter((r) => options.onlyRules?.has(r.meta.id)) : rules;
      const tree = parser.parse(file.text);
      if (!tree) {
        return { findings: [], errors: [{ file: file.path, kind: 'parse', message: 'the parser gave up on this file' }], lines: countLines(file.text) };
      }
      try {
        const facts = buildFileFacts(file, tree);
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
        const findings = walk(facts, active, errors);
        return { findings: dedupe(findings).sort(compareFindings), errors, lines: countLines(file.text) };
      } finally {
        tree.delete();
      }
    },
  };
}

/** One pass over the tree, handing each node only to the rules that asked for its type. */
function walk(facts: PythonFileFacts, rules: readonly PythonRule[], errors: FileError[]): Finding[] {
  const dispatch = new Map<string, { rule: PythonRule; visit: Visitor }[]>();
  for (const rule of rules) {
    const visit = rule.bind(facts);
    for (const type of rule.visits) {
      const list = dispatch.get(type);
      if (list) list.push({ rule, visit });
      else dispatch.set(type, [{ rule, visit }]);
    }
  }
  const findings: Finding[] = [];
  const failed = new Set<string>();
  const cursor = facts.root.walk();
  try {
    for (;;) {
      // nodeType is cheap; only materialise a Node object when some rule wants it.
      const handlers = dispatch.get(cursor.nodeType);
      if (handlers) {
        const node = cursor.currentNode;
        for (const { rule, visit } of handlers) {
          if (failed.has(rule.meta.id)) continue;
          try {
            findings.push(...visit(node));
          } catch (error) {
            failed.add(rule.meta.id);
            errors.push({
              file: facts.file.path,
              kind: 'internal',
              line: node.startPosition.row + 1,
              message: `rule ${rule.meta.id} failed here and was skipped for this file: ${String(error)}`,
            });
          }
        }
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return findings;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Several visits may reach the same defect (e.g. nested calls); keep one per rule and place. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.line}:${f.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Lines as an editor counts them: a final line break does not start another line. */
function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

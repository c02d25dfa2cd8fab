import type { Analyzer, ModuleScan, SourceFile } from '../../core/language.js';
import { frontendById } from '../languages.js';
import { scopesOf } from '../suppressions/scopes.js';
import { optionsOf } from './tasks.js';
import type { Task, TaskResult } from './tasks.js';

/**
 * Runs one task with analyzers created on first use in this thread (the grammar loads once
 * per thread). Used both by worker threads and in-process, so results are identical.
 */
export function createTaskRunner(): (task: Task) => Promise<TaskResult> {
  const analyzers = new Map<string, Promise<Analyzer>>();
  const analyzerFor = (id: string): Promise<Analyzer> => {
    let analyzer = analyzers.get(id);
    if (!analyzer) {
      const frontend = frontendById(id);
      if (!frontend) return Promise.reject(new Error(`no front-end for language "${id}"`));
      analyzer = frontend.createAnalyzer();
      analyzers.set(id, analyzer);
    }
    return analyzer;
  };
  return async (task) => {
    const analyzer = await analyzerFor(task.frontend);
    if (task.kind === 'scan') return { kind: 'scan', scans: task.files.map((f) => scanOrNull(analyzer, f.source, f.moduleName)) };
    const analysis = analyzer.analyze(task.source, optionsOf(task));
    // Lexed here, in parallel and into the cache, rather than on the main thread after the run.
    const language = frontendById(task.frontend)?.id;
    if (analysis.findings.length === 0 || language === undefined) return { kind: 'analyze', analysis };
    return { kind: 'analyze', analysis: { ...analysis, scopes: scopesOf(task.source.text, language) } };
  };
}

function scanOrNull(analyzer: Analyzer, source: SourceFile, moduleName: string): ModuleScan | null {
  try {
    return analyzer.scan?.(source, moduleName) ?? { calls: [], imports: [] };
  } catch {
    return null;
  }
}

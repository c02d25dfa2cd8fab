import type { Analyzer } from '../../core/language.js';
import { frontendById } from '../languages.js';
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
    if (task.kind === 'scan') return { kind: 'scan', scan: analyzer.scan?.(task.source, task.moduleName) ?? { calls: [], imports: [] } };
    return { kind: 'analyze', analysis: analyzer.analyze(task.source, optionsOf(task)) };
  };
}

// A worker thread of the review pool (piscina calls the exported `runTask`).
import { createTaskRunner } from './run-task.js';
import type { Task, TaskResult } from './tasks.js';

const run = createTaskRunner();

/** Entry point for piscina. */
export function runTask(task: Task): Promise<TaskResult> {
  return run(task);
}

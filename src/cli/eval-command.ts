import { relative, resolve } from 'node:path';
import { loadDataset } from '../eval/dataset.js';
import { renderEvalJson, renderEvalText } from '../eval/report.js';
import { runEval } from '../eval/run.js';
import type { EvalLlmOptions } from '../eval/run.js';
import { resolveLlmSettings } from '../review/llm/settings.js';
import type { LlmOptionValues } from '../review/llm/settings.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `secreview eval`, as commander parses them. */
export interface EvalCommandOptions extends LlmOptionValues {
  readonly dataset: string;
  readonly format: 'text' | 'json';
}

/**
 * `secreview eval`: scores the static rules (and with --llm the LLM reviewer and the merge) on a
 * dataset. Exit 0 when the measurement is complete; 2 for a bad dataset or usage, or when the
 * LLM failed on some samples (its numbers would understate it), after printing the report.
 */
export async function runEvalCommand(options: EvalCommandOptions, io: CliIo): Promise<number> {
  let llm: EvalLlmOptions | undefined;
  if (options.llm) {
    const resolved = resolveLlmSettings(options, io.env, io.cwd);
    if (typeof resolved === 'string') return fail(io, resolved);
    llm = resolved;
  }
  const path = resolve(io.cwd, options.dataset);
  const display = relative(io.cwd, path) || options.dataset;
  const dataset = await loadDataset(path, display.startsWith('..') ? path : display);
  if (!dataset.ok) {
    for (const problem of dataset.problems) io.stderr(`secreview: ${problem}\n`);
    return ExitCode.Error;
  }
  const outcome = await runEval(dataset.samples, io.cwd, llm);
  const info = { dataset: display.startsWith('..') ? path : display, ...(llm ? { model: llm.settings.model } : {}) };
  io.stdout(options.format === 'json' ? renderEvalJson(outcome, info) : renderEvalText(outcome, info));
  for (const error of outcome.errors) io.stderr(`secreview: ${error.file === '' ? error.kind : error.file}: ${error.message}\n`);
  return outcome.errors.some((e) => e.kind === 'llm') ? ExitCode.Error : ExitCode.Clean;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

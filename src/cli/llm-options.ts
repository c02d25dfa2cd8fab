import type { Command } from 'commander';
import { allRules } from '../review/languages.js';
import { resolveLlmSettings } from '../review/llm/settings.js';
import type { LlmOptionValues } from '../review/llm/settings.js';
import type { LlmStep } from '../review/llm/step.js';
import { LLM_DEFAULTS, PROMPT_DESIGNS } from '../review/llm/types.js';

/**
 * Adds the LLM second-reviewer options to a command (`review` and `eval` share them). The base
 * URL and model have no commander default, so the environment can fill them in.
 */
export function addLlmOptions(command: Command, options: { compareDesigns: boolean }): Command {
  const designs = PROMPT_DESIGNS.join(', ');
  return command
    .option('--llm', 'also review with an LLM (any OpenAI-compatible API); its claims are verified before they are shown')
    .option('--llm-base-url <url>', `API root of the LLM server (env SECREVIEW_LLM_BASE_URL; default ${LLM_DEFAULTS.baseUrl}, Ollama)`)
    .option('--llm-model <name>', 'model to ask, e.g. qwen2.5-coder:7b (env SECREVIEW_LLM_MODEL)')
    .option(
      '--llm-prompt <design>',
      options.compareDesigns ? `prompt design(s), comma-separated to compare: ${designs}` : `prompt design: ${designs}`,
      LLM_DEFAULTS.promptDesign,
    )
    .option('--llm-timeout <duration>', 'timeout of one LLM request (90, 90s, 1500ms, 2m)', `${LLM_DEFAULTS.timeoutMs / 1000}s`)
    .option('--llm-max-tokens <n>', 'upper bound on the tokens of one LLM answer', String(LLM_DEFAULTS.maxTokens))
    .option('--no-cache', `neither read nor write the caches (per-file results, and LLM answers in ${LLM_DEFAULTS.cacheDir}/)`);
}

/**
 * The LLM step for `review`, or a usage error message. The client (and its HTTP stack) is
 * loaded only here: a review without --llm never pays for it.
 */
export async function llmStepFromOptions(values: LlmOptionValues, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<LlmStep | string> {
  const resolved = resolveLlmSettings(values, env, cwd);
  if (typeof resolved === 'string') return resolved;
  if (resolved.designs.length > 1) return '--llm-prompt: review takes one prompt design (secreview eval compares several)';
  const { createLlmStep } = await import('../review/llm/step.js');
  return createLlmStep(resolved.settings, allRules());
}

import { isAbsolute, join } from 'node:path';
import { LLM_DEFAULTS, PROMPT_DESIGNS, isPromptDesign } from './types.js';
import type { LlmSettings, PromptDesign } from './types.js';

/** The LLM options as the CLI parses them (strings, as typed). */
export interface LlmOptionValues {
  readonly llm?: boolean;
  readonly llmBaseUrl?: string;
  readonly llmModel?: string;
  readonly llmPrompt?: string;
  readonly llmTimeout?: string;
  readonly llmMaxTokens?: string;
  /** False with `--no-cache`. */
  readonly cache?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Settings for the LLM reviewer from the flags, then the environment (SECREVIEW_LLM_BASE_URL,
 * SECREVIEW_LLM_MODEL, SECREVIEW_LLM_API_KEY or OPENAI_API_KEY), then the defaults; or a usage
 * error message. `designs` holds one prompt design, or several for `secreview eval`.
 */
export function resolveLlmSettings(values: LlmOptionValues, env: Env, cwd: string): { settings: LlmSettings; designs: PromptDesign[] } | string {
  const model = (values.llmModel ?? env.SECREVIEW_LLM_MODEL ?? '').trim();
  if (model === '') return '--llm needs a model: pass --llm-model NAME (e.g. qwen2.5-coder:7b) or set SECREVIEW_LLM_MODEL';
  const baseUrl = (values.llmBaseUrl ?? env.SECREVIEW_LLM_BASE_URL ?? LLM_DEFAULTS.baseUrl).trim();
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) return `--llm-base-url: "${baseUrl}" is not an http(s) URL (example: ${LLM_DEFAULTS.baseUrl})`;
  const designs = parseDesigns(values.llmPrompt ?? LLM_DEFAULTS.promptDesign);
  if (typeof designs === 'string') return designs;
  const timeoutMs = values.llmTimeout === undefined ? LLM_DEFAULTS.timeoutMs : parseDuration(values.llmTimeout);
  if (timeoutMs === undefined) return `--llm-timeout: "${values.llmTimeout ?? ''}" is not a duration (examples: 90, 90s, 1500ms, 2m)`;
  const maxTokens = values.llmMaxTokens === undefined ? LLM_DEFAULTS.maxTokens : parsePositiveInt(values.llmMaxTokens);
  if (maxTokens === undefined) return `--llm-max-tokens: "${values.llmMaxTokens ?? ''}" is not a positive whole number`;
  const apiKey = env.SECREVIEW_LLM_API_KEY ?? env.OPENAI_API_KEY;
  const settings: LlmSettings = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs,
    maxTokens,
    promptDesign: designs[0] ?? LLM_DEFAULTS.promptDesign,
    concurrency: LLM_DEFAULTS.concurrency,
    retries: LLM_DEFAULTS.retries,
    chunkTokens: LLM_DEFAULTS.chunkTokens,
    ...(values.cache === false ? {} : { cacheDir: isAbsolute(LLM_DEFAULTS.cacheDir) ? LLM_DEFAULTS.cacheDir : join(cwd, LLM_DEFAULTS.cacheDir) }),
  };
  return { settings, designs };
}

function parseDesigns(text: string): PromptDesign[] | string {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !isPromptDesign(n));
  if (names.length === 0 || unknown.length > 0) {
    return `--llm-prompt: unknown prompt design "${unknown.join(', ') || text}" (choose from ${PROMPT_DESIGNS.join(', ')})`;
  }
  return [...new Set(names)].filter(isPromptDesign);
}

/** `90` and `90s` are seconds; `1500ms` and `2m` are what they say. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  const ms = Number(match[1]) * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000);
  return ms >= 1 ? Math.round(ms) : undefined;
}

function parsePositiveInt(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= 1 && n <= 1_000_000 ? n : undefined;
}

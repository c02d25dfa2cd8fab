import type { CodeContext } from '../../core/finding.js';

/** The prompt designs of the research the LLM reviewer follows; `full` combines the others. */
export type PromptDesign = 'basic' | 'cwe-list' | 'commit' | 'cot' | 'full';

/** Every prompt design, in the order the CLI lists them. */
export const PROMPT_DESIGNS: readonly PromptDesign[] = ['basic', 'cwe-list', 'commit', 'cot', 'full'];

/** True when `name` is a prompt design. */
export function isPromptDesign(name: string): name is PromptDesign {
  return (PROMPT_DESIGNS as readonly string[]).includes(name);
}

/** One chat message in the OpenAI chat-completions shape. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** A source file handed to the LLM reviewer. */
export interface LlmSourceFile {
  /** Display path, as in findings. */
  readonly path: string;
  readonly text: string;
  readonly context: CodeContext;
  /** Lines added or modified by the change under review; absent when the whole file is reviewed. */
  readonly changedLines?: ReadonlySet<number>;
  /** The commit message for this file when it differs per file (evaluation samples). */
  readonly commitMessage?: string;
}

/** How the LLM reviewer talks to its endpoint and what it sends. */
export interface LlmSettings {
  /** OpenAI-compatible API root, e.g. `http://localhost:11434/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Upper bound on the tokens of one answer. */
  readonly maxTokens: number;
  readonly promptDesign: PromptDesign;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Retries of one request after a 429, a 5xx, a timeout or a dropped connection. */
  readonly retries: number;
  /** Budget of (estimated) tokens for the code of one chunk. */
  readonly chunkTokens: number;
  /** Directory of the response cache; absent turns the cache off. */
  readonly cacheDir?: string;
}

/** Defaults shared by the CLI and the eval command. */
export const LLM_DEFAULTS = {
  baseUrl: 'http://localhost:11434/v1',
  timeoutMs: 120_000,
  maxTokens: 2048,
  promptDesign: 'full',
  // Local servers (Ollama, llama.cpp) serve one or two requests at a time; more only queue up
  // and run into the timeout.
  concurrency: 2,
  retries: 2,
  chunkTokens: 3000,
  cacheDir: '.secreview-cache/llm',
} as const satisfies Partial<Record<keyof LlmSettings, unknown>>;

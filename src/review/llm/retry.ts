import { LlmCallError } from './client.js';
import type { ChatClient, ChatReply, ResponseFormatMode } from './client.js';
import type { ChatMessage } from './types.js';

/** When and how long to wait before trying a failed request again. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** First backoff delay; it doubles with each retry, with jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `retry-after` longer than this fails the request instead of stalling the review. */
  readonly maxRetryAfterMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** The policy of a real run. */
export function defaultRetryPolicy(retries: number): RetryPolicy {
  return {
    retries,
    baseDelayMs: 500,
    maxDelayMs: 8_000,
    maxRetryAfterMs: 60_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };
}

/** Runs `attempt`, retrying retryable failures with exponential backoff or the server's `retry-after`. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof LlmCallError) || !error.retryable || tries >= policy.retries) throw error;
      const wait = delayBeforeRetry(error, tries, policy);
      if (wait > policy.maxRetryAfterMs) {
        throw new LlmCallError(`${error.message} (the server asked to retry after ${Math.ceil(wait / 1000)}s; try again later)`, error.kind, error.status);
      }
      await policy.sleep(wait);
    }
  }
}

/** The server's `retry-after` when it sent one, else base·2^n scaled by a random factor in [0.5, 1). */
export function delayBeforeRetry(error: LlmCallError, tries: number, policy: RetryPolicy): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** tries);
  return Math.round(backoff * (0.5 + policy.random() / 2));
}

const LADDER: readonly ResponseFormatMode[] = ['json_schema', 'json_object', 'text'];

/**
 * Sends requests with the strictest `response_format` the server accepts: json_schema, then
 * json_object, then none (the answer is then parsed from plain text). A 400/422 moves one step
 * down; the step that worked is kept for the rest of the run.
 */
export class FormatNegotiator {
  private mode: ResponseFormatMode = 'json_schema';

  constructor(
    private readonly client: ChatClient,
    private readonly policy: RetryPolicy,
  ) {}

  /** The format later requests start with. */
  get current(): ResponseFormatMode {
    return this.mode;
  }

  async complete(messages: readonly ChatMessage[]): Promise<ChatReply> {
    let mode = this.mode;
    for (;;) {
      try {
        const reply = await withRetries(() => this.client.complete({ messages, format: mode }), this.policy);
        if (LADDER.indexOf(mode) > LADDER.indexOf(this.mode)) this.mode = mode;
        return reply;
      } catch (error) {
        const next = LADDER[LADDER.indexOf(mode) + 1];
        if (!(error instanceof LlmCallError) || !error.badRequest || next === undefined) throw error;
        mode = next;
      }
    }
  }
}

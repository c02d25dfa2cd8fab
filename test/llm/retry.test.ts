import { describe, expect, it } from 'vitest';
import { LlmCallError, retryAfter } from '../../src/review/llm/client.js';
import type { ChatClient, ChatRequest } from '../../src/review/llm/client.js';
import { FormatNegotiator, delayBeforeRetry, withRetries } from '../../src/review/llm/retry.js';
import type { RetryPolicy } from '../../src/review/llm/retry.js';

function policy(sleeps: number[], retries = 3): RetryPolicy {
  return { retries, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000, sleep: (ms) => (sleeps.push(ms), Promise.resolve()), random: () => 0.999 };
}

function failing(errors: LlmCallError[]): () => Promise<string> {
  return () => {
    const next = errors.shift();
    return next ? Promise.reject(next) : Promise.resolve('ok');
  };
}

describe('retries', () => {
  it('waits as long as retry-after says, else backs off exponentially', async () => {
    const sleeps: number[] = [];
    const errors = [new LlmCallError('429', 'http', 429, 7000), new LlmCallError('503', 'http', 503), new LlmCallError('t', 'timeout')];
    await expect(withRetries(failing(errors), policy(sleeps))).resolves.toBe('ok');
    expect(sleeps).toEqual([7000, 200, 400]);
  });

  it('gives up after the last retry, and never retries a 400 or 401', async () => {
    const sleeps: number[] = [];
    await expect(withRetries(failing([500, 500, 500].map((s) => new LlmCallError(`HTTP ${s}`, 'http', s))), policy(sleeps, 2))).rejects.toThrow('HTTP 500');
    expect(sleeps).toHaveLength(2);
    for (const code of [400, 401, 404]) {
      const none: number[] = [];
      await expect(withRetries(failing([new LlmCallError('no', 'http', code)]), policy(none))).rejects.toThrow('no');
      expect(none).toEqual([]);
    }
  });

  it('fails at once when the server asks for a wait longer than the cap', async () => {
    await expect(withRetries(failing([new LlmCallError('HTTP 429', 'http', 429, 3_600_000)]), policy([]))).rejects.toThrow(/retry after 3600s/);
  });

  it('caps the backoff and applies jitter', () => {
    const p = { ...policy([]), random: () => 0 };
    expect(delayBeforeRetry(new LlmCallError('x', 'timeout'), 10, p)).toBe(500);
  });

  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfter(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfter(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfter(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfter(new Headers({}))).toBeUndefined();
  });
});

describe('response format negotiation', () => {
  it('steps down json_schema → json_object → text on 400 and remembers what worked', async () => {
    const seen: string[] = [];
    const client: ChatClient = {
      complete(request: ChatRequest) {
        seen.push(request.format);
        return request.format === 'text' ? Promise.resolve({ content: '{}', truncated: false }) : Promise.reject(new LlmCallError('bad', 'http', 400));
      },
    };
    const negotiator = new FormatNegotiator(client, policy([]));
    await negotiator.complete([{ role: 'user', content: 'x' }]);
    await negotiator.complete([{ role: 'user', content: 'y' }]);
    expect(seen).toEqual(['json_schema', 'json_object', 'text', 'text']);
    expect(negotiator.current).toBe('text');
  });

  it('does not step down on other errors', async () => {
    const client: ChatClient = { complete: () => Promise.reject(new LlmCallError('HTTP 401', 'http', 401)) };
    await expect(new FormatNegotiator(client, policy([])).complete([])).rejects.toThrow('HTTP 401');
  });
});

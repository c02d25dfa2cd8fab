import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAI } from 'openai';
import { ANSWER_SCHEMA } from './answer-schema.js';
import type { ChatMessage, LlmSettings } from './types.js';

/** How strictly the request asks for JSON; servers that reject one level get the next. */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'text';

/** One chat-completions request. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly format: ResponseFormatMode;
}

/** The text of the answer, and whether the server cut it off at the token limit. */
export interface ChatReply {
  readonly content: string;
  readonly truncated: boolean;
}

/** The seam between the reviewer and an endpoint; tests use a local fake server behind the real client. */
export interface ChatClient {
  complete(request: ChatRequest): Promise<ChatReply>;
}

export type CallErrorKind = 'timeout' | 'connection' | 'http' | 'empty';

/** A failed request, classified for the retry policy and worded for the user. */
export class LlmCallError extends Error {
  constructor(
    message: string,
    readonly kind: CallErrorKind,
    readonly status?: number,
    /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmCallError';
  }

  /** Worth another try: a timeout, a dropped connection, 408, 409, 429 or a 5xx. */
  get retryable(): boolean {
    if (this.kind === 'timeout' || this.kind === 'connection') return true;
    const status = this.status ?? 0;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }

  /** The server rejected the request itself (400/422), e.g. an unsupported `response_format`. */
  get badRequest(): boolean {
    return this.status === 400 || this.status === 422;
  }

  /** No later request can succeed either: unreachable server, bad key, unknown model or path. */
  get fatal(): boolean {
    return this.kind === 'connection' || this.status === 401 || this.status === 403 || this.status === 404;
  }
}

type ClientSettings = Pick<LlmSettings, 'baseUrl' | 'model' | 'apiKey' | 'timeoutMs' | 'maxTokens'>;

/** A chat client over the official `openai` SDK; retries are ours (see retry.ts), so the SDK's are off. */
export function createOpenAiClient(settings: ClientSettings): ChatClient {
  const openai = new OpenAI({
    baseURL: settings.baseUrl,
    // Local servers ignore the key, but the SDK insists on one.
    apiKey: settings.apiKey ?? 'no-key',
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  return {
    async complete(request: ChatRequest): Promise<ChatReply> {
      try {
        const completion = await openai.chat.completions.create({
          model: settings.model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          max_tokens: settings.maxTokens,
          temperature: 0,
          ...responseFormat(request.format),
        });
        const choice = completion.choices[0];
        const content = choice?.message.content ?? '';
        if (content.trim() === '') throw new LlmCallError('the server sent an empty answer', 'empty');
        return { content, truncated: choice?.finish_reason === 'length' };
      } catch (error) {
        throw toCallError(error, settings);
      }
    },
  };
}

function responseFormat(format: ResponseFormatMode): Record<string, unknown> {
  if (format === 'json_schema') {
    return { response_format: { type: 'json_schema', json_schema: { name: 'security_review', strict: true, schema: ANSWER_SCHEMA } } };
  }
  return format === 'json_object' ? { response_format: { type: 'json_object' } } : {};
}

/** Turns SDK errors into messages that say what failed and what to do next. */
export function toCallError(error: unknown, settings: ClientSettings): LlmCallError {
  if (error instanceof LlmCallError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmCallError(`no answer within ${seconds(settings.timeoutMs)} (raise --llm-timeout for slow models)`, 'timeout');
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new LlmCallError(`cannot connect to ${settings.baseUrl}${cause} (is the server running? see --llm-base-url)`, 'connection');
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = error.message.replace(/^\d{3}\s*/, '') || 'no details';
    return new LlmCallError(`HTTP ${status} from ${settings.baseUrl}: ${detail}${hint(status, settings)}`, 'http', status, retryAfter(error.headers as Headers | undefined));
  }
  return new LlmCallError(error instanceof Error ? error.message : String(error), 'connection');
}

function hint(status: number, settings: ClientSettings): string {
  if (status === 401 || status === 403) return ' (set SECREVIEW_LLM_API_KEY or OPENAI_API_KEY)';
  if (status === 404) return ` (check --llm-base-url and that the model "${settings.model}" is available, e.g. \`ollama pull ${settings.model}\`)`;
  return '';
}

/** Milliseconds to wait as the server asked: `retry-after-ms`, `retry-after` seconds, or an HTTP date. */
export function retryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const secondsValue = Number(value);
  if (Number.isFinite(secondsValue) && secondsValue >= 0) return secondsValue * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

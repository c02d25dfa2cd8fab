// A local stand-in for an OpenAI-compatible chat-completions server (Ollama, vLLM, a hosted
// API), started on 127.0.0.1 inside the tests and answering from a script.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a chat-completions request body the tests look at. */
export interface ChatBody {
  readonly model: string;
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>;
  readonly response_format?: { readonly type: string };
  readonly max_tokens?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ChatBody;
}

/** What the fake server does with one request. */
export type Reply =
  | { readonly kind: 'content'; readonly content: string; readonly finishReason?: string }
  | { readonly kind: 'status'; readonly status: number; readonly message?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' };

export type Script = (request: RecordedRequest, index: number) => Reply;

export interface FakeLlm {
  /** The API root to pass as --llm-base-url. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** An answer with this text as the assistant message. */
export function content(text: string, finishReason = 'stop'): Reply {
  return { kind: 'content', content: text, finishReason };
}

/** An answer whose text is `value` as JSON. */
export function answer(value: unknown): Reply {
  return content(JSON.stringify(value));
}

/** An HTTP error with an OpenAI-style error body. */
export function status(code: number, headers: Readonly<Record<string, string>> = {}, message = `scripted ${code}`): Reply {
  return { kind: 'status', status: code, message, headers };
}

/** Replies in order; the last one repeats. */
export function sequence(...replies: Reply[]): Script {
  return (_request, index) => replies[Math.min(index, replies.length - 1)] ?? status(500);
}

/** The user message of a request (the prompt with the code). */
export function userPrompt(request: RecordedRequest): string {
  return request.body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
}

export async function startFakeLlm(script: Script): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') as ChatBody };
      const index = requests.length;
      requests.push(request);
      respond(res, script(request, index), request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(res: ServerResponse, reply: Reply, request: RecordedRequest): void {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'status') {
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify({ error: { message: reply.message ?? 'error', type: 'scripted', code: null } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model: request.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: reply.finishReason ?? 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  );
}

// A small HTTP server on 127.0.0.1 for the poster tests: routes are matched on method and path,
// every request is recorded (method, path, headers, body), and a test can make any route answer
// with a failure. It never listens on anything but the loopback address.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a route answers. */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A route: `GET /a/changes/:id/...`, with `:name` matching one path segment. */
export type Handler = (request: RecordedRequest, params: Readonly<Record<string, string>>) => Reply;

export interface FakeServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Adds or replaces a route. */
  route(method: string, pattern: string, handler: Handler): void;
  close(): Promise<void>;
}

/** Starts a server on an ephemeral port of 127.0.0.1. */
export async function startFakeServer(): Promise<FakeServer> {
  const routes = new Map<string, { regex: RegExp; names: string[]; handler: Handler }>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const reply = answer(routes, recorded, url.pathname);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, pattern, handler) {
      const names: string[] = [];
      const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      routes.set(`${method} ${pattern}`, { regex: new RegExp(`^${method} ${source}$`), names, handler });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(routes: Map<string, { regex: RegExp; names: string[]; handler: Handler }>, request: RecordedRequest, pathname: string): Reply {
  for (const route of routes.values()) {
    const match = route.regex.exec(`${request.method} ${pathname}`);
    if (!match) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
    return route.handler(request, params);
  }
  return { status: 404, body: JSON.stringify({ message: 'Not Found' }) };
}

/** Runs the CLI in-process with the given environment and working directory. */
export async function runCliWithEnv(argv: readonly string[], cwd: string, env: Readonly<Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: () => Promise.resolve(new Uint8Array()),
    cwd,
    env,
    stdoutIsTty: false,
  });
  return { code, stdout, stderr };
}

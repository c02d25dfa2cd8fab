import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPaths } from '../core/install-paths.js';

/** The outside world as the CLI sees it; tests pass fakes. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Uint8Array>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (decides colours). */
  readonly stdoutIsTty: boolean;
  /** Whether stderr is a terminal (decides the progress bar). */
  readonly stderrIsTty?: boolean;
  /** The width of that terminal, when known (the progress bar fits its line to it). */
  readonly stderrColumns?: number;
  /** Milliseconds on a steady clock, for the progress bar; tests pass a fake one. */
  readonly now?: () => number;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTty: process.stdout.isTTY,
    stderrIsTty: process.stderr.isTTY,
    ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
    now: () => performance.now(),
  };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The package version, read once from package.json next to dist/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(installPaths(import.meta.url).packageDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

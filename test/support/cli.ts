import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function runCli(
  argv: readonly string[],
  options: {
    cwd?: string;
    stdin?: string | Uint8Array;
    tty?: boolean;
    /** stderr is a terminal (the progress bar), with this clock and width. */
    stderrTty?: { now: () => number; columns?: number };
    env?: Readonly<Record<string, string>>;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: () => Promise.resolve(typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array())),
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    stdoutIsTty: options.tty ?? false,
    ...(options.stderrTty
      ? { stderrIsTty: true, now: options.stderrTty.now, ...(options.stderrTty.columns ? { stderrColumns: options.stderrTty.columns } : {}) }
      : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

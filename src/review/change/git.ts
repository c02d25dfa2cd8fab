import { execFile } from 'node:child_process';

/** What one git command returned. */
export interface GitOutput {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * The one door to git: runs `git <args>` in `cwd` with an argument array (never a shell
 * string). Tests substitute a fake; the real one is `systemGit()`.
 */
export interface Git {
  run(args: readonly string[], cwd: string): Promise<GitOutput>;
}

// Diffs of large changes are big; stay well above anything a review handles.
const MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * Options that keep git's output machine-readable whatever the user's configuration says:
 * quoted unusual paths, `a/` and `b/` prefixes, paths from the repository root, no pager.
 */
const STABLE_CONFIG = ['-c', 'core.quotePath=true', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'diff.relative=false', '-c', 'color.ui=never'];

/** The `git` on PATH. */
export function systemGit(): Git {
  return {
    run(args, cwd) {
      return new Promise((resolve) => {
        execFile(
          'git',
          [...STABLE_CONFIG, ...args],
          { cwd, encoding: 'buffer', maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
            const text = stderr.toString('utf8') || (error && typeof error.code !== 'number' ? error.message : '');
            resolve({ code, stdout, stderr: text });
          },
        );
      });
    },
  };
}

/** Runs git and returns stdout as text, or throws a GitError with git's own message. */
export async function gitText(git: Git, args: readonly string[], cwd: string): Promise<string> {
  const out = await git.run(args, cwd);
  if (out.code !== 0) throw new GitError(args, out);
  return out.stdout.toString('utf8');
}

/** A git command that failed; the message quotes git's first stderr line. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly output: GitOutput,
  ) {
    const detail = output.stderr.trim().split('\n')[0] ?? '';
    super(output.code === 127 && /ENOENT/.test(output.stderr) ? 'git is not installed or not on PATH' : `git ${args[0] ?? ''} failed: ${detail || `exit code ${output.code}`}`);
    this.name = 'GitError';
  }
}

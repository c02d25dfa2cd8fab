// A throwaway git repository for change-review tests: real `git`, a fixed identity, no global
// or system configuration, so the user's settings cannot change what the tests see.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepo {
  readonly dir: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  commit(message: string): void;
}

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_DATE: '2024-10-01T10:00:00Z',
  GIT_COMMITTER_DATE: '2024-10-01T10:00:00Z',
};

export function tempRepo(): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-repo-'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: ENV });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test Author');
  git('config', 'user.email', 'author@example.org');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
  };
}

import { Option } from 'commander';
import type { Command } from 'commander';
import { SEVERITIES } from '../core/finding.js';
import type { GerritPostOptions } from './gerrit-command.js';
import type { GithubReviewOptions } from './github-command.js';
import type { CliIo } from './io.js';

// `secreview gerrit post` and `secreview github review`: the only commands that use the network,
// and only the review site the user names.

/** Adds the review-site commands to the program. */
export function addIntegrationCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const failOn = (): Option =>
    new Option('--fail-on <severity>', 'exit 1 when a posted finding is at or above this severity').choices(['none', ...SEVERITIES]).default('none');

  program
    .command('gerrit')
    .description('post reviews to Gerrit Code Review (GERRIT_URL, GERRIT_USER, GERRIT_HTTP_PASSWORD)')
    .exitOverride()
    .command('post')
    .description("review a change's files in the working tree (or post a saved report) as inline comments on a Gerrit revision")
    .requiredOption('--change <id>', 'change number, Change-Id, or project~branch~Change-Id')
    .requiredOption('--revision <rev>', 'revision: commit SHA, patch set number, or "current"')
    .option('--report <file>', 'post this saved report (--format json or --format gerrit) instead of reviewing')
    .option('--all', "comment on findings anywhere in the revision's files, not only on its changed lines")
    .option('--vote [label]', 'vote -1 on LABEL (default Code-Review) when there are findings, 0 when there are none')
    .addOption(new Option('--comments <kind>', 'robot comments, or human comments for servers without robot comments (Gerrit 3.13+)').choices(['robot', 'human']).default('robot'))
    .option('--dry-run', 'print the ReviewInput instead of posting it')
    .addOption(failOn())
    .exitOverride()
    .action(async (options: GerritPostOptions) => {
      setExit(await (await import('./gerrit-command.js')).runGerritPostCommand(options, io));
    });

  program
    .command('github')
    .description('post reviews to GitHub pull requests (GITHUB_TOKEN, GITHUB_API_URL)')
    .exitOverride()
    .command('review')
    .description("review a pull request's changed files in the working tree (its checked-out head) and post inline comments on the diff")
    .requiredOption('--repo <owner/name>', 'the repository, OWNER/NAME')
    .requiredOption('--pr <number>', 'the pull request number')
    .option('--report <file>', 'post this saved JSON report (--format json) instead of reviewing')
    .addOption(new Option('--event <event>', 'the review event; request-changes only when there are findings').choices(['comment', 'request-changes']).default('comment'))
    .option('--dry-run', 'read the pull request and print what would be posted, without posting')
    .addOption(failOn())
    .exitOverride()
    .action(async (options: GithubReviewOptions) => {
      setExit(await (await import('./github-command.js')).runGithubReviewCommand(options, io));
    });
}

import { Command, CommanderError, Option } from 'commander';
import { SEVERITIES } from '../core/finding.js';
import { languageIds } from '../review/languages.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion, processIo } from './io.js';
import type { CliIo } from './io.js';
import { runReviewCommand } from './review-command.js';
import type { ReviewCommandOptions } from './review-command.js';
import { runRulesCommand } from './rules-command.js';

/** Runs the CLI and resolves to the process exit code. Never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; everything else is a usage error.
      return error.exitCode === 0 ? ExitCode.Clean : ExitCode.Error;
    }
    io.stderr(`secreview: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.Error;
  }
  return exitCode;
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('secreview')
    .description('Security code review: finds CWE-classified defects, explains why they are exploitable and how to fix them.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command('review')
    .description('review files, directories, or a snippet on stdin ("-")')
    .argument('[paths...]', 'files and directories to review; "-" reads a snippet from stdin', ['.'])
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['none', ...SEVERITIES]).default('low'))
    .addOption(new Option('--lang <language>', 'language of a stdin snippet').choices([...languageIds]).default('python'))
    .option('--max-file-size <bytes>', 'skip files larger than this (suffixes k, m allowed)', '5m')
    .option('--select <ids>', 'run only these rule ids (comma-separated)')
    .option('--ignore <ids>', 'do not run these rule ids (comma-separated)')
    .option('--no-gitignore', 'also review files that .gitignore excludes')
    .option('--color', 'force colours in the text report')
    .option('--no-color', 'never use colours')
    .exitOverride()
    .action(async (paths: string[], options: ReviewCommandOptions) => {
      setExit(await runReviewCommand(paths, options, io));
    });

  program
    .command('rules')
    .description('list every rule with its metadata')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .exitOverride()
    .action((options: { format: 'text' | 'json' }) => {
      setExit(runRulesCommand(options, io));
    });

  return program;
}

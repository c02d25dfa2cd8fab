import { Command, CommanderError, Option } from 'commander';
import { SEVERITIES } from '../core/finding.js';
import { languageIds } from '../review/languages.js';
import { addBaselineCommand } from './baseline-command.js';
import type { DocsCommandOptions } from './docs-command.js';
import type { EvalCommandOptions } from './eval-command.js';
import { ExitCode } from './exit-codes.js';
import type { ExplainCommandOptions } from './explain-command.js';
import { addIntegrationCommands } from './integration-commands.js';
import { packageVersion, processIo } from './io.js';
import type { CliIo } from './io.js';
import { addLlmOptions } from './llm-options.js';
import type { ReviewCommandOptions } from './review-command.js';

/**
 * Runs the CLI and resolves to the process exit code. Never calls process.exit. Each command's
 * code is loaded when that command runs: loading every command (the LLM client, the GitHub
 * API client, the evaluation harness) took a third of a second before any work began.
 */
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
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif', 'markdown', 'html', 'gerrit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: low, or fail-on in the config)').choices(['none', ...SEVERITIES]))
    .addOption(new Option('--lang <language>', 'language of a stdin snippet').choices([...languageIds]).default('python'))
    .option('--max-file-size <bytes>', 'skip files larger than this (suffixes k, m allowed; default 5m)')
    .option('--select <ids>', 'run only these rules: ids, id prefixes, names or CWE ids (comma-separated)')
    .option('--ignore <ids>', 'do not run these rules (comma-separated, same forms as --select)')
    .option('--no-gitignore', 'also review files that .gitignore excludes')
    .option('--diff [base]', 'review the working tree\'s change against BASE (default: merge-base with the upstream branch, else HEAD)')
    .option('--staged', 'review the staged change (the index) against HEAD, or against --diff BASE')
    .option('--patch <file>', 'review the change in a unified diff or patch file ("-" reads stdin)')
    .option('--all', 'with a change: report whole changed files, not only findings on changed lines')
    .option('--message <file>', 'the change\'s commit message, for the report ("-" reads stdin)')
    .option('--baseline <file>', 'hide findings recorded in this baseline file (see "secreview baseline create")')
    .option('--no-baseline', 'ignore the baseline set in the configuration')
    .option('--report-unused-suppressions', 'report "# secreview: ignore[...]" comments that suppress nothing')
    .option('--config <file>', 'read settings from this file instead of searching for .secreview.toml, .secreview.yml or pyproject.toml')
    .option('--no-config', 'ignore configuration files')
    .option('--include-tests', 'also show findings in test and example code that cannot reach production, as information')
    .option('--considered', 'show what was checked for each relevant CWE and why it is fine (default: one file, a snippet or a change)')
    .option('--no-considered', 'leave out the Considered section')
    .option('--gerrit-vote [label]', 'with --format gerrit: vote -1 on LABEL (default Code-Review) when there are findings, 0 when there are none')
    .addOption(new Option('--gerrit-comments <kind>', 'with --format gerrit: robot comments, or human comments for servers without them').choices(['robot', 'human']).default('robot'))
    .option('--color', 'force colours in the text report')
    .option('--no-color', 'never use colours')
    .option('-j, --jobs <n>', 'worker threads for analysing files (default: number of cores)')
    .option('--cache-dir <dir>', 'where the incremental cache lives (default .secreview-cache, or $SECREVIEW_CACHE_DIR)')
    .exitOverride()
    .action(async (paths: string[], options: ReviewCommandOptions) => {
      setExit(await (await import('./review-command.js')).runReviewCommand(paths, options, io));
    });

  program
    .command('rules')
    .description('list every rule with its metadata')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .exitOverride()
    .action(async (options: { format: 'text' | 'json' }) => {
      setExit((await import('./rules-command.js')).runRulesCommand(options, io));
    });

  program
    .command('explain')
    .description("print one rule's documentation: why it matters, examples, how to fix")
    .argument('<rule>', 'rule id (PY-SQLI-001) or name (sql-built-from-string)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--color', 'force colours')
    .option('--no-color', 'never use colours')
    .exitOverride()
    .action(async (rule: string, options: ExplainCommandOptions) => {
      setExit((await import('./explain-command.js')).runExplainCommand(rule, options, io));
    });

  // Development tool behind `npm run docs`; hidden from --help.
  program
    .command('docs', { hidden: true })
    .description('regenerate docs/rules/*.md and the README rule table from the rule metadata')
    .option('--check', 'only report stale files (exit 1), write nothing')
    .option('--root <dir>', 'repository root (default: this package)')
    .exitOverride()
    .action(async (options: DocsCommandOptions) => {
      setExit(await (await import('./docs-command.js')).runDocsCommand(options, io));
    });

  const review = program.commands.find((c) => c.name() === 'review');
  if (review) addLlmOptions(review, { compareDesigns: false });

  addLlmOptions(
    program
      .command('eval')
      .description('measure precision, recall and F1 per CWE on a JSONL dataset: static rules, and with --llm the LLM reviewer and both merged')
      .requiredOption('--dataset <file>', 'JSONL file, one {"id","lang","code","commitMessage"?,"expected":[{"cwe","line"}]} per line')
      .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
      .exitOverride(),
    { compareDesigns: true },
  ).action(async (options: EvalCommandOptions) => {
    setExit(await (await import('./eval-command.js')).runEvalCommand(options, io));
  });

  addIntegrationCommands(program, io, setExit);
  addBaselineCommand(program, io, setExit);

  return program;
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildBaseline } from '../review/baseline/create.js';
import { DEFAULT_BASELINE_FILE, serializeBaseline } from '../review/baseline/format.js';
import { systemGit } from '../review/change/git.js';
import { prepareRun } from '../review/config/prepare.js';
import type { ProjectConfig } from '../review/config/types.js';
import { createContextStage } from '../review/context-stage.js';
import { allRules, frontends } from '../review/languages.js';
import { runReview } from '../review/review.js';
import { ExitCode } from './exit-codes.js';
import { packageVersion } from './io.js';
import type { CliIo } from './io.js';

/** Options of `secreview baseline create`, as commander parses them. */
export interface BaselineCreateOptions {
  readonly output?: string;
  readonly config?: string | false;
  readonly maxFileSize?: string;
  readonly select?: string;
  readonly ignore?: string;
  readonly gitignore: boolean;
}

/** Registers `secreview baseline create`. */
export function addBaselineCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const baseline = program.command('baseline').description('record the current findings, so later reviews show only new ones');
  baseline
    .command('create')
    .description(`review the given paths and write their findings to a baseline file (default ${DEFAULT_BASELINE_FILE}, or baseline in the config)`)
    .argument('[paths...]', 'files and directories to review', ['.'])
    .option('-o, --output <file>', 'where to write the baseline')
    .option('--max-file-size <bytes>', 'skip files larger than this (suffixes k, m allowed; default 5m)')
    .option('--select <ids>', 'record only these rules (comma-separated ids, prefixes, names or CWE ids)')
    .option('--ignore <ids>', 'do not run these rules')
    .option('--no-gitignore', 'also review files that .gitignore excludes')
    .option('--config <file>', 'read settings from this file')
    .option('--no-config', 'ignore configuration files')
    .exitOverride()
    .action(async (paths: string[], options: BaselineCreateOptions) => {
      setExit(await runBaselineCreate(paths, options, io));
    });
  baseline.exitOverride();
}

/**
 * Reviews like `secreview review` (configuration, suppressions and test-context demotion
 * included, no baseline) and writes every finding shown to the baseline file.
 */
export async function runBaselineCreate(paths: readonly string[], options: BaselineCreateOptions, io: CliIo): Promise<number> {
  const prepared = await prepareRun(paths, { ...options, baseline: false }, { cwd: io.cwd, readStdin: io.readStdin, git: systemGit(), frontends, rules: allRules() });
  if (!prepared.ok) return fail(io, prepared.message);
  const { settings, fileStages, runStages } = prepared.run;
  const result = await runReview({
    paths,
    frontends,
    cwd: io.cwd,
    maxFileSize: settings.maxFileSize,
    respectGitignore: settings.respectGitignore,
    fileStages: [...fileStages, createContextStage({ includeTests: false })],
    runStages,
    considered: false,
    ...(settings.onlyRules ? { onlyRules: settings.onlyRules } : {}),
    ...(prepared.run.fileFilter ? { fileFilter: prepared.run.fileFilter } : {}),
    ...(prepared.run.isTestPath ? { isTestPath: prepared.run.isTestPath } : {}),
  });
  for (const error of result.errors) io.stderr(`secreview: ${error.file}${error.line === undefined ? '' : `:${error.line}`}: ${error.message}\n`);
  if (result.stats.files === 0 && result.errors.length > 0) return fail(io, 'nothing could be reviewed; no baseline written');

  const target = outputPath(options.output, settings.config, io.cwd);
  const baseline = buildBaseline({ result, cwd: io.cwd, baselineDir: dirname(target), tool: `secreview ${packageVersion()}` });
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, serializeBaseline(baseline));
  } catch (error) {
    return fail(io, `cannot write the baseline to ${options.output ?? target}: ${(error as Error).message}`);
  }
  const shown = relative(io.cwd, target) || target;
  const count = baseline.findings.length;
  io.stdout(`secreview: recorded ${count} finding${count === 1 ? '' : 's'} in ${shown}; review with --baseline ${shown} to see only new ones\n`);
  return ExitCode.Clean;
}

/** `--output`, else the configured `baseline`, else `.secreview-baseline.json` in the working directory. */
function outputPath(output: string | undefined, config: ProjectConfig | undefined, cwd: string): string {
  if (output !== undefined) return resolve(cwd, output);
  if (config?.settings.baseline !== undefined) return resolve(config.dir, config.settings.baseline);
  return resolve(cwd, DEFAULT_BASELINE_FILE);
}

function fail(io: CliIo, message: string): number {
  io.stderr(`secreview: ${message}\n`);
  return ExitCode.Error;
}

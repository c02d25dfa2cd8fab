import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { LanguageFrontend } from '../../core/language.js';
import type { ChangeSummary, FileError } from '../../core/result.js';
import type { RuleMeta } from '../../core/rule.js';
import { readBaseline } from '../baseline/format.js';
import type { BaselineFile } from '../baseline/format.js';
import { loadGitChange } from '../change/git-change.js';
import type { Git } from '../change/git.js';
import type { ChangeLoad, LoadedChange } from '../change/load.js';
import { loadPatchChange } from '../change/patch-change.js';
import type { ChangedLines } from '../change/types.js';
import type { ReviewSource } from '../review.js';
import type { FileStage, RunStage } from '../stages.js';
import { loadConfig } from './load.js';
import { planReview } from './plan.js';
import { resolveSettings } from './settings.js';
import type { CliChoices, Settings } from './settings.js';
import { formatConfigError } from './types.js';

/** Everything on the command line that shapes a run besides the report. */
export interface RunChoices extends CliChoices {
  /** `--config FILE`, or false for `--no-config`. */
  readonly config?: string | false;
  /** `--diff [BASE]`: true without a base. */
  readonly diff?: string | boolean;
  readonly staged?: boolean;
  /** `--patch FILE`, `-` for stdin. */
  readonly patch?: string;
  /** `--all`: whole files of the change. */
  readonly all?: boolean;
  /** `--message FILE`, `-` for stdin. */
  readonly message?: string;
}

/** The world a run is prepared in; tests pass fakes. */
export interface RunEnvironment {
  readonly cwd: string;
  readonly readStdin: () => Promise<Uint8Array>;
  readonly git: Git;
  readonly frontends: readonly LanguageFrontend[];
  readonly rules: readonly RuleMeta[];
}

/** A run ready to go: settings, stages, and the change's files when reviewing a change. */
export interface PreparedRun {
  readonly settings: Settings;
  readonly fileStages: readonly FileStage[];
  readonly runStages: readonly RunStage[];
  readonly change?: LoadedChange;
  readonly changeSummary?: ChangeSummary;
  /** The change's files, to review instead of paths. */
  readonly sources?: readonly ReviewSource[];
  /** Changed lines by display path when findings are restricted to the change (not with `--all`). */
  readonly changedLines?: ReadonlyMap<string, ChangedLines>;
  /** Problems found while loading the change (a combined merge diff that was skipped). */
  readonly inputErrors: readonly FileError[];
  readonly fileFilter?: (absolutePath: string) => boolean;
  readonly isTestPath?: (absolutePath: string) => boolean;
}

export type Prepared = { readonly ok: true; readonly run: PreparedRun } | { readonly ok: false; readonly message: string };

/**
 * Loads configuration, the baseline and the change, and plans the stages: everything between
 * the parsed command line and `runReview`. Every failure is a message for exit code 2.
 */
export async function prepareRun(paths: readonly string[], choices: RunChoices, env: RunEnvironment): Promise<Prepared> {
  const misuse = checkCombination(paths, choices);
  if (misuse) return { ok: false, message: misuse };
  const config = await loadConfig({ cwd: env.cwd, ...(choices.config === false ? { disabled: true } : {}), ...(typeof choices.config === 'string' ? { explicitFile: choices.config } : {}) });
  if (!config.ok) return { ok: false, message: formatConfigError(config.error) };
  const resolved = resolveSettings(choices, config.config, env.rules, env.cwd);
  if (!resolved.ok) return resolved;
  const { settings } = resolved;

  let baseline: BaselineFile | undefined;
  if (settings.baseline) {
    const loaded = await readBaseline(settings.baseline.absolute, settings.baseline.shown);
    if (!loaded.ok) return { ok: false, message: loaded.message };
    baseline = loaded.baseline;
  }
  const changeLoad = await loadChange(paths, choices, env);
  if (changeLoad && !changeLoad.ok) return changeLoad;
  let change = changeLoad?.change;
  if (change && choices.message !== undefined) {
    const message = await readMessage(choices.message, env);
    if (!message.ok) return message;
    change = { ...change, summary: { ...change.summary, message: message.text } };
  }
  const plan = planReview({ settings, rules: env.rules, cwd: env.cwd, ...(baseline ? { baseline } : {}), ...(change ? { change } : {}), all: choices.all === true });
  const filter = fileFilterOf(settings);
  return {
    ok: true,
    run: {
      settings,
      fileStages: plan.fileStages,
      runStages: plan.runStages,
      ...(change ? { change, sources: reviewSources(change, filter, env.cwd) } : {}),
      ...(change && choices.all !== true ? { changedLines: new Map(change.sources.map((s) => [s.displayPath, s.changed])) } : {}),
      ...(plan.change ? { changeSummary: plan.change } : {}),
      inputErrors: change?.errors ?? [],
      ...(filter ? { fileFilter: filter } : {}),
      ...(settings.testPaths ? { isTestPath: settings.testPaths } : {}),
    },
  };
}

function checkCombination(paths: readonly string[], c: RunChoices): string | undefined {
  const isChange = c.diff !== undefined || c.staged === true || c.patch !== undefined;
  if (c.patch !== undefined && (c.diff !== undefined || c.staged)) return '--patch cannot be combined with --diff or --staged';
  if (isChange && paths.includes('-')) return 'a change review (--diff, --staged, --patch) cannot also read a snippet from stdin ("-")';
  if (c.patch === '-' && c.message === '-') return '--patch - and --message - cannot both read stdin; give one of them a file';
  if (!isChange && c.all) return '--all applies to a change review (--diff, --staged or --patch)';
  if (!isChange && c.message !== undefined) return '--message applies to a change review (--diff, --staged or --patch)';
  return undefined;
}

async function loadChange(paths: readonly string[], c: RunChoices, env: RunEnvironment): Promise<ChangeLoad | undefined> {
  const scope = paths.length > 0 ? paths : ['.'];
  if (c.patch !== undefined) {
    const patch = c.patch === '-' ? await env.readStdin() : await readFile(resolve(env.cwd, c.patch)).catch((e: NodeJS.ErrnoException) => e);
    if (patch instanceof Error) return { ok: false, message: `--patch: cannot read ${c.patch}: ${patch.code === 'ENOENT' ? 'no such file' : patch.message}` };
    return loadPatchChange({ git: env.git, cwd: env.cwd, patch, patchName: c.patch === '-' ? '<stdin>' : c.patch, paths: scope, frontends: env.frontends });
  }
  if (c.diff === undefined && !c.staged) return undefined;
  return loadGitChange({ git: env.git, cwd: env.cwd, ...(typeof c.diff === 'string' ? { base: c.diff } : {}), staged: c.staged === true, paths: scope, frontends: env.frontends });
}

async function readMessage(from: string, env: RunEnvironment): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const bytes = from === '-' ? await env.readStdin() : await readFile(resolve(env.cwd, from));
    return { ok: true, text: new TextDecoder('utf-8').decode(bytes).trim() };
  } catch (error) {
    return { ok: false, message: `--message: cannot read ${from}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
}

/** include/exclude from the configuration as one predicate; undefined when neither is set. */
function fileFilterOf(settings: Settings): ((absolutePath: string) => boolean) | undefined {
  const { include, exclude } = settings;
  if (!include && !exclude) return undefined;
  return (path) => (!include || include(path)) && !(exclude?.(path) ?? false);
}

function reviewSources(change: LoadedChange, filter: ((path: string) => boolean) | undefined, cwd: string): ReviewSource[] {
  return change.sources
    .filter((s) => !filter || filter(s.absolutePath))
    .map((s) => ({
      absolutePath: s.absolutePath,
      displayPath: s.displayPath,
      // Context comes from the path inside the project, whatever the working directory.
      rootRelativePath: s.repoPath || relative(cwd, s.absolutePath),
      frontend: s.frontend,
      ...(s.text !== undefined ? { text: s.text } : {}),
    }));
}

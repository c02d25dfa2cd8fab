import { relative, resolve } from 'node:path';
import type { Severity } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import { DEFAULT_MAX_FILE_SIZE } from '../read.js';
import { pathMatcher } from './paths.js';
import type { PathMatcher } from './paths.js';
import { chooseRules, severityOverrides, unknownSelectors } from './rules.js';
import type { ConfigSettings, ProjectConfig } from './types.js';

/** The review choices the command line can make; unset means "not given". */
export interface CliChoices {
  readonly failOn?: Severity | 'none';
  readonly maxFileSize?: string;
  /** Comma-separated selectors (`--select`, `--ignore`). */
  readonly select?: string;
  readonly ignore?: string;
  /** False with `--no-gitignore`. */
  readonly gitignore: boolean;
  /** `--baseline FILE`, or false for `--no-baseline` (the configured one is not used). */
  readonly baseline?: string | false;
  readonly reportUnusedSuppressions?: boolean;
}

/** Hides findings of some rules in files matching a pattern (`per-file-ignores`). */
export interface PerFileIgnore {
  readonly pattern: string;
  readonly matches: PathMatcher;
  readonly ruleIds: ReadonlySet<string>;
}

/** The effective settings of a run: command line over configuration file over defaults. */
export interface Settings {
  readonly failOn: Severity | 'none';
  readonly maxFileSize: number;
  /** The rules to run; unset runs them all. */
  readonly onlyRules?: ReadonlySet<string>;
  readonly severity: ReadonlyMap<string, Severity>;
  readonly respectGitignore: boolean;
  readonly reportUnusedSuppressions: boolean;
  /** The baseline to apply: absolute path and the path as the user wrote it. */
  readonly baseline?: { readonly absolute: string; readonly shown: string };
  readonly include?: PathMatcher;
  readonly exclude?: PathMatcher;
  readonly testPaths?: PathMatcher;
  readonly perFileIgnores: readonly PerFileIgnore[];
  readonly config?: ProjectConfig;
}

/** Settings, or a message for a usage or configuration error (exit code 2). */
export type SettingsOutcome = { readonly ok: true; readonly settings: Settings } | { readonly ok: false; readonly message: string };

const SELECTOR_FORMS = 'use rule ids (PY-SQLI-001), id prefixes (PY-CRYPTO), rule names or CWE ids (CWE-89); see "secreview rules"';

/**
 * Merges the command line with the configuration. Flags win: `--select` replaces the
 * configured selection (and its `ignore`), `--ignore` adds to the configured ignores,
 * `--fail-on`, `--max-file-size` and `--baseline` replace their keys.
 */
export function resolveSettings(cli: CliChoices, config: ProjectConfig | undefined, rules: readonly RuleMeta[], cwd: string): SettingsOutcome {
  const file = config?.settings ?? {};
  const where = (key: string): string => `${config?.shownFile ?? ''}: ${config?.section ? `${config.section} ` : ''}${key}`;
  const problems = configProblems(config, rules, where);
  if (problems) return { ok: false, message: problems };
  const selection = ruleSelection(cli, file, rules);
  if (typeof selection === 'string') return { ok: false, message: selection };
  const sizeText = cli.maxFileSize ?? (file['max-file-size'] === undefined ? undefined : String(file['max-file-size']));
  const maxFileSize = sizeText === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(sizeText);
  if (maxFileSize === undefined) {
    return { ok: false, message: `${cli.maxFileSize !== undefined ? '--max-file-size' : where('max-file-size')}: "${sizeText ?? ''}" is not a size (examples: 500000, 800k, 5m)` };
  }
  const base = config?.dir ?? cwd;
  const baseline = baselineSetting(cli.baseline, file.baseline, base, cwd);
  return {
    ok: true,
    settings: {
      failOn: cli.failOn ?? file['fail-on'] ?? 'low',
      maxFileSize,
      ...selection,
      severity: severityOverrides(file.severity ?? {}, rules),
      respectGitignore: cli.gitignore && (file['respect-gitignore'] ?? true),
      reportUnusedSuppressions: cli.reportUnusedSuppressions ?? file['report-unused-suppressions'] ?? false,
      ...(baseline ? { baseline } : {}),
      ...(file.include ? { include: pathMatcher(file.include, base) } : {}),
      ...(file.exclude ? { exclude: pathMatcher(file.exclude, base) } : {}),
      ...(file['test-paths'] ? { testPaths: pathMatcher(file['test-paths'], base) } : {}),
      perFileIgnores: Object.entries(file['per-file-ignores'] ?? {}).map(([pattern, selectors]) => ({
        pattern,
        matches: pathMatcher([pattern], base),
        ruleIds: chooseRules(rules, selectors, []),
      })),
      ...(config ? { config } : {}),
    },
  };
}

/** The rules to run: `--select` replaces the configured selection, `--ignore` adds to its ignores. */
function ruleSelection(cli: CliChoices, file: ConfigSettings, rules: readonly RuleMeta[]): { onlyRules?: ReadonlySet<string> } | string {
  const cliSelect = splitList(cli.select);
  const cliIgnore = splitList(cli.ignore) ?? [];
  const unknown = unknownSelectors([...(cliSelect ?? []), ...cliIgnore], rules);
  if (unknown.length > 0) return `unknown rule id(s): ${unknown.join(', ')}; ${SELECTOR_FORMS}`;
  const select = cliSelect ?? file.select;
  const ignore = cliSelect ? cliIgnore : [...(file.ignore ?? []), ...cliIgnore];
  return select !== undefined || ignore.length > 0 ? { onlyRules: chooseRules(rules, select, ignore) } : {};
}

/** `--baseline FILE` (relative to the working directory) over `baseline` (relative to the config file). */
function baselineSetting(flag: string | false | undefined, configured: string | undefined, base: string, cwd: string): Settings['baseline'] {
  if (flag === false) return undefined;
  if (flag !== undefined) return { absolute: resolve(cwd, flag), shown: flag };
  if (configured === undefined) return undefined;
  const absolute = resolve(base, configured);
  return { absolute, shown: relative(cwd, absolute) || configured };
}

/** Selectors in the file that name no rule: a typo there would silently do nothing. */
function configProblems(config: ProjectConfig | undefined, rules: readonly RuleMeta[], where: (key: string) => string): string | undefined {
  if (!config) return undefined;
  const s = config.settings;
  const lists: [string, readonly string[]][] = [
    ['select', s.select ?? []],
    ['ignore', s.ignore ?? []],
    ['severity', Object.keys(s.severity ?? {})],
    ...Object.entries(s['per-file-ignores'] ?? {}).map(([pattern, list]): [string, readonly string[]] => [`per-file-ignores."${pattern}"`, list]),
  ];
  const messages = lists.flatMap(([key, selectors]) =>
    unknownSelectors(selectors, rules).map((bad) => `${where(key)}: "${bad}" names no rule; ${SELECTOR_FORMS}`),
  );
  return messages.length > 0 ? messages.join('\n') : undefined;
}

function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Parses `5m`, `800k` or a plain byte count. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(match[1]) * factor);
}

import type { Severity } from '../../core/finding.js';

/** The settings a configuration file may hold, after validation (keys as in schemas/config.schema.json). */
export interface ConfigSettings {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly select?: readonly string[];
  readonly ignore?: readonly string[];
  readonly 'per-file-ignores'?: Readonly<Record<string, readonly string[]>>;
  readonly severity?: Readonly<Record<string, Severity>>;
  readonly 'fail-on'?: Severity | 'none';
  readonly 'max-file-size'?: number | string;
  readonly baseline?: string;
  readonly 'test-paths'?: readonly string[];
  readonly 'respect-gitignore'?: boolean;
  readonly 'report-unused-suppressions'?: boolean;
}

/** A configuration file that was found, read and validated. */
export interface ProjectConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** The file as messages show it (relative to the working directory when below it). */
  readonly shownFile: string;
  /** Relative paths and patterns in the file are relative to this directory. */
  readonly dir: string;
  /** Where the settings sit in the file, for messages: `[tool.secreview]`, or '' for the whole file. */
  readonly section: string;
  readonly settings: ConfigSettings;
}

/** A configuration problem: the file, the key (dotted) when there is one, and what is wrong. */
export interface ConfigError {
  readonly file: string;
  readonly key?: string;
  readonly message: string;
}

/** The outcome of loading configuration: a config, none (nothing found or `--no-config`), or an error. */
export type ConfigLoad =
  | { readonly ok: true; readonly config: ProjectConfig | undefined }
  | { readonly ok: false; readonly error: ConfigError };

/** One line for the terminal: `pyproject.toml: [tool.secreview] fail-on: must be one of …`. */
export function formatConfigError(error: ConfigError): string {
  return error.key === undefined ? `${error.file}: ${error.message}` : `${error.file}: ${error.key}: ${error.message}`;
}

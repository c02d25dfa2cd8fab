import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { TomlError, parse as parseToml } from 'smol-toml';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { ConfigError, ConfigLoad } from './types.js';
import { validateSettings } from './validate.js';

/** Config file names, in the order they win within one directory (as Ruff prefers its own file to pyproject.toml). */
export const CONFIG_FILE_NAMES = ['.secreview.toml', '.secreview.yml', '.secreview.yaml', 'pyproject.toml'] as const;

/** How configuration is chosen. */
export interface ConfigRequest {
  readonly cwd: string;
  /** `--config FILE`: use this file and no other. */
  readonly explicitFile?: string;
  /** `--no-config`: use none. */
  readonly disabled?: boolean;
}

type RawLoad = { readonly ok: true; readonly data: unknown; readonly section: string } | { readonly ok: false; readonly error: ConfigError } | { readonly ok: 'absent' };

/**
 * Finds and loads the configuration: `--config FILE`, else the first directory from the
 * working directory upwards that has `.secreview.toml`, `.secreview.yml` or a `pyproject.toml`
 * with a `[tool.secreview]` table.
 */
export async function loadConfig(request: ConfigRequest): Promise<ConfigLoad> {
  if (request.disabled) return { ok: true, config: undefined };
  if (request.explicitFile !== undefined) {
    const file = resolve(request.cwd, request.explicitFile);
    const raw = await readConfigFile(file, shown(request.cwd, file), true);
    if (raw.ok === 'absent') return { ok: false, error: { file: request.explicitFile, message: 'no [tool.secreview] table in this file' } };
    return finish(request.cwd, file, raw);
  }
  for (let dir = resolve(request.cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (!(await isFile(file))) continue;
      const raw = await readConfigFile(file, shown(request.cwd, file), false);
      if (raw.ok !== 'absent') return finish(request.cwd, file, raw);
    }
    if (dirname(dir) === dir) return { ok: true, config: undefined };
  }
}

function finish(cwd: string, file: string, raw: RawLoad): ConfigLoad {
  if (raw.ok === 'absent') return { ok: true, config: undefined };
  if (raw.ok === false) return { ok: false, error: raw.error };
  const shownFile = shown(cwd, file);
  const validation = validateSettings(raw.data ?? {}, shownFile, raw.section);
  if (!validation.ok) {
    const [first, ...rest] = validation.errors;
    return { ok: false, error: first ? { ...first, message: [first.message, ...rest.map((e) => `${e.key ?? ''}: ${e.message}`)].join(`\n  ${shownFile}: `) } : { file: shownFile, message: 'invalid' } };
  }
  return { ok: true, config: { file, shownFile, dir: dirname(file), section: raw.section, settings: validation.settings } };
}

/** Reads one candidate; a pyproject.toml without `[tool.secreview]` is `absent`, so the search goes on. */
async function readConfigFile(file: string, shownFile: string, explicit: boolean): Promise<RawLoad> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, error: { file: shownFile, message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}` } };
  }
  const name = basename(file);
  if (/\.ya?ml$/i.test(name)) return parseYamlConfig(text, shownFile);
  const isPyproject = name === 'pyproject.toml' || (explicit && !name.startsWith('.secreview'));
  // Most pyproject.toml files have nothing for us; only parse one that mentions us.
  if (isPyproject && !/secreview/.test(text)) return { ok: 'absent' };
  let data: Record<string, unknown>;
  try {
    data = parseToml(text);
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    return { ok: false, error: { file: shownFile, message: `not valid TOML${where}: ${firstLine(error)}` } };
  }
  if (!isPyproject) return { ok: true, data, section: '' };
  const tool = data.tool as Record<string, unknown> | undefined;
  if (tool?.secreview === undefined) return { ok: 'absent' };
  return { ok: true, data: tool.secreview, section: '[tool.secreview]' };
}

/** The YAML parser, loaded only for a YAML configuration (it is most of a run's start-up otherwise). */
const requireHere = createRequire(import.meta.url);
type YamlModule = typeof Yaml;

function parseYamlConfig(text: string, shownFile: string): RawLoad {
  const { YAMLParseError, parse: parseYaml } = requireHere('yaml') as YamlModule;
  try {
    // An empty file is an empty configuration.
    return { ok: true, data: parseYaml(text) ?? {}, section: '' };
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    return { ok: false, error: { file: shownFile, message: `not valid YAML${where}: ${firstLine(error)}` } };
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

function shown(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  const path = rel === '' || rel.startsWith('..') ? file : rel;
  return sep === '/' ? path : path.split(sep).join('/');
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type * as AjvModule2020 from 'ajv/dist/2020.js';
import { installPaths } from '../../core/install-paths.js';

type AjvModule = typeof AjvModule2020;

export type { ErrorObject };

/** The published JSON Schemas ship in `schemas/`, next to `src/` and `dist/`. */
function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(installPaths(import.meta.url).packageDir, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

/**
 * A validator for one of the schemas in `schemas/` (draft 2020-12), reporting every error.
 * Compiled per call: each run validates at most a config file and a baseline.
 */
export function schemaValidator(name: string): ValidateFunction {
  // Loaded on first use: most runs have no configuration file or baseline to validate.
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as AjvModule;
  return new Ajv2020({ allErrors: true }).compile(loadSchema(name));
}

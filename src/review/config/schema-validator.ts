import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

export type { ErrorObject };

/** The published JSON Schemas ship in `schemas/`, next to `src/` and `dist/` alike. */
function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/**
 * A validator for one of the schemas in `schemas/` (draft 2020-12), reporting every error.
 * Compiled per call: each run validates at most a config file and a baseline.
 */
export function schemaValidator(name: string): ValidateFunction {
  return new Ajv2020({ allErrors: true }).compile(loadSchema(name));
}

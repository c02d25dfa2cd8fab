import { schemaValidator } from './schema-validator.js';
import type { ErrorObject } from './schema-validator.js';
import type { ConfigError, ConfigSettings } from './types.js';

/** What validation returns: typed settings, or every problem with its key. */
export type Validation = { readonly ok: true; readonly settings: ConfigSettings } | { readonly ok: false; readonly errors: readonly ConfigError[] };

const KIND_NAMES: Readonly<Record<string, string>> = {
  array: 'a list', string: 'a string', boolean: 'true or false', object: 'a table', integer: 'a whole number', number: 'a number', null: 'empty',
};

/**
 * Checks settings against schemas/config.schema.json and turns each schema error into a
 * sentence that names the file, the key, and what is allowed there.
 */
export function validateSettings(data: unknown, file: string, section: string): Validation {
  const validate = schemaValidator('config.schema.json');
  if (validate(data)) return { ok: true, settings: data as ConfigSettings };
  const allowedTop = Object.keys((validate.schema as { properties?: object }).properties ?? {}).sort();
  const byKey = new Map<string, ConfigError>();
  for (const error of validate.errors ?? []) {
    const path = [...pointerSegments(error.instancePath), ...(error.keyword === 'additionalProperties' ? [String(error.params.additionalProperty)] : [])];
    const key = keyName(section, path);
    // One message per key: for a `oneOf` the summary beats the per-branch details.
    if (byKey.has(key) && error.keyword !== 'oneOf') continue;
    byKey.set(key, { file, key, message: describe(error, path, valueAt(data, path), allowedTop) });
  }
  return { ok: false, errors: [...byKey.values()] };
}

function describe(error: ErrorObject, path: readonly string[], value: unknown, allowedTop: readonly string[]): string {
  const top = path[0] ?? '';
  switch (error.keyword) {
    case 'additionalProperties': {
      if (path.length > 1) return 'unknown key here';
      const hint = closest(top, allowedTop);
      return `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys: ${allowedTop.join(', ')}`;
    }
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`;
    case 'type':
      return `must be ${KIND_NAMES[String(error.params.type)] ?? String(error.params.type)}${path.length > 1 && /^\d+$/.test(path.at(-1) ?? '') ? ' in the list' : ''} (got ${kindOf(value)})`;
    case 'oneOf':
    case 'pattern':
    case 'minimum':
      return top === 'max-file-size' ? `must be a byte count or a size such as "800k" or "5m" (got ${JSON.stringify(value)})` : error.message ?? 'is not valid';
    case 'minLength':
      return 'must not be empty';
    default:
      return error.message ?? 'is not valid';
  }
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `[tool.secreview] severity."PY-X"`-style key names, so the reader finds the spot in the file. */
function keyName(section: string, path: readonly string[]): string {
  const dotted = path.map((p, i) => (/^\d+$/.test(p) && i > 0 ? `[${p}]` : /^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p))).join('.').replace(/\.\[/g, '[');
  return section ? `${section} ${dotted || '(top level)'}` : dotted || '(top level)';
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return 'a table';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The allowed key nearest to a misspelled one (edit distance at most 3). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase().replace(/_/g, '-'), candidate);
    if (distance <= 3 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

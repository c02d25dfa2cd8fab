// Validators for the published schemas: our JSON report schema (draft 2020-12) and the official
// SARIF 2.1.0 schema (draft-04). Each is compiled once per test file.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';

// ajv-draft-04 is CommonJS with `exports.default`; this form works for both TypeScript and Node.
const AjvDraft04 = AjvDraft04Module.default;

function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

// RFC 3986: only these characters may appear in a URI reference, and `%` must start an escape.
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Real checks for the formats SARIF uses, so an unencoded space in a uri fails validation. */
export const sarifFormats = {
  'uri-reference': (s: string): boolean => URI_CHARS.test(s) && !BAD_ESCAPE.test(s),
  uri: (s: string): boolean => URI_CHARS.test(s) && !BAD_ESCAPE.test(s) && SCHEME.test(s),
  'date-time': (s: string): boolean => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
};

/** Validates a parsed JSON report against schemas/report.schema.json (strict mode: the schema must be clean too). */
export function reportValidator(): ValidateFunction {
  return new Ajv2020({ allErrors: true }).compile(loadSchema('report.schema.json'));
}

/** Validates a parsed SARIF log against the official OASIS SARIF 2.1.0 schema, unchanged. */
export function sarifValidator(): ValidateFunction {
  // The OASIS schema predates ajv's strict mode (it has unknown keywords), and its `language`
  // pattern has a stray `]` that is an error under the `u` regex flag, so ajv compiles patterns
  // without it. The schema file itself stays exactly as published. Formats are checked above.
  const ajv = new AjvDraft04({ strict: false, unicodeRegExp: false, allErrors: true, formats: sarifFormats });
  return ajv.compile(loadSchema('sarif-2.1.0.json'));
}

/** Readable validation errors for a failing expectation. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}

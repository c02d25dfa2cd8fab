import { readFile } from 'node:fs/promises';
import { FINGERPRINT_VERSION } from '../../core/fingerprint.js';
import type { Severity } from '../../core/finding.js';
import { schemaValidator } from '../config/schema-validator.js';

/** The layout version of baseline files this code reads and writes. */
export const BASELINE_VERSION = 1;

/** Where `baseline create` writes and where nothing else is configured. */
export const DEFAULT_BASELINE_FILE = '.secreview-baseline.json';

/** One known finding. Only rule, path and fingerprint decide a match; the rest helps a reader. */
export interface BaselineEntry {
  readonly ruleId: string;
  /** Relative to the baseline file's directory, `/`-separated. */
  readonly path: string;
  readonly fingerprint: string;
  readonly line?: number;
  readonly scope?: string;
  readonly cwe?: string;
  readonly severity?: Severity;
  readonly message?: string;
}

/** The contents of a baseline file (see docs/baseline.md and schemas/baseline.schema.json). */
export interface BaselineFile {
  readonly version: typeof BASELINE_VERSION;
  readonly tool?: string;
  readonly fingerprint: string;
  readonly findings: readonly BaselineEntry[];
}

/** A loaded baseline, or why it cannot be used. */
export type BaselineLoad = { readonly ok: true; readonly baseline: BaselineFile } | { readonly ok: false; readonly message: string };

/** Reads and validates a baseline file; every failure is a message naming the file. */
export async function readBaseline(path: string, shown: string): Promise<BaselineLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, message: `${shown}: ${missing ? 'no such file; create it with "secreview baseline create"' : (error as Error).message}` };
  }
  return parseBaseline(text, shown);
}

/** Parses and validates baseline JSON text. */
export function parseBaseline(text: string, shown: string): BaselineLoad {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${shown}: not valid JSON (${(error as Error).message})` };
  }
  const validate = schemaValidator('baseline.schema.json');
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath ? ` at ${first.instancePath}` : '';
    return { ok: false, message: `${shown}: not a secreview baseline${where}: ${first?.message ?? 'invalid'} (see docs/baseline.md)` };
  }
  const baseline = data as BaselineFile;
  if (baseline.fingerprint !== FINGERPRINT_VERSION) {
    return {
      ok: false,
      message: `${shown}: written with fingerprint algorithm ${baseline.fingerprint}, this secreview uses ${FINGERPRINT_VERSION}; recreate it with "secreview baseline create"`,
    };
  }
  return { ok: true, baseline };
}

/** The file text: pretty-printed, stable key order, no timestamps, so it diffs well in review. */
export function serializeBaseline(baseline: BaselineFile): string {
  const findings = baseline.findings.map((e) => ({
    ruleId: e.ruleId,
    path: e.path,
    fingerprint: e.fingerprint,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.scope ? { scope: e.scope } : {}),
    ...(e.cwe !== undefined ? { cwe: e.cwe } : {}),
    ...(e.severity !== undefined ? { severity: e.severity } : {}),
    ...(e.message !== undefined ? { message: e.message } : {}),
  }));
  const file = { version: baseline.version, ...(baseline.tool ? { tool: baseline.tool } : {}), fingerprint: baseline.fingerprint, findings };
  return `${JSON.stringify(file, null, 2)}\n`;
}

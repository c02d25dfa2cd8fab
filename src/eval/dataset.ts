import { readFile } from 'node:fs/promises';
import { isKnownCwe } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import type { LanguageId } from '../core/rule.js';

/** A defect a sample is known to contain. */
export interface Expectation {
  readonly cwe: CweId;
  readonly line: number;
}

/** One evaluation sample: code, an optional commit message, and its known defects (none = clean). */
export interface EvalSample {
  readonly id: string;
  readonly lang: LanguageId;
  readonly code: string;
  readonly commitMessage?: string;
  readonly expected: readonly Expectation[];
}

export type DatasetOutcome = { readonly ok: true; readonly samples: readonly EvalSample[] } | { readonly ok: false; readonly problems: readonly string[] };

const LANGUAGES: readonly LanguageId[] = ['python'];

/** Reads a JSONL dataset; every problem names the file and the line. */
export async function loadDataset(path: string, displayName: string = path): Promise<DatasetOutcome> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`cannot read the dataset ${displayName}: ${(error as Error).message}`] };
  }
  return parseDataset(text, displayName);
}

/** Parses JSONL text: one sample object per non-blank line. */
export function parseDataset(text: string, name: string): DatasetOutcome {
  const samples: EvalSample[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${name}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(`${where}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const sample = toSample(value);
    if (typeof sample === 'string') problems.push(`${where}: ${sample}`);
    else if (ids.has(sample.id)) problems.push(`${where}: the id "${sample.id}" is used twice`);
    else {
      ids.add(sample.id);
      samples.push(sample);
    }
  });
  if (problems.length === 0 && samples.length === 0) problems.push(`${name}: the dataset has no samples`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, samples };
}

function toSample(value: unknown): EvalSample | string {
  if (!isRecord(value)) return 'expected a JSON object';
  const { id, lang, code, commitMessage, expected } = value;
  if (typeof id !== 'string' || id.trim() === '') return '"id" must be a non-empty string';
  if (typeof lang !== 'string' || !(LANGUAGES as readonly string[]).includes(lang)) return `"lang" must be one of: ${LANGUAGES.join(', ')}`;
  if (typeof code !== 'string' || code.trim() === '') return '"code" must be a non-empty string';
  if (commitMessage !== undefined && typeof commitMessage !== 'string') return '"commitMessage" must be a string';
  if (!Array.isArray(expected)) return '"expected" must be a list (empty for clean code)';
  const lineCount = code.replace(/\n$/, '').split('\n').length;
  const out: Expectation[] = [];
  for (const [i, item] of expected.entries()) {
    if (!isRecord(item)) return `expected[${i}] must be an object {"cwe","line"}`;
    if (typeof item.cwe !== 'string' || !isKnownCwe(item.cwe)) return `expected[${i}].cwe: "${String(item.cwe)}" is not a CWE id in src/core/cwe.ts`;
    if (typeof item.line !== 'number' || !Number.isInteger(item.line) || item.line < 1 || item.line > lineCount) {
      return `expected[${i}].line must be a line of the code (1–${lineCount})`;
    }
    out.push({ cwe: item.cwe, line: item.line });
  }
  return { id, lang: lang as LanguageId, code, ...(commitMessage !== undefined ? { commitMessage } : {}), expected: out };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

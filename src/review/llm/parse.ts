import type { LlmClaim } from '../../core/result.js';

/** A claim as parsed from an answer; the reviewer adds the file. */
export type ParsedClaim = Omit<LlmClaim, 'file'>;

/** A usable answer: the claims in it, and how many entries of `findings` were not objects at all. */
export interface ParsedAnswer {
  readonly verdict?: 'clean' | 'defects';
  readonly claims: readonly ParsedClaim[];
  readonly malformed: number;
}

export type ParseOutcome = { readonly ok: true; readonly answer: ParsedAnswer } | { readonly ok: false; readonly problem: string };

/**
 * Reads the model's answer: the whole reply as JSON (what `response_format` asks for), else a
 * fenced JSON block, else the first JSON object inside prose. Reasoning blocks (`<think>…</think>`)
 * that some local models emit are ignored.
 */
export function parseAnswer(reply: string): ParseOutcome {
  const text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  if (text === '') return { ok: false, problem: 'the answer is empty' };
  let lastError = 'the answer contains no JSON object';
  for (const candidate of jsonCandidates(text)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch (error) {
      lastError = `the JSON is not valid (${(error as Error).message})`;
      continue;
    }
    const outcome = toAnswer(value);
    if (outcome.ok) return outcome;
    lastError = outcome.problem;
  }
  return { ok: false, problem: lastError };
}

/** The texts that may hold the answer, most likely first. */
function* jsonCandidates(text: string): Generator<string> {
  if (/^[[{]/.test(text)) yield text;
  for (const match of text.matchAll(/```[a-zA-Z]*[^\S\n]*\n([\s\S]*?)```/g)) yield (match[1] ?? '').trim();
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    const end = matchingBrace(text, i);
    if (end > i) yield text.slice(i, end + 1);
  }
}

/** Index of the `}` that closes the `{` at `start`, skipping strings; -1 when unbalanced. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function toAnswer(value: unknown): ParseOutcome {
  if (Array.isArray(value)) return answerFrom(undefined, value);
  if (!isRecord(value)) return { ok: false, problem: 'the JSON is not an object with a "findings" list' };
  const verdict = value.verdict === 'clean' || value.verdict === 'defects' ? value.verdict : undefined;
  const findings = value.findings ?? value.defects ?? value.issues ?? value.vulnerabilities;
  if (Array.isArray(findings)) return answerFrom(verdict, findings);
  if (findings === undefined && verdict === 'clean') return answerFrom(verdict, []);
  if ('cwe' in value && 'line' in value) return answerFrom(undefined, [value]);
  return { ok: false, problem: 'the JSON has no "findings" list' };
}

function answerFrom(verdict: 'clean' | 'defects' | undefined, findings: readonly unknown[]): ParseOutcome {
  const claims = findings.filter(isRecord).map(toClaim);
  return { ok: true, answer: { ...(verdict ? { verdict } : {}), claims, malformed: findings.length - claims.length } };
}

// Names that models use instead of the requested ones.
const ALIASES = {
  cwe: ['cwe', 'cwe_id', 'cweId', 'cwe-id'],
  line: ['line', 'startLine', 'start_line', 'lineNumber', 'line_number'],
  endLine: ['endLine', 'end_line'],
  code: ['code', 'snippet', 'quote', 'line_text'],
  title: ['title', 'summary', 'name', 'issue'],
  explanation: ['explanation', 'description', 'reason', 'details'],
  fix: ['fix', 'recommendation', 'remediation', 'suggestion'],
  confidence: ['confidence'],
} as const;

function pick(record: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (const name of names) if (record[name] !== undefined && record[name] !== null) return record[name];
  return undefined;
}

function toClaim(record: Readonly<Record<string, unknown>>): ParsedClaim {
  const [line, rangeEnd] = lineOf(pick(record, ALIASES.line));
  const endLine = lineOf(pick(record, ALIASES.endLine))[0] ?? rangeEnd;
  const claim = {
    cwe: cweOf(pick(record, ALIASES.cwe)),
    line,
    endLine,
    code: textOf(pick(record, ALIASES.code)),
    title: textOf(pick(record, ALIASES.title)),
    explanation: textOf(pick(record, ALIASES.explanation)),
    fix: textOf(pick(record, ALIASES.fix)),
    confidence: textOf(pick(record, ALIASES.confidence))?.toLowerCase(),
  };
  // exactOptionalPropertyTypes: leave absent fields out instead of writing `undefined`.
  return Object.fromEntries(Object.entries(claim).filter(([, v]) => v !== undefined));
}

/** `CWE-89` from `CWE-89`, `cwe 89`, `89`, `CWE-89: SQL Injection`; other text is kept as given. */
function cweOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return `CWE-${value}`;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const match = /^\s*(?:cwe)?[\s:_-]*(\d+)\b/i.exec(value);
  return match ? `CWE-${Number(match[1])}` : value.trim();
}

/** A line number, or a `12-14` range as [12, 14]; anything else is no line. */
function lineOf(value: unknown): [number | undefined, number | undefined] {
  if (typeof value === 'number') return Number.isInteger(value) ? [value, undefined] : [undefined, undefined];
  if (typeof value !== 'string') return [undefined, undefined];
  const match = /^\s*(?:line\s*)?(\d+)\s*(?:[-–]\s*(\d+))?\s*$/i.exec(value);
  if (!match) return [undefined, undefined];
  return [Number(match[1]), match[2] === undefined ? undefined : Number(match[2])];
}

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

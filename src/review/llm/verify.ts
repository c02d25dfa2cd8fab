import { isKnownCwe } from '../../core/cwe.js';
import type { CweId } from '../../core/cwe.js';
import { CONFIDENCES } from '../../core/finding.js';
import type { Confidence } from '../../core/finding.js';
import type { LlmClaim, LlmRejection } from '../../core/result.js';
import { cweFamily } from './cwe-family.js';

/** A claim that passed every check, with its fields completed. */
export interface VerifiedClaim {
  readonly file: string;
  readonly cwe: CweId;
  readonly line: number;
  readonly endLine: number;
  readonly code: string;
  readonly title: string;
  readonly explanation: string;
  readonly fix?: string;
  readonly confidence: Confidence;
}

/** What a claim is checked against: the lines the model was shown, and the change if there is one. */
export interface ClaimContext {
  readonly file: string;
  /** Every line of the file, 1-based through the array index + 1. */
  readonly fileLines: readonly string[];
  /** Line numbers shown to the model in this request. */
  readonly shown: ReadonlySet<number>;
  /** Lines of the change under review; absent when the whole file is reviewed. */
  readonly changedLines?: ReadonlySet<number>;
}

/** The checks of every claim, in order; the first failure is the reason it is rejected. */
export function verifyClaims(claims: readonly LlmClaim[], context: ClaimContext): { accepted: VerifiedClaim[]; rejected: LlmRejection[] } {
  const accepted: VerifiedClaim[] = [];
  const rejected: LlmRejection[] = [];
  for (const claim of claims) {
    const outcome = verifyClaim(claim, context);
    if (typeof outcome === 'string') rejected.push({ claim, reason: outcome });
    else accepted.push(outcome);
  }
  return { accepted, rejected };
}

/** The verified claim, or the reason it is rejected. */
export function verifyClaim(claim: LlmClaim, context: ClaimContext): VerifiedClaim | string {
  const { line } = claim;
  if (line === undefined) return 'vague claim: it names no line';
  if (!claim.title && !claim.explanation) return `vague claim: no title or explanation for line ${line}`;
  const cwe = checkCwe(claim.cwe);
  if (typeof cwe !== 'string') return cwe.reason;
  const count = context.fileLines.length;
  if (line < 1 || line > count) return `line ${line} does not exist: ${context.file} has ${count} line${count === 1 ? '' : 's'}`;
  if (!context.shown.has(line)) return `line ${line} was not in the code shown to the model`;
  const endLine = endLineOf(claim, count);
  if (context.changedLines && !range(line, endLine).some((n) => context.changedLines?.has(n))) {
    return `line ${line} is outside the change under review`;
  }
  const quote = claim.code;
  if (quote === undefined) return `the claim quotes no code, so line ${line} cannot be checked`;
  if (!quoteMatches(quote, context.fileLines, line)) {
    const elsewhere = findQuote(quote, context.fileLines);
    return `the quoted code does not match line ${line}${elsewhere === undefined ? '' : ` (it matches line ${elsewhere})`}`;
  }
  return {
    file: context.file,
    cwe,
    line,
    endLine,
    code: context.fileLines[line - 1] ?? '',
    title: claim.title ?? firstSentence(claim.explanation ?? ''),
    explanation: claim.explanation ?? claim.title ?? '',
    ...(claim.fix ? { fix: claim.fix } : {}),
    confidence: CONFIDENCES.find((c) => c === claim.confidence) ?? 'medium',
  };
}

function checkCwe(cwe: string | undefined): CweId | { reason: string } {
  if (cwe === undefined) return { reason: 'the claim gives no CWE id' };
  if (!/^CWE-\d+$/.test(cwe)) return { reason: `"${cwe}" is not a CWE id` };
  if (!isKnownCwe(cwe)) return { reason: `${cwe} is not in secreview's CWE catalog` };
  return cwe;
}

/** The claim's last line when it is plausible (at most 10 lines on), else its first line. */
function endLineOf(claim: LlmClaim, count: number): number {
  const { line = 1, endLine } = claim;
  return endLine !== undefined && endLine >= line && endLine <= count && endLine - line < 10 ? endLine : line;
}

/** Whitespace-free text, so quotes match however the model re-indented or re-spaced them. */
function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The quote without a copied line-number gutter (`12 | `, `12+| `), diff marker or backticks. */
function cleanQuote(quote: string): string[] {
  return quote
    .replace(/^`+|`+$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\d+\s*[+ ]?\s*[|:]\s?/, '').replace(/^[+]\s/, ''))
    .filter((l) => l.trim() !== '');
}

/**
 * The quote matches when each of its lines equals the file line at the same offset from `line`,
 * whitespace aside. A single-line quote may be a part of the line if it is a substantial part
 * (at least half of the line, or 20 characters), so `foo(` cannot match just anything.
 */
function quoteMatches(quote: string, fileLines: readonly string[], line: number): boolean {
  const parts = cleanQuote(quote).map(squash);
  if (parts.length === 0) return false;
  if (parts.length === 1) {
    const part = parts[0] ?? '';
    const actual = squash(fileLines[line - 1] ?? '');
    if (part === actual) return true;
    return actual.includes(part) && (part.length >= 20 || part.length * 2 >= actual.length);
  }
  return parts.every((part, i) => squash(fileLines[line - 1 + i] ?? '') === part);
}

function findQuote(quote: string, fileLines: readonly string[]): number | undefined {
  for (let n = 1; n <= fileLines.length; n += 1) if (quoteMatches(quote, fileLines, n)) return n;
  return undefined;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text);
  return (match?.[1] ?? text).trim();
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/**
 * One claim per (file, line, CWE group): models repeat a defect in overlapping chunks or under a
 * parent and a child CWE. The most confident claim wins; ties keep the longer explanation.
 */
export function mergeDuplicateClaims(claims: readonly VerifiedClaim[]): VerifiedClaim[] {
  const byKey = new Map<string, VerifiedClaim>();
  for (const claim of claims) {
    const key = `${claim.file}\0${claim.line}\0${cweFamily(claim.cwe)}`;
    const kept = byKey.get(key);
    if (!kept || better(claim, kept)) byKey.set(key, claim);
  }
  return [...byKey.values()];
}

function better(a: VerifiedClaim, b: VerifiedClaim): boolean {
  const rank = RANK[a.confidence] - RANK[b.confidence];
  return rank !== 0 ? rank > 0 : a.explanation.length > b.explanation.length;
}

import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/**
 * Name and version of the fingerprint algorithm. SARIF writes it as the `partialFingerprints`
 * key and baselines record it; bump it whenever the hash input changes, so old fingerprints are
 * recognised as stale instead of silently matching nothing.
 */
export const FINGERPRINT_VERSION = 'secreviewFindingHash/v2';

/** A function or class of a source file: `name` is qualified (`Repo.find`), lines 1-based and inclusive. */
export interface ScopeSpan {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
}

/** What a finding's identity is made of; the line number is deliberately not part of it. */
export interface FingerprintInput {
  readonly ruleId: string;
  /** The file, `/`-separated, relative to whatever root the caller keys its fingerprints by. */
  readonly path: string;
  /** The finding's source lines, verbatim. */
  readonly snippet: string;
  /** Qualified name of the enclosing function or class; '' at module level. */
  readonly scope: string;
}

/** The innermost scope that contains `line`, or '' when it is at module level. */
export function enclosingScope(spans: readonly ScopeSpan[] | undefined, line: number): string {
  let best: ScopeSpan | undefined;
  for (const span of spans ?? []) {
    if (span.line > line || span.endLine < line) continue;
    // Nested scopes start later (or end earlier) than the scopes around them.
    if (!best || span.line > best.line || (span.line === best.line && span.endLine < best.endLine)) best = span;
  }
  return best?.name ?? '';
}

/**
 * The code without any whitespace (indentation, line breaks, spacing), so re-indenting,
 * re-wrapping or reformatting a statement (black, ruff format) keeps its fingerprint.
 */
export function normalizeCode(snippet: string): string {
  return snippet.replace(/\s+/gu, '');
}

/** A 128-bit hex hash of rule, path, normalized code and enclosing scope. */
export function findingHash(input: FingerprintInput): string {
  const text = [input.ruleId, input.path, normalizeCode(input.snippet), input.scope].join('\0');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Stable identities for findings that survive line shifts, in the spirit of GitHub's
 * `partialFingerprints`: `<hash>:<n>`, where `n` counts equal hashes in list order, so two
 * identical statements in one function stay distinct. Pass findings sorted by `compareFindings`.
 */
export function fingerprintFindings(
  findings: readonly Finding[],
  scopeOf: (finding: Finding) => string,
  pathOf: (finding: Finding) => string = (f) => f.file,
): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = findingHash({ ruleId: f.ruleId, path: pathOf(f), snippet: f.snippet, scope: scopeOf(f) });
    const count = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, count);
    return `${hash}:${count}`;
  });
}

/** The hash part of a `<hash>:<n>` fingerprint. */
export function fingerprintHash(fingerprint: string): string {
  const colon = fingerprint.lastIndexOf(':');
  return colon < 0 ? fingerprint : fingerprint.slice(0, colon);
}

import { relative, resolve, sep } from 'node:path';
import { enclosingScope, findingHash, fingerprintHash } from '../../core/fingerprint.js';
import { compareFindings } from '../../core/finding.js';
import type { Finding } from '../../core/finding.js';
import type { SourceFile } from '../../core/language.js';
import type { HiddenFinding } from '../../core/result.js';
import type { FileStage, FileStageInfo, StageOutput } from '../stages.js';
import { scopesOf } from '../suppressions/scopes.js';
import type { BaselineEntry, BaselineFile } from './format.js';

/** What the baseline stage matches against. */
export interface BaselineStageOptions {
  readonly baseline: BaselineFile;
  /** Absolute directory of the baseline file: entry paths are relative to it. */
  readonly baselineDir: string;
  /** The baseline file as the user named it, for messages. */
  readonly shownPath: string;
  /** The directory display paths are relative to. */
  readonly cwd: string;
  /** Renames in the change under review, absolute new path → absolute old path. */
  readonly renames?: ReadonlyMap<string, string>;
}

/**
 * Hides findings recorded in a baseline (reason `baseline`). A finding matches an entry with
 * the same rule, path and fingerprint hash; the hash ignores line numbers, so code moving up
 * or down keeps its entry, and a file renamed in the reviewed change keeps the entries of its
 * old path. Each entry hides at most one finding, so a second copy of a known defect is new.
 */
export function createBaselineStage(options: BaselineStageOptions): FileStage {
  const byPath = groupByPath(options.baseline.findings);
  return {
    name: 'baseline',
    apply(findings: readonly Finding[], file: SourceFile, info: FileStageInfo): StageOutput {
      if (findings.length === 0) return { findings };
      const absolute = resolve(options.cwd, file.path);
      const paths = [absolute, options.renames?.get(absolute)].filter((p): p is string => p !== undefined).map((p) => toKey(options.baselineDir, p));
      const known = paths.map((path) => ({ path, remaining: countHashes(byPath.get(path) ?? []) })).filter((k) => k.remaining.size > 0);
      if (known.length === 0) return { findings };
      const spans = scopesOf(file.text, info.language);
      const kept: Finding[] = [];
      const hidden: HiddenFinding[] = [];
      for (const finding of [...findings].sort(compareFindings)) {
        const scope = enclosingScope(spans, finding.line);
        const match = known.find((k) => take(k.remaining, findingHash({ ruleId: finding.ruleId, path: k.path, snippet: finding.snippet, scope })));
        if (!match) kept.push(finding);
        else hidden.push({ finding, reason: 'baseline', detail: detailFor(match.path, paths[0] ?? match.path, options.shownPath) });
      }
      return { findings: kept, hidden };
    },
  };
}

/** The path key of a file: relative to the baseline's directory, `/`-separated. */
export function toKey(baselineDir: string, absolute: string): string {
  const rel = relative(baselineDir, absolute);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

function groupByPath(entries: readonly BaselineEntry[]): Map<string, BaselineEntry[]> {
  const map = new Map<string, BaselineEntry[]>();
  for (const entry of entries) map.set(entry.path, [...(map.get(entry.path) ?? []), entry]);
  return map;
}

function countHashes(entries: readonly BaselineEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const hash = fingerprintHash(entry.fingerprint);
    counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  return counts;
}

function take(counts: Map<string, number>, hash: string): boolean {
  const n = counts.get(hash) ?? 0;
  if (n === 0) return false;
  counts.set(hash, n - 1);
  return true;
}

function detailFor(matchedPath: string, currentPath: string, baselineFile: string): string {
  const renamed = matchedPath === currentPath ? '' : ` (recorded for ${matchedPath}, renamed in this change)`;
  return `known in the baseline ${baselineFile}${renamed}`;
}

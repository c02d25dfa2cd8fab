import type { Finding } from '../../core/finding.js';
import type { HiddenFinding } from '../../core/result.js';
import type { RunStage, StageOutput } from '../stages.js';
import type { ChangedLines } from './types.js';

/**
 * Restricts a review to a change: keeps findings whose lines the change touched, and findings
 * whose dataflow path crosses the change (a changed step, or lines removed between two steps,
 * such as a deleted sanitizer). Everything else is hidden with reason `outside-change`.
 */
export function createChangeStage(changed: ReadonlyMap<string, ChangedLines>): RunStage {
  return {
    name: 'change',
    apply(findings: readonly Finding[]): StageOutput {
      const kept: Finding[] = [];
      const hidden: HiddenFinding[] = [];
      for (const finding of findings) {
        const lines = changed.get(finding.file);
        if (lines && touchesChange(finding, lines)) kept.push(finding);
        else hidden.push({ finding, reason: 'outside-change', detail: outsideDetail(finding, lines) });
      }
      return { findings: kept, hidden };
    },
  };
}

/** True when the change touched the finding's lines or its dataflow path. */
export function touchesChange(finding: Finding, lines: ChangedLines): boolean {
  if (lines.all) return true;
  for (let line = finding.line; line <= finding.endLine; line++) if (lines.added.has(line)) return true;
  const steps = (finding.dataflow ?? []).map((s) => s.line);
  if (steps.some((line) => lines.added.has(line))) return true;
  if (steps.length < 2) return false;
  const first = Math.min(...steps, finding.line);
  const last = Math.max(...steps, finding.line);
  // A removal strictly inside the path: between the source's line and the sink's.
  return lines.deletedAfter.some((after) => after >= first && after < last);
}

function outsideDetail(finding: Finding, lines: ChangedLines | undefined): string {
  if (!lines) return `${finding.file} is not part of the change`;
  const where = finding.line === finding.endLine ? `line ${finding.line} is` : `lines ${finding.line}-${finding.endLine} are`;
  return `${where} not changed by the change under review`;
}

/** The changed line numbers of each file, for consumers that only need sets (the LLM reviewer). */
export function changedLineSets(changed: ReadonlyMap<string, ChangedLines>, lineCount: (file: string) => number): Map<string, ReadonlySet<number>> {
  const sets = new Map<string, ReadonlySet<number>>();
  for (const [file, lines] of changed) {
    sets.set(file, lines.all ? new Set(Array.from({ length: lineCount(file) }, (_, i) => i + 1)) : lines.added);
  }
  return sets;
}

/** True when `line` of a file is changed (every line of a file the change added). */
export function touchesLine(lines: ChangedLines | undefined, line: number): boolean {
  return lines !== undefined && (lines.all || lines.added.has(line));
}

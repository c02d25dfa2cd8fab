import { resolve } from 'node:path';
import type { Finding, Severity } from '../../core/finding.js';
import type { HiddenFinding } from '../../core/result.js';
import type { RunStage, StageOutput } from '../stages.js';
import type { PerFileIgnore } from './settings.js';

/** Applies configured severity overrides (`[tool.secreview.severity]`) to findings. */
export function createSeverityStage(overrides: ReadonlyMap<string, Severity>): RunStage {
  return {
    name: 'severity',
    apply(findings: readonly Finding[]): StageOutput {
      return {
        findings: findings.map((f) => {
          const severity = overrides.get(f.ruleId);
          return severity === undefined || severity === f.severity ? f : { ...f, severity };
        }),
      };
    },
  };
}

/** Hides findings of the rules a `per-file-ignores` pattern names in the files it matches (reason `config`). */
export function createPerFileIgnoreStage(ignores: readonly PerFileIgnore[], cwd: string, configFile: string): RunStage {
  return {
    name: 'per-file-ignores',
    apply(findings: readonly Finding[]): StageOutput {
      const kept: Finding[] = [];
      const hidden: HiddenFinding[] = [];
      for (const finding of findings) {
        const absolute = resolve(cwd, finding.file);
        const rule = ignores.find((i) => i.ruleIds.has(finding.ruleId) && i.matches(absolute));
        if (!rule) kept.push(finding);
        else hidden.push({ finding, reason: 'config', detail: `${finding.ruleId} is ignored in files matching "${rule.pattern}" (per-file-ignores in ${configFile})` });
      }
      return { findings: kept, hidden };
    },
  };
}

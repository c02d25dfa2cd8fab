import { resolve } from 'node:path';
import { FINGERPRINT_VERSION, enclosingScope, fingerprintFindings } from '../../core/fingerprint.js';
import { compareFindings } from '../../core/finding.js';
import type { ReviewResult } from '../../core/result.js';
import { BASELINE_VERSION } from './format.js';
import type { BaselineEntry, BaselineFile } from './format.js';
import { toKey } from './stage.js';

/** Where the findings come from and where the baseline will live. */
export interface BaselineSource {
  readonly result: ReviewResult;
  /** The directory display paths are relative to. */
  readonly cwd: string;
  /** Absolute directory of the baseline file; entry paths are written relative to it. */
  readonly baselineDir: string;
  /** `secreview <version>`, recorded for the reader. */
  readonly tool: string;
}

/**
 * A baseline of every finding the review shows. Snippets are not recorded (only their hash),
 * so a hard-coded secret a rule found does not get copied into one more file.
 */
export function buildBaseline(source: BaselineSource): BaselineFile {
  const { result } = source;
  const findings = [...result.findings].filter((f) => f.file !== '<stdin>').sort(compareFindings);
  const pathOf = (file: string): string => toKey(source.baselineDir, resolve(source.cwd, file));
  const scopeOf = (file: string, line: number): string => enclosingScope(result.scopes?.[file], line);
  const fingerprints = fingerprintFindings(findings, (f) => scopeOf(f.file, f.line), (f) => pathOf(f.file));
  const entries: BaselineEntry[] = findings.map((f, i) => {
    const scope = scopeOf(f.file, f.line);
    return {
      ruleId: f.ruleId,
      path: pathOf(f.file),
      fingerprint: fingerprints[i] ?? '',
      line: f.line,
      ...(scope ? { scope } : {}),
      cwe: f.cwe,
      severity: f.severity,
      message: f.message,
    };
  });
  return { version: BASELINE_VERSION, tool: source.tool, fingerprint: FINGERPRINT_VERSION, findings: entries };
}

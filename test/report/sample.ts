// The shared input of the reporter tests: a review result that touches every corner a reporter
// must get right (every severity, a multi-line range, Unicode, a path with spaces, test code,
// a dataflow path, per-file errors), plus a clean result. Rule metadata comes from the real rule
// pack, so the snapshots show what users will really see.
import type { DataflowStep, Finding, Severity, Confidence, CodeContext } from '../../src/core/finding.js';
import type { ReviewResult } from '../../src/core/result.js';
import type { RuleMeta } from '../../src/core/rule.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import type { ReportInfo } from '../../src/report/types.js';

/** The rule ids the sample findings use. */
const SAMPLE_RULE_IDS = ['PY-CMD-001', 'PY-EXEC-001'] as const;

/** Real metadata of a rule in the Python pack; a missing rule is a broken test set-up. */
export function realRule(id: string): RuleMeta {
  const rule = pythonFrontend.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`rule ${id} is not in pythonFrontend.rules; update test/report/sample.ts`);
  return rule;
}

/** Only the rules the sample uses, so a new rule elsewhere does not churn the snapshots. */
export const sampleRules: readonly RuleMeta[] = SAMPLE_RULE_IDS.map(realRule);

/** Fixed tool facts: the snapshots must not change with the package version. */
export function sampleInfo(color = false): ReportInfo {
  return {
    tool: { name: 'secreview', version: '1.2.3', informationUri: 'https://github.com/secreview/secreview' },
    rules: sampleRules,
    color,
  };
}

interface FindingSpec {
  readonly ruleId: string;
  readonly file: string;
  /** Source lines starting at `line`; the finding starts at the first occurrence of `start` in the first line. */
  readonly code: readonly string[];
  readonly line: number;
  readonly start: string;
  /** The text the finding ends with, on the last code line (inclusive). */
  readonly end: string;
  readonly message: string;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  readonly context?: CodeContext;
  readonly dataflow?: readonly DataflowStep[];
}

/**
 * Builds a finding the way `ctx.report` does (rule defaults, then per-finding refinements), with
 * columns computed from the code so the sample cannot carry a miscounted column. JavaScript
 * string indices are UTF-16 code units, the same unit as Finding columns.
 */
function finding(spec: FindingSpec): Finding {
  const rule = realRule(spec.ruleId);
  const first = spec.code[0] ?? '';
  const last = spec.code.at(-1) ?? '';
  const column = first.indexOf(spec.start) + 1;
  const endColumn = last.lastIndexOf(spec.end) + spec.end.length + 1;
  if (column === 0 || endColumn === spec.end.length) throw new Error(`bad sample span in ${spec.file}`);
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    cwe: rule.cwe,
    severity: spec.severity ?? rule.severity,
    confidence: spec.confidence ?? rule.confidence,
    file: spec.file,
    line: spec.line,
    endLine: spec.line + spec.code.length - 1,
    column,
    endColumn,
    snippet: spec.code.join('\n'),
    message: spec.message,
    explanation: rule.explanation,
    fix: rule.fix,
    context: spec.context ?? 'production',
    ...(spec.dataflow ? { dataflow: spec.dataflow } : {}),
  };
}

// Listed out of order on purpose: every reporter must sort by (file, line, column, rule id).
const findings: readonly Finding[] = [
  finding({
    ruleId: 'PY-EXEC-001',
    file: 'tests/test_api.py',
    line: 9,
    code: ['    assert eval(repr(payload)) == payload'],
    start: 'eval(',
    end: '(payload))',
    message: 'eval() evaluates a string that is not a constant',
    severity: 'low',
    context: 'test',
  }),
  finding({
    ruleId: 'PY-CMD-001',
    file: 'app/jobs.py',
    line: 30,
    code: ['    subprocess.run(', '        f"tar czf {archive} {directory}",', '        shell=True,', '        check=True,', '    )'],
    start: 'subprocess.run(',
    end: ')',
    message: 'subprocess.run() runs a shell command line that is not a constant',
  }),
  finding({
    ruleId: 'PY-EXEC-001',
    file: 'app/views.py',
    line: 21,
    code: ['    结果 = eval(用户输入)  # 计算表达式 ✓'],
    start: 'eval(',
    end: '用户输入)',
    message: 'eval() evaluates 用户输入, a string that is not a constant',
  }),
  finding({
    ruleId: 'PY-CMD-001',
    file: 'scripts/nightly backup/run job.py',
    line: 5,
    code: ['size = os.popen("du -sh " + target).read()'],
    start: 'os.popen(',
    end: 'target)',
    message: 'os.popen() runs a shell command line that is not a constant',
    severity: 'medium',
    confidence: 'low',
  }),
  finding({
    ruleId: 'PY-EXEC-001',
    file: 'app/views.py',
    line: 8,
    code: ['    return eval(request.form["expr"])'],
    start: 'eval(',
    end: '["expr"])',
    message: 'eval() evaluates request.form["expr"], which comes straight from the HTTP request',
    severity: 'critical',
    confidence: 'high',
  }),
  finding({
    ruleId: 'PY-CMD-001',
    file: 'app/jobs.py',
    line: 12,
    code: ['    os.system("ping -c 1 " + host)'],
    start: 'os.system(',
    end: 'host)',
    message: 'os.system() runs a shell command line that is not a constant',
    dataflow: [
      { line: 11, column: 12, note: 'request.args' },
      { line: 11, column: 5, note: 'host' },
      { line: 12, column: 5, note: 'os.system' },
    ],
  }),
];

/** A review with findings of every severity and two per-file errors. */
export const sampleResult: ReviewResult = {
  verdict: 'defects',
  findings,
  errors: [
    { file: 'vendor/blob.py', kind: 'binary', message: 'skipped vendor/blob.py: it looks like a binary file (NUL byte at offset 4)' },
    {
      file: 'app/broken.py',
      kind: 'parse',
      message: 'cannot parse app/broken.py: tree-sitter error at 7:15; the rest of the file was still reviewed',
      line: 7,
      column: 15,
    },
  ],
  stats: { files: 12, lines: 1840, durationMs: 431 },
};

/** A review that found nothing. */
export const cleanResult: ReviewResult = {
  verdict: 'clean',
  findings: [],
  errors: [],
  stats: { files: 3, lines: 120, durationMs: 12 },
};

/** A review that found nothing but could not read every file. */
export const cleanWithErrorsResult: ReviewResult = { ...cleanResult, errors: sampleResult.errors };

import { describe, expect, it } from 'vitest';
import { allRules, frontends } from '../../src/review/languages.js';
import { pythonFrontend } from '../../src/lang/python/index.js';
import { runReview } from '../../src/review/review.js';
import { createSuppressionStage } from '../../src/review/suppressions/stage.js';
import { runCli } from '../support/cli.js';

interface Report {
  findings: { ruleId: string; line: number }[];
  errors: { kind: string; line?: number; column?: number; message: string }[];
}

const HEADER = 'import yaml, pickle, requests\n\n\n';

/** Reviews a snippet (the header's imports plus `body`) and returns the JSON report. */
async function review(body: string, ...flags: string[]): Promise<Report & { code: number }> {
  const run = await runCli(['review', '-', '--format', 'json', ...flags], { stdin: HEADER + body });
  return { code: run.code, ...(JSON.parse(run.stdout) as Report) };
}

/** `[ruleId, line]` of each finding, lines counted from the first line of `body`. */
const found = (report: Report): [string, number][] => report.findings.map((f) => [f.ruleId, f.line - 3]);

describe('inline suppressions', () => {
  it('hide what a secreview comment names by rule id, rule name or CWE, when it gives a reason', async () => {
    const report = await review(
      [
        'a = yaml.load(open("a").read())  # secreview: ignore[PY-DESER-002] our own config file',
        'b = yaml.load(open("b").read())  # secreview: ignore[yaml-unsafe-load] our own config file',
        'c = pickle.loads(open("c", "rb").read())  # secreview: ignore[CWE-502] written by this service',
        'd = pickle.loads(open("d", "rb").read())  # secreview: ignore[PY-DESER-002] wrong rule named',
        '',
      ].join('\n'),
    );
    expect(found(report)).toEqual([['PY-DESER-001', 4]]);
    expect(report.errors).toEqual([]);
  });

  it('do not apply without a reason, and report the comment itself', async () => {
    const report = await review('a = yaml.load(open("a").read())  # secreview: ignore[PY-DESER-002]\n');
    expect(found(report)).toEqual([['PY-DESER-002', 1]]);
    expect(report.code).toBe(1);
    expect(report.errors).toEqual([
      {
        file: '<stdin>',
        kind: 'suppression',
        line: 4,
        column: 34,
        message: 'suppression "# secreview: ignore[PY-DESER-002]" has no reason, so it is not applied; say why the code is safe: # secreview: ignore[RULE-ID] <why this is safe>',
      },
    ]);
  });

  it('report a faulty secreview comment in a file without findings, and say nothing of other tools\' comments there', async () => {
    const report = await review('x = 1  # secreview: ignore[PY-DESER-002]\ny = 2  # noqa: S301\nz = 3  # nosec B301\n');
    expect(found(report)).toEqual([]);
    expect(report.errors.map((e) => [e.line, e.message.slice(0, 52)])).toEqual([[4, 'suppression "# secreview: ignore[PY-DESER-002]" has ']]);
  });

  it('report an unknown id, and still apply the known ones', async () => {
    const report = await review('a = yaml.load(open("a").read())  # secreview: ignore[PY-DESER-002, PY-NOPE-001] trusted\n');
    expect(found(report)).toEqual([]);
    expect(report.errors.map((e) => e.message)).toEqual([
      'suppression "# secreview: ignore[PY-DESER-002, PY-NOPE-001]" names "PY-NOPE-001", which is not the id, name or CWE of any rule (see "secreview rules")',
    ]);
  });

  it('honour Bandit nosec: bare, with test ids mapped through the rules, and with a list', async () => {
    const call = 'requests.get("https://example.org", verify=False)';
    const report = await review([`${call}  # nosec`, `${call}  # nosec B501`, `${call}  # nosec: B113,B501 internal mirror`, `${call}  # nosec B999`, ''].join('\n'));
    expect(found(report)).toEqual([['PY-HTTP-001', 2], ['PY-HTTP-001', 4], ['PY-TLS-001', 4]]);
  });

  it("honour Ruff's flake8-bandit noqa codes, but not a blanket noqa", async () => {
    const report = await review(['a = yaml.load(open("a").read())  # noqa: S506', 'b = yaml.load(open("b").read())  # noqa', ''].join('\n'));
    expect(found(report)).toEqual([['PY-DESER-002', 2]]);
  });

  it('cover a whole multi-line statement from its first line, and the next statement from a line of their own', async () => {
    const report = await review(
      [
        'a = {  # secreview: ignore[PY-DESER-002] the file ships with the package',
        '    "defaults": yaml.load(open("a").read()),',
        '}',
        '# secreview: ignore[PY-DESER-001] blobs are signed and checked before this',
        'b = pickle.loads(open("b", "rb").read())',
        '# nosec',
        'c = pickle.loads(open("c", "rb").read())',
        's = "# secreview: ignore[PY-DESER-001] inside a string, not a comment"; d = pickle.loads(open("d", "rb").read())',
        '',
      ].join('\n'),
    );
    // Bandit's nosec only works on the line itself; a directive inside a string is not one.
    expect(found(report)).toEqual([['PY-DESER-001', 7], ['PY-DESER-001', 8]]);
  });

  it('--report-unused-suppressions lists our own suppressions that hide nothing, never nosec or noqa', async () => {
    const body = [
      'a = 1  # secreview: ignore[PY-DESER-002] left over',
      'b = yaml.load(open("b").read())  # secreview: ignore[PY-DESER-002, PY-DESER-001] config file',
      'c = 2  # nosec',
      'd = 3  # noqa: S506',
      '',
    ].join('\n');
    expect((await review(body)).errors).toEqual([]);
    const report = await review(body, '--report-unused-suppressions');
    expect(report.errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'unused suppression "# secreview: ignore[PY-DESER-002]": no PY-DESER-002 finding here to suppress; remove the comment'],
      [5, 'unused suppression of PY-DESER-001 in "# secreview: ignore[PY-DESER-002, PY-DESER-001]": no such finding here; remove that id'],
    ]);
    // A rule that did not run cannot tell whether its suppression is needed.
    const selected = await review(body, '--report-unused-suppressions', '--select', 'PY-DESER-002');
    expect(selected.errors.map((e) => e.line)).toEqual([4]);
  });

  it('say in the text report that suppression comments need attention, not that files were left unreviewed', async () => {
    const run = await runCli(['review', '-'], { stdin: HEADER + 'a = yaml.load(open("a").read())  # secreview: ignore[PY-DESER-002]\n' });
    expect(run.stdout).toContain('1 suppression comment needs attention (see the diagnostics on stderr).');
    expect(run.stdout).not.toContain('could not be fully reviewed');
    expect(run.stderr).toContain('secreview: <stdin>:4:34: suppression "# secreview: ignore[PY-DESER-002]" has no reason');
  });

  it('record why each finding was hidden', async () => {
    const stage = createSuppressionStage({ rules: allRules(), reportUnused: false });
    const text = HEADER + 'a = yaml.load(open("a").read())  # secreview: ignore[PY-DESER-002] ships with the package\nb = pickle.loads(open("b", "rb").read())  # nosec B301\n';
    const result = await runReview({ snippets: [{ name: 'x.py', text, frontend: pythonFrontend }], frontends, cwd: '/', fileStages: [stage] });
    expect(result.hidden?.map((h) => [h.reason, h.detail])).toEqual([
      ['suppressed', 'suppressed by "# secreview: ignore[PY-DESER-002]" at line 4: ships with the package'],
      ['suppressed', 'suppressed by "# nosec B301" at line 5'],
    ]);
  });
});

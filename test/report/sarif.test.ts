import { describe, expect, it } from 'vitest';
import { Cwe } from '../../src/core/cwe.js';
import type { Finding } from '../../src/core/finding.js';
import type { ReviewResult } from '../../src/core/result.js';
import { artifactLocation, renderSarif } from '../../src/report/sarif.js';
import { cleanResult, realRule, sampleInfo, sampleResult } from './sample.js';
import { describeErrors, sarifValidator } from './validate.js';

const validate = sarifValidator();

// Only the parts of a SARIF log the assertions read.
interface Region { startLine: number; startColumn?: number; endLine?: number; endColumn?: number; snippet?: { text: string } }
interface PhysicalLocation { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region; contextRegion?: Region }
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text?: string };
  locations: Array<{ physicalLocation: PhysicalLocation }>;
  partialFingerprints: Record<string, string>;
  codeFlows?: Array<{ threadFlows: Array<{ locations: Array<{ location: { message: { text: string } } }> }> }>;
  properties: Record<string, unknown>;
}
interface SarifRule { id: string; properties: { tags: string[]; 'security-severity': string; precision: string; 'problem.severity': string } }
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; locations?: Array<{ physicalLocation: PhysicalLocation }> }> }>;
    columnKind: string;
    results: SarifResult[];
  }>;
}

function sarifOf(result: ReviewResult = sampleResult, info = sampleInfo()): SarifLog {
  return JSON.parse(renderSarif(result, info)) as SarifLog;
}

function runOf(log: SarifLog): SarifLog['runs'][number] {
  const run = log.runs[0];
  if (!run) throw new Error('no run');
  return run;
}

function resultAt(log: SarifLog, uri: string, line: number): SarifResult {
  const found = runOf(log).results.find((r) => {
    const loc = r.locations[0]?.physicalLocation;
    return loc?.artifactLocation.uri === uri && loc.region?.startLine === line;
  });
  if (!found) throw new Error(`no result at ${uri}:${line}`);
  return found;
}

describe('SARIF report', () => {
  it('renders the sample', async () => {
    await expect(renderSarif(sampleResult, sampleInfo())).toMatchFileSnapshot('__snapshots__/sample.sarif.json');
  });

  it.each([
    ['sample', sampleResult],
    ['clean', cleanResult],
  ])('validates against the official SARIF 2.1.0 schema (%s)', (_name, result) => {
    const ok = validate(sarifOf(result));
    expect(describeErrors(validate.errors)).toBe('');
    expect(ok).toBe(true);
  });

  it('fails validation for broken logs, so the schema check can fail', () => {
    const zeroLine = sarifOf();
    const region = runOf(zeroLine).results[0]?.locations[0]?.physicalLocation.region;
    if (region) region.startLine = 0;
    expect(validate(zeroLine)).toBe(false);
    expect(describeErrors(validate.errors)).toMatch(/startLine/);

    const noMessage = sarifOf();
    const first = runOf(noMessage).results[0] as Partial<SarifResult>;
    delete first.message;
    expect(validate(noMessage)).toBe(false);

    const spaceInUri = sarifOf();
    const location = runOf(spaceInUri).results[0]?.locations[0]?.physicalLocation;
    if (location) location.artifactLocation.uri = 'app/my file.py';
    expect(validate(spaceInUri)).toBe(false);
  });

  it('declares SARIF 2.1.0, UTF-16 columns and a successful invocation', () => {
    const log = sarifOf();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = runOf(log);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver).toMatchObject({ name: 'secreview', version: '1.2.3', semanticVersion: '1.2.3' });
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
  });

  it('tags a CWE-89 rule with security and external/cwe/cwe-89, the CodeQL convention', () => {
    // The real SQL injection rule: primary CWE-89, no related CWEs.
    const sqlRule = realRule('PY-SQLI-001');
    expect(sqlRule.cwe).toBe(Cwe.SqlInjection);
    const log = sarifOf(cleanResult, { ...sampleInfo(), rules: [sqlRule] });
    const rule = runOf(log).tool.driver.rules[0];
    expect(rule?.properties.tags).toEqual(['security', 'external/cwe/cwe-89']);
    expect(rule?.properties['security-severity']).toBe('8.0');
    expect(rule?.properties['problem.severity']).toBe('error');
    expect(validate(log)).toBe(true);
  });

  it('adds related CWEs to the tags', () => {
    const rule = runOf(sarifOf()).tool.driver.rules.find((r) => r.id === 'PY-EXEC-001');
    expect(rule?.properties.tags).toEqual(['security', 'external/cwe/cwe-95', 'external/cwe/cwe-94']);
  });

  it('sorts results by file, line, column and rule id, and points ruleIndex at the right rule', () => {
    const run = runOf(sarifOf());
    expect(run.results.map((r) => `${r.locations[0]?.physicalLocation.artifactLocation.uri ?? ''}:${r.locations[0]?.physicalLocation.region?.startLine ?? 0}`)).toEqual([
      'app/jobs.py:12',
      'app/jobs.py:30',
      'app/views.py:8',
      'app/views.py:21',
      'scripts/nightly%20backup/run%20job.py:5',
      'tests/test_api.py:9',
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
  });

  it('maps severities to levels: critical and high are errors, medium a warning, low a note', () => {
    const log = sarifOf();
    expect(resultAt(log, 'app/views.py', 8).level).toBe('error');
    expect(resultAt(log, 'app/views.py', 21).level).toBe('error');
    expect(resultAt(log, 'scripts/nightly%20backup/run%20job.py', 5).level).toBe('warning');
    expect(resultAt(log, 'tests/test_api.py', 9)).toMatchObject({ level: 'note', properties: { context: 'test', cwe: 'CWE-95' } });
  });

  it('percent-encodes spaces and non-ASCII characters in relative uris', () => {
    expect(artifactLocation('scripts/nightly backup/run job.py')).toEqual({
      uri: 'scripts/nightly%20backup/run%20job.py',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation('app/größe #1.py').uri).toBe('app/gr%C3%B6%C3%9Fe%20%231.py');
    expect(artifactLocation('./app/x:y.py').uri).toBe('app/x%3Ay.py');
    expect(artifactLocation('/srv/app/my app.py')).toEqual({ uri: 'file:///srv/app/my%20app.py' });
  });

  it('gives the exact region text as the snippet and the whole lines as the context region', () => {
    const single = resultAt(sarifOf(), 'app/views.py', 21).locations[0]?.physicalLocation;
    expect(single?.region?.snippet?.text).toBe('eval(用户输入)');
    expect(single?.contextRegion?.snippet?.text).toBe('    结果 = eval(用户输入)  # 计算表达式 ✓');
    const multi = resultAt(sarifOf(), 'app/jobs.py', 30).locations[0]?.physicalLocation.region;
    expect(multi).toMatchObject({ startLine: 30, startColumn: 5, endLine: 34, endColumn: 6 });
    expect(multi?.snippet?.text.startsWith('subprocess.run(\n')).toBe(true);
    expect(multi?.snippet?.text.endsWith('\n    )')).toBe(true);
  });

  it('adds a code flow only to the finding with a dataflow path', () => {
    const run = runOf(sarifOf());
    const withFlow = run.results.filter((r) => r.codeFlows !== undefined);
    expect(withFlow).toHaveLength(1);
    const steps = withFlow[0]?.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location.message.text);
    expect(steps).toEqual(['request.args', 'host', 'os.system']);
  });

  it('reports one notification per per-file error, with the file as its location', () => {
    const notes = runOf(sarifOf()).invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => [n.level, n.locations?.[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['warning', 'app/broken.py'],
      ['warning', 'vendor/blob.py'],
    ]);
    expect(notes[0]?.locations?.[0]?.physicalLocation.region).toEqual({ startLine: 7, startColumn: 15 });
  });

  it('stays valid for a cut-short snippet and a rule outside the run', () => {
    const base = sampleResult.findings.find((f) => f.file === 'app/jobs.py' && f.line === 30) as Finding;
    const cut = { ...base, endLine: 40, snippet: base.snippet.split('\n').slice(0, 2).join('\n') };
    const log = sarifOf({ ...cleanResult, findings: [cut] }, { ...sampleInfo(), rules: [] });
    const result = runOf(log).results[0];
    expect(result?.ruleIndex).toBeUndefined();
    expect(result?.locations[0]?.physicalLocation.region).toEqual({ startLine: 30, startColumn: 5, endLine: 40, endColumn: 6 });
    expect(result?.locations[0]?.physicalLocation.contextRegion).toBeUndefined();
    expect(validate(log)).toBe(true);
  });

  describe('partial fingerprints', () => {
    const base = sampleResult.findings.find((f) => f.file === 'app/views.py' && f.line === 8) as Finding;
    const fingerprint = (findings: readonly Finding[]): string[] =>
      runOf(sarifOf({ ...cleanResult, findings })).results.map((r) => Object.values(r.partialFingerprints).join());

    it('survive moved lines and re-indentation', () => {
      const moved = { ...base, line: 40, endLine: 40, snippet: `  ${base.snippet.trim()}`, column: 10, endColumn: 36 };
      expect(fingerprint([moved])).toEqual(fingerprint([base]));
    });

    it('change with the rule, the file or the code', () => {
      const [original] = fingerprint([base]);
      expect(fingerprint([{ ...base, file: 'app/other.py' }])[0]).not.toBe(original);
      expect(fingerprint([{ ...base, ruleId: 'PY-CMD-001' }])[0]).not.toBe(original);
      expect(fingerprint([{ ...base, snippet: '    return eval(request.args["expr"])' }])[0]).not.toBe(original);
    });

    it('tell identical findings in one file apart by their order', () => {
      const twin = { ...base, line: 50, endLine: 50 };
      const [first, second] = fingerprint([twin, base]);
      expect(first?.endsWith(':1')).toBe(true);
      expect(second?.endsWith(':2')).toBe(true);
      expect(first?.slice(0, -2)).toBe(second?.slice(0, -2));
    });
  });
});

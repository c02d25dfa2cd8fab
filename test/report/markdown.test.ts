import { describe, expect, it } from 'vitest';
import { CLEAN_VERDICT } from '../../src/core/result.js';
import type { ReviewResult } from '../../src/core/result.js';
import { codeSpan, escapeInline, renderMarkdown } from '../../src/report/markdown.js';
import { cleanResult, cleanWithErrorsResult, sampleInfo, sampleResult } from './sample.js';
import { sampleSources } from './sample-sources.js';

const withSources = { ...sampleInfo(), sources: sampleSources };

describe('markdown report', () => {
  it('renders the sample as a pull-request comment', async () => {
    await expect(renderMarkdown(sampleResult, sampleInfo())).toMatchFileSnapshot('__snapshots__/sample.md');
  });

  it('shows context lines around each finding when the sources are known', async () => {
    await expect(renderMarkdown(sampleResult, withSources)).toMatchFileSnapshot('__snapshots__/sample-context.md');
  });

  it('renders a clean review ending with exactly the verdict line', async () => {
    const text = renderMarkdown(cleanResult, sampleInfo());
    await expect(text).toMatchFileSnapshot('__snapshots__/clean.md');
    expect(text.endsWith(`\n\n${CLEAN_VERDICT}\n`)).toBe(true);
  });

  it('never claims a clean verdict when there are findings', () => {
    expect(renderMarkdown(sampleResult, sampleInfo())).not.toContain(CLEAN_VERDICT);
  });

  it('lists the unreviewed files of a clean review before its verdict', () => {
    const text = renderMarkdown(cleanWithErrorsResult, sampleInfo());
    expect(text.indexOf('2 files could not be fully reviewed')).toBeGreaterThan(-1);
    expect(text.indexOf('2 files could not be fully reviewed')).toBeLessThan(text.indexOf(CLEAN_VERDICT));
  });

  it('numbers the findings in file, line, column order', () => {
    const headings = [...renderMarkdown(sampleResult, sampleInfo()).matchAll(/^#### (\d+)\. .*\n\n`([^`]+)`/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      '1 app/jobs.py:12:5',
      '2 app/jobs.py:30:5',
      '3 app/views.py:8:12',
      '4 app/views.py:21:10',
      '5 scripts/nightly backup/run job.py:5:8',
      '6 tests/test_api.py:9:12',
    ]);
  });

  it('links every CWE to its MITRE page and every rule to its documentation', () => {
    const text = renderMarkdown(sampleResult, sampleInfo());
    expect(text).toContain('[CWE-78](https://cwe.mitre.org/data/definitions/78.html)');
    expect(text).toMatch(/\[PY-CMD-001\]\(https:\/\/github\.com\/secreview\/secreview\/blob\/main\/docs\/rules\/PY-CMD-001\.md\)/);
  });

  it('folds explanation, fix and dataflow into details blocks with blank lines around their Markdown', () => {
    const text = renderMarkdown(sampleResult, sampleInfo());
    expect(text.match(/<details><summary>Why it is exploitable<\/summary>\n\n/g)).toHaveLength(6);
    expect(text.match(/<details><summary>How to fix<\/summary>\n\n/g)).toHaveLength(6);
    expect(text).toContain('<details><summary>Dataflow: 3 steps, source to sink</summary>\n\n1. line 11, column 12: `request.args`');
  });

  it('marks the flagged lines of an excerpt and keeps context lines unmarked', () => {
    const text = renderMarkdown(sampleResult, withSources);
    expect(text).toContain(['```python', '   9 | @app.route("/ping")', '  10 | def ping():', '  11 |     host = request.args.get("host", "")', '> 12 |     os.system("ping -c 1 " + host)', '  13 |     return "ok"', '```'].join('\n'));
  });

  it('ignores a source that no longer matches the finding rather than showing the wrong code', () => {
    const stale = new Map([['app/jobs.py', 'import os\n'.repeat(40)]]);
    const text = renderMarkdown(sampleResult, { ...sampleInfo(), sources: stale });
    expect(text).toContain('```python\n> 12 |     os.system("ping -c 1 " + host)\n```');
  });

  it('shows the change under review with its commit subject', () => {
    const result: ReviewResult = {
      ...sampleResult,
      change: { source: 'diff', base: '0123456789abcdef0123', message: 'Add nightly backup job\n\nRuns tar on the chosen directory.', scope: 'changed-lines', files: [], reconstructed: false },
    };
    const text = renderMarkdown(result, sampleInfo());
    expect(text).toContain('**Change:** Add nightly backup job <sub>(changed lines of 0 files against 0123456789ab)</sub>');
    expect(text).toContain('<details><summary>Commit message</summary>\n\n```text\nRuns tar on the chosen directory.\n```');
  });

  it('escapes Markdown and HTML in messages so user code cannot change the comment', () => {
    const evil = { ...sampleResult.findings[0]!, message: '<img src=x onerror=alert(1)> **bold** [link](http://x) | pipe' };
    const text = renderMarkdown({ ...sampleResult, findings: [evil] }, sampleInfo());
    expect(text).toContain('\\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* \\[link\\](http://x) \\| pipe');
    expect(text).not.toMatch(/(^|[^\\])<img/);
  });

  it('escapes only what CommonMark needs', () => {
    expect(escapeInline('a_b*c')).toBe('a\\_b\\*c');
    expect(escapeInline('- item')).toBe('\\- item');
    expect(escapeInline('1. first')).toBe('1\\. first');
    expect(codeSpan('a `tick` b')).toBe('``a `tick` b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
  });

  it('says how many findings other stages hid', () => {
    const hidden: ReviewResult = {
      ...cleanResult,
      hidden: [
        { finding: sampleResult.findings[0]!, reason: 'suppressed', detail: 'suppressed at line 9' },
        { finding: sampleResult.findings[1]!, reason: 'baseline', detail: 'known' },
      ],
    };
    expect(renderMarkdown(hidden, sampleInfo())).toContain('2 findings not shown: 1 suppressed inline, 1 in the baseline');
  });

  it('renders the Considered section in a details block', () => {
    const result: ReviewResult = {
      ...cleanResult,
      considered: [{ file: 'app.py', cwe: 'CWE-78', title: 'OS command injection', conclusion: 'Argument list without a shell (subprocess.run at line 4).', lines: [4] }],
    };
    expect(renderMarkdown(result, sampleInfo())).toContain(
      '<details><summary>Considered: what was checked and why</summary>\n\n- CWE-78 OS command injection: Argument list without a shell (subprocess.run at line 4).\n\n</details>',
    );
  });
});

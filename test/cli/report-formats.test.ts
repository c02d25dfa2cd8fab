// The markdown, html and gerrit formats through the CLI: the review command reads the code
// around each finding for them (reporters never read files) and passes the gerrit options on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GerritReviewInput } from '../../src/report/gerrit.js';
import { runCli } from '../support/cli.js';

const CODE = ['import yaml', '', '', 'def load(text):', '    # parse the uploaded settings', '    return yaml.load(text)', ''].join('\n');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secreview-formats-'));
  writeFileSync(join(dir, 'settings.py'), CODE);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('review --format markdown|html|gerrit', () => {
  it('shows context lines read from the reviewed file in markdown', async () => {
    const run = await runCli(['review', 'settings.py', '--format', 'markdown'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(['```python', '  3 | ', '  4 | def load(text):', '  5 |     # parse the uploaded settings', '> 6 |     return yaml.load(text)', '```'].join('\n'));
  });

  it('shows context lines of a stdin snippet in html', async () => {
    const run = await runCli(['review', '-', '--format', 'html'], { stdin: CODE });
    expect(run.stdout).toContain('<tr><td class="ln">5</td>');
    expect(run.stdout).toContain('<tr class="flagged"><td class="ln">6</td>');
  });

  it('passes --gerrit-vote and --gerrit-comments to the gerrit format', async () => {
    const run = await runCli(['review', 'settings.py', '--format', 'gerrit', '--gerrit-vote', '--gerrit-comments', 'human'], { cwd: dir });
    const input = JSON.parse(run.stdout) as GerritReviewInput;
    expect(input.labels).toEqual({ 'Code-Review': -1 });
    expect(input.comments?.['settings.py']?.map((c) => c.line)).toEqual([6]);
  });
});

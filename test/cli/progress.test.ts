import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, progressBar, progressLine, scanLine } from '../../src/cli/progress.js';
import { runCli } from '../support/cli.js';

const CLEAR = '\r\u001b[2K';

/** A bar on a fake terminal whose clock the test sets. */
function fakeBar(columns?: number): { update: (done: number, total: number, at: number, phase?: 'scan' | 'review') => void; written: string[] } {
  let time = 0;
  const written: string[] = [];
  const bar = progressBar({ write: (text) => written.push(text), now: () => time, ...(columns ? { columns } : {}) });
  return {
    update: (done, total, at, phase = 'review') => {
      time = at;
      bar({ phase, done, total });
    },
    written,
  };
}

describe('progressBar', () => {
  it('stays hidden for the first half second, then draws files done, rate and time left', () => {
    const { update, written } = fakeBar();
    update(0, 10, 0);
    update(1, 10, 400);
    expect(written).toEqual([]);
    update(2, 10, 1000);
    expect(written).toEqual([`${CLEAR}secreview [#####...................] 2/10 files · 2.0/s · ETA 4s`]);
  });

  it('redraws at most every 100 ms', () => {
    const { update, written } = fakeBar();
    update(1, 100, 600);
    update(2, 100, 650);
    update(3, 100, 699);
    update(4, 100, 700);
    expect(written.map((line) => line.match(/\d+\/100/)?.[0])).toEqual(['1/100', '4/100']);
  });

  it('erases its line when the last file is done, and writes nothing when it never showed', () => {
    const shown = fakeBar();
    shown.update(5, 10, 2000);
    shown.update(10, 10, 2050);
    expect(shown.written.at(-1)).toBe(CLEAR);
    const quick = fakeBar();
    quick.update(1, 2, 100);
    quick.update(2, 2, 200);
    expect(quick.written).toEqual([]);
  });

  it('counts the files whose imports are read, then times the review from its own start', () => {
    const { update, written } = fakeBar();
    update(0, 10, 0, 'scan');
    update(6, 10, 700, 'scan');
    update(10, 10, 900, 'scan');
    update(0, 10, 1000);
    update(4, 10, 3000);
    update(10, 10, 4000);
    expect(written).toEqual([
      `${CLEAR}secreview: reading imports, 6/10 files`,
      `${CLEAR}secreview: reading imports, 10/10 files`,
      `${CLEAR}secreview [........................] 0/10 files · 0.0/s · ETA --`,
      // 4 files in the 2 s since the review began: 2 files a second, 3 s for the other 6.
      `${CLEAR}secreview [##########..............] 4/10 files · 2.0/s · ETA 3s`,
      CLEAR,
    ]);
  });

  it('fits its line to the terminal: the bar goes first, then the end of the line', () => {
    const wide = progressLine(120, 1790, 3, 200);
    expect(wide).toBe('secreview [##......................] 120/1790 files · 40/s · ETA 42s');
    const narrow = progressLine(120, 1790, 3, 60);
    expect(narrow).toBe('secreview 120/1790 files · 40/s · ETA 42s');
    const tiny = progressLine(120, 1790, 3, 20);
    expect(tiny).toBe('secreview 120/1790 ');
    for (const columns of [10, 30, 50, 70, 90]) {
      expect(progressLine(120, 1790, 3, columns).length).toBeLessThan(columns);
      expect(scanLine(120, 1790, columns).length).toBeLessThan(columns);
    }
  });

  it('says the time left is unknown until a file is done', () => {
    expect(progressLine(0, 10, 2)).toContain('0/10 files · 0.0/s · ETA --');
  });
});

describe('formatDuration', () => {
  it('writes seconds, minutes and hours, rounding up', () => {
    expect([0, 0.2, 59, 59.5, 60, 125, 3599, 3600, 3725].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m00s', '1m00s', '2m05s', '59m59s', '1h00m', '1h03m']);
  });
});

describe('the review command', () => {
  const tree = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'secreview-progress-'));
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `m${i}.py`), `import os\n\ndef f${i}(x):\n    return os.path.join("a", x)\n`);
    return dir;
  };
  // Each reading of this clock is a second later: every file finishes past the half second.
  const slowClock = (): (() => number) => {
    let time = 0;
    return () => (time += 1000);
  };

  it('draws the bar on a terminal stderr and erases it before the report', async () => {
    const dir = tree();
    const run = await runCli(['review', dir, '--no-cache', '--jobs', '1'], { stderrTty: { now: slowClock(), columns: 120 } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/secreview \[#+\.*\] 1\/4 files · /);
    expect(run.stderr.endsWith(CLEAR)).toBe(true);
    expect(run.stdout).not.toContain('files ·');
  });

  it('draws nothing when stderr is not a terminal, or is a dumb one', async () => {
    const dir = tree();
    const piped = await runCli(['review', dir, '--no-cache', '--jobs', '1']);
    expect(piped.stderr).toBe('');
    const dumb = await runCli(['review', dir, '--no-cache', '--jobs', '1'], { stderrTty: { now: slowClock() }, env: { TERM: 'dumb' } });
    expect(dumb.stderr).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { composeChanges, mapLine } from '../../src/review/change/compose.js';
import { parsePatch } from '../../src/review/change/patch.js';
import type { Hunk } from '../../src/review/change/types.js';

function hunk(oldStart: number, oldCount: number, newStart: number, newCount: number, kinds: string): Hunk {
  return { oldStart, oldCount, newStart, newCount, lines: [...kinds].map((k, i) => ({ kind: k as ' ' | '+' | '-', text: `l${i}` })) };
}

describe('mapLine', () => {
  // Old lines 1..10; the diff inserts two lines after line 3 and replaces line 7 with nothing.
  const hunks = [hunk(3, 0, 4, 2, '++'), hunk(7, 1, 8, 0, '-')];

  it('shifts lines after an insertion, keeps earlier ones, and drops removed ones', () => {
    expect([1, 3, 4, 6, 7, 8, 10].map((l) => mapLine(l, hunks))).toEqual([1, 3, 6, 8, undefined, 9, 11]);
  });

  it('maps context lines inside a hunk to their new numbers', () => {
    // Old 5 stays, a line is inserted, old 6 is removed, old 7 becomes new 7.
    const withContext = [hunk(5, 3, 5, 3, ' +- ')];
    expect([5, 6, 7, 8].map((l) => mapLine(l, withContext))).toEqual([5, undefined, 7, 8]);
  });
});

describe('composeChanges', () => {
  it('carries lines added by one commit through the shifts of a later one', () => {
    const series = [
      'From 1111111 Mon Sep 17 00:00:00 2001', 'Subject: one', '', '---',
      'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -5,0 +6 @@', '+first = 1',
      'From 2222222 Mon Sep 17 00:00:00 2001', 'Subject: two', '', '---',
      'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -1,0 +2,2 @@', '+import os', '+import sys', '',
    ].join('\n');
    const [change] = composeChanges(parsePatch(series).commits);
    expect([...(change?.added ?? [])].sort((a, b) => a - b)).toEqual([2, 3, 8]);
    expect(change?.known.get(8)).toBe('first = 1');
    expect(change?.addedCount).toBe(3);
  });

  it('follows a rename through the series and records where lines were removed', () => {
    const series = [
      'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -3,2 +3 @@', ' keep', '-drop',
      'commit 3333333333333333333333333333333333333333', 'Author: x', '', '    move', '',
      'diff --git a/a.py b/pkg/b.py', 'similarity index 100%', 'rename from a.py', 'rename to pkg/b.py', '',
    ].join('\n');
    const changes = composeChanges(parsePatch(series).commits);
    expect(changes.map((c) => [c.status, c.oldPath, c.newPath, c.removedCount])).toEqual([['renamed', 'a.py', 'pkg/b.py', 1]]);
    expect([...(changes[0]?.deletedAfter ?? [])]).toEqual([3]);
  });

  it('does not count a line added and removed again within the series as removed from the base', () => {
    const series = [
      'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -1,0 +2 @@', '+tmp = 1',
      'commit 4444444444444444444444444444444444444444', '', '    second', '',
      'diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -2 +1,0 @@', '-tmp = 1', '',
    ].join('\n');
    const [change] = composeChanges(parsePatch(series).commits);
    expect([change?.addedCount, change?.removedCount]).toEqual([0, 0]);
  });

  it('drops a file the series added and deleted again', () => {
    const series = [
      'diff --git a/t.py b/t.py', 'new file mode 100644', '--- /dev/null', '+++ b/t.py', '@@ -0,0 +1 @@', '+x = 1',
      'commit 5555555555555555555555555555555555555555', '', '    remove', '',
      'diff --git a/t.py b/t.py', 'deleted file mode 100644', '--- a/t.py', '+++ /dev/null', '@@ -1 +0,0 @@', '-x = 1', '',
    ].join('\n');
    expect(composeChanges(parsePatch(series).commits)).toEqual([]);
  });
});

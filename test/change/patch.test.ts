import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../src/review/change/patch.js';
import { cleanSubject, decodeEncodedWords } from '../../src/review/change/message.js';

const GIT_DIFF = [
  'diff --git a/app/db.py b/app/db.py',
  'index 3b18e51..a8c2f1d 100644',
  '--- a/app/db.py',
  '+++ b/app/db.py',
  '@@ -10,2 +10,3 @@ def find(cur, name):',
  '     q = "SELECT * FROM users"',
  '-    cur.execute(q)',
  '+    q += " WHERE name = \'" + name + "\'"',
  '+    cur.execute(q)',
  'diff --git a/old name.py b/new name.py',
  'similarity index 90%',
  'rename from old name.py',
  'rename to new name.py',
  'index 1111111..2222222 100644',
  '--- a/old name.py\t',
  '+++ b/new name.py\t',
  '@@ -1 +1 @@',
  '-x = 1',
  '+x = 2',
  'diff --git a/logo.png b/logo.png',
  'new file mode 100644',
  'index 0000000..e69de29',
  'Binary files /dev/null and b/logo.png differ',
  'diff --git a/gone.py b/gone.py',
  'deleted file mode 100644',
  'index e69de29..0000000',
  '--- a/gone.py',
  '+++ /dev/null',
  '@@ -1,2 +0,0 @@',
  '-import os',
  '-os.system("x")',
  'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"',
  'new file mode 100644',
  'index 0000000..1234567',
  '--- /dev/null',
  '+++ "b/caf\\303\\251.py"',
  '@@ -0,0 +1,2 @@',
  '+print("hi")',
  '+print("there")',
  '\\ No newline at end of file',
  'diff --git a/run.sh b/run.sh',
  'old mode 100644',
  'new mode 100755',
  '',
].join('\n');

describe('parsePatch', () => {
  it('reads modifications, renames with spaces, binary, deleted and quoted Unicode files from git diff', () => {
    const [commit] = parsePatch(GIT_DIFF).commits;
    expect(commit?.message).toBeUndefined();
    const files = commit?.files ?? [];
    expect(files.map((f) => [f.status, f.oldPath, f.newPath, f.binary])).toEqual([
      ['modified', 'app/db.py', 'app/db.py', false],
      ['renamed', 'old name.py', 'new name.py', false],
      ['added', undefined, 'logo.png', true],
      ['deleted', 'gone.py', undefined, false],
      ['added', undefined, 'café.py', false],
      ['modified', 'run.sh', 'run.sh', false],
    ]);
    const hunk = files[0]?.hunks[0];
    expect(hunk).toMatchObject({ oldStart: 10, oldCount: 2, newStart: 10, newCount: 3 });
    expect(hunk?.lines.map((l) => l.kind).join('')).toBe(' -++');
    expect(files[4]?.hunks[0]?.lines.map((l) => l.text)).toEqual(['print("hi")', 'print("there")']);
  });

  it('takes the message of a format-patch series and strips the [PATCH n/m] tags', () => {
    const series = [
      'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
      'From: Ada <ada@example.org>',
      'Date: Tue, 1 Oct 2024 10:00:00 +0200',
      'Subject: [PATCH 1/2] Add search',
      '',
      'Search users by name.',
      '',
      'Change-Id: I0123',
      '---',
      ' app.py | 1 +',
      ' 1 file changed, 1 insertion(+)',
      '',
      'diff --git a/app.py b/app.py',
      '--- a/app.py',
      '+++ b/app.py',
      '@@ -1,0 +2 @@',
      '+import os',
      '-- ',
      '2.39.5',
      '',
      'From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001',
      'From: Ada <ada@example.org>',
      'Subject: [PATCH 2/2] =?UTF-8?q?Fix=20caf=C3=A9?=',
      ' handling',
      '',
      '---',
      'diff --git a/app.py b/app.py',
      '--- a/app.py',
      '+++ b/app.py',
      '@@ -5 +5 @@',
      '-a = 1',
      '+a = 2',
    ].join('\n');
    const { commits } = parsePatch(series);
    expect(commits.map((c) => [c.id?.slice(0, 4), c.message])).toEqual([
      ['1111', 'Add search\n\nSearch users by name.\n\nChange-Id: I0123'],
      ['2222', 'Fix café handling'],
    ]);
    expect(commits[0]?.author).toBe('Ada <ada@example.org>');
    // The "-- " signature after the last hunk is not a removed line.
    expect(commits[0]?.files[0]?.hunks[0]?.lines).toEqual([{ kind: '+', text: 'import os' }]);
  });

  it('takes the message of git show output', () => {
    const show = ['commit 3333333333333333333333333333333333333333 (HEAD -> main)', 'Author: Bo <bo@example.org>', 'Date:   Mon Oct 7 09:00:00 2024 +0000', '', '    Tighten the query', '', '    Use parameters.', '', 'diff --git a/q.py b/q.py', '--- a/q.py', '+++ b/q.py', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const [commit] = parsePatch(show).commits;
    expect(commit?.message).toBe('Tighten the query\n\nUse parameters.');
    expect(commit?.files[0]?.newPath).toBe('q.py');
  });

  it('reads plain diff -u output with timestamps, and a description above it', () => {
    const plain = ['Description: fix the shell call', '', '--- a/tool.py\t2024-01-01 10:00:00.000000000 +0000', '+++ b/tool.py\t2024-01-02 10:00:00.000000000 +0000', '@@ -3 +3,2 @@', '-x', '+y', '+z', ''].join('\n');
    const [commit] = parsePatch(plain).commits;
    expect(commit?.message).toBe('Description: fix the shell call');
    expect(commit?.files.map((f) => [f.status, f.oldPath, f.newPath])).toEqual([['modified', 'tool.py', 'tool.py']]);
  });

  it('handles a patch saved with CRLF line ends and skips combined merge diffs with a reason', () => {
    const crlf = ['diff --git a/a.py b/a.py', '--- a/a.py', '+++ b/a.py', '@@ -1 +1 @@', '-a', '+b', ''].join('\r\n');
    expect(parsePatch(crlf).commits[0]?.files[0]?.hunks[0]?.lines).toEqual([{ kind: '-', text: 'a' }, { kind: '+', text: 'b' }]);
    const merge = parsePatch(['diff --cc m.py', 'index 1,2..3', '@@@ -1,1 -1,1 +1,1 @@@', '- a', ' -b', '++c', ''].join('\n'));
    expect(merge.commits).toEqual([]);
    expect(merge.skipped[0]).toMatch(/m\.py: a combined merge diff/);
  });

  it('cleans subjects and decodes encoded words as git am does', () => {
    expect(cleanSubject('[PATCH v2 3/7] [net] Re: Fix it')).toBe('Fix it');
    expect(decodeEncodedWords('=?utf-8?b?w6lsw6h2ZQ==?= =?utf-8?q?_ok?=')).toBe('élève ok');
  });
});

import { describe, expect, it } from 'vitest';
import { parseHunks } from '../../src/integrations/diff-lines.js';

describe('parseHunks', () => {
  it('numbers the new side: added lines, and context lines as visible', () => {
    const patch = ['@@ -10,4 +10,5 @@ def ping():', '     host = request.args["h"]', '-    os.system("ping " + h)', '+    os.system("ping " + host)', '+    log(host)', '     return "ok"', ' ', '@@ -40 +41 @@', '-x = 1', '+x = 2'].join('\n');
    const lines = parseHunks(patch);
    expect([...lines.added]).toEqual([11, 12, 41]);
    expect([...lines.visible]).toEqual([10, 11, 12, 13, 14, 41]);
  });

  it('ignores the "no newline" marker and lines past a hunk', () => {
    const lines = parseHunks(['@@ -1 +1,2 @@', '-a', '+b', '+c', '\\ No newline at end of file'].join('\n'));
    expect([...lines.added]).toEqual([1, 2]);
  });
});

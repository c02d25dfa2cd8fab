import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

interface Report {
  findings: { file: string; line: number; ruleId: string }[];
  hidden?: { reason: string; finding: { line: number; ruleId: string } }[];
  errors: { file: string; kind: string }[];
}

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'secreview-cpp-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

const COPY = (suffix: string): string => `#include <string.h>\nvoid f(char **argv) {\n    char buf[8];\n    strcpy(buf, argv[1]);${suffix}\n}\n`;

describe('C/C++ front-end through the CLI', () => {
  it('reviews .c, .cpp and headers, and reads a header with C++ syntax as C++', async () => {
    const root = tree({
      'a.c': COPY(''),
      'b.cpp': COPY(''),
      'plain.h': '#include <string.h>\nstatic inline void g(char **argv) {\n    char buf[8];\n    strcpy(buf, argv[1]);\n}\n',
      'widget.h': 'namespace ui {\nclass Widget {\npublic:\n    void set(const char *s);\n};\n}\n',
    });
    const run = await runCli(['review', '.', '-f', 'json', '--no-cache'], { cwd: root });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['a.c:4 C-BUF-001', 'b.cpp:4 C-BUF-001', 'plain.h:4 C-BUF-001']);
    // The C++ header parses cleanly because it is read with the C++ grammar.
    expect(report.errors).toEqual([]);
  });

  it('honours secreview, NOLINT and flawfinder suppression comments', async () => {
    const root = tree({
      'reason.c': COPY(' // secreview: ignore[C-BUF-001] argv[1] is checked by the caller'),
      'nolint.c': COPY(' // NOLINT'),
      'nolint-id.c': COPY(' // NOLINT(C-BUF-001)'),
      'flawfinder.c': COPY(' // flawfinder: ignore'),
      'other-id.c': COPY(' // NOLINT(C-FMT-001)'),
    });
    const run = await runCli(['review', '.', '-f', 'json', '--no-cache'], { cwd: root });
    const report = JSON.parse(run.stdout) as Report;
    // Only the suppression naming another rule leaves the finding visible.
    expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['other-id.c:4']);
  });

  it('reviews a C snippet from stdin with --lang c', async () => {
    const run = await runCli(['review', '-', '--lang', 'c', '-f', 'json'], { stdin: COPY('') });
    expect((JSON.parse(run.stdout) as Report).findings.map((f) => f.ruleId)).toEqual(['C-BUF-001']);
    expect(run.code).toBe(1);
  });
});

import { Cwe } from '../../../core/cwe.js';
import { argumentsOf, calleeOf, enclosingFunction, unwrap } from '../ast.js';
import { lineOf } from '../parser.js';
import { defineCppRule } from '../rule.js';

const CHECKS = new Set(['access', 'faccessat', 'stat', 'lstat', 'eaccess', 'euidaccess']);
const USES = new Set(['open', 'fopen', 'creat', 'chmod', 'chown', 'lchown', 'unlink', 'remove', 'rename', 'truncate', 'execv', 'execve', 'freopen', 'opendir', 'link', 'symlink']);

export const rule = defineCppRule<{ check: string; use: string; line: string; path: string }>({
  id: 'C-RACE-001',
  name: 'toctou-file-check',
  title: 'File checked, then used by name (TOCTOU)',
  cwe: Cwe.Toctou,
  relatedCwe: [Cwe.RaceCondition],
  severity: 'medium',
  confidence: 'high',
  description: 'A path is checked with access() or stat() and then opened, changed or removed by the same name later in the function.',
  explanation: 'Between the check and the use another process can replace the file (typically with a symbolic link to a file the program may touch but the user may not): the check approves one file and the use acts on another.',
  fix: 'Open the file once and check the open descriptor instead (open with O_NOFOLLOW, then fstat(fd)); to act as the user, drop privileges before opening rather than calling access().',
  docs: {
    why: 'Check-then-use races on file names are a classic privilege escalation in setuid programs and services.',
    bad: '#include <fcntl.h>\n#include <unistd.h>\n\nint open_for_user(const char *path) {\n    if (access(path, R_OK) != 0) return -1;\n    return open(path, O_RDONLY);\n}',
    good: '#include <fcntl.h>\n#include <sys/stat.h>\n\nint open_for_user(const char *path) {\n    int fd = open(path, O_RDONLY | O_NOFOLLOW);\n    struct stat st;\n    if (fd < 0 || fstat(fd, &st) != 0) return -1;\n    return fd;\n}',
    notDetected: 'The check and the use must be in the same function and name the path with the same expression.',
    references: ['https://cwe.mitre.org/data/definitions/367.html', 'https://wiki.sei.cmu.edu/confluence/display/c/FIO45-C.+Avoid+TOCTOU+race+conditions+while+accessing+files'],
  },
  visits: ['call_expression'],
  message: ({ check, use, line, path }) => `${use}(${path}) acts on a file that ${check}() checked on line ${line}; it may have been replaced in between`,
  check(ctx, call) {
    const callee = calleeOf(call);
    const path = argumentsOf(call)[0];
    if (!callee || callee.receiver || !USES.has(callee.name) || !path) return [];
    const fn = enclosingFunction(call);
    const text = unwrap(path).text.replace(/\s+/g, '');
    for (const earlier of fn?.descendantsOfType('call_expression') ?? []) {
      if (!earlier || earlier.startIndex >= call.startIndex) continue;
      const name = calleeOf(earlier)?.name;
      const arg = argumentsOf(earlier)[name === 'faccessat' ? 1 : 0];
      if (name === undefined || !CHECKS.has(name) || !arg || unwrap(arg).text.replace(/\s+/g, '') !== text) continue;
      return [ctx.report(call, { check: name, use: callee.name, line: String(lineOf(earlier)), path: text.slice(0, 30) })];
    }
    return [];
  },
});

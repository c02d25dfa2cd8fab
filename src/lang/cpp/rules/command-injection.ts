import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from './support/taint-rule.js';

export const rule = defineTaintRule({
  id: 'C-CMD-001',
  name: 'command-injection',
  title: 'OS command built from untrusted data',
  cwe: Cwe.OsCommandInjection,
  relatedCwe: [Cwe.CommandInjection],
  severity: 'high',
  confidence: 'high',
  sinkKind: 'command',
  description: 'Untrusted data (argv, getenv, input, a network read) reaches the command of system(), popen(), exec*() with a shell, or QProcess run through "sh -c"; or a function builds a command line from its parameter.',
  explanation: 'A shell parses the command line, so a value spliced into it can add shell syntax (; | && $() `) and run other commands with this process\'s privileges; a value that names the program runs whatever program the attacker chooses.',
  fix: 'Run a fixed program with an argument vector and no shell: execv("/usr/bin/tar", argv) or QProcess::start("tar", {"czf", out, "--", dir}). Validate values against an allow-list; never pass them through "sh -c".',
  docs: {
    why: 'Command injection hands an attacker code execution on the host whenever input reaches a shell command line.',
    bad: '#include <stdio.h>\n#include <stdlib.h>\n\nint main(int argc, char **argv) {\n    char cmd[256];\n    snprintf(cmd, sizeof cmd, "ls -l %s", argv[1]);\n    return system(cmd);\n}',
    good: '#include <unistd.h>\n\nint main(int argc, char **argv) {\n    char *const args[] = {"ls", "-l", "--", argv[1], 0};\n    return execv("/bin/ls", args);\n}',
    notDetected: 'Argument injection into a fixed program run without a shell (an attacker-chosen "--option") is not reported. Data that flows through struct fields of other functions, globals written elsewhere or other files is not followed.',
    references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://wiki.sei.cmu.edu/confluence/display/c/ENV33-C.+Do+not+call+system%28%29', 'https://doc.qt.io/qt-6/qprocess.html'],
  },
  message: ({ source, sink }) => `${source} reaches the command run by ${sink}`,
});

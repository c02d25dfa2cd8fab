import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-CMD-001',
  name: 'os-command-injection',
  title: 'OS command injection: untrusted data in a command',
  cwe: Cwe.OsCommandInjection,
  relatedCwe: [Cwe.CommandInjection, Cwe.ArgumentInjection],
  severity: 'high',
  confidence: 'high',
  sinkKind: 'command',
  description: 'Untrusted data reaches a shell command line (os.system, os.popen, subprocess with shell=True) or chooses the program that subprocess/os.exec* runs.',
  explanation:
    'A shell interprets the command line, so a value spliced into it can add shell syntax (; | && $() `) and run other commands with the privileges of this process; without a shell, a value that chooses the program runs whatever program the attacker names.',
  fix: 'Pass an argument list without a shell: subprocess.run(["ping", "-c", "1", host], check=True), with the program name fixed. If a shell is unavoidable, quote each value with shlex.quote(), and validate values against an allow-list.',
  bandit: ['B602', 'B605', 'B609', 'B603', 'B604'],
  docs: {
    why: 'OS command injection gives an attacker code execution on the host whenever a request value, file name or environment value reaches a shell command line.',
    bad: 'import os\nfrom flask import request\n\ndef backup():\n    directory = request.args["dir"]\n    os.system("tar czf backup.tgz " + directory)',
    good: 'import subprocess\nfrom flask import request\n\ndef backup():\n    directory = request.args["dir"]\n    subprocess.run(["tar", "czf", "backup.tgz", "--", directory], check=True)',
    notDetected:
      'Argument injection into a fixed program run without a shell (an attacker-chosen "--option") is not reported. A function that only passes its parameter through to os.system() is treated as a wrapper and reported through callers that pass untrusted data.',
    references: [
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://docs.python.org/3/library/subprocess.html#security-considerations',
      'https://docs.python.org/3/library/shlex.html#shlex.quote',
    ],
  },
  message: ({ source, sink }) => `${source} reaches the command run by ${sink}`,
});

import { Cwe } from '../../../core/cwe.js';
import { argument, callArguments } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Functions that always hand their first argument to a shell. */
const SHELL_FUNCTIONS = new Set([
  'os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4',
  'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput',
  'popen2.popen2', 'popen2.popen3', 'popen2.popen4', 'popen2.Popen3', 'popen2.Popen4',
]);

/** subprocess entry points that use a shell only with shell=True. */
const SUBPROCESS_FUNCTIONS = new Set([
  'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen',
  'asyncio.create_subprocess_shell',
]);

type Params = { fn: string };

export const rule = definePythonRule<Params>({
  id: 'PY-CMD-001',
  name: 'os-command-shell',
  title: 'Shell command built from non-constant text',
  cwe: Cwe.OsCommandInjection,
  severity: 'high',
  confidence: 'medium',
  description: 'A shell runs a command line that is not a constant string.',
  explanation:
    'The command line is interpreted by /bin/sh, so any value spliced into it can add shell syntax (; | $() `) and run other commands with the privileges of this process.',
  fix: 'Pass an argument list without a shell: subprocess.run(["ls", path], check=True). If a shell is unavoidable, quote each value with shlex.quote().',
  bandit: ['B602', 'B605', 'B609'],
  docs: {
    why: 'OS command injection gives an attacker code execution on the host whenever a request value, file name or environment value reaches a shell command line.',
    bad: 'import os\nos.system("tar czf backup.tgz " + directory)',
    good: 'import subprocess\nsubprocess.run(["tar", "czf", "backup.tgz", directory], check=True)',
    notDetected: 'Whether the non-constant part is really attacker-controlled is decided by the taint engine (see the dataflow rules); commands assembled in other functions are not followed.',
    references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/subprocess.html#security-considerations'],
  },
  message: ({ fn }) => `${fn}() runs a shell command line that is not a constant`,
  visits: ['call'],
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name) return [];
    if (SHELL_FUNCTIONS.has(name)) return commandIsDynamic(ctx, callArguments(call).positional[0] ?? argument(call, 'cmd')) ? [ctx.report(call, { fn: name })] : [];
    if (!SUBPROCESS_FUNCTIONS.has(name)) return [];
    const usesShell = name === 'asyncio.create_subprocess_shell' || shellEnabled(ctx, argument(call, 'shell'));
    if (!usesShell) return [];
    const command = argument(call, 'args', 0) ?? argument(call, 'cmd');
    return commandIsDynamic(ctx, command) ? [ctx.report(call, { fn: name })] : [];
  },
});

function shellEnabled(ctx: PythonRuleContext<Params>, shell: Node | undefined): boolean {
  if (!shell) return false;
  const value = ctx.constants.evaluate(shell);
  // An unknown expression may well be true; only a constant false value is proof of no shell.
  return value === UNKNOWN || isTruthy(value);
}

function commandIsDynamic(ctx: PythonRuleContext<Params>, command: Node | undefined): boolean {
  if (!command) return false;
  const value = ctx.constants.evaluate(command);
  return value === UNKNOWN;
}

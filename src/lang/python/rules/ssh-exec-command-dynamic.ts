import { Cwe } from '../../../core/cwe.js';
import { definePythonRule } from '../rule.js';
import { hasUnquotedPart, passedThroughParameter, shellCallOf, wrapperExplanation } from './support/shell-calls.js';

export const rule = definePythonRule<{ fn: string }>({
  id: 'PY-SSH-002',
  name: 'ssh-exec-command-dynamic',
  title: 'Non-constant command line run over SSH with paramiko exec_command()',
  cwe: Cwe.OsCommandInjection,
  severity: 'high',
  confidence: 'medium',
  description: 'paramiko SSHClient.exec_command() or Channel.exec_command() receives a command line that is not constant and not quoted with shlex.quote().',
  explanation:
    'The SSH server hands the command text to the remote user\'s login shell, so a value spliced into it can add shell syntax (; | $() `) and run any command on the remote host with that account\'s privileges.',
  fix: 'Keep the command constant and quote every value with shlex.quote(): client.exec_command(f"ls -l {shlex.quote(path)}"). Better, restrict the account with a forced command in authorized_keys.',
  bandit: ['B601'],
  docs: {
    why: 'SSH has no argument vector: exec_command() sends one string that the remote shell parses. Injection there gives an attacker a shell on every server the code manages.',
    bad: 'import paramiko\n\ndef disk_usage(client: paramiko.SSHClient, path):\n    return client.exec_command("du -sh " + path)',
    good: 'import shlex\nimport paramiko\n\ndef disk_usage(client: paramiko.SSHClient, path):\n    return client.exec_command("du -sh " + shlex.quote(path))',
    notDetected: 'Calls are matched by the method name exec_command in files that import paramiko. Whether the non-constant part can come from a user is not tracked by this rule.',
    references: [
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.exec_command',
    ],
  },
  message: ({ fn }) => `${fn}() sends a command line that is not constant to the remote shell`,
  visits: ['call'],
  // shellCallOf() gives the 'ssh' kind only to .exec_command() calls.
  callees: ['exec_command'],
  check(ctx, call) {
    const shell = shellCallOf(ctx, call);
    if (shell?.kind !== 'ssh' || !hasUnquotedPart(ctx, shell.command)) return [];
    const parameter = passedThroughParameter(ctx, shell.command);
    if (parameter === undefined) return [ctx.report(call, { fn: shell.fn })];
    return [ctx.report(call, { fn: shell.fn }, { confidence: 'low', explanation: wrapperExplanation(parameter) })];
  },
});

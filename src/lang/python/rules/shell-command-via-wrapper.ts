import { Cwe } from '../../../core/cwe.js';
import { definePythonRule } from '../rule.js';
import { SHELL_WRAPPER_MENTIONS, hasUnquotedPart, passedThroughParameter, shellCallOf, wrapperExplanation } from './support/shell-calls.js';

type Params = { fn: string; how: string };

export const rule = definePythonRule<Params>({
  id: 'PY-SHELL-001',
  name: 'shell-command-via-wrapper',
  title: 'Non-constant command line run through a shell by a wrapper, Fabric or Invoke',
  cwe: Cwe.OsCommandInjection,
  severity: 'high',
  confidence: 'medium',
  description:
    'A command line that is not constant goes to Fabric or Invoke run()/sudo()/local(), which always use a shell, or to a function other than subprocess/os called with shell=True.',
  explanation:
    'The command line is interpreted by a shell, so any value spliced into it can add shell syntax (; | $() `) and run other commands, on this host or, for Fabric, on every server it connects to.',
  fix: 'Quote every value with shlex.quote() before it enters the command line, or use an API that takes an argument list without a shell (subprocess.run([...]) locally).',
  bandit: ['B604'],
  docs: {
    why: 'Deployment tools and in-house helpers hand their command text to /bin/sh (or to the remote login shell). A file name, branch name or request value that reaches that text becomes shell code.',
    bad: 'from fabric import Connection\n\ndef deploy(host, branch):\n    Connection(host).run(f"git checkout {branch}")',
    good: 'import shlex\nfrom fabric import Connection\n\ndef deploy(host, branch):\n    Connection(host).run(f"git checkout {shlex.quote(branch)}")',
    notDetected:
      'subprocess and os functions are covered by PY-CMD-001. A wrapper called with shell=True is only assumed to use a shell (low confidence); one that always uses a shell without saying so is not recognised. Fabric receivers are recognised from Connection()/Context() calls in the same scope and from the context parameter of @task functions.',
    references: [
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://docs.fabfile.org/en/latest/api/connection.html#fabric.connection.Connection.run',
      'https://docs.pyinvoke.org/en/stable/api/runners.html',
    ],
  },
  message: ({ fn, how }) => `${fn}() runs a command line that is not constant through ${how}`,
  visits: ['call'],
  fileMentions: SHELL_WRAPPER_MENTIONS,
  check(ctx, call) {
    const shell = shellCallOf(ctx, call);
    if (!shell || (shell.kind !== 'fabric' && shell.kind !== 'wrapper')) return [];
    if (!hasUnquotedPart(ctx, shell.command)) return [];
    const parameter = passedThroughParameter(ctx, shell.command);
    const how = shell.kind === 'fabric' ? 'a shell (Fabric and Invoke always use one)' : 'a shell (shell=True)';
    // A wrapper with shell=True is only presumed to use a shell; a forwarded parameter depends on the callers.
    if (shell.kind === 'fabric' && parameter === undefined) return [ctx.report(call, { fn: shell.fn, how })];
    return [ctx.report(call, { fn: shell.fn, how }, { confidence: 'low', ...(parameter === undefined ? {} : { explanation: wrapperExplanation(parameter) }) })];
  },
});

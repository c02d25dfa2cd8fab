import { argument, callArguments, calleeLastName, calleeObject, enclosingFunction, lastSegment, namedChildrenOf, unwrapParens } from '../../ast.js';
import { UNKNOWN, isTruthy } from '../../constants.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';
import { receiverOrigin } from '../request-without-timeout.js';
import { holesOf, stringShape } from './string-parts.js';

/** How a call hands its command line to a shell. */
export type ShellCallKind =
  /** os.system, subprocess with shell=True and other standard-library shells. */
  | 'stdlib'
  /** Fabric and Invoke run(), sudo() and local(): always through a shell. */
  | 'fabric'
  /** paramiko exec_command(): the remote user's shell runs the text. */
  | 'ssh'
  /** Any other function called with shell=True, presumably a wrapper around subprocess. */
  | 'wrapper';

/** A call that runs a shell command line, with the expression that holds the command. */
export interface ShellCall {
  readonly kind: ShellCallKind;
  /** Readable callee for messages, e.g. `subprocess.run` or `c.run`. */
  readonly fn: string;
  readonly command: Node;
}

/** Standard-library functions that always pass their first argument to a shell. */
const ALWAYS_SHELL = new Set([
  'os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'platform.popen',
  'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput',
  'popen2.popen2', 'popen2.popen3', 'popen2.popen4', 'popen2.Popen3', 'popen2.Popen4',
  'asyncio.create_subprocess_shell',
]);

/** subprocess entry points that use a shell only with shell=True. */
const SHELL_OPTIONAL = new Set([
  'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen',
]);

/** Fabric 1 and Invoke module-level helpers. */
const FABRIC_FUNCTIONS = new Set([
  'fabric.api.run', 'fabric.api.sudo', 'fabric.api.local',
  'fabric.operations.run', 'fabric.operations.sudo', 'fabric.operations.local',
  'invoke.run', 'invoke.sudo',
]);

/** Objects whose run()/sudo()/local() go through a shell (Fabric 2, Invoke). */
const FABRIC_RECEIVERS = new Set([
  'fabric.Connection', 'fabric.connection.Connection', 'fabric.SerialGroup', 'fabric.ThreadingGroup',
  'fabric.group.SerialGroup', 'fabric.group.ThreadingGroup', 'invoke.Context', 'invoke.context.Context',
]);
const FABRIC_METHODS = new Set(['run', 'sudo', 'local']);
const TASK_DECORATORS = new Set(['invoke.task', 'invoke.tasks.task', 'fabric.task', 'fabric.tasks.task']);

/** Module roots of the Fabric and Invoke names above (`fabric`, `invoke`). */
const FABRIC_MODULES = [...new Set([...FABRIC_FUNCTIONS, ...FABRIC_RECEIVERS, ...TASK_DECORATORS].map((name) => name.split('.')[0] as string))];

/**
 * Text in every file where {@link shellCallOf} finds a Fabric, Invoke or wrapper call (the kinds
 * that do not name a shell themselves): the `shell` keyword, or an import of Fabric or Invoke.
 * Callee names resolve through the file's imports, so every part of one is spelled in the file.
 */
export const SHELL_WRAPPER_MENTIONS: readonly string[] = ['shell', ...FABRIC_MODULES];

/**
 * Text in every file where {@link shellCallOf} finds any shell call: the above, the last names of
 * the standard-library shells (`system`, `popen`, `getoutput` …) and `exec_command` for paramiko.
 */
export const SHELL_CALL_MENTIONS: readonly string[] = [
  ...new Set([...SHELL_WRAPPER_MENTIONS, ...[...ALWAYS_SHELL].map(lastSegment), 'exec_command']),
];

/** Names whose value is the command line in wrapper functions. */
const COMMAND_KEYWORDS = ['cmd', 'command', 'args'];

/** The shell command run by `call`, when it visibly runs one. */
export function shellCallOf<P extends MessageParams>(ctx: PythonRuleContext<P>, call: Node): ShellCall | undefined {
  const name = ctx.callName(call);
  if (name !== undefined) {
    if (ALWAYS_SHELL.has(name)) return withCommand('stdlib', name, callArguments(call).positional[0] ?? argument(call, 'cmd') ?? argument(call, 'command'));
    if (SHELL_OPTIONAL.has(name)) {
      if (!shellRequested(ctx, argument(call, 'shell'), true)) return undefined;
      return withCommand('stdlib', name, firstListItem(argument(call, 'args', 0)));
    }
    if (FABRIC_FUNCTIONS.has(name)) return withCommand('fabric', name, argument(call, 'command', 0));
    // The rest of these modules is either harmless or handled above.
    if (/^(?:os|subprocess|asyncio|shlex|fabric|invoke)\./.test(name)) return undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (method && receiver && FABRIC_METHODS.has(method) && isFabricReceiver(ctx, receiver)) {
    return withCommand('fabric', `${receiver.text}.${method}`, argument(call, 'command', 0));
  }
  if (method === 'exec_command' && receiver && ctx.names.importsModule('paramiko')) {
    return withCommand('ssh', `${receiver.text}.exec_command`, argument(call, 'command', 0));
  }
  if (shellRequested(ctx, argument(call, 'shell'), false)) {
    const command = COMMAND_KEYWORDS.map((k) => argument(call, k)).find((n) => n !== undefined) ?? callArguments(call).positional[0];
    // functools.partial(subprocess.check_call, shell=True): the first argument is a function, not a command.
    if (!command || ctx.names.resolve(command) !== undefined) return undefined;
    const fn = call.childForFieldName('function');
    return withCommand('wrapper', name ?? fn?.text.slice(0, 60) ?? 'call', firstListItem(command));
  }
  return undefined;
}

function withCommand(kind: ShellCallKind, fn: string, command: Node | undefined): ShellCall | undefined {
  return command ? { kind, fn, command } : undefined;
}

/**
 * shell=… asks for a shell: a constant true value always; an unknown expression only where
 * `unknownMeansShell` (for subprocess, whose callers usually pass a flag straight through).
 */
function shellRequested<P extends MessageParams>(ctx: PythonRuleContext<P>, shell: Node | undefined, unknownMeansShell: boolean): boolean {
  if (!shell) return false;
  const value = ctx.constants.evaluate(shell);
  return value === UNKNOWN ? unknownMeansShell : isTruthy(value);
}

/** With shell=True a list's first item is the command line; later items are the shell's own arguments. */
function firstListItem(node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const n = unwrapParens(node);
  return n.type === 'list' || n.type === 'tuple' ? namedChildrenOf(n)[0] : node;
}

/** A Fabric 2 connection, an Invoke context, or the context parameter of an @task function. */
function isFabricReceiver<P extends MessageParams>(ctx: PythonRuleContext<P>, receiver: Node): boolean {
  const origin = receiverOrigin(ctx, receiver);
  if (origin !== undefined) return FABRIC_RECEIVERS.has(origin);
  return receiver.type === 'identifier' && isTaskContextParameter(ctx, receiver);
}

/** `c` in `@task def deploy(c, …)`: Invoke and Fabric pass the context as the first parameter. */
function isTaskContextParameter<P extends MessageParams>(ctx: PythonRuleContext<P>, identifier: Node): boolean {
  const fn = enclosingFunction(identifier);
  const first = fn?.childForFieldName('parameters')?.namedChildren.find((p) => p !== null);
  const firstName = first?.type === 'typed_parameter' ? namedChildrenOf(first)[0]?.text : first?.text;
  if (!fn || firstName !== identifier.text) return false;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return namedChildrenOf(decorated ?? fn)
    .filter((d) => d.type === 'decorator')
    .some((d) => {
      const expression = namedChildrenOf(d)[0];
      const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      const resolved = target ? ctx.names.resolve(target) : undefined;
      return resolved !== undefined && TASK_DECORATORS.has(resolved);
    });
}

/** Functions whose result is safe to splice into a shell command line. */
const SHELL_QUOTERS = new Set(['shlex.quote', 'pipes.quote', 'shlex.join', 'int', 'float']);

/** True when some part of a command line is neither constant nor quoted for the shell. */
export function hasUnquotedPart<P extends MessageParams>(ctx: PythonRuleContext<P>, command: Node): boolean {
  const n = unwrapParens(command);
  // An argument list is not re-parsed by a shell here; its items are separate arguments.
  if (n.type === 'list' || n.type === 'tuple') return false;
  return holesOf(stringShape(ctx, n)).some((hole) => !isShellQuoted(ctx, hole));
}

function isShellQuoted<P extends MessageParams>(ctx: PythonRuleContext<P>, hole: Node): boolean {
  const n = unwrapParens(hole);
  if (n.type === 'integer' || n.type === 'float') return true;
  const name = n.type === 'call' ? ctx.callName(n) : undefined;
  return name !== undefined && SHELL_QUOTERS.has(name);
}

/**
 * The parameter name when `command` is a parameter of the enclosing function passed on
 * unchanged: the function is a wrapper, and whether the text is dangerous depends on its callers.
 */
export function passedThroughParameter<P extends MessageParams>(ctx: PythonRuleContext<P>, command: Node): string | undefined {
  const n = unwrapParens(command);
  if (n.type !== 'identifier' || ctx.assignedValue(n) !== undefined) return undefined;
  const params = enclosingFunction(n)?.childForFieldName('parameters');
  if (!params) return undefined;
  const names = namedChildrenOf(params).map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? namedChildrenOf(p)[0])?.text));
  return names.includes(n.text) ? n.text : undefined;
}

/** For a function that only forwards its parameter: the risk sits with its callers. */
export function wrapperExplanation(parameter: string): string {
  return `The command is the parameter ${parameter}, passed on unchanged, so this function is a wrapper: it is a real defect if any caller passes text that contains user input, and a shell then runs whatever syntax that text holds.`;
}

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { COMMAND_CALLS, commandOf, programName } from './support/command.js';
import type { CommandWord } from './support/command.js';

type Params = { what: string; effect: string };
type Ctx = PythonRuleContext<Params>;

/** Identity setters → which positional arguments are ids (-1 leaves an id unchanged). */
const ID_SETTERS: ReadonlyMap<string, readonly number[]> = new Map([
  ['os.setuid', [0]], ['os.seteuid', [0]], ['os.setgid', [0]], ['os.setegid', [0]],
  ['os.setreuid', [0, 1]], ['os.setregid', [0, 1]], ['os.setresuid', [0, 1, 2]], ['os.setresgid', [0, 1, 2]],
]);
const CONTAINER_CLIS = new Set(['docker', 'podman', 'nerdctl']);
const CONTAINER_START = new Set(['run', 'create']);
const PRIVILEGED_FLAG = /^--privileged(?:=(?:true|1))?$/i;
const SUDO_STDIN = /^-(?:[A-Za-z]*S[A-Za-z]*|-stdin)$/;
const ECHOES = new Set(['echo', 'printf', 'cat']);

/** `os.setuid(0)` and friends: the process keeps or regains root. */
function checkIdSetter(ctx: Ctx, call: Node, fn: string, positions: readonly number[]): Finding[] {
  const { positional } = callArguments(call);
  const root = positions.some((i) => {
    const arg = positional[i];
    return arg !== undefined && ctx.constants.evaluate(arg) === 0;
  });
  if (!root) return [];
  const kind = fn.includes('gid') ? 'group id 0 (root)' : 'user id 0 (root)';
  return [ctx.report(call, { what: `${fn}() with ${kind}`, effect: 'keeps the process running with root privileges' })];
}

/** The index of the word that starts the docker/podman `run`/`create` subcommand, if the command is one. */
function containerRunAt(words: readonly CommandWord[]): number | undefined {
  for (let i = 0; i < words.length; i++) {
    if (!CONTAINER_CLIS.has(programName(words[i]) ?? '')) continue;
    // Global options (`-H host`, `--context x`) may come before the subcommand.
    for (let j = i + 1; j < words.length && j <= i + 5; j++) {
      if (CONTAINER_START.has(words[j] ?? '')) return j;
    }
  }
  return undefined;
}

/** True when the command runs `sudo -S` and feeds it a password: piped from echo/printf, or with input=. */
function sudoWithPassword(words: readonly CommandWord[], call: Node): boolean {
  const sudo = words.findIndex((w) => programName(w) === 'sudo');
  if (sudo === -1) return false;
  const options = words.slice(sudo + 1).filter((w) => w?.startsWith('-'));
  if (!options.some((w) => w !== undefined && SUDO_STDIN.test(w))) return false;
  const pipedEcho = words.slice(0, sudo).some((w, i, all) => ECHOES.has(programName(w) ?? '') && all.slice(i).includes('|'));
  return pipedEcho || callArguments(call).keywords.has('input');
}

function checkCommand(ctx: Ctx, call: Node): Finding[] {
  const command = commandOf(ctx, call);
  if (!command) return [];
  const { fn, words } = command;
  const start = containerRunAt(words);
  if (start !== undefined && words.slice(start + 1).some((w) => w !== undefined && PRIVILEGED_FLAG.test(w))) {
    return [ctx.report(call, { what: `${fn}() running a --privileged container`, effect: 'gives the container full root access to the host' }, { severity: 'high' })];
  }
  if (sudoWithPassword(words, call)) {
    return [ctx.report(call, { what: `${fn}() piping a password into sudo -S`, effect: 'makes the program hold an administrator password and elevate itself to root' })];
  }
  return [];
}

/** Docker SDK: `client.containers.run(image, privileged=True)`. */
function checkDockerSdk(ctx: Ctx, call: Node): Finding[] {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !CONTAINER_START.has(method) || receiver?.type !== 'attribute') return [];
  if (receiver.childForFieldName('attribute')?.text !== 'containers') return [];
  const flag = callArguments(call).keywords.get('privileged');
  const value = flag ? ctx.constants.evaluate(flag) : undefined;
  if (value === undefined || value === UNKNOWN || !isTruthy(value)) return [];
  return [ctx.report(call, { what: `containers.${method}(privileged=True)`, effect: 'gives the container full root access to the host' }, { severity: 'high' })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-PRIV-001',
  name: 'unnecessary-privileges',
  title: 'Code runs itself or a container with root privileges',
  cwe: Cwe.UnnecessaryPrivileges,
  relatedCwe: [Cwe.PrivilegeManagement],
  severity: 'medium',
  confidence: 'high',
  description:
    'os.setuid(0)/seteuid(0)/setgid(0) (and the setre*/setres* forms), a command that pipes a password into sudo -S, or a container started with --privileged (docker/podman CLI or the Docker SDK privileged=True).',
  explanation:
    'Code that runs as root turns every other bug in it (a path traversal, a command injection, a deserialization flaw) into full control of the machine. A privileged container can mount the host disk, load kernel modules and escape to the host; a program that holds the sudo password can become root whenever it, or whoever controls it, wants.',
  fix: 'Run with the least privilege that works: drop to an unprivileged user after binding low ports (os.setgid(gid); os.setuid(uid) with non-zero ids), grant single capabilities (setcap, --cap-add NET_ADMIN) instead of --privileged, and configure sudoers NOPASSWD for the one command that needs it instead of storing a password.',
  docs: {
    why: 'Privilege is what turns a bug into a compromise. Least privilege keeps the damage of any flaw inside what the process legitimately needs.',
    bad: 'import subprocess\nsubprocess.run(["docker", "run", "--privileged", "-v", "/:/host", "tools:latest"], check=True)',
    good: 'import subprocess\nsubprocess.run(["docker", "run", "--cap-add", "NET_ADMIN", "tools:latest"], check=True)',
    notDetected:
      'Whether a process is started as root (by systemd, a Dockerfile USER line or a setuid binary) is outside the Python code and not reported. Commands whose words are computed at run time are not judged; the docker/podman word and --privileged must be visible. sudo without -S (which prompts, or relies on sudoers) and su are not reported. Kubernetes manifests built as dicts (securityContext.privileged) are not covered.',
    references: [
      'https://cwe.mitre.org/data/definitions/250.html',
      'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities',
      'https://docs.python.org/3/library/os.html#os.setuid',
      'https://www.sudo.ws/docs/man/sudo.man/#S',
    ],
  },
  message: ({ what, effect }) => `${what} ${effect}`,
  visits: ['call'],
  // ID setters, the process-running calls of commandOf(), and the Docker SDK's containers.run()/create().
  callees: lastNamesOf(ID_SETTERS.keys(), COMMAND_CALLS.keys(), CONTAINER_START),
  check(ctx, call) {
    const name = ctx.callName(call);
    const positions = name === undefined ? undefined : ID_SETTERS.get(name);
    if (name !== undefined && positions) return checkIdSetter(ctx, call, name, positions);
    return name !== undefined ? checkCommand(ctx, call) : checkDockerSdk(ctx, call);
  },
});

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, calleeLastName, calleeObject, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { fn: string; mode: string; what: string };
type Ctx = PythonRuleContext<Params>;

/** Numeric values of the `stat` module's permission constants. */
const STAT_BITS: ReadonlyMap<string, number> = new Map([
  ['S_ISUID', 0o4000], ['S_ISGID', 0o2000], ['S_ISVTX', 0o1000],
  ['S_IRWXU', 0o700], ['S_IRUSR', 0o400], ['S_IWUSR', 0o200], ['S_IXUSR', 0o100],
  ['S_IRWXG', 0o070], ['S_IRGRP', 0o040], ['S_IWGRP', 0o020], ['S_IXGRP', 0o010],
  ['S_IRWXO', 0o007], ['S_IROTH', 0o004], ['S_IWOTH', 0o002], ['S_IXOTH', 0o001],
  ['S_IREAD', 0o400], ['S_IWRITE', 0o200], ['S_IEXEC', 0o100],
]);

const OTHER_WRITE = 0o002;

/** chmod-style calls (the mode is applied exactly) → position of the mode argument. */
const CHMOD_FUNCTIONS: ReadonlyMap<string, number> = new Map([['os.chmod', 1], ['os.fchmod', 1], ['os.lchmod', 1]]);
/** Creation calls (the mode is filtered by the process umask) → position of the mode argument. */
const CREATE_FUNCTIONS: ReadonlyMap<string, number> = new Map([['os.mkdir', 1], ['os.makedirs', 1], ['os.open', 2]]);
/**
 * Modes that only restate a creation call's default (0o777), or the 0o666 that open() itself
 * uses: writing them out changes nothing, so they are not reported.
 */
const DEFAULT_CREATE_MODES = new Set([0o777, 0o666]);
const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath']);
/** Path methods that return another Path. */
const PATH_RETURNING = new Set(['resolve', 'absolute', 'expanduser', 'with_name', 'with_suffix', 'with_stem', 'joinpath']);

/**
 * What is known about a mode: `bits` are certainly set; `exact` says whether the value is
 * fully known. `st_mode | stat.S_IWOTH` is not exact but certainly grants other-write.
 */
interface ModeBits {
  readonly bits: number;
  readonly exact: boolean;
}

const UNKNOWN_MODE: ModeBits = { bits: 0, exact: false };
const MAX_DEPTH = 12;

function evaluateMode(ctx: Ctx, node: Node, depth = 0): ModeBits {
  if (depth > MAX_DEPTH) return UNKNOWN_MODE;
  const n = unwrapParens(node);
  const resolved = ctx.names.resolve(n);
  if (resolved?.startsWith('stat.')) {
    const bits = STAT_BITS.get(resolved.slice(5));
    return bits === undefined ? UNKNOWN_MODE : { bits, exact: true };
  }
  if (n.type === 'binary_operator') return evaluateBinary(ctx, n, depth);
  if (n.type === 'identifier') {
    const bound = ctx.assignedValue(n);
    if (bound) return evaluateMode(ctx, bound, depth + 1);
  }
  const value = ctx.constants.evaluate(n);
  return typeof value === 'number' && Number.isInteger(value) ? { bits: value, exact: true } : UNKNOWN_MODE;
}

function evaluateBinary(ctx: Ctx, n: Node, depth: number): ModeBits {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  const op = n.childForFieldName('operator')?.text;
  if (!left || !right) return UNKNOWN_MODE;
  const a = evaluateMode(ctx, left, depth + 1);
  const b = evaluateMode(ctx, right, depth + 1);
  // OR only adds bits, so known bits survive an unknown operand.
  if (op === '|') return { bits: a.bits | b.bits, exact: a.exact && b.exact };
  if (!a.exact || !b.exact) return UNKNOWN_MODE;
  if (op === '+') return { bits: a.bits + b.bits, exact: true };
  if (op === '&') return { bits: a.bits & b.bits, exact: true };
  if (op === '^') return { bits: a.bits ^ b.bits, exact: true };
  return UNKNOWN_MODE;
}

function octal(mode: ModeBits): string {
  return mode.exact ? `0o${mode.bits.toString(8).padStart(3, '0')}` : 'a mode that includes the other-write bit';
}

/** True when `node` is a pathlib.Path: built by Path(...), a `/` join on one, or a Path method. */
function isPathExpression(ctx: Ctx, node: Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const n = unwrapParens(node);
  if (n.type === 'call') {
    if (PATH_CLASSES.has(ctx.callName(n) ?? '')) return true;
    const receiver = calleeObject(n);
    return receiver !== undefined && PATH_RETURNING.has(calleeLastName(n) ?? '') && isPathExpression(ctx, receiver, depth + 1);
  }
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '/') {
    const left = n.childForFieldName('left');
    return left !== null && isPathExpression(ctx, left, depth + 1);
  }
  if (n.type === 'identifier') {
    const bound = ctx.assignedValue(n);
    return bound !== undefined && isPathExpression(ctx, bound, depth + 1);
  }
  return false;
}

/** The mode argument and whether the umask filters it, for the calls this rule knows. */
function modeArgument(ctx: Ctx, call: Node): { fn: string; mode: Node; masked: boolean } | undefined {
  const name = ctx.callName(call);
  const chmodPosition = name !== undefined ? CHMOD_FUNCTIONS.get(name) : undefined;
  const createPosition = name !== undefined ? CREATE_FUNCTIONS.get(name) : undefined;
  if (name !== undefined && chmodPosition !== undefined) {
    const mode = argument(call, 'mode', chmodPosition);
    return mode ? { fn: name, mode, masked: false } : undefined;
  }
  if (name !== undefined && createPosition !== undefined) {
    const mode = argument(call, 'mode', createPosition);
    return mode ? { fn: name, mode, masked: true } : undefined;
  }
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if ((method === 'chmod' || method === 'lchmod') && receiver && isPathExpression(ctx, receiver)) {
    const mode = argument(call, 'mode', 0);
    return mode ? { fn: `Path.${method}`, mode, masked: false } : undefined;
  }
  return undefined;
}

/**
 * `old = os.umask(0)` immediately followed by `os.umask(old)` (or `os.umask(os.umask(0))`) only
 * reads the current umask: nothing is created while it is 0.
 */
function onlyReadsUmask(ctx: Ctx, call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && ctx.callName(parent.parent) === 'os.umask') return true;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
  const statement = parent?.parent;
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement') return false;
  let next = statement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  const restore = next?.type === 'expression_statement' ? next.namedChildren[0] : null;
  if (restore?.type !== 'call' || ctx.callName(restore) !== 'os.umask') return false;
  const restored = argument(restore, 'mask', 0);
  return restored?.type === 'identifier' && restored.text === left.text;
}

function checkUmask(ctx: Ctx, call: Node): Finding[] {
  const maskArg = argument(call, 'mask', 0);
  if (!maskArg) return [];
  const mask = evaluateMode(ctx, maskArg);
  // The umask removes bits; unless it removes other-write, new files (0o666) end up world-writable.
  if (!mask.exact || (mask.bits & OTHER_WRITE) !== 0 || onlyReadsUmask(ctx, call)) return [];
  return [ctx.report(call, { fn: 'os.umask', mode: octal(mask), what: 'lets every file and directory created afterwards be world-writable' }, { severity: 'high' })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-PERM-001',
  name: 'permissive-file-permissions',
  title: 'File or directory made world-writable',
  cwe: Cwe.PermissionAssignment,
  relatedCwe: [Cwe.IncorrectDefaultPermissions],
  severity: 'medium',
  confidence: 'high',
  description:
    'chmod (os or pathlib), mkdir/makedirs/os.open or umask with a constant mode that lets other users write (0o002 bit, e.g. 0o777, 0o666).',
  explanation:
    'Any local user or compromised service account can then change the file: replace a script or config the program later runs or trusts, plant a symlink in a directory, or tamper with data.',
  fix: 'Grant the least access that works: 0o600/0o644 for files, 0o700/0o755 for directories; use a group (0o770/0o660) when several accounts must write.',
  bandit: ['B103'],
  docs: {
    why: 'World-writable files and directories are a classic local privilege-escalation path: whoever can write a file that a more privileged process reads or executes controls that process.',
    bad: 'import os\nos.chmod("/etc/myapp/config.ini", 0o777)',
    good: 'import os\nos.chmod("/etc/myapp/config.ini", 0o600)',
    notDetected:
      'Modes computed at run time are trusted, and group-writable modes (0o775, 0o664) are not reported. World-readable files holding secrets are not reported. For mkdir/makedirs/os.open, 0o777 and 0o666 are not reported because they equal the defaults (the umask decides); other world-writable creation modes are reported with low confidence, since the process umask (usually 022) still removes other-write. os.umask(0) immediately restored on the next line (the idiom for reading the umask) is not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/732.html',
      'https://docs.python.org/3/library/os.html#os.chmod',
      'https://docs.python.org/3/library/stat.html#stat.S_IWOTH',
    ],
  },
  message: ({ fn, mode, what }) => `${fn}() with ${mode} ${what}`,
  visits: ['call'],
  // os.umask, the chmod and creation functions, and Path.chmod()/lchmod().
  callees: ['umask', ...lastNamesOf(CHMOD_FUNCTIONS.keys(), CREATE_FUNCTIONS.keys()), 'chmod', 'lchmod'],
  check(ctx, call) {
    if (ctx.callName(call) === 'os.umask') return checkUmask(ctx, call);
    const found = modeArgument(ctx, call);
    if (!found) return [];
    const mode = evaluateMode(ctx, found.mode);
    if ((mode.bits & OTHER_WRITE) === 0) {
      if (mode.exact) ctx.note(call, 'no write permission for other users', `${found.fn}(${octal(mode)})`);
      else ctx.note(call, 'mode computed at run time, not judged', found.fn);
      return [];
    }
    if (found.masked) {
      if (mode.exact && DEFAULT_CREATE_MODES.has(mode.bits)) return [];
      return [ctx.report(call, { fn: found.fn, mode: octal(mode), what: 'asks for a world-writable file or directory (the umask may still remove other-write)' }, { severity: 'medium', confidence: 'low' })];
    }
    return [ctx.report(call, { fn: found.fn, mode: octal(mode), what: 'makes the path world-writable' }, { severity: 'high' })];
  },
});

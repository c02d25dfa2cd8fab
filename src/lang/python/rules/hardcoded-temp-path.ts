import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { knownPrefix, shapeText, stringShape } from './support/string-parts.js';
import type { StringShape } from './support/string-parts.js';

/** World-writable directories shared by every local user. */
const SHARED_DIR = /^\/(?:tmp|var\/tmp|dev\/shm)(?=\/|$)/;

/** Where a call takes the path it opens, creates or writes. */
interface PathArguments {
  readonly positions: readonly number[];
  readonly keywords: readonly string[];
}

function each(names: readonly string[], spec: PathArguments): [string, PathArguments][] {
  return names.map((n) => [n, spec]);
}

/** Calls that open, create or write the path they are given. */
const PATH_CALLS: ReadonlyMap<string, PathArguments> = new Map([
  ...each(['open', 'io.open', 'codecs.open', 'os.open'], { positions: [0], keywords: ['file', 'filename', 'path'] }),
  ...each(['os.mkdir', 'os.makedirs', 'os.mkfifo', 'os.mknod'], { positions: [0], keywords: ['path', 'name'] }),
  ...each(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath'], { positions: [0], keywords: [] }),
  ...each(['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move'], { positions: [1], keywords: ['dst'] }),
  ...each(['os.symlink', 'os.link', 'os.rename', 'os.replace'], { positions: [1], keywords: ['dst'] }),
  ...each(['shutil.make_archive'], { positions: [0], keywords: ['base_name'] }),
  ...each(['tarfile.open'], { positions: [0], keywords: ['name'] }),
  ...each(['zipfile.ZipFile'], { positions: [0], keywords: ['file'] }),
  ...each(['sqlite3.connect'], { positions: [0], keywords: ['database'] }),
  ...each(
    ['logging.FileHandler', 'logging.handlers.RotatingFileHandler', 'logging.handlers.TimedRotatingFileHandler', 'logging.handlers.WatchedFileHandler'],
    { positions: [0], keywords: ['filename'] },
  ),
]);

/** Methods that write to the path in their first argument, whatever the receiver (pandas, matplotlib, PIL). */
const WRITER_METHODS = new Set(['to_csv', 'to_excel', 'to_json', 'to_parquet', 'to_pickle', 'to_hdf', 'to_feather', 'savefig', 'save']);

/** Calls that make file names nobody can predict; a temp path ending in one of them is not reported. */
const UNPREDICTABLE = /^(?:uuid\.uuid[14]|secrets\.token_\w+|os\.urandom)$/;

type Params = { path: string; use: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-TMP-002',
  name: 'hardcoded-temp-path',
  title: 'Fixed file path in a shared temporary directory',
  cwe: Cwe.InsecureTempFile,
  relatedCwe: [Cwe.Toctou],
  severity: 'medium',
  confidence: 'medium',
  description:
    'A hard-coded path under /tmp, /var/tmp or /dev/shm is opened, created, written or configured as a file, directory or socket path.',
  explanation:
    'Every local user can create files in these directories. Because the name is fixed, another user or a compromised service can create it first, as a symlink to a file this process may write (which then gets overwritten), or as a file with content they control (which this process then reads), or simply block it.',
  fix: 'Create temporary files with the tempfile module (NamedTemporaryFile, mkstemp, TemporaryDirectory), which picks an unpredictable name and creates it atomically with private permissions; keep long-lived files in a directory the service owns.',
  bandit: ['B108'],
  docs: {
    why: 'Predictable names in world-writable directories are a classic local privilege-escalation and tampering vector: the attacker does not need to race anything if the name is known in advance.',
    bad: 'import json\n\ndef save_report(report):\n    with open("/tmp/report.json", "w") as f:\n        json.dump(report, f)',
    good: 'import json\nimport tempfile\n\ndef save_report(report):\n    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:\n        json.dump(report, f)\n        return f.name',
    notDetected:
      'Paths are recognised where the code uses them as paths: arguments of file-opening and file-creating calls, names ending in path/file/dir, path-like keyword arguments and dictionary keys (such as a logging "filename"). Paths built from the TMPDIR environment variable or tempfile.gettempdir() are not reported, nor are tempfile calls given dir="/tmp".',
    references: [
      'https://cwe.mitre.org/data/definitions/377.html',
      'https://docs.python.org/3/library/tempfile.html',
      'https://security.openstack.org/guidelines/dg_using-temporary-files-securely.html',
    ],
  },
  message: ({ path, use }) => `"${path}" is a predictable path in a shared temporary directory, ${use}`,
  visits: ['call', 'assignment', 'pair'],
  // A path in /tmp, /var/tmp or /dev/shm: its constant text spells one of these.
  fileMentions: ['tmp', 'shm'],
  check(ctx, node) {
    if (node.type === 'call') return checkCall(ctx, node);
    if (node.type === 'assignment') return checkNamed(ctx, node.childForFieldName('left'), node.childForFieldName('right'), 'assigned to');
    return checkNamed(ctx, node.childForFieldName('key'), node.childForFieldName('value'), 'stored under the key');
  },
});

function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const name = ctx.callName(call);
  if (name?.startsWith('tempfile.')) return [];
  const findings: Finding[] = [];
  for (const arg of pathArguments(ctx, call, name)) {
    findings.push(...reportTempPath(ctx, arg, `used as a file path by ${displayName(call, name)}()`));
  }
  for (const [keyword, value] of callArguments(call).keywords) {
    if (isPathLikeName(keyword)) findings.push(...reportTempPath(ctx, value, `passed as ${keyword}=`));
  }
  if (name === 'os.path.join' || name === 'pathlib.Path' || name === 'pathlib.PurePath') findings.push(...checkJoin(ctx, call, name));
  return findings;
}

function pathArguments(ctx: Ctx, call: Node, name: string | undefined): Node[] {
  const spec = name === undefined ? undefined : PATH_CALLS.get(name);
  if (spec) {
    const positional = callArguments(call).positional;
    const byPosition = spec.positions.flatMap((p) => (positional[p] ? [positional[p]] : []));
    const byKeyword = spec.keywords.flatMap((k) => { const v = argument(call, k); return v ? [v] : []; });
    return [...byPosition, ...byKeyword];
  }
  const method = calleeLastName(call);
  const first = callArguments(call).positional[0];
  if (!first || name !== undefined) return [];
  // socket.bind("/tmp/app.sock"): a string (not a tuple) address is a Unix socket path.
  if (method === 'bind' && ctx.constants.stringValue(first) !== undefined) return [first];
  return method && WRITER_METHODS.has(method) ? [first] : [];
}

/** os.path.join("/tmp", "cache.db") and Path("/tmp", "x"): the shared directory plus a fixed name. */
function checkJoin(ctx: Ctx, call: Node, name: string): readonly Finding[] {
  const [dir, ...rest] = callArguments(call).positional;
  if (!dir || rest.length === 0 || !isBareSharedDir(ctx, dir)) return [];
  const joined = rest.map((r) => ctx.constants.stringValue(r));
  if (joined.some((part) => part === undefined)) return [];
  const path = `${ctx.constants.stringValue(dir)?.replace(/\/$/, '')}/${joined.join('/')}`;
  return [ctx.report(call, { path, use: `built by ${name}()` })];
}

/**
 * `LOG_FILE = "/tmp/app.log"`, `self.cache_dir = …`, `{"filename": "/tmp/app.log"}`. Dictionary
 * keys must name a file: records such as sysconfig's {"abs_builddir": "/tmp/build"} only
 * describe where something was, while a logging or app config "filename" is about to be opened.
 */
function checkNamed(ctx: Ctx, target: Node | null, value: Node | null, how: string): readonly Finding[] {
  if (!target || !value) return [];
  const name = target.type === 'attribute' ? target.childForFieldName('attribute')?.text : target.type === 'string' ? ctx.constants.stringValue(target) : target.text;
  if (!name || (target.type !== 'identifier' && target.type !== 'attribute' && target.type !== 'string') || !isPathLikeName(name)) return [];
  if (target.type === 'string' && !isFileLikeName(name)) return [];
  if (value.type === 'identifier') return [];
  return reportTempPath(ctx, value, `${how} ${name}`);
}

/** One finding at the expression that spells the temp path, wherever the value is used from. */
function reportTempPath(ctx: Ctx, expression: Node, use: string): readonly Finding[] {
  const definition = definitionOf(ctx, expression);
  const shape = stringShape(ctx, definition);
  const prefix = knownPrefix(shape);
  if (!SHARED_DIR.test(prefix) || isBareSharedDir(ctx, definition) || endsUnpredictably(ctx, shape)) return [];
  return [ctx.report(definition, { path: shapeText(shape, '{…}'), use })];
}

/** The expression a name was bound to (followed through single assignments), else the expression itself. */
function definitionOf(ctx: Ctx, expression: Node): Node {
  let current = unwrapParens(expression);
  for (let depth = 0; depth < 4 && current.type === 'identifier'; depth++) {
    const value = ctx.assignedValue(current);
    if (!value) break;
    current = unwrapParens(value);
  }
  return current;
}

function isBareSharedDir(ctx: Ctx, node: Node): boolean {
  const value = ctx.constants.stringValue(node);
  return value !== undefined && SHARED_DIR.test(value) && value.replace(SHARED_DIR, '').replace(/\/+$/, '') === '';
}

/** `f"/tmp/{uuid.uuid4()}"`: the first run-time part of the name is random. */
function endsUnpredictably(ctx: Ctx, shape: StringShape): boolean {
  const hole = shape.parts.find((p) => 'hole' in p);
  if (!hole || !('hole' in hole)) return false;
  let node = unwrapParens(hole.hole);
  while (node.type === 'call' && calleeLastName(node) === 'hex' && node.childForFieldName('function')?.type === 'attribute') {
    node = node.childForFieldName('function')?.childForFieldName('object') ?? node;
  }
  if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'hex') node = node.childForFieldName('object') ?? node;
  const name = node.type === 'call' ? ctx.callName(node) : undefined;
  return name !== undefined && UNPREDICTABLE.test(name);
}

/**
 * Names that hold a path: the last word (snake_case or camelCase) is path, file, dir, folder,
 * socket … or ends with file/path/dir (logfile, tmpdir), but not "profile".
 */
function isPathLikeName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean);
  const last = words[words.length - 1] ?? '';
  if (/^(?:path|paths|file|files|filename|filenames|fname|dir|dirs|dirname|directory|folder|sock|socket|location|dest|destination)$/.test(last)) return true;
  return /(?:path|dir|folder)$/.test(last) || (/file$/.test(last) && !/profile$/.test(last));
}

/** Names of a single file or socket, not of a directory. */
function isFileLikeName(name: string): boolean {
  return isPathLikeName(name) && !/(?:dir|dirs|dirname|directory|folder)$/i.test(name);
}

function displayName(call: Node, name: string | undefined): string {
  if (name !== undefined) return name;
  const method = calleeLastName(call);
  return method ?? namedChildrenOf(call)[0]?.text.slice(0, 30) ?? 'call';
}

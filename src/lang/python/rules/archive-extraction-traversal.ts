import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, calleeObject, enclosingFunction, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { receiverOrigin } from './request-without-timeout.js';

type Params = { what: string; problem: string };
type Ctx = PythonRuleContext<Params>;
type ArchiveKind = 'tar' | 'zip';

const TAR_OPENERS = new Set([
  'tarfile.open', 'tarfile.TarFile', 'tarfile.TarFile.open', 'tarfile.TarFile.taropen', 'tarfile.TarFile.gzopen',
  'tarfile.TarFile.bz2open', 'tarfile.TarFile.xzopen', 'tarfile.TarFile.zstopen',
]);
const ZIP_OPENERS = new Set(['zipfile.ZipFile', 'zipfile.PyZipFile']);
/**
 * Filters that extract members as they are. Every other filter is trusted: "data"/"tar" and
 * tarfile.data_filter/tar_filter (PEP 706) refuse absolute paths, `..` and links out of the
 * target, and a custom callable is the code's own check.
 */
const UNSAFE_FILTERS = new Set(['fully_trusted', 'tarfile.fully_trusted_filter']);
/** Member listings: iterating them yields names (`namelist`) or member objects (`infolist`). */
const NAME_LISTINGS = new Set(['namelist', 'getnames']);
const MEMBER_LISTINGS = new Set(['infolist', 'getmembers']);
/** Attributes of a ZipInfo/TarInfo that hold the stored path. */
const MEMBER_PATH_ATTRIBUTES = new Set(['filename', 'orig_filename', 'name', 'path']);
/** Calls that strip a name down to one safe component. */
const NAME_SANITIZERS = new Set(['basename', 'secure_filename', 'get_valid_filename']);
/** Calls that show the code checks where a path ends up. */
const CONTAINMENT_CHECKS = new Set(['commonpath', 'commonprefix', 'is_relative_to', 'relative_to', 'isabs', 'startswith']);
const CHECK_HELPER = /safe|within|inside|contain|valid|sanitiz|traversal|escape/i;
const WRITE_MODE = /[wax+]/;
const TAR_NAME = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/;

/** Whether `node` is a tarfile or zipfile archive object: opened in place, by a single assignment, or by `with … as`. */
function archiveKind(ctx: Ctx, node: Node): ArchiveKind | undefined {
  const n = unwrapParens(node);
  const origin = n.type === 'call' ? ctx.callName(n) : receiverOrigin(ctx, n);
  if (origin === undefined) return undefined;
  if (TAR_OPENERS.has(origin)) return 'tar';
  return ZIP_OPENERS.has(origin) ? 'zip' : undefined;
}

/** The verdict on an explicit `filter=`: a PEP 706 name or function, or a custom callable (trusted). */
function filterVerdict(ctx: Ctx, filter: Node): 'safe' | 'unsafe' {
  const value = ctx.constants.evaluate(filter);
  if (value === null) return 'unsafe';
  const name = typeof value === 'string' ? value : ctx.names.resolve(filter);
  if (name !== undefined && UNSAFE_FILTERS.has(name)) return 'unsafe';
  return 'safe';
}

/** `tar.extraction_filter = …` or `TarFile.extraction_filter = staticmethod(tarfile.data_filter)` anywhere in the file. */
function setsExtractionFilter(ctx: Ctx): boolean {
  return ctx.root.descendantsOfType('assignment').some((a) => {
    const left = a?.childForFieldName('left');
    return left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'extraction_filter';
  });
}

/** True when `members=` is the unfiltered member list (`tar.getmembers()`, `tar`, or a comprehension over it without a condition). */
function isUncheckedMemberList(ctx: Ctx, node: Node, depth = 0): boolean {
  if (depth > 4) return false;
  const n = unwrapParens(node);
  if (n.type === 'identifier') {
    const bound = ctx.assignedValue(n);
    return bound ? isUncheckedMemberList(ctx, bound, depth + 1) : archiveKind(ctx, n) === 'tar';
  }
  if (n.type === 'call') {
    const receiver = calleeObject(n);
    if (receiver && MEMBER_LISTINGS.has(calleeLastName(n) ?? '') && archiveKind(ctx, receiver) === 'tar') return true;
    const [first] = callArguments(n).positional;
    return ctx.callName(n) === 'list' && first !== undefined && isUncheckedMemberList(ctx, first, depth + 1);
  }
  if (n.type === 'list_comprehension' || n.type === 'generator_expression') {
    const clauses = namedChildrenOf(n);
    if (clauses.some((c) => c.type === 'if_clause')) return false;
    const iterable = clauses.find((c) => c.type === 'for_in_clause')?.childForFieldName('right');
    return iterable ? isUncheckedMemberList(ctx, iterable, depth + 1) : false;
  }
  return false;
}

function checkTarExtraction(ctx: Ctx, call: Node, method: 'extract' | 'extractall', receiver: Node): Finding[] {
  const args = callArguments(call);
  if (args.hasSplat) return [];
  const filter = args.keywords.get('filter');
  if (filter) {
    if (filterVerdict(ctx, filter) === 'safe') return [];
  } else if (setsExtractionFilter(ctx)) {
    return [];
  }
  const what = `${receiver.type === 'call' ? 'tarfile.open(…)' : receiver.text}.${method}()`;
  const problem = filter ? `with filter=${filter.text}` : 'without filter="data"';
  if (method === 'extractall') {
    const members = argument(call, 'members', 1);
    if (members && !isUncheckedMemberList(ctx, members)) return [];
    return [ctx.report(call, { what, problem })];
  }
  const member = argument(call, 'member', 0);
  const loop = member?.type === 'identifier' ? memberLoop(ctx, member, call) : undefined;
  if (!loop || isGuarded(call, loop)) return [];
  return [ctx.report(call, { what, problem: `${problem} on every member of the archive` })];
}

/** The enclosing `for` loop whose variable `id` iterates the members of an archive. */
function memberLoop(ctx: Ctx, id: Node, from: Node): Node | undefined {
  for (let node = from.parent; node; node = node.parent) {
    if (node.type === 'function_definition') return undefined;
    if (node.type !== 'for_statement') continue;
    if (node.childForFieldName('left')?.text !== id.text) continue;
    return archiveListing(ctx, node) ? node : undefined;
  }
  return undefined;
}

/** What a `for` loop iterates when it walks an archive's members: `names` or member objects. */
function archiveListing(ctx: Ctx, loop: Node): { kind: ArchiveKind; yields: 'names' | 'members' } | undefined {
  const iterable = loop.childForFieldName('right');
  if (!iterable) return undefined;
  const n = unwrapParens(iterable);
  if (n.type === 'call') {
    const method = calleeLastName(n) ?? '';
    const receiver = calleeObject(n);
    const kind = receiver ? archiveKind(ctx, receiver) : undefined;
    if (!kind) return undefined;
    if (NAME_LISTINGS.has(method)) return { kind, yields: 'names' };
    return MEMBER_LISTINGS.has(method) ? { kind, yields: 'members' } : undefined;
  }
  return archiveKind(ctx, n) === 'tar' ? { kind: 'tar', yields: 'members' } : undefined;
}

/** True when an `if` between the loop and `node` (or before it in the loop body) decides whether it runs. */
function isGuarded(node: Node, loop: Node): boolean {
  const body = loop.childForFieldName('body');
  for (let current: Node = node, parent = node.parent; parent && parent.id !== loop.id; current = parent, parent = parent.parent) {
    if (parent.type === 'if_statement' || parent.type === 'conditional_expression') return true;
    if (parent.id === body?.id) {
      const before = namedChildrenOf(parent).filter((s) => s.endIndex <= current.startIndex);
      return before.some((s) => s.type === 'if_statement' && s.descendantsOfType(['continue_statement', 'raise_statement', 'return_statement']).length > 0);
    }
  }
  return false;
}

/** `shutil.unpack_archive()` without a PEP 706 filter; zip archives are safe (shutil skips `..` and absolute names). */
function checkUnpackArchive(ctx: Ctx, call: Node): Finding[] {
  const args = callArguments(call);
  if (args.hasSplat) return [];
  const filter = args.keywords.get('filter');
  if (filter && filterVerdict(ctx, filter) === 'safe') return [];
  const format = argument(call, 'format', 2);
  const formatValue = format ? ctx.constants.stringValue(format) : undefined;
  if (formatValue === 'zip') return [];
  const filename = argument(call, 'filename', 0);
  const filenameValue = filename ? ctx.constants.stringValue(filename)?.toLowerCase() : undefined;
  // A known name that is not a tar archive goes to the zip unpacker or a registered custom one.
  if (!format && filenameValue !== undefined && !TAR_NAME.test(filenameValue)) return [];
  const problem = filter ? `with filter=${filter.text}` : 'without filter="data"';
  return [ctx.report(call, { what: 'shutil.unpack_archive()', problem })];
}

/** A hand-written extraction loop: `open(os.path.join(dest, member.filename), "wb")` with no containment check. */
function checkExtractionLoop(ctx: Ctx, loop: Node): Finding[] {
  const listing = archiveListing(ctx, loop);
  const variable = loop.childForFieldName('left');
  const body = loop.childForFieldName('body');
  if (!listing || variable?.type !== 'identifier' || !body) return [];
  const scope = enclosingFunction(loop) ?? loop;
  if (checksContainment(scope)) return [];
  const member = { name: variable.text, yields: listing.yields };
  return body
    .descendantsOfType('call')
    .filter((c): c is Node => c !== null && isWriteOpen(ctx, c))
    .filter((c) => {
      const path = writtenPath(ctx, c);
      return path !== undefined && carriesMemberName(ctx, path, member, 0);
    })
    .map((c) =>
      ctx.report(c, {
        what: `${calleeLastName(c) ?? 'open'}()`,
        problem: `writes to a path built from the ${listing.kind} member name ${member.yields === 'names' ? member.name : `${member.name}.${listing.kind === 'zip' ? 'filename' : 'name'}`} without checking that it stays inside the target directory`,
      }),
    );
}

/** Calls that open or write a file for writing: open(p, "wb"), io.open, Path(p).write_bytes(…), Path(p).open("w"). */
function isWriteOpen(ctx: Ctx, call: Node): boolean {
  const name = ctx.callName(call);
  const method = calleeLastName(call);
  if (name === 'open' || name === 'io.open' || name === 'codecs.open') {
    const mode = argument(call, 'mode', 1);
    const value = mode ? ctx.constants.stringValue(mode) : undefined;
    return value !== undefined && WRITE_MODE.test(value);
  }
  if (method === 'write_bytes' || method === 'write_text') return calleeObject(call) !== undefined;
  return false;
}

/** The path a write call targets: open's first argument, or the receiver of write_bytes/write_text. */
function writtenPath(ctx: Ctx, call: Node): Node | undefined {
  const method = calleeLastName(call);
  if (method === 'write_bytes' || method === 'write_text') return calleeObject(call);
  return argument(call, 'file', 0);
}

interface MemberVariable {
  readonly name: string;
  readonly yields: 'names' | 'members';
}

/** True when `expr` is built from the member's stored name (not reduced to its basename). */
function carriesMemberName(ctx: Ctx, expr: Node, member: MemberVariable, depth: number): boolean {
  if (depth > 6) return false;
  const n = unwrapParens(expr);
  if (n.type === 'identifier') {
    if (n.text === member.name) return member.yields === 'names';
    const bound = ctx.assignedValue(n);
    return bound !== undefined && carriesMemberName(ctx, bound, member, depth + 1);
  }
  if (n.type === 'attribute') {
    const object = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text ?? '';
    if (object?.type === 'identifier' && object.text === member.name) return member.yields === 'members' && MEMBER_PATH_ATTRIBUTES.has(attr);
    return object !== null && carriesMemberName(ctx, object, member, depth + 1);
  }
  if (n.type === 'call') {
    if (NAME_SANITIZERS.has(calleeLastName(n) ?? '')) return false;
    const receiver = calleeObject(n);
    const list = n.childForFieldName('arguments');
    const args = list ? namedChildrenOf(list) : [];
    return [...(receiver ? [receiver] : []), ...args].some((a) => carriesMemberName(ctx, a, member, depth + 1));
  }
  return namedChildrenOf(n).some((child) => carriesMemberName(ctx, child, member, depth + 1));
}

/** True when the function compares paths or names against `..`, the usual Zip Slip checks. */
function checksContainment(scope: Node): boolean {
  for (const call of scope.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (last !== undefined && (CONTAINMENT_CHECKS.has(last) || CHECK_HELPER.test(last))) return true;
  }
  return scope.descendantsOfType('string_content').some((s) => s?.text === '..');
}

export const rule = definePythonRule<Params>({
  id: 'PY-ARCHIVE-001',
  name: 'archive-extraction-traversal',
  title: 'Archive extracted without checking member paths (Zip Slip)',
  cwe: Cwe.PathTraversal,
  relatedCwe: [Cwe.ExternalFileName],
  severity: 'high',
  confidence: 'medium',
  description:
    'tarfile extractall()/extract() or shutil.unpack_archive() without filter="data" (PEP 706), or a hand-written zip/tar extraction loop that opens a path joined from the member name without a containment check.',
  explanation:
    'Archive members carry their own paths. Without a filter, tarfile writes members named "../../home/app/.ssh/authorized_keys" or "/etc/cron.d/job" where their name says, follows symbolic and hard links that point outside the target directory, and restores set-uid bits and device files. Whoever supplies the archive can overwrite files anywhere the process can write.',
  fix: 'Pass filter="data" (Python 3.12+, and 3.8.17+/3.9.17+/3.10.12+/3.11.4+ security releases): tar.extractall(dest, filter="data"), shutil.unpack_archive(path, dest, filter="data"). In a hand-written loop, resolve the target and refuse it unless os.path.commonpath([dest, target]) == dest, or use zipfile.ZipFile.extract(), which sanitises names.',
  bandit: ['B202'],
  docs: {
    why: 'Path traversal through archive entries ("Zip Slip") is a recurring remote-code-execution bug in upload handlers, package installers and backup restores: one crafted archive overwrites a script, a config file or an SSH key. tarfile kept the unsafe behaviour by default until Python 3.14.',
    bad: 'import tarfile\nwith tarfile.open(upload_path) as tar:\n    tar.extractall("/srv/data")',
    good: 'import tarfile\nwith tarfile.open(upload_path) as tar:\n    tar.extractall("/srv/data", filter="data")',
    notDetected:
      'zipfile.ZipFile.extract()/extractall() are not reported: CPython removes absolute prefixes and ".." components from member names before writing. shutil.unpack_archive() of a .zip (constant name or format="zip") is not reported for the same reason. tar extract() is reported only for members that come from iterating the archive in an unguarded loop; a members= list from a helper function or a filtered comprehension is trusted, and so is any extraction in a file that sets extraction_filter. Hand-written loops are trusted when the enclosing function calls commonpath, startswith, is_relative_to, basename, secure_filename or a helper named like is_within_directory/safe_*, or compares names with "..". Archives handled by third-party libraries (py7zr, patool, libarchive) are not covered. Python 3.14 made "data" the default filter, which this rule does not take into account.',
    references: [
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://peps.python.org/pep-0706/',
      'https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter',
      'https://security.snyk.io/research/zip-slip-vulnerability',
    ],
  },
  message: ({ what, problem }) => `${what} ${problem}, so an archive can write files outside the target directory`,
  visits: ['call', 'for_statement'],
  // Calls are acted on only as shutil.unpack_archive() or an extract()/extractall() method; extraction loops come through for_statement.
  callees: ['unpack_archive', 'extract', 'extractall'],
  // Archives are recognised by their opener (tarfile.open, zipfile.ZipFile) or shutil.unpack_archive.
  fileMentions: ['tarfile', 'zipfile', 'unpack_archive'],
  check(ctx, node) {
    if (node.type === 'for_statement') return checkExtractionLoop(ctx, node);
    if (ctx.callName(node) === 'shutil.unpack_archive') return checkUnpackArchive(ctx, node);
    const method = calleeLastName(node);
    const receiver = calleeObject(node);
    if ((method !== 'extract' && method !== 'extractall') || !receiver) return [];
    return archiveKind(ctx, receiver) === 'tar' ? checkTarExtraction(ctx, node, method, receiver) : [];
  },
});

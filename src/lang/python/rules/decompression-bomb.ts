import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, calleeObject, enclosingFunction, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { receiverOrigin } from './request-without-timeout.js';
import { requestDataOf } from './support/web.js';

type Params = { what: string; source: string };
type Ctx = PythonRuleContext<Params>;

/** One-shot decompressors: they return the whole output, however large. */
const ONE_SHOT = new Set(['zlib.decompress', 'gzip.decompress', 'bz2.decompress', 'lzma.decompress', 'brotli.decompress', 'zstandard.decompress', 'lz4.frame.decompress']);
/** Streaming readers over a compressed file object → position of that file argument. */
const COMPRESSED_READERS: ReadonlyMap<string, readonly [string, number]> = new Map([
  ['gzip.GzipFile', ['fileobj', 3]], ['gzip.open', ['filename', 0]], ['bz2.BZ2File', ['filename', 0]],
  ['bz2.open', ['filename', 0]], ['lzma.LZMAFile', ['filename', 0]], ['lzma.open', ['filename', 0]],
]);
const DECOMPRESSOBJ = new Set(['zlib.decompressobj', 'bz2.BZ2Decompressor', 'lzma.LZMADecompressor']);
const ZIP_OPENERS = new Set(['zipfile.ZipFile']);
const ZIP_READS = new Set(['extractall', 'extract', 'read']);
/** Every method checkReader can report on. */
const READER_METHODS = new Set([...ZIP_READS, 'decompress', 'readlines', 'readline']);

/** `zlib.decompress(request.data)` and friends. */
function checkOneShot(ctx: Ctx, call: Node, name: string): Finding[] {
  const [data] = callArguments(call).positional;
  const source = data ? requestDataOf(ctx, data) : undefined;
  return source ? [ctx.report(call, { what: `${name}()`, source })] : [];
}

/** The call that created `node` (directly, by single assignment or by `with … as`). */
function creator(ctx: Ctx, node: Node): { name: string; call: Node } | undefined {
  const n = unwrapParens(node);
  if (n.type === 'call') {
    const name = ctx.callName(n);
    return name === undefined ? undefined : { name, call: n };
  }
  const name = receiverOrigin(ctx, n);
  const bound = n.type === 'identifier' ? ctx.assignedValue(n) : undefined;
  if (name === undefined) return undefined;
  return bound?.type === 'call' ? { name, call: bound } : { name, call: withCallFor(n) ?? n };
}

/** For a name bound by `with f(...) as name`, that call. */
function withCallFor(id: Node): Node | undefined {
  for (let node = id.parent; node; node = node.parent) {
    if (node.type !== 'with_statement') continue;
    for (const item of node.descendantsOfType('as_pattern')) {
      const alias = item?.childForFieldName('alias');
      const call = item?.namedChildren[0];
      if (alias?.text === id.text && call?.type === 'call') return call;
    }
  }
  return undefined;
}

/** `.read()` without a size on a gzip/bz2/lzma reader over request data, or `decompressobj().decompress(data)` without max_length. */
function checkReader(ctx: Ctx, call: Node, method: string, receiver: Node): Finding[] {
  const made = creator(ctx, receiver);
  if (!made) return [];
  if (method === 'read' && callArguments(call).positional.length === 0) {
    const spec = COMPRESSED_READERS.get(made.name);
    const file = spec ? argument(made.call, spec[0], spec[1]) : undefined;
    const source = file ? requestDataOf(ctx, file) : undefined;
    return source ? [ctx.report(call, { what: `${made.name}(…).read()`, source })] : [];
  }
  if (method === 'decompress' && DECOMPRESSOBJ.has(made.name)) {
    const { positional, keywords } = callArguments(call);
    if (positional.length > 1 || keywords.has('max_length')) return [];
    const source = positional[0] ? requestDataOf(ctx, positional[0]) : undefined;
    return source ? [ctx.report(call, { what: `${made.name}().decompress() without max_length`, source })] : [];
  }
  if (ZIP_READS.has(method) && ZIP_OPENERS.has(made.name)) return checkZipRead(ctx, call, made.call);
  return [];
}

/** Extracting or reading members of an uploaded zip without looking at their uncompressed size. */
function checkZipRead(ctx: Ctx, call: Node, opened: Node): Finding[] {
  const file = argument(opened, 'file', 0);
  const source = file ? requestDataOf(ctx, file) : undefined;
  if (!source) return [];
  const scope = enclosingFunction(call) ?? ctx.root;
  if (/\bfile_size\b|\bcompress_size\b/.test(scope.text)) return [];
  return [ctx.report(call, { what: `ZipFile.${calleeLastName(call) ?? 'read'}() without checking file_size`, source })];
}

export const rule = definePythonRule<Params>({
  id: 'PY-DOS-002',
  name: 'decompression-bomb',
  title: 'Request data decompressed without an output limit',
  cwe: Cwe.DataAmplification,
  relatedCwe: [Cwe.ResourceConsumption],
  severity: 'medium',
  confidence: 'high',
  description:
    'Request data (body, stream, uploaded file) is decompressed in one go: zlib/gzip/bz2/lzma.decompress(), GzipFile/gzip.open(…).read() without a size, decompressobj().decompress() without max_length, or members of an uploaded zip read or extracted without checking file_size.',
  explanation:
    'Compression ratios of 1000:1 and more are easy to build: a 10 MB upload can expand to 10 GB. Decompressing everything at once lets one request fill the server\'s memory or disk.',
  fix: 'Decompress in bounded steps and stop at a limit: d = zlib.decompressobj(); out = d.decompress(data, MAX_SIZE); reject if d.unconsumed_tail. For files, read in chunks and count. For zip uploads, sum ZipInfo.file_size over the members and refuse archives above a limit before extracting.',
  docs: {
    why: 'Decompression bombs turn a small request into a huge allocation; size limits on the request body do not help, because the amplification happens after the check.',
    bad: 'import zlib\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.post("/ingest")\ndef ingest():\n    payload = zlib.decompress(request.data)\n    return str(len(payload))',
    good: 'import zlib\nfrom flask import Flask, abort, request\napp = Flask(__name__)\n\n@app.post("/ingest")\ndef ingest():\n    d = zlib.decompressobj()\n    payload = d.decompress(request.data, 10 * 1024 * 1024)\n    if d.unconsumed_tail:\n        abort(413)\n    return str(len(payload))',
    notDetected:
      'Only request data that is visible as such is followed (request.data/body/stream/files, get_data(), await request.body(), and names assigned once from them); compressed data from other sources (message queues, HTTP responses of other services) is not reported. Transparent decompression by a framework or server (Content-Encoding handled by a proxy) is out of scope. tar archives from uploads are reported by PY-ARCHIVE-001 only for their paths, not their size.',
    references: [
      'https://cwe.mitre.org/data/definitions/409.html',
      'https://docs.python.org/3/library/zlib.html#zlib.Decompress.decompress',
      'https://docs.python.org/3/library/zipfile.html#decompression-pitfalls',
    ],
  },
  message: ({ what, source }) => `${what} on ${source} has no limit on the decompressed size, so a small request can expand to gigabytes`,
  visits: ['call'],
  callees: lastNamesOf(ONE_SHOT, READER_METHODS),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (name !== undefined && ONE_SHOT.has(name)) return checkOneShot(ctx, call, name);
    const method = calleeLastName(call);
    // Only reads and decompress calls can expand data; skip every other method cheaply.
    if (method === undefined || !READER_METHODS.has(method)) return [];
    const receiver = calleeObject(call);
    return receiver ? checkReader(ctx, call, method, receiver) : [];
  },
});

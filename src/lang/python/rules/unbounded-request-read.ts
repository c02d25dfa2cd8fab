import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject, enclosingFunction, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { isRequestObject } from './support/web.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

const READS = new Set(['read', 'readlines']);

/** `request.stream` (Flask/Werkzeug) or `request.environ["wsgi.input"]`: the raw body stream. */
function rawBodyStream(ctx: Ctx, node: Node): string | undefined {
  const n = unwrapParens(node);
  if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'stream') {
    const object = n.childForFieldName('object');
    return object && ctx.names.resolve(object) === 'flask.request' ? 'request.stream' : undefined;
  }
  if (n.type !== 'subscript') return undefined;
  const container = n.childForFieldName('value');
  const key = n.childForFieldName('subscript');
  const isEnviron = container?.type === 'attribute' && container.childForFieldName('attribute')?.text === 'environ';
  const object = isEnviron ? container.childForFieldName('object') : null;
  if (!object || !key || ctx.constants.stringValue(key) !== 'wsgi.input' || !isRequestObject(ctx, object)) return undefined;
  return 'request.environ["wsgi.input"]';
}

/** The app caps bodies (MAX_CONTENT_LENGTH), or the handler checks the declared length before reading. */
function isBounded(ctx: Ctx, call: Node): boolean {
  if (/\bMAX_CONTENT_LENGTH\b|\bmax_content_length\b/.test(ctx.file.text)) return true;
  const fn = enclosingFunction(call);
  return fn !== undefined && /\bcontent_length\b|CONTENT_LENGTH/.test(fn.text);
}

export const rule = definePythonRule<Params>({
  id: 'PY-DOS-001',
  name: 'unbounded-request-read',
  title: 'Whole request body read into memory without a size limit',
  cwe: Cwe.ResourceConsumption,
  relatedCwe: [Cwe.UnlimitedAllocation],
  severity: 'medium',
  confidence: 'medium',
  description:
    'Flask request.stream.read()/readlines() or request.environ["wsgi.input"].read() without a size, in a file that sets no MAX_CONTENT_LENGTH and a handler that does not check content_length.',
  explanation:
    'read() with no size keeps reading until the client stops sending. Without MAX_CONTENT_LENGTH, Werkzeug does not cap the body, so one client streaming a multi-gigabyte (or chunked, never-ending) body makes the worker allocate it all and can exhaust the server\'s memory.',
  fix: 'Set app.config["MAX_CONTENT_LENGTH"] (e.g. 16 * 1024 * 1024) so oversized requests are rejected with 413, and read in bounded chunks: request.stream.read(65536) in a loop with a running total.',
  docs: {
    why: 'Memory exhaustion through request bodies is the cheapest denial of service there is: the attacker sends bytes, the server stores them.',
    bad: 'from flask import Flask, request\napp = Flask(__name__)\n\n@app.post("/upload")\ndef upload():\n    data = request.stream.read()\n    return str(len(data))',
    good: 'from flask import Flask, request\napp = Flask(__name__)\napp.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024\n\n@app.post("/upload")\ndef upload():\n    data = request.stream.read()\n    return str(len(data))',
    notDetected:
      'request.get_data(), request.data and request.files are not reported (Werkzeug spools large form uploads to disk, and get_data() is the documented API). Django\'s request.body is capped by DATA_UPLOAD_MAX_MEMORY_SIZE and is not reported. Starlette/FastAPI await request.body() has no built-in cap but is not reported, because the limit is normally enforced by the ASGI server or a proxy. MAX_CONTENT_LENGTH set in another module (a config file) is not seen: any mention of it in the file counts as a limit.',
    references: [
      'https://cwe.mitre.org/data/definitions/400.html',
      'https://flask.palletsprojects.com/en/stable/config/#MAX_CONTENT_LENGTH',
      'https://werkzeug.palletsprojects.com/en/stable/request_data/#limiting-request-data',
    ],
  },
  message: ({ what }) => `${what} reads the whole request body with no size limit, so a large body can exhaust memory`,
  visits: ['call'],
  callees: lastNamesOf(READS),
  check(ctx, call): Finding[] {
    const method = calleeLastName(call);
    const receiver = calleeObject(call);
    if (!method || !receiver || !READS.has(method)) return [];
    const { positional, keywords } = callArguments(call);
    const size = keywords.get('size') ?? keywords.get('hint') ?? positional[0];
    if (size && ctx.constants.evaluate(size) !== -1 && ctx.constants.evaluate(size) !== null) return [];
    const stream = rawBodyStream(ctx, receiver);
    if (!stream || isBounded(ctx, call)) return [];
    return [ctx.report(call, { what: `${stream}.${method}()` })];
  },
});

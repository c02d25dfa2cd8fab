import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { callArguments, calleeLastName, calleeObject, enclosingFunction, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';
import { caughtType } from './exception-swallowed.js';
import { isRequestHandler } from './support/web.js';

type Params = { detail: string; sink: string };
type Ctx = PythonRuleContext<Params>;

/** Calls that build an HTTP response (or an error response) from their arguments. */
const RESPONSE_BUILDERS = new Set([
  'flask.jsonify', 'flask.make_response', 'flask.Response', 'flask.render_template', 'flask.abort',
  'werkzeug.wrappers.Response', 'werkzeug.exceptions.abort', 'quart.jsonify', 'quart.make_response',
  'django.http.HttpResponse', 'django.http.JsonResponse', 'django.http.HttpResponseBadRequest',
  'django.http.HttpResponseServerError', 'django.http.response.HttpResponse', 'django.http.response.JsonResponse',
  'django.shortcuts.render', 'rest_framework.response.Response',
  'fastapi.HTTPException', 'fastapi.responses.JSONResponse', 'fastapi.responses.PlainTextResponse',
  'fastapi.responses.HTMLResponse', 'starlette.exceptions.HTTPException', 'starlette.responses.JSONResponse',
  'starlette.responses.PlainTextResponse', 'starlette.responses.HTMLResponse', 'starlette.responses.Response',
]);
/** traceback/sys functions whose result is a stack trace or the current exception. */
const TRACE_FUNCTIONS = new Set([
  'traceback.format_exc', 'traceback.format_exception', 'traceback.format_tb', 'traceback.format_stack',
  'traceback.extract_tb', 'traceback.format_exception_only', 'sys.exc_info', 'sys.exception',
]);
/** Conversions that turn an exception into its message. */
const TO_TEXT = new Set(['str', 'repr', 'format']);
/** Exception attributes that carry the message, the failing path or the driver's raw error. */
const DETAIL_ATTRIBUTES = new Set(['args', 'message', 'strerror', 'filename', 'orig', 'pgerror', 'pgcode', 'detail', '__traceback__']);
/**
 * Exceptions whose message is written for the client: validation errors, malformed input,
 * HTTP errors raised on purpose. Their text is not a leak.
 */
const CLIENT_FACING = /^(?:\w*ValidationError|ValidationException|ValueError|KeyError|JSONDecodeError|BadRequest\w*|HTTPException|Http404|NotFound|PermissionDenied|\w*DoesNotExist|SchemaError|MarshmallowError)$/;
/** String-building methods whose arguments end up in the result. */
const STRING_BUILDERS = new Set(['format', 'join', 'encode', 'strip']);
const MAX_DEPTH = 8;

interface Detail {
  readonly node: Node;
  readonly what: string;
  readonly trace: boolean;
}

/** The `except … as name` clause that binds `id`, if `id` is used inside it. */
function exceptClauseOf(id: Node): Node | undefined {
  for (let node = id.parent; node; node = node.parent) {
    if (node.type === 'function_definition' || node.type === 'class_definition') return undefined;
    if (node.type !== 'except_clause') continue;
    const value = node.childForFieldName('value');
    const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : undefined;
    if (alias && namedChildrenOf(alias)[0]?.text === id.text) return node;
  }
  return undefined;
}

/**
 * True when every type caught by the clause that binds the exception in `detail` is the
 * project's own (a class defined in this file, or imported from a relative module): such
 * exceptions often carry messages written for users, so the finding is less certain.
 */
function catchesOwnExceptions(ctx: Ctx, detail: Node): boolean {
  const id = detail.type === 'identifier' ? detail : detail.descendantsOfType('identifier').find((i) => i !== null && exceptClauseOf(i) !== undefined);
  const clause = id ? exceptClauseOf(id) : undefined;
  const type = clause ? caughtType(clause) : undefined;
  if (!type) return false;
  const types = unwrapParens(type).type === 'tuple' ? namedChildrenOf(unwrapParens(type)) : [type];
  const localClasses = new Set(ctx.root.descendantsOfType('class_definition').map((c) => c?.childForFieldName('name')?.text));
  return types.every((t) => localClasses.has(t.text) || (ctx.names.resolve(t)?.startsWith('.') ?? false));
}

/** True when `id` is an exception caught by a handler whose types are not all client-facing. */
function isLeakyException(id: Node): boolean {
  if (id.type !== 'identifier') return false;
  const clause = exceptClauseOf(id);
  if (!clause) return false;
  const type = caughtType(clause);
  const types = type ? (unwrapParens(type).type === 'tuple' ? namedChildrenOf(unwrapParens(type)) : [type]) : [];
  return !types.every((t) => CLIENT_FACING.test(t.text.split('.').at(-1) ?? ''));
}

/** Error details inside a response payload: traces, str(e), e.args, f"{e}" (not type(e).__name__ or e.code). */
function detailsIn(ctx: Ctx, expr: Node, inText: boolean, depth: number, inReturn: boolean): Detail[] {
  if (depth > MAX_DEPTH) return [];
  const n = unwrapParens(expr);
  const recurse = (child: Node, text = inText): Detail[] => detailsIn(ctx, child, text, depth + 1, inReturn);
  switch (n.type) {
    case 'identifier': {
      if (isLeakyException(n)) return inText ? [{ node: n, what: n.text, trace: false }] : [];
      const bound = exceptClauseOf(n) ? undefined : ctx.assignedValue(n);
      return bound ? recurse(bound) : [];
    }
    case 'attribute': {
      const object = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute')?.text ?? '';
      return object && DETAIL_ATTRIBUTES.has(attr) && isLeakyException(object) ? [{ node: n, what: n.text, trace: attr === '__traceback__' }] : [];
    }
    case 'subscript': {
      const value = n.childForFieldName('value');
      return value ? recurse(value) : [];
    }
    case 'call':
      return detailsInCall(ctx, n, recurse, inReturn);
    case 'interpolation':
    case 'string':
    case 'concatenated_string':
      return namedChildrenOf(n).flatMap((c) => recurse(c, true));
    case 'binary_operator':
      return namedChildrenOf(n).flatMap((c) => recurse(c, true));
    case 'keyword_argument': {
      const value = n.childForFieldName('value');
      return value ? recurse(value) : [];
    }
    case 'pair': {
      const value = n.childForFieldName('value');
      return value ? recurse(value) : [];
    }
    case 'tuple':
    case 'list':
    case 'dictionary':
    case 'expression_list':
    case 'conditional_expression':
    case 'boolean_operator':
    case 'await':
      return namedChildrenOf(n).flatMap((c) => recurse(c));
    default:
      return [];
  }
}

function detailsInCall(ctx: Ctx, call: Node, recurse: (child: Node, text?: boolean) => Detail[], inReturn: boolean): Detail[] {
  const name = ctx.callName(call);
  const args = namedChildrenOf(call.childForFieldName('arguments') ?? call).filter((a) => a.id !== call.id);
  if (name !== undefined && TRACE_FUNCTIONS.has(name)) return [{ node: call, what: `${name}()`, trace: true }];
  if (name !== undefined && TO_TEXT.has(name)) {
    const [first] = callArguments(call).positional;
    if (first && isLeakyException(unwrapParens(first))) return [{ node: call, what: `${name}(${first.text})`, trace: false }];
    return first ? recurse(first, true) : [];
  }
  // A response builder in a return statement is checked on its own visit, where it is reported once.
  if (name !== undefined && RESPONSE_BUILDERS.has(name)) return inReturn ? [] : args.flatMap((a) => recurse(a));
  if (name === 'dict') return args.flatMap((a) => recurse(a));
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (method !== undefined && STRING_BUILDERS.has(method)) {
    return [...(receiver ? recurse(receiver, true) : []), ...args.flatMap((a) => recurse(a, true))];
  }
  return [];
}

/** The payload of a response-building call, with a label for the message. */
function responseCall(ctx: Ctx, call: Node): { sink: string; payload: readonly Node[] } | undefined {
  const name = ctx.callName(call);
  if (name === undefined || !RESPONSE_BUILDERS.has(name)) return undefined;
  const list = call.childForFieldName('arguments');
  return { sink: `${name.split('.').at(-1) ?? name}()`, payload: list ? namedChildrenOf(list) : [] };
}

/**
 * Findings for the details in one payload expression. A detail built earlier (`msg = str(e)`)
 * is reported where it is sent, at the payload, so the line shown is the one that leaks.
 */
function report(ctx: Ctx, payload: Node, sink: string, inReturn: boolean): Finding[] {
  return detailsIn(ctx, payload, false, 0, inReturn).map((d) => {
    const inside = d.node.startIndex >= payload.startIndex && d.node.endIndex <= payload.endIndex;
    const confidence = d.trace ? 'high' : catchesOwnExceptions(ctx, d.node) ? 'low' : 'medium';
    return ctx.report(inside ? d.node : payload, { detail: d.what, sink }, { confidence });
  });
}

function checkReturn(ctx: Ctx, statement: Node): Finding[] {
  const fn = enclosingFunction(statement);
  const value = namedChildrenOf(statement)[0];
  if (!fn || !value || !isRequestHandler(ctx, fn)) return [];
  const name = fn.childForFieldName('name')?.text ?? 'handler';
  return report(ctx, value, `the response of ${name}()`, true);
}

export const rule = definePythonRule<Params>({
  id: 'PY-INFO-001',
  name: 'error-details-in-response',
  title: 'Exception details or stack trace sent to the client',
  cwe: Cwe.ErrorMessageInfo,
  relatedCwe: [Cwe.InformationExposure],
  severity: 'medium',
  confidence: 'medium',
  description:
    'A web handler returns, or a response builder (jsonify, HttpResponse, JsonResponse, DRF Response, HTTPException, abort, render_template) receives, a stack trace (traceback.format_exc()) or the text of a caught exception (str(e), repr(e), e.args, f"{e}").',
  explanation:
    'Exception messages and tracebacks describe the inside of the application: file paths, library versions, SQL statements and table names, host names, configuration values and sometimes data of other users. Sent to the client, they tell an attacker how to aim the next request.',
  fix: 'Log the exception on the server (logger.exception("…")) and return a generic message with an error id the user can quote: return jsonify(error="internal error", id=incident_id), 500.',
  docs: {
    why: 'Detailed errors are one of the first things attackers probe for: a database error in a response confirms an injection point and reveals the query, and a traceback shows the code paths and versions to target.',
    bad: 'from flask import Flask, jsonify\napp = Flask(__name__)\n\n@app.route("/orders/<int:oid>")\ndef order(oid):\n    try:\n        return jsonify(load_order(oid))\n    except Exception as e:\n        return jsonify(error=str(e)), 500',
    good: 'import logging\nfrom flask import Flask, jsonify\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n\n@app.route("/orders/<int:oid>")\ndef order(oid):\n    try:\n        return jsonify(load_order(oid))\n    except Exception:\n        log.exception("loading order %s failed", oid)\n        return jsonify(error="internal error"), 500',
    notDetected:
      'Exceptions whose messages are written for clients (ValueError, KeyError, JSONDecodeError, *ValidationError, BadRequest, HTTPException, Http404, PermissionDenied, *DoesNotExist) are not reported, and the project\'s own exception classes (defined in the file or imported from a relative module) are reported with low confidence. Details that pass through helper functions, are stored on objects, or reach a response in another function are not followed; returns count only in functions recognised as handlers (route decorators of Flask, Quart, FastAPI, Starlette, Sanic, DRF @api_view, or a `request` first parameter in Django files). Django DEBUG pages are covered by PY-DJANGO-001 and Flask debug mode by PY-FLASK-001.',
    references: [
      'https://cwe.mitre.org/data/definitions/209.html',
      'https://owasp.org/www-community/Improper_Error_Handling',
      'https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html',
      'https://codeql.github.com/codeql-query-help/python/py-stack-trace-exposure/',
    ],
  },
  message: ({ detail, sink }) => `${detail} is sent to the client in ${sink}, exposing internal error details`,
  visits: ['call', 'return_statement'],
  callees: lastNamesOf(RESPONSE_BUILDERS),
  // Response builders and request handlers (route decorators, @api_view, Django request parameters) are recognised only through imports of these frameworks (keep in step with support/web.ts).
  fileMentions: ['flask', 'werkzeug', 'quart', 'django', 'rest_framework', 'fastapi', 'starlette', 'sanic'],
  check(ctx, node) {
    if (node.type === 'return_statement') return checkReturn(ctx, node);
    const response = responseCall(ctx, node);
    if (!response) return [];
    return response.payload.flatMap((p) => report(ctx, p, response.sink, false));
  },
});

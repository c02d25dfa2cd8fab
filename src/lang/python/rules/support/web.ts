/**
 * Web-framework facts shared by rules that need no dataflow: which expressions hold data a
 * client sent (request bodies, forms, query strings), and which functions are request
 * handlers. Recognition is syntactic, through resolved names and single assignments, so it
 * works where the taint engine has no sink kind for the question a rule asks.
 */
import { calleeLastName, calleeObject, enclosingFunction, namedChildrenOf, unwrapParens } from '../../ast.js';
import type { Node } from '../../parser.js';
import type { MessageParams, PythonRuleContext } from '../../rule.js';

/** What these helpers read from a rule's context; leaving out `report` lets any rule pass its own. */
type AnyCtx = Omit<PythonRuleContext<MessageParams>, 'report'>;

/** Module-level request proxies. */
const REQUEST_PROXIES = new Set(['flask.request', 'quart.request', 'bottle.request']);
/** Names a request parameter conventionally has in Django, DRF, Starlette and FastAPI handlers. */
const REQUEST_PARAMS = new Set(['request', 'req']);

/** Request attributes that hold client data as a mapping or a body. */
const DATA_ATTRIBUTES = new Set([
  'json', 'form', 'args', 'values', 'data', 'POST', 'GET', 'body', 'query_params', 'files', 'FILES', 'stream',
]);
/** Request methods that return client data (Flask get_json/get_data, Starlette json/form/body). */
const DATA_METHODS = new Set(['get_json', 'get_data', 'json', 'form', 'body']);
/** Methods that copy or convert a mapping without checking its keys. */
const MAPPING_COPIES = new Set(['dict', 'copy', 'to_dict', 'items', 'lists', 'get', 'getlist', 'pop', 'read']);
/** Calls that parse or copy client data into another container of the same data. */
const PARSERS = new Set(['json.loads', 'dict', 'ujson.loads', 'orjson.loads', 'simplejson.loads']);

const MAX_DEPTH = 8;

/** Frameworks that pass the request to handlers as a parameter. */
const PARAMETER_FRAMEWORKS = ['django', 'rest_framework', 'starlette', 'fastapi', 'sanic', 'aiohttp', 'pyramid', 'falcon', 'tornado'];

/**
 * True for the request object: `flask.request`, or a `request`/`self.request` parameter in a
 * file that uses a framework passing requests that way. Elsewhere (HTTP clients, mocking
 * libraries) a `request` parameter is usually an outgoing request, not client data.
 */
export function isRequestObject(ctx: AnyCtx, node: Node): boolean {
  const n = unwrapParens(node);
  const resolved = ctx.names.resolve(n);
  if (resolved !== undefined) return REQUEST_PROXIES.has(resolved);
  if (!PARAMETER_FRAMEWORKS.some((m) => ctx.names.importsModule(m))) return false;
  if (n.type === 'attribute') {
    // Django class-based views keep the request on self.
    return n.childForFieldName('object')?.text === 'self' && n.childForFieldName('attribute')?.text === 'request';
  }
  return n.type === 'identifier' && REQUEST_PARAMS.has(n.text) && isParameter(n);
}

/** True when `id` names a parameter of its enclosing function (and nothing rebinds it). */
function isParameter(id: Node): boolean {
  const fn = enclosingFunction(id);
  const params = fn?.childForFieldName('parameters');
  if (!params) return false;
  return namedChildrenOf(params).some((p) => parameterName(p) === id.text);
}

/** The name a parameter node binds (`x`, `x=1`, `x: T`, `x: T = 1`). */
export function parameterName(param: Node): string | undefined {
  if (param.type === 'identifier') return param.text;
  const name = param.childForFieldName('name') ?? namedChildrenOf(param).find((c) => c.type === 'identifier');
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * A short description of the client data `node` holds (`request.json`), or undefined. Follows
 * `await`, subscripts (`request.json["user"]`), copies (`request.POST.dict()`), parsing
 * (`json.loads(request.body)`) and names bound once to such an expression.
 */
export function requestDataOf(ctx: AnyCtx, node: Node, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrapParens(node);
  switch (n.type) {
    case 'await': {
      const inner = namedChildrenOf(n)[0];
      return inner ? requestDataOf(ctx, inner, depth + 1) : undefined;
    }
    case 'attribute': {
      const object = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute')?.text ?? '';
      if (object && DATA_ATTRIBUTES.has(attr) && isRequestObject(ctx, object)) return `request.${attr}`;
      return undefined;
    }
    case 'subscript': {
      const value = n.childForFieldName('value');
      return value ? requestDataOf(ctx, value, depth + 1) : undefined;
    }
    case 'call':
      return requestDataOfCall(ctx, n, depth);
    case 'identifier': {
      const bound = ctx.assignedValue(n);
      return bound ? requestDataOf(ctx, bound, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function requestDataOfCall(ctx: AnyCtx, call: Node, depth: number): string | undefined {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (receiver && method !== undefined) {
    if (DATA_METHODS.has(method) && isRequestObject(ctx, receiver)) return `request.${method}()`;
    if (MAPPING_COPIES.has(method)) return requestDataOf(ctx, receiver, depth + 1);
  }
  const name = ctx.callName(call);
  if (name !== undefined && PARSERS.has(name)) {
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    return first ? requestDataOf(ctx, first, depth + 1) : undefined;
  }
  return undefined;
}

/** Receivers of route decorators: Flask/Quart apps and blueprints, FastAPI apps and routers. */
const ROUTER_ORIGINS = new Set([
  'flask.Flask', 'flask.Blueprint', 'quart.Quart', 'quart.Blueprint', 'fastapi.FastAPI', 'fastapi.APIRouter',
  'starlette.applications.Starlette', 'sanic.Sanic', 'sanic.Blueprint',
]);
/** Conventional names of app and router objects, trusted in files that import a web framework. */
const ROUTER_NAMES = /^(?:app|application|api|router|bp|blueprint|\w+_(?:bp|blueprint|router|api|app))$/;
const ROUTE_METHODS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket']);
const WEB_MODULES = ['flask', 'quart', 'fastapi', 'starlette', 'sanic'];
/** Decorators that make a function a Django REST framework view. */
const DRF_DECORATORS = new Set(['rest_framework.decorators.api_view']);

/** The route decorator calls (`@app.route(...)`, `@router.get(...)`) on a function definition. */
export function routeDecorators(ctx: AnyCtx, fn: Node): Node[] {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return [];
  return namedChildrenOf(decorated)
    .filter((d) => d.type === 'decorator')
    .flatMap((d) => namedChildrenOf(d).slice(0, 1))
    .filter((expr) => expr.type === 'call' && isRouteCall(ctx, expr));
}

function isRouteCall(ctx: AnyCtx, call: Node): boolean {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver || !ROUTE_METHODS.has(method)) return false;
  const origin = ctx.originOf(receiver);
  if (origin !== undefined) return ROUTER_ORIGINS.has(origin);
  return ROUTER_NAMES.test(receiver.text) && WEB_MODULES.some((m) => ctx.names.importsModule(m));
}

/**
 * True when `fn` handles web requests: it carries a route decorator (Flask, Quart, FastAPI,
 * Starlette, Sanic) or DRF's @api_view, or, in a file that imports Django or DRF, it takes a
 * `request` parameter first (after `self` for methods of class-based views).
 */
export function isRequestHandler(ctx: AnyCtx, fn: Node): boolean {
  if (routeDecorators(ctx, fn).length > 0) return true;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  const decorators = decorated ? namedChildrenOf(decorated).filter((d) => d.type === 'decorator') : [];
  for (const decorator of decorators) {
    const expr = namedChildrenOf(decorator)[0];
    const target = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    if (target && DRF_DECORATORS.has(ctx.names.resolve(target) ?? '')) return true;
  }
  if (!ctx.names.importsModule('django') && !ctx.names.importsModule('rest_framework')) return false;
  const params = fn.childForFieldName('parameters');
  const names = params ? namedChildrenOf(params).map(parameterName) : [];
  const first = names[0] === 'self' || names[0] === 'cls' ? names[1] : names[0];
  return first !== undefined && REQUEST_PARAMS.has(first);
}

/** The HTTP methods a route decorator accepts; Flask's default is GET only. Undefined when unknown. */
export function routeMethods(ctx: AnyCtx, decorator: Node): readonly string[] | undefined {
  const method = calleeLastName(decorator);
  if (method === undefined) return undefined;
  if (method !== 'route' && method !== 'api_route') return method === 'websocket' ? ['GET'] : [method.toUpperCase()];
  const list = decorator.childForFieldName('arguments');
  const keyword = list ? namedChildrenOf(list).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'methods') : undefined;
  const value = keyword?.childForFieldName('value');
  if (!value) return method === 'route' ? ['GET'] : undefined;
  const methods = ctx.constants.evaluate(value);
  if (!Array.isArray(methods) || !methods.every((m): m is string => typeof m === 'string')) return undefined;
  return methods.map((m) => m.toUpperCase());
}

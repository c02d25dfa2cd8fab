import type { FrameworkSpec } from '../../../../dataflow/spec.js';

/** FastAPI and Starlette: route parameters and Request objects. */
export const fastapiSpec: FrameworkSpec = {
  name: 'fastapi',
  sinks: [
    { kind: 'xss', call: ['fastapi.responses.HTMLResponse', 'starlette.responses.HTMLResponse'], targets: [{ arg: 0, keyword: 'content' }] },
    { kind: 'redirect', call: ['fastapi.responses.RedirectResponse', 'starlette.responses.RedirectResponse'], targets: [{ arg: 0, keyword: 'url' }] },
    { kind: 'path', call: ['fastapi.responses.FileResponse', 'starlette.responses.FileResponse'], targets: [{ arg: 0, keyword: 'path' }] },
  ],
  handlerDecorators: [
    { method: ['get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'route'], receiverOrigins: ['fastapi.FastAPI', 'fastapi.APIRouter', 'starlette.applications.Starlette'] },
  ],
};

/** Attributes and methods of a Starlette Request carrying client data. */
export const STARLETTE_REQUEST_PARTS = ['query_params', 'path_params', 'headers', 'cookies', 'url', 'body', 'json', 'form', 'stream'];

import type { FrameworkSpec, SourceSpec } from '../spec.js';

const REQUEST_PARTS = ['args', 'form', 'values', 'json', 'data', 'headers', 'cookies', 'files', 'view_args', 'stream', 'path', 'full_path', 'url', 'base_url', 'query_string', 'referrer', 'user_agent', 'authorization'];
const REQUEST_METHODS = ['get_data', 'get_json'];

const requestSources = (module: string): SourceSpec[] => [
  ...REQUEST_PARTS.map((part) => ({ attribute: `${module}.request.${part}`, kind: 'web' as const, label: `request.${part}`, confidence: 'high' as const })),
  ...REQUEST_METHODS.map((m) => ({ call: `${module}.request.${m}`, kind: 'web' as const, label: `request.${m}()`, confidence: 'high' as const })),
];

/** Flask (and Quart, which mirrors its API). */
export const flaskSpec: FrameworkSpec = {
  name: 'flask',
  sources: [...requestSources('flask'), ...requestSources('quart')],
  sinks: [
    { kind: 'template', call: ['flask.render_template_string', 'quart.render_template_string'], targets: [{ arg: 0, keyword: 'source' }] },
    { kind: 'xss', call: ['flask.make_response', 'flask.Response', 'flask.wrappers.Response'], targets: [{ arg: 0, keyword: 'response' }] },
    { kind: 'xss', call: ['flask.Markup', 'markupsafe.Markup', 'jinja2.Markup'], targets: [{ arg: 0 }] },
    { kind: 'redirect', call: ['flask.redirect', 'werkzeug.utils.redirect', 'quart.redirect'], targets: [{ arg: 0, keyword: 'location' }] },
    { kind: 'path', call: ['flask.send_file'], targets: [{ arg: 0, keyword: 'path_or_file' }] },
    // send_from_directory joins the file name safely; only the directory must be trusted.
    { kind: 'path', call: ['flask.send_from_directory'], targets: [{ arg: 0, keyword: 'directory' }] },
  ],
  stores: [
    { kind: 'session', container: 'flask.session', label: 'flask.session' },
    { kind: 'redirect', attribute: 'headers', keys: ['location'], label: 'the Location header' },
    { kind: 'header', attribute: 'headers', label: 'a response header' },
  ],
  sanitizers: [
    { call: ['flask.escape', 'markupsafe.escape', 'jinja2.escape'], cleans: ['xss', 'template'] },
    { call: ['werkzeug.utils.secure_filename', 'werkzeug.secure_filename'], cleans: ['path', 'command'] },
    { call: ['werkzeug.utils.safe_join', 'werkzeug.security.safe_join', 'flask.safe_join'], cleans: ['path'] },
    // These build response objects (JSON, autoescaped templates, redirects), not HTML from strings.
    { call: ['flask.jsonify', 'flask.render_template', 'flask.url_for', 'flask.redirect', 'flask.send_file', 'flask.send_from_directory', 'flask.abort'], cleans: ['xss'] },
  ],
  handlerDecorators: [
    { method: ['route', 'get', 'post', 'put', 'patch', 'delete'], receiverOrigins: ['flask.Flask', 'flask.Blueprint', 'quart.Quart', 'quart.Blueprint'] },
  ],
};

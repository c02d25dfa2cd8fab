import type { FrameworkSpec, SourceSpec } from '../../../../dataflow/spec.js';

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
    { kind: 'xss', call: ['flask.make_response', 'flask.Response', 'flask.wrappers.Response', 'werkzeug.wrappers.Response'], targets: [{ arg: 0, keyword: 'response' }], contentTypeKeywords: ['mimetype', 'content_type'] },
    { kind: 'header', call: ['flask.Response', 'flask.wrappers.Response', 'werkzeug.wrappers.Response'], targets: [{ keyword: 'headers' }] },
    { kind: 'header', method: ['add', 'set', 'setdefault', 'add_header', 'extend'], receiverSuffixes: ['headers'], targets: [{ arg: 1, keyword: '_value' }], label: 'headers.add' },
    { kind: 'session', call: ['flask.session.update', 'flask.session.setdefault'], targets: [{ all: true }], label: 'the Flask session' },
    { kind: 'template', call: ['jinja2.Template', 'jinja2.environment.Template', 'mako.template.Template'], targets: [{ arg: 0, keyword: 'source' }] },
    { kind: 'template', method: ['from_string'], receiverOrigins: ['jinja2.Environment', 'jinja2.environment.Environment', 'jinja2.sandbox.SandboxedEnvironment'], targets: [{ arg: 0, keyword: 'source' }], label: 'Environment.from_string' },
    { kind: 'xss', call: ['flask.Markup', 'markupsafe.Markup', 'jinja2.Markup'], targets: [{ arg: 0 }] },
    { kind: 'redirect', call: ['flask.redirect', 'werkzeug.utils.redirect', 'quart.redirect'], targets: [{ arg: 0, keyword: 'location' }] },
    { kind: 'path', call: ['flask.send_file'], targets: [{ arg: 0, keyword: 'path_or_file' }] },
    // send_from_directory joins the file name safely; only the directory must be trusted.
    { kind: 'path', call: ['flask.send_from_directory'], targets: [{ arg: 0, keyword: 'directory' }] },
  ],
  stores: [
    { kind: 'session', container: 'flask.session', label: 'the Flask session' },
    { kind: 'redirect', attribute: 'headers', keys: ['location'], label: 'the Location header' },
    { kind: 'header', attribute: 'headers', label: 'the response headers' },
  ],
  sanitizers: [
    // Escaping HTML leaves template syntax ({{ }}) intact: it does not stop template injection.
    { call: ['flask.escape', 'markupsafe.escape', 'jinja2.escape'], cleans: ['xss'] },
    { call: ['werkzeug.utils.secure_filename', 'werkzeug.secure_filename'], cleans: ['path', 'command'] },
    { call: ['werkzeug.utils.safe_join', 'werkzeug.security.safe_join', 'flask.safe_join'], cleans: ['path'] },
    // These build response objects (JSON, autoescaped templates, redirects), not HTML from strings.
    { call: ['flask.jsonify', 'flask.render_template', 'flask.redirect', 'flask.send_file', 'flask.send_from_directory', 'flask.abort', 'flask.make_response', 'flask.Response', 'flask.wrappers.Response', 'werkzeug.wrappers.Response'], cleans: ['xss'] },
    // url_for builds a URL of this application; arguments end up quoted in its path or query.
    { call: ['flask.url_for'], cleans: ['xss', 'redirect', 'header', 'ssrf'] },
  ],
  handlerDecorators: [
    { method: ['route', 'get', 'post', 'put', 'patch', 'delete'], receiverOrigins: ['flask.Flask', 'flask.Blueprint', 'quart.Quart', 'quart.Blueprint'] },
  ],
};

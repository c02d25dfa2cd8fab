import type { FrameworkSpec } from '../../../../dataflow/spec.js';

/** Django and Django REST framework. Request objects are recognised by parameter, see handlers. */
export const djangoSpec: FrameworkSpec = {
  name: 'django',
  sinks: [
    { kind: 'sql', method: ['raw'], receiverSuffixes: ['objects'], targets: [{ arg: 0, keyword: 'raw_query' }], label: 'Manager.raw' },
    { kind: 'sql', method: ['extra'], targets: [{ keyword: 'where' }, { keyword: 'select' }, { keyword: 'tables' }], label: 'QuerySet.extra' },
    { kind: 'sql', call: ['django.db.models.expressions.RawSQL', 'django.db.models.RawSQL'], targets: [{ arg: 0, keyword: 'sql' }] },
    { kind: 'xss', call: ['django.utils.safestring.mark_safe', 'django.utils.safestring.SafeString', 'django.utils.html.mark_safe'], targets: [{ arg: 0 }] },
    { kind: 'xss', call: ['django.http.HttpResponse', 'django.http.response.HttpResponse'], targets: [{ arg: 0, keyword: 'content' }], contentTypeKeywords: ['content_type'] },
    { kind: 'redirect', call: ['django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect'], targets: [{ arg: 0, keyword: 'redirect_to' }] },
    { kind: 'template', call: ['django.template.Template', 'django.template.engines.from_string'], targets: [{ arg: 0 }] },
  ],
  stores: [
    { kind: 'session', attribute: 'session', whenImported: 'django', label: 'the Django session' },
    { kind: 'header', containerOrigins: ['django.http.HttpResponse', 'django.http.response.HttpResponse', 'django.http.JsonResponse'], label: 'the response headers' },
    { kind: 'redirect', containerOrigins: ['django.http.HttpResponse', 'django.http.response.HttpResponse'], keys: ['location'], label: 'the Location header' },
  ],
  sanitizers: [
    // Response objects are not HTML strings; their content was checked where they were built.
    { call: ['django.http.HttpResponse', 'django.http.response.HttpResponse', 'django.http.JsonResponse', 'django.shortcuts.render'], cleans: ['xss'] },
    { call: ['django.utils.html.escape', 'django.utils.html.conditional_escape', 'django.utils.html.format_html', 'django.utils.html.strip_tags'], cleans: ['xss'] },
    { call: ['django.utils.http.url_has_allowed_host_and_scheme', 'django.utils.http.is_safe_url'], cleans: ['redirect'] },
    { call: ['django.utils.text.get_valid_filename'], cleans: ['path'] },
  ],
};

/** Attributes of a Django/DRF request object that carry client data. */
export const DJANGO_REQUEST_PARTS = ['GET', 'POST', 'COOKIES', 'META', 'body', 'FILES', 'headers', 'data', 'query_params', 'path', 'path_info', 'get_full_path', 'content_params'];

import type { FrameworkSpec } from '../../../../dataflow/spec.js';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const HTTP_CLIENTS = ['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx.AsyncClient', 'aiohttp.ClientSession', 'urllib3.PoolManager'];

/** Database drivers and ORMs. */
export const databaseSpec: FrameworkSpec = {
  name: 'database',
  sinks: [
    // DB-API: any object's execute*; the query is the first argument.
    { kind: 'sql', method: ['execute', 'executemany', 'executescript', 'mogrify'], targets: [{ arg: 0, keyword: 'sql' }], label: 'execute' },
    { kind: 'sql', call: ['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text'], targets: [{ arg: 0, keyword: 'text' }] },
    { kind: 'sql', call: ['pandas.read_sql', 'pandas.read_sql_query'], targets: [{ arg: 0, keyword: 'sql' }] },
  ],
  sanitizers: [
    { call: ['psycopg2.sql.Literal', 'psycopg2.sql.Identifier', 'psycopg.sql.Literal', 'psycopg.sql.Identifier', 'MySQLdb.escape_string', 'pymysql.converters.escape_string'], cleans: ['sql'] },
  ],
};

/** HTTP clients: URLs with attacker-chosen hosts are SSRF. */
export const httpClientSpec: FrameworkSpec = {
  name: 'http-clients',
  sinks: [
    { kind: 'ssrf', call: [...HTTP_VERBS.map((v) => `requests.${v}`), ...HTTP_VERBS.map((v) => `httpx.${v}`), 'urllib3.request', 'aiohttp.request'], targets: [{ arg: 0, keyword: 'url' }] },
    { kind: 'ssrf', call: ['requests.request', 'httpx.request'], targets: [{ arg: 1, keyword: 'url' }] },
    { kind: 'ssrf', method: HTTP_VERBS.filter((v) => v !== 'request'), receiverOrigins: HTTP_CLIENTS, targets: [{ arg: 0, keyword: 'url' }] },
    // Session.request(method, url): the URL is the second argument.
    { kind: 'ssrf', method: ['request', 'urlopen'], receiverOrigins: HTTP_CLIENTS, targets: [{ arg: 1, keyword: 'url' }] },
  ],
};

/** LDAP and XML libraries. */
export const directorySpec: FrameworkSpec = {
  name: 'ldap-xml',
  sinks: [
    { kind: 'ldap', method: ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s'], receiverOrigins: ['ldap.initialize', 'ldap.ldapobject.LDAPObject'], targets: [{ arg: 2, keyword: 'filterstr' }] },
    // python-ldap's own method names, on a connection from anywhere, in a file that uses python-ldap.
    { kind: 'ldap', method: ['search_s', 'search_st', 'search_ext_s'], whenImported: 'ldap', targets: [{ arg: 2, keyword: 'filterstr' }] },
    { kind: 'ldap', method: ['search'], receiverOrigins: ['ldap3.Connection'], targets: [{ arg: 1, keyword: 'search_filter' }] },
    { kind: 'xpath', method: ['xpath'], targets: [{ arg: 0, keyword: '_path' }], label: 'xpath' },
    { kind: 'xpath', call: ['lxml.etree.XPath', 'lxml.etree.ETXPath'], targets: [{ arg: 0, keyword: 'path' }] },
    { kind: 'xxe', call: ['lxml.etree.fromstring', 'lxml.etree.XML', 'lxml.etree.parse'], targets: [{ arg: 0, keyword: 'text' }] },
  ],
  sanitizers: [
    { call: ['ldap.filter.escape_filter_chars', 'ldap3.utils.conv.escape_filter_chars', 'ldap.dn.escape_dn_chars'], cleans: ['ldap'] },
  ],
};

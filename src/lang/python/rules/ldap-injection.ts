import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-LDAP-001',
  name: 'ldap-injection',
  title: "LDAP injection: untrusted data in a search filter",
  cwe: Cwe.LdapInjection,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'ldap',
  description: "Untrusted data is spliced into an LDAP search filter (python-ldap search_s, ldap3 Connection.search) without escaping.",
  explanation: "Filter syntax characters in the value — * ( ) \\ — change the filter: (uid=*) matches every entry, and )(|(uid=*) bypasses login checks built on a search.",
  fix: "Escape values with ldap.filter.escape_filter_chars() (python-ldap) or ldap3.utils.conv.escape_filter_chars() before building the filter.",
  docs: {
    why: "LDAP injection leaks directory data and can bypass authentication that is implemented as a directory search.",
    bad: "import ldap\nfrom flask import request\n\ndef find():\n    conn = ldap.initialize(\"ldap://dir\")\n    return conn.search_s(\"dc=example,dc=com\", ldap.SCOPE_SUBTREE, \"(uid=\" + request.args[\"user\"] + \")\")",
    good: "import ldap\nfrom ldap.filter import escape_filter_chars\nfrom flask import request\n\ndef find():\n    conn = ldap.initialize(\"ldap://dir\")\n    return conn.search_s(\"dc=example,dc=com\", ldap.SCOPE_SUBTREE, \"(uid=\" + escape_filter_chars(request.args[\"user\"]) + \")\")",
    notDetected: "Distinguished names built from input (CWE-90 via DN injection) are not reported.",
    references: [
      "https://cwe.mitre.org/data/definitions/90.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html",
    ],
  },
  message: ({ source, sink }) => `${source} reaches the LDAP filter of ${sink}`,
});

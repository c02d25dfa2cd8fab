import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-HEADER-001',
  name: 'http-header-injection',
  title: "HTTP header injection: untrusted data in a response header",
  cwe: Cwe.HttpResponseSplitting,
  severity: 'medium',
  confidence: 'high',
  sinkKind: 'header',
  description: "Untrusted data is written into an HTTP response header without removing CR/LF characters.",
  explanation: "A carriage return and line feed in the value end the header, so the attacker can add headers (Set-Cookie) or, with older servers, a whole second response.",
  fix: "Remove or reject \"\\r\" and \"\\n\" in header values (value.replace(\"\\r\", \"\").replace(\"\\n\", \"\")), or allow only a fixed set of values.",
  docs: {
    why: "Header injection enables cache poisoning, session fixation through injected cookies and cross-site scripting through split responses.",
    bad: "from flask import request, make_response\n\ndef lang():\n    resp = make_response(\"ok\")\n    resp.headers[\"Content-Language\"] = request.args[\"lang\"]\n    return resp",
    good: "from flask import request, make_response\n\ndef lang():\n    resp = make_response(\"ok\")\n    resp.headers[\"Content-Language\"] = request.args[\"lang\"].replace(\"\\r\", \"\").replace(\"\\n\", \"\")\n    return resp",
    notDetected: "Werkzeug and Django refuse header values with newlines at run time in recent versions; the finding still marks a missing validation.",
    references: [
      "https://cwe.mitre.org/data/definitions/113.html",
      "https://owasp.org/www-community/attacks/HTTP_Response_Splitting",
    ],
  },
  message: ({ source, sink }) => `${source} is written into ${sink} without removing line breaks`,
});

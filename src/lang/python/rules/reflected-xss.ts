import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-XSS-001',
  name: 'reflected-xss',
  title: "Cross-site scripting: untrusted data in an HTML response",
  cwe: Cwe.Xss,
  severity: 'high',
  confidence: 'high',
  sinkKind: 'xss',
  description: "Untrusted data is returned as an HTML response body (a Flask view returning a string, make_response, HttpResponse, HTMLResponse) or marked safe (Markup, mark_safe) without escaping.",
  explanation: "The browser renders the response as HTML, so markup in the value (<script>, event handlers) runs as script in the victim's session on this site.",
  fix: "Render through a template with autoescaping (render_template), escape the value with markupsafe.escape / django.utils.html.escape, or return JSON (jsonify).",
  bandit: ["B703", "B704", "B308"],
  docs: {
    why: "Reflected XSS lets an attacker who sends a link act as the victim on the site: steal session tokens, change settings, read private data.",
    bad: "from flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route(\"/hello\")\ndef hello():\n    return \"<h1>Hello \" + request.args[\"name\"] + \"</h1>\"",
    good: "from flask import Flask, request\nfrom markupsafe import escape\n\napp = Flask(__name__)\n\n@app.route(\"/hello\")\ndef hello():\n    return \"<h1>Hello \" + escape(request.args[\"name\"]) + \"</h1>\"",
    notDetected: "Stored XSS (data saved to a database and rendered later) and DOM XSS in JavaScript are not followed. Templates with autoescaping turned off are reported by PY-TMPL-001.",
    references: [
      "https://cwe.mitre.org/data/definitions/79.html",
      "https://owasp.org/www-community/attacks/xss/",
      "https://flask.palletsprojects.com/en/stable/security/#cross-site-scripting-xss",
    ],
  },
  message: ({ source, sink }) => `${source} is written into ${sink} as HTML without escaping`,
});

import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-SSTI-001',
  name: 'template-injection',
  title: "Server-side template injection: untrusted data used as a template",
  cwe: Cwe.TemplateInjection,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'critical',
  confidence: 'high',
  sinkKind: 'template',
  description: "Untrusted data becomes the source of a template (render_template_string, jinja2/Django Template from a string).",
  explanation: "Template languages can reach Python objects: with Jinja2, {{ cycler.__init__.__globals__.os.popen(\"id\").read() }} runs commands. Whoever writes the template runs code on the server.",
  fix: "Keep templates constant and pass untrusted values as context variables: render_template_string(\"Hello {{ name }}\", name=name), or use render_template with a template file.",
  docs: {
    why: "Server-side template injection usually leads straight to remote code execution.",
    bad: "from flask import request, render_template_string\n\ndef greet():\n    return render_template_string(\"<p>Hello \" + request.args[\"name\"] + \"</p>\")",
    good: "from flask import request, render_template_string\n\ndef greet():\n    return render_template_string(\"<p>Hello {{ name }}</p>\", name=request.args[\"name\"])",
    notDetected: "Sandboxed environments (jinja2.sandbox) are treated like normal ones.",
    references: [
      "https://cwe.mitre.org/data/definitions/1336.html",
      "https://portswigger.net/web-security/server-side-template-injection",
      "https://jinja.palletsprojects.com/en/stable/sandbox/",
    ],
  },
  message: ({ source, sink }) => `${source} becomes template source in ${sink}`,
});

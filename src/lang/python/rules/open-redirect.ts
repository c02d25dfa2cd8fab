import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-REDIRECT-001',
  name: 'open-redirect',
  title: "Open redirect: untrusted data chooses the redirect target",
  cwe: Cwe.OpenRedirect,
  severity: 'medium',
  confidence: 'high',
  sinkKind: 'redirect',
  description: "Untrusted data becomes the target of a redirect (flask.redirect, HttpResponseRedirect, RedirectResponse, a Location header) without a check that it stays on this site.",
  explanation: "A link to this trusted site forwards the victim to a page the attacker chose, which makes phishing pages and OAuth token theft convincing.",
  fix: "Redirect only to relative paths on this site or to an allow-list of hosts: check with django.utils.http.url_has_allowed_host_and_scheme, or map a key to a fixed URL.",
  docs: {
    why: "Open redirects lend the site's reputation to phishing and can leak OAuth codes and tokens to the attacker.",
    bad: "from flask import request, redirect\n\ndef after_login():\n    return redirect(request.args[\"next\"])",
    good: "from flask import request, redirect, url_for\n\ndef after_login():\n    return redirect(url_for(\"home\"))",
    notDetected: "Redirect targets that start with a fixed scheme and host, or a single \"/\", are treated as safe.",
    references: [
      "https://cwe.mitre.org/data/definitions/601.html",
      "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
    ],
  },
  message: ({ source, sink }) => `${source} chooses where ${sink} sends the browser`,
});

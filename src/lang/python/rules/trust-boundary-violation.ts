import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-TRUST-001',
  name: 'trust-boundary-violation',
  title: "Trust boundary violation: untrusted data stored in the session",
  cwe: Cwe.TrustBoundary,
  severity: 'medium',
  confidence: 'high',
  sinkKind: 'session',
  description: "Untrusted request data is stored in the server-side session, where later code treats it as trusted.",
  explanation: "Code that reads the session assumes its values were set by the application; storing raw request data there lets an attacker plant values that later checks trust (roles, user ids, redirect targets).",
  fix: "Validate the value (type, allow-list, ownership) before storing it in the session, or store only identifiers the server derived itself.",
  docs: {
    why: "Mixing trusted and untrusted data in one store makes every later reader of the session an injection point.",
    bad: "from flask import request, session\n\ndef set_role():\n    session[\"role\"] = request.args[\"role\"]",
    good: "from flask import request, session\n\nROLES = (\"viewer\", \"editor\")\n\ndef set_role():\n    role = request.args[\"role\"]\n    if role in ROLES:\n        session[\"role\"] = role",
    notDetected: "Only Flask's session object is modelled.",
    references: [
      "https://cwe.mitre.org/data/definitions/501.html",
    ],
  },
  message: ({ source, sink }) => `${source} is stored in ${sink} without validation`,
});

import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-LOGI-001',
  name: 'log-injection',
  title: "Log injection: untrusted data written to a log unescaped",
  cwe: Cwe.LogInjection,
  severity: 'low',
  confidence: 'high',
  sinkKind: 'log',
  description: "Untrusted data is written to a log through the logging module without removing line breaks.",
  explanation: "A line break in the value starts a forged log entry, so an attacker can hide their actions or plant misleading entries for whoever reads the logs.",
  fix: "Remove or escape \"\\r\" and \"\\n\" (value.replace(\"\\n\", \"\\\\n\")), log repr(value), or use a structured (JSON) log formatter.",
  docs: {
    why: "Forged log lines mislead incident response and can attack log viewers that render the log.",
    bad: "import logging\nfrom flask import request\n\ndef login():\n    logging.info(\"login attempt for \" + request.form[\"user\"])",
    good: "import logging\nfrom flask import request\n\ndef login():\n    logging.info(\"login attempt for %r\", request.form[\"user\"])",
    notDetected: "print() and third-party loggers other than logging-compatible ones are not treated as log sinks.",
    references: [
      "https://cwe.mitre.org/data/definitions/117.html",
      "https://owasp.org/www-community/attacks/Log_Injection",
    ],
  },
  message: ({ source, sink }) => `${source} is written to the log by ${sink} without removing line breaks`,
});

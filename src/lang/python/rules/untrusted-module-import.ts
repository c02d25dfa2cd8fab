import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-IMPORT-001',
  name: 'untrusted-module-import',
  title: "Untrusted data chooses a module to import",
  cwe: Cwe.UntrustedInclusion,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'high',
  sinkKind: 'import',
  description: "Untrusted data chooses the module loaded by __import__, importlib.import_module or runpy.",
  explanation: "Importing runs the module's code: an attacker who names the module can load any importable code, including modules with dangerous side effects or files they managed to place on the path.",
  fix: "Map the input to a fixed dictionary of allowed modules (PLUGINS = {\"csv\": csv_plugin}) instead of importing by name.",
  docs: {
    why: "Dynamic imports by user-chosen names are code execution by another route.",
    bad: "import importlib\nfrom flask import request\n\ndef load_plugin():\n    return importlib.import_module(\"plugins.\" + request.args[\"name\"])",
    good: "import importlib\nfrom flask import request\n\nALLOWED = (\"csv\", \"json\")\n\ndef load_plugin():\n    name = request.args[\"name\"]\n    if name not in ALLOWED:\n        raise ValueError(name)\n    return importlib.import_module(\"plugins.\" + name)",
    notDetected: "Plugin loading through entry points or pkg_resources is not followed.",
    references: [
      "https://cwe.mitre.org/data/definitions/829.html",
      "https://docs.python.org/3/library/importlib.html#importlib.import_module",
    ],
  },
  message: ({ source, sink }) => `${source} chooses the module imported by ${sink}`,
});

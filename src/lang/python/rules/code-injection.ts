import { Cwe } from '../../../core/cwe.js';
import { defineTaintRule } from '../taint-rule.js';

export const rule = defineTaintRule({
  id: 'PY-EXEC-001',
  name: 'code-injection',
  title: 'Code injection: untrusted data evaluated as Python',
  cwe: Cwe.EvalInjection,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'critical',
  confidence: 'high',
  sinkKind: 'code',
  description: 'Untrusted data reaches eval(), exec() or compile().',
  explanation:
    'eval/exec run their argument as Python code with the full rights of the process, so whoever controls the string runs arbitrary code: __import__("os").system(...) is one expression away.',
  fix: 'Never evaluate untrusted text. Parse data with json.loads or ast.literal_eval, or map the input to a fixed table of functions.',
  bandit: ['B307', 'B102'],
  docs: {
    why: 'Code evaluation turns any injection into full remote code execution: the attacker writes Python, not just data.',
    bad: 'from flask import request\n\ndef calculate():\n    return str(eval(request.args["expr"]))',
    good: 'import ast\nfrom flask import request\n\ndef calculate():\n    return str(ast.literal_eval(request.args["expr"]))',
    notDetected: 'Calls through getattr(builtins, "eval") or a renamed reference to eval are not followed. A function that only passes its parameter to exec() is treated as a wrapper and reported through callers that pass untrusted data.',
    references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://docs.python.org/3/library/ast.html#ast.literal_eval'],
  },
  message: ({ source, sink }) => `${source} is evaluated as Python code by ${sink}`,
});

import { Cwe } from '../../../core/cwe.js';
import { callArguments } from '../ast.js';
import { UNKNOWN } from '../constants.js';
import { definePythonRule } from '../rule.js';

const EVALUATORS = new Set(['eval', 'exec', 'builtins.eval', 'builtins.exec']);

export const rule = definePythonRule<{ fn: string }>({
  id: 'PY-EXEC-001',
  name: 'code-eval-dynamic',
  title: 'Dynamic code passed to eval/exec',
  cwe: Cwe.EvalInjection,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'medium',
  description: 'eval() or exec() runs a string that is not a constant.',
  explanation:
    'eval/exec run their argument as Python code with the full rights of the process. If any part of the string can come from a user, file, request or environment, an attacker can run arbitrary code.',
  fix: 'Do not evaluate dynamic strings. Parse data with json.loads or ast.literal_eval, or dispatch to a fixed table of functions.',
  bandit: ['B307', 'B102'],
  docs: {
    why: 'Code evaluation turns any injection into full remote code execution: the attacker writes Python, not just data.',
    bad: 'value = eval(request.args["expr"])',
    good: 'import ast\nvalue = ast.literal_eval(request.args["expr"])',
    notDetected: 'Calls through getattr(builtins, "eval") or a renamed reference to eval are not followed.',
    references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://docs.python.org/3/library/ast.html#ast.literal_eval'],
  },
  message: ({ fn }) => `${fn}() evaluates a string that is not a constant`,
  visits: ['call'],
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name || !EVALUATORS.has(name)) return [];
    const code = callArguments(call).positional[0];
    if (!code) return [];
    // A literal string (or a name bound once to one) is code the author wrote, not input.
    if (ctx.constants.evaluate(code) !== UNKNOWN) return [];
    // exec(compile(...)) of a constant source is equally fixed.
    if (code.type === 'call' && ctx.callName(code) === 'compile') {
      const source = callArguments(code).positional[0];
      if (source && ctx.constants.evaluate(source) !== UNKNOWN) return [];
    }
    return [ctx.report(call, { fn: name.replace(/^builtins\./, '') })];
  },
});

import { Cwe } from '../../../core/cwe.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

const EVALUATORS = new Set(['eval', 'exec', 'builtins.eval', 'builtins.exec']);

/** The call or exec statement that receives `input()` directly as its code argument, if any. */
function evaluatingParent(ctx: Ctx, call: Node): string | undefined {
  const parent = call.parent;
  // Python 2: `exec input()`
  if (parent?.type === 'exec_statement' && parent.childForFieldName('code')?.id === call.id) return 'exec';
  const outer = parent?.type === 'argument_list' ? parent.parent : null;
  if (outer?.type !== 'call' || outer.childForFieldName('arguments')?.namedChildren[0]?.id !== call.id) return undefined;
  const name = ctx.callName(outer);
  return name !== undefined && EVALUATORS.has(name) ? name.replace(/^builtins\./, '') : undefined;
}

/**
 * Python 2 code, judged from syntax only Python 2 accepts (print and exec statements) or from
 * a call to raw_input(), which Python 3 does not have.
 */
function isPython2File(ctx: Ctx): boolean {
  if (ctx.root.descendantsOfType(['print_statement', 'exec_statement']).length > 0) return true;
  return ctx.root.descendantsOfType('call').some((c) => {
    const fn = c?.childForFieldName('function');
    return fn?.type === 'identifier' && fn.text === 'raw_input';
  });
}

export const rule = definePythonRule<Params>({
  id: 'PY-EXEC-002',
  name: 'python2-input',
  title: 'User input evaluated as code by Python 2 input()',
  cwe: Cwe.EvalInjection,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'high',
  description: 'input() in Python 2 code, where it evaluates what the user types (eval(input()) in Python 3 is reported by PY-EXEC-001).',
  explanation:
    'Whatever the user types is run as a Python expression with the rights of the program, so typing __import__("os").system("…") runs a command. Python 2\'s input() does this by itself: it is eval(raw_input()).',
  fix: 'Read text with raw_input() on Python 2 or input() on Python 3, then convert it explicitly (int(), float(), ast.literal_eval() for literals).',
  bandit: ['B322'],
  docs: {
    why: 'A prompt that evaluates its answer turns every user of the program, or anything that feeds its standard input, into someone who can run arbitrary Python code.',
    bad: '# Python 2\nprint "How old are you?"\nage = input("Age: ")',
    good: '# Python 2\nprint "How old are you?"\nage = int(raw_input("Age: "))',
    notDetected:
      'Python 2 files without print/exec statements or raw_input() calls are treated as Python 3. input() stored in a variable and evaluated later is not followed (see PY-EXEC-001 for eval of dynamic strings).',
    references: [
      'https://cwe.mitre.org/data/definitions/95.html',
      'https://docs.python.org/2/library/functions.html#input',
    ],
  },
  message: ({ what }) => `${what} runs the text the user types as Python code`,
  visits: ['call'],
  callees: ['input'],
  check(ctx, call) {
    if (ctx.callName(call) !== 'input') return [];
    // Any binding of `input` in scope (the `input = raw_input` shim inside try/except, a
    // parameter, a local def) means this is not, or not only, the builtin.
    const fn = call.childForFieldName('function');
    if (fn?.type === 'identifier' && ctx.bindings.lookup('input', call) !== undefined) return [];
    // eval(input()) in Python 3 is PY-EXEC-001's (code injection from stdin); only the
    // Python 2 statement form `exec input()` is left to this rule.
    const evaluator = evaluatingParent(ctx, call);
    if (evaluator === 'exec' && call.parent?.type === 'exec_statement') return [ctx.report(call, { what: 'exec input()' })];
    if (isPython2File(ctx)) return [ctx.report(call, { what: 'input() in Python 2 code' })];
    return [];
  },
});

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import { argument, callArguments, calleeLastName, calleeObject, namedChildrenOf } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { MessageParams, PythonRuleContext } from '../rule.js';
import type { Node } from '../parser.js';

/** Names a Flask application object conventionally has. */
const APP_NAMES = new Set(['app', 'application']);
const RUN_SIMPLE = new Set(['werkzeug.run_simple', 'werkzeug.serving.run_simple']);
const DEBUGGED_APP = new Set(['werkzeug.debug.DebuggedApplication', 'werkzeug.DebuggedApplication']);
const CONFIG_SETTERS = new Set(['update', 'from_mapping']);

/**
 * True when `receiver` is a Flask application: created by flask.Flask(...) in view, or, in a
 * file that imports flask, a name spelled `app`/`application` (factories like create_app()
 * hide the constructor, but the naming convention is near universal).
 */
export function isFlaskApp<P extends MessageParams>(ctx: PythonRuleContext<P>, receiver: Node): boolean {
  if (ctx.originOf(receiver) === 'flask.Flask') return true;
  const name = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')?.text : receiver.text;
  return receiver.type !== 'call' && name !== undefined && APP_NAMES.has(name) && ctx.names.importsModule('flask');
}

type Params = { what: string };
type Ctx = PythonRuleContext<Params>;

export const rule = definePythonRule<Params>({
  id: 'PY-FLASK-001',
  name: 'flask-debug-enabled',
  title: 'Flask/Werkzeug debug mode enabled',
  cwe: Cwe.ActiveDebugCode,
  relatedCwe: [Cwe.CodeInjection],
  severity: 'high',
  confidence: 'high',
  description:
    'A Flask app runs with debug=True (app.run, app.debug, app.config DEBUG) or Werkzeug serves its interactive debugger (run_simple(use_debugger=True), DebuggedApplication(evalex=True)).',
  explanation:
    'In debug mode any unhandled exception serves the Werkzeug debugger, whose in-browser console runs arbitrary Python on the server. The PIN that guards it can be derived from information the app often leaks, and the tracebacks alone disclose source code, paths and settings.',
  fix: 'Never hard-code debug on: read it from the environment for local development only (app.run(debug=os.environ.get("FLASK_DEBUG") == "1")) and deploy behind a production WSGI server such as gunicorn.',
  bandit: ['B201'],
  docs: {
    why: 'A debug server that is reachable by anyone other than the developer is a remote code execution endpoint; debug settings committed to the code base tend to reach production.',
    bad: 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)',
    good: 'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=os.environ.get("FLASK_DEBUG") == "1")',
    notDetected:
      'FLASK_DEBUG set in .flaskenv or the environment, DEBUG = True in a settings module loaded with config.from_object/from_pyfile, and apps held under other names than app/application (unless created by flask.Flask() in the same scope) are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/489.html',
      'https://flask.palletsprojects.com/en/stable/debugging/',
      'https://werkzeug.palletsprojects.com/en/stable/debug/',
    ],
  },
  message: ({ what }) => `${what} turns on the Werkzeug debugger, which lets anyone who reaches the server run code on it`,
  visits: ['call', 'assignment'],
  callees: lastNamesOf(RUN_SIMPLE, DEBUGGED_APP, CONFIG_SETTERS, ['run']),
  // Flask apps are recognised only through flask.Flask or in files importing flask; run_simple and DebuggedApplication resolve through werkzeug.
  fileMentions: ['flask', 'werkzeug'],
  check(ctx, node) {
    return node.type === 'call' ? checkCall(ctx, node) : checkAssignment(ctx, node);
  },
});

function checkCall(ctx: Ctx, call: Node): readonly Finding[] {
  const name = ctx.callName(call);
  if (name && RUN_SIMPLE.has(name)) return flagged(ctx, call, argument(call, 'use_debugger', 4), 'run_simple(use_debugger=…)');
  if (name && DEBUGGED_APP.has(name)) return flagged(ctx, call, argument(call, 'evalex', 1), 'DebuggedApplication(evalex=…)');
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  if (!method || !receiver) return [];
  if (method === 'run' && isFlaskApp(ctx, receiver)) {
    // Flask.run(host, port, debug, load_dotenv, **options); use_debugger is passed through to Werkzeug.
    const debug = argument(call, 'debug', 2);
    const useDebugger = argument(call, 'use_debugger');
    if (!debug && !useDebugger && !callArguments(call).hasSplat) ctx.note(call, 'debug mode off (the default)', `${receiver.text}.run`);
    const found = flagged(ctx, call, debug, `${receiver.text}.run(debug=…)`);
    return found.length > 0 ? found : flagged(ctx, call, useDebugger, `${receiver.text}.run(use_debugger=…)`);
  }
  if (CONFIG_SETTERS.has(method) && isAppConfig(ctx, receiver)) return [...configDebugValues(ctx, call)].flatMap((v) => flagged(ctx, call, v, `${receiver.text}.${method}(DEBUG=…)`));
  return [];
}

/** `app.debug = True` and `app.config["DEBUG"] = True`. */
function checkAssignment(ctx: Ctx, assignment: Node): readonly Finding[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right') ?? undefined;
  if (left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug') {
    const object = left.childForFieldName('object');
    return object && isFlaskApp(ctx, object) ? flagged(ctx, assignment, right, `${left.text} = …`) : [];
  }
  if (left?.type !== 'subscript') return [];
  const container = left.childForFieldName('value');
  const key = left.childForFieldName('subscript');
  if (!container || !key || !isAppConfig(ctx, container) || ctx.constants.evaluate(key) !== 'DEBUG') return [];
  return flagged(ctx, assignment, right, `${left.text} = …`);
}

/** `app.config` on a Flask app. */
function isAppConfig(ctx: Ctx, node: Node): boolean {
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'config') return false;
  const app = node.childForFieldName('object');
  return app !== null && isFlaskApp(ctx, app);
}

/** The DEBUG values given to config.update(DEBUG=…) or config.update({"DEBUG": …}). */
function* configDebugValues(ctx: Ctx, call: Node): Generator<Node> {
  const { positional, keywords } = callArguments(call);
  const keyword = keywords.get('DEBUG');
  if (keyword) yield keyword;
  const mapping = positional[0];
  if (mapping?.type !== 'dictionary') return;
  for (const pair of namedChildrenOf(mapping)) {
    const key = pair.childForFieldName('key');
    const value = pair.childForFieldName('value');
    if (pair.type === 'pair' && key && value && ctx.constants.evaluate(key) === 'DEBUG') yield value;
  }
}

/** A finding when `flag` is a constant that Python treats as true; dynamic values are not judged. */
function flagged(ctx: Ctx, node: Node, flag: Node | undefined, what: string): readonly Finding[] {
  if (!flag) return [];
  const value = ctx.constants.evaluate(flag);
  const subject = what.replace('…', flag.text);
  if (value === UNKNOWN) ctx.note(node, 'debug setting decided at run time, not judged', subject);
  else if (!isTruthy(value)) ctx.note(node, 'debug mode off', subject);
  if (value === UNKNOWN || !isTruthy(value)) return [];
  return [ctx.report(node, { what: what.replace('…', flag.text) })];
}

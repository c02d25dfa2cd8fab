import { Cwe } from '../../../core/cwe.js';
import type { Confidence } from '../../../core/finding.js';
import { argument, callArguments } from '../ast.js';
import { UNKNOWN, isTruthy } from '../constants.js';
import type { Node } from '../parser.js';
import { withDataflowEvidence } from '../taint-rule.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { fn: string; format: string };
type Ctx = PythonRuleContext<Params>;

/** Loaders that always run pickle-style object construction, by qualified name → format. */
const ALWAYS_UNSAFE: ReadonlyMap<string, string> = new Map([
  ...['pickle', 'cPickle', '_pickle'].flatMap((m) => [
    [`${m}.load`, 'pickle'], [`${m}.loads`, 'pickle'], [`${m}.Unpickler`, 'pickle'],
  ] as const),
  ['dill.load', 'pickle (dill)'], ['dill.loads', 'pickle (dill)'], ['dill.Unpickler', 'pickle (dill)'],
  ['cloudpickle.load', 'pickle (cloudpickle)'], ['cloudpickle.loads', 'pickle (cloudpickle)'],
  ['joblib.load', 'pickle (joblib)'],
  ['shelve.open', 'pickle (shelve)'], ['shelve.DbfilenameShelf', 'pickle (shelve)'],
  ['marshal.load', 'marshal'], ['marshal.loads', 'marshal'],
  ['jsonpickle.decode', 'jsonpickle'], ['jsonpickle.unpickler.decode', 'jsonpickle'],
  ['pandas.read_pickle', 'pickle (pandas)'],
]);

/** Loaders that take bytes, where a constant argument is data the author wrote. */
const FROM_BYTES = new Set(['pickle.loads', 'cPickle.loads', '_pickle.loads', 'dill.loads', 'cloudpickle.loads', 'marshal.loads', 'jsonpickle.decode']);

interface Verdict {
  readonly format: string;
  readonly confidence?: Confidence;
  readonly explanation?: string;
}

const TORCH_DEFAULT_EXPLANATION =
  'torch.load() unpickles the file. Before PyTorch 2.6 weights_only defaulted to False, so a crafted checkpoint runs arbitrary code on load; on 2.6 and later the default is safe, but this call relies on the installed version.';

function numpyVerdict(ctx: Ctx, call: Node): Verdict | undefined {
  // numpy.load only unpickles object arrays when allow_pickle is true (default False since 1.16.3).
  const allow = argument(call, 'allow_pickle', 2);
  const value = allow ? ctx.constants.evaluate(allow) : false;
  if (value !== UNKNOWN && isTruthy(value)) return { format: 'pickle (numpy allow_pickle=True)' };
  ctx.note(call, value === UNKNOWN ? 'allow_pickle decided at run time, not judged' : 'allow_pickle is off, so no objects are unpickled', 'numpy.load');
  return undefined;
}

function torchVerdict(ctx: Ctx, call: Node): Verdict | undefined {
  const weightsOnly = argument(call, 'weights_only');
  if (!weightsOnly) {
    // A custom pickle_module or **kwargs may set anything; the default case is version-dependent.
    if (callArguments(call).hasSplat) return undefined;
    return { format: 'pickle (torch)', confidence: 'low', explanation: TORCH_DEFAULT_EXPLANATION };
  }
  const value = ctx.constants.evaluate(weightsOnly);
  if (value !== UNKNOWN && !isTruthy(value)) return { format: 'pickle (torch, weights_only=False)', confidence: 'high' };
  ctx.note(call, value === UNKNOWN ? 'weights_only decided at run time, not judged' : 'weights_only=True loads tensors only', 'torch.load');
  return undefined;
}

function verdictFor(ctx: Ctx, name: string, call: Node): Verdict | undefined {
  if (name === 'numpy.load') return numpyVerdict(ctx, call);
  if (name === 'torch.load') return torchVerdict(ctx, call);
  const format = ALWAYS_UNSAFE.get(name);
  if (format === undefined) return undefined;
  const data = callArguments(call).positional[0];
  if (FROM_BYTES.has(name) && data && ctx.constants.evaluate(data) !== UNKNOWN) {
    ctx.note(call, 'constant data written in the code', name);
    return undefined;
  }
  return { format };
}

export const rule = definePythonRule<Params>({
  id: 'PY-DESER-001',
  name: 'unsafe-deserialization',
  title: 'Deserialization that can run code (pickle, marshal and friends)',
  cwe: Cwe.Deserialization,
  severity: 'high',
  confidence: 'medium',
  description:
    'Data is loaded with pickle, dill, shelve, marshal, jsonpickle, joblib, pandas.read_pickle, numpy.load(allow_pickle=True) or torch.load without weights_only=True.',
  explanation:
    'Unpickling calls constructors named by the data itself (through __reduce__), so whoever can supply or alter the bytes can make the process run any command while it loads them.',
  fix: 'Load untrusted data with a data-only format: json, msgpack, or numpy/safetensors for arrays (numpy.load with allow_pickle=False, torch.load(..., weights_only=True)). If pickle is unavoidable, authenticate the bytes (HMAC) before loading.',
  bandit: ['B301', 'B302', 'B614'],
  docs: {
    why: 'Deserializing attacker-controlled pickles is remote code execution by design: the pickle format is a small program, and the Python docs warn never to unpickle data from an untrusted source.',
    bad: 'import pickle\nsession = pickle.loads(request.cookies["session"])',
    good: 'import json\nsession = json.loads(request.cookies["session"])',
    notDetected:
      'Where the data comes from is not checked: loading a file the application wrote itself is reported too. pickle.Unpickler subclasses with a restrictive find_class are still reported. torch.load without weights_only is reported with low confidence, because PyTorch 2.6 made weights_only=True the default.',
    references: [
      'https://cwe.mitre.org/data/definitions/502.html',
      'https://docs.python.org/3/library/pickle.html#module-pickle',
      'https://pytorch.org/docs/stable/generated/torch.load.html',
      'https://numpy.org/doc/stable/reference/generated/numpy.load.html',
    ],
  },
  message: ({ fn, format }) => `${fn}() deserializes ${format} data, which can run arbitrary code`,
  visits: ['call'],
  callees: lastNamesOf(ALWAYS_UNSAFE.keys(), ['numpy.load', 'torch.load']),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name) return [];
    const verdict = verdictFor(ctx, name, call);
    if (!verdict) return [];
    const options = {
      ...(verdict.confidence ? { confidence: verdict.confidence } : {}),
      ...(verdict.explanation ? { explanation: verdict.explanation } : {}),
    };
    return [withDataflowEvidence(ctx, ctx.report(call, { fn: name, format: verdict.format }, options), call, 'deserialize')];
  },
});

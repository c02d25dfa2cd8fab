import { Cwe } from '../../../core/cwe.js';
import type { Confidence } from '../../../core/finding.js';
import { argument, callArguments, namedChildrenOf, unwrapParens } from '../ast.js';
import type { Node } from '../parser.js';
import { withDataflowEvidence } from '../taint-rule.js';
import { definePythonRule, lastNamesOf } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

type Params = { fn: string; loader: string };
type Ctx = PythonRuleContext<Params>;

/** Loaders that only build plain data (dict, list, str, int …). */
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
/** Loaders that construct arbitrary Python objects. */
const UNSAFE_LOADERS = new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader']);
/** FullLoader: arbitrary code execution before PyYAML 5.4 (CVE-2020-1747, CVE-2020-14343). */
const FULL_LOADERS = new Set(['FullLoader', 'CFullLoader']);

/** Functions that always use SafeLoader. */
const SAFE_FUNCTIONS = new Set(['yaml.safe_load', 'yaml.safe_load_all']);
/** Functions that take a Loader argument (second positional). */
const LOAD_FUNCTIONS = new Set(['yaml.load', 'yaml.load_all']);
/** Functions that are unsafe whatever they are given, with the loader they use. */
const IMPLIED_LOADER: ReadonlyMap<string, string> = new Map([
  ['yaml.unsafe_load', 'UnsafeLoader'], ['yaml.unsafe_load_all', 'UnsafeLoader'],
  ['yaml.full_load', 'FullLoader'], ['yaml.full_load_all', 'FullLoader'],
]);

type LoaderClass = { readonly kind: 'safe' } | { readonly kind: 'unsafe'; readonly name: string } | { readonly kind: 'unknown' };

const MAX_DEPTH = 6;

/** Classifies a Loader expression: a PyYAML class, a name bound to one, or a subclass defined here. */
function classifyLoader(ctx: Ctx, node: Node, depth = 0): LoaderClass {
  if (depth > MAX_DEPTH) return { kind: 'unknown' };
  const n = unwrapParens(node);
  const resolved = ctx.names.resolve(n);
  if (resolved?.startsWith('yaml.')) return classifyYamlName(resolved);
  if (n.type === 'call' && ctx.callName(n) === 'getattr') return classifyGetattr(ctx, n, depth);
  if (n.type !== 'identifier') return { kind: 'unknown' };
  const bound = ctx.assignedValue(n);
  if (bound) return classifyLoader(ctx, bound, depth + 1);
  return classifyLocalClass(ctx, n.text, depth);
}

function classifyYamlName(qualified: string): LoaderClass {
  const last = qualified.split('.').at(-1) ?? '';
  if (SAFE_LOADERS.has(last)) return { kind: 'safe' };
  if (UNSAFE_LOADERS.has(last) || FULL_LOADERS.has(last)) return { kind: 'unsafe', name: last };
  return { kind: 'unknown' };
}

/** `getattr(yaml, "CSafeLoader", yaml.SafeLoader)`: safe when both candidates are safe. */
function classifyGetattr(ctx: Ctx, call: Node, depth: number): LoaderClass {
  const [module, attr, fallback] = callArguments(call).positional;
  const attrName = attr ? ctx.constants.stringValue(attr) : undefined;
  if (!module || attrName === undefined || ctx.names.resolve(module) !== 'yaml') return { kind: 'unknown' };
  const chosen = classifyYamlName(`yaml.${attrName}`);
  if (!fallback || chosen.kind !== 'safe') return chosen;
  return classifyLoader(ctx, fallback, depth + 1);
}

/** `class MyLoader(yaml.SafeLoader)` in this file takes the safety of its base. */
function classifyLocalClass(ctx: Ctx, name: string, depth: number): LoaderClass {
  const definition = ctx.root
    .descendantsOfType('class_definition')
    .find((c) => c !== null && c.childForFieldName('name')?.text === name);
  const bases = definition?.childForFieldName('superclasses');
  if (!bases) return { kind: 'unknown' };
  const classes = namedChildrenOf(bases).filter((b) => b.type !== 'keyword_argument').map((b) => classifyLoader(ctx, b, depth + 1));
  const unsafe = classes.find((c) => c.kind === 'unsafe');
  if (unsafe) return unsafe;
  return classes.some((c) => c.kind === 'safe') ? { kind: 'safe' } : { kind: 'unknown' };
}

function confidenceFor(loader: string): Confidence {
  return FULL_LOADERS.has(loader) ? 'medium' : 'high';
}

const FULL_LOADER_EXPLANATION =
  'FullLoader constructed arbitrary Python objects until PyYAML 5.4 (CVE-2020-1747, CVE-2020-14343) and still resolves python/ tags that SafeLoader rejects; only SafeLoader is meant for untrusted input.';
const NO_LOADER_EXPLANATION =
  'Without a Loader, PyYAML 5.1-5.4 falls back to FullLoader (arbitrary code execution through python/object tags before 5.4) and older versions to the fully unsafe Loader; PyYAML 6 refuses the call. Either way the call does not state a safe loader.';

export const rule = definePythonRule<Params>({
  id: 'PY-DESER-002',
  name: 'yaml-unsafe-load',
  title: 'YAML loaded with a loader that builds Python objects',
  cwe: Cwe.Deserialization,
  severity: 'high',
  confidence: 'high',
  description: 'yaml.load()/load_all() without a safe Loader, with Loader/UnsafeLoader/FullLoader, or yaml.unsafe_load()/full_load().',
  explanation:
    'PyYAML\'s unsafe loaders turn tags such as !!python/object/apply:os.system into function calls, so a YAML document from an attacker runs code in this process while it is parsed.',
  fix: 'Use yaml.safe_load(text), or yaml.load(text, Loader=yaml.SafeLoader) (CSafeLoader for speed).',
  bandit: ['B506'],
  docs: {
    why: 'YAML is often treated as plain configuration, but PyYAML\'s default-era loaders can instantiate any Python object, which makes every YAML upload, API body or fetched config file a code execution vector.',
    bad: 'import yaml\nconfig = yaml.load(body, Loader=yaml.Loader)',
    good: 'import yaml\nconfig = yaml.safe_load(body)',
    notDetected:
      'Loaders chosen at run time (a variable with several assignments, a parameter) are trusted. ruamel.yaml and other YAML libraries are not checked.',
    references: [
      'https://cwe.mitre.org/data/definitions/502.html',
      'https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation',
      'https://nvd.nist.gov/vuln/detail/CVE-2020-14343',
    ],
  },
  message: ({ fn, loader }) => `${fn}() parses YAML with ${loader}, which can construct arbitrary Python objects`,
  visits: ['call'],
  callees: lastNamesOf(SAFE_FUNCTIONS, IMPLIED_LOADER.keys(), LOAD_FUNCTIONS),
  check(ctx, call) {
    const name = ctx.callName(call);
    if (!name) return [];
    if (SAFE_FUNCTIONS.has(name)) {
      ctx.note(call, 'SafeLoader builds plain data only', name);
      return [];
    }
    const implied = IMPLIED_LOADER.get(name);
    if (implied) {
      return [withDataflowEvidence(ctx, ctx.report(call, { fn: name, loader: `yaml.${implied}` }, { confidence: confidenceFor(implied), ...(FULL_LOADERS.has(implied) ? { explanation: FULL_LOADER_EXPLANATION } : {}) }), call, 'deserialize')];
    }
    if (!LOAD_FUNCTIONS.has(name)) return [];
    const loaderArg = argument(call, 'Loader', 1);
    if (!loaderArg) {
      // **kwargs may carry a Loader we cannot see.
      if (callArguments(call).hasSplat) {
        ctx.note(call, 'the loader comes in **kwargs, not judged', name);
        return [];
      }
      return [withDataflowEvidence(ctx, ctx.report(call, { fn: name, loader: 'the default loader' }, { confidence: 'medium', explanation: NO_LOADER_EXPLANATION }), call, 'deserialize')];
    }
    const loader = classifyLoader(ctx, loaderArg);
    if (loader.kind === 'safe') ctx.note(call, `${loaderArg.text} builds plain data only`, name);
    if (loader.kind === 'unknown') ctx.note(call, `loader ${loaderArg.text} decided at run time, not judged`, name);
    if (loader.kind !== 'unsafe') return [];
    return [withDataflowEvidence(ctx, ctx.report(call, { fn: name, loader: `yaml.${loader.name}` }, { confidence: confidenceFor(loader.name), ...(FULL_LOADERS.has(loader.name) ? { explanation: FULL_LOADER_EXPLANATION } : {}) }), call, 'deserialize')];
  },
});

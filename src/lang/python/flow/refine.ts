import { argument, calleeLastName, calleeObject, dottedName, namedChildrenOf, unwrapParens } from '../ast.js';
import { stringLiteralValue } from '../constants.js';
import type { Node } from '../parser.js';
import { copyState } from './env.js';
import type { FlowEnv, State } from './env.js';
import { truthOf } from './evaluate.js';
import type { Evaluator } from './evaluate.js';
import { ALL_KINDS, CLEAN, cleanse, constantValue, kindMask } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';

/** Checks that accept only digits, letters or identifiers: the value cannot carry syntax. */
const CHARACTER_CLASS_CHECKS = new Set(['isdigit', 'isnumeric', 'isdecimal', 'isalnum', 'isalpha', 'isidentifier']);
const PATH_NORMALISERS = new Set(['os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'posixpath.realpath', 'posixpath.abspath', 'posixpath.normpath']);
/** Validators whose true result proves an argument safe for some sinks. */
const VALIDATORS: ReadonlyMap<string, number> = new Map([
  ['django.utils.http.url_has_allowed_host_and_scheme', kindMask(['redirect', 'ssrf'])],
  ['django.utils.http.is_safe_url', kindMask(['redirect', 'ssrf'])],
]);
/** A `$` anchor still allows a trailing newline, which matters for commands, headers and logs. */
const NEWLINE_SENSITIVE = kindMask(['command', 'header', 'log']);

/**
 * The state on the edge where `guard` evaluated to `truth`, or undefined when the edge cannot
 * be taken (the guard is a constant with the other value). Recognises allow-list membership,
 * equality with a constant, character-class checks, anchored regular expressions, path
 * containment checks and known validators, and cleans the variables they prove safe.
 */
export function refineOnEdge(evaluator: Evaluator, env: FlowEnv, state: State, guard: Node, truth: boolean, evaluated?: AbstractValue): State | undefined {
  // The block already evaluated its condition on this state; evaluating it again cost as much.
  const value = evaluated ?? evaluator.evaluate(guard, state);
  const known = truthOf(value);
  if (known !== undefined && known !== truth) return undefined;
  const refined = copyState(state);
  refine(evaluator, env, refined, unwrapParens(guard), truth);
  refineRelativeRedirect(refined, literalsOf(unwrapParens(guard), truth));
  return refined;
}

/** The conditions that hold on an edge: `a and b` true gives both, `a or b` false gives both negated. */
function literalsOf(guard: Node, truth: boolean): { node: Node; truth: boolean }[] {
  const g = unwrapParens(guard);
  if (g.type === 'not_operator') {
    const operand = g.childForFieldName('argument');
    return operand ? literalsOf(operand, !truth) : [];
  }
  if (g.type === 'boolean_operator') {
    const op = g.childForFieldName('operator')?.text;
    const left = g.childForFieldName('left');
    const right = g.childForFieldName('right');
    if (left && right && ((op === 'and' && truth) || (op === 'or' && !truth))) return [...literalsOf(left, truth), ...literalsOf(right, truth)];
    return [];
  }
  return [{ node: g, truth }];
}

/**
 * `x.startswith("/") and not x.startswith("//")` proves x is a path on this site: a redirect
 * to it cannot leave the site. Both facts must hold on the same edge.
 */
function refineRelativeRedirect(state: State, literals: readonly { node: Node; truth: boolean }[]): void {
  const startsWith = (lit: { node: Node; truth: boolean }, prefix: string, truth: boolean): string | undefined => {
    if (lit.truth !== truth || lit.node.type !== 'call' || calleeLastName(lit.node) !== 'startswith') return undefined;
    const object = calleeObject(lit.node);
    const arg = lit.node.childForFieldName('arguments')?.namedChildren[0];
    const values = arg?.type === 'tuple' ? namedChildrenOf(arg).map((a) => stringLiteralValue(a)) : [arg ? stringLiteralValue(arg) : undefined];
    return object && values.includes(prefix) ? targetKey(object) : undefined;
  };
  for (const lit of literals) {
    const name = startsWith(lit, '/', true);
    if (name !== undefined && literals.some((other) => startsWith(other, '//', false) === name)) {
      const current = state.get(name);
      if (current) state.set(name, { ...current, taint: cleanse(current.taint, kindMask(['redirect'])) });
    }
  }
}

/** `urlparse(x).netloc` (or urlsplit / .hostname): the URL variable whose host it reads. */
function hostOf(env: FlowEnv, node: Node): Node | undefined {
  const n = unwrapParens(node);
  if (n.type !== 'attribute') return undefined;
  const attr = n.childForFieldName('attribute')?.text;
  let object = n.childForFieldName('object') ?? undefined;
  // `parsed = urlparse(url); … parsed.hostname …`
  if (object?.type === 'identifier') object = env.facts.bindings.singleValue(object.text, object);
  if ((attr !== 'netloc' && attr !== 'hostname') || object?.type !== 'call') return undefined;
  const name = env.facts.names.resolveCall(object);
  if (name !== 'urllib.parse.urlparse' && name !== 'urllib.parse.urlsplit' && name !== 'urlparse.urlparse') return undefined;
  return object.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
}

const HOST_KINDS = kindMask(['redirect', 'ssrf']);

function refine(evaluator: Evaluator, env: FlowEnv, state: State, guard: Node, truth: boolean, alias?: Alias): void {
  switch (guard.type) {
    case 'not_operator': {
      const operand = guard.childForFieldName('argument');
      if (operand) refine(evaluator, env, state, unwrapParens(operand), !truth, alias);
      return;
    }
    case 'boolean_operator': {
      const op = guard.childForFieldName('operator')?.text;
      const left = guard.childForFieldName('left');
      const right = guard.childForFieldName('right');
      if (!left || !right) return;
      if ((op === 'and' && truth) || (op === 'or' && !truth)) {
        refine(evaluator, env, state, unwrapParens(left), truth, alias);
        refine(evaluator, env, state, unwrapParens(right), truth, alias);
      }
      return;
    }
    case 'comparison_operator':
      refineComparison(evaluator, env, state, guard, truth, alias);
      return;
    case 'call':
      if (truth) refineCall(evaluator, env, state, guard, alias);
      return;
    case 'identifier': {
      // `m = PATTERN.fullmatch(x)` … `if not m: return` — the saved match result is the guard.
      if (alias?.has(guard.text)) return;
      const bound = env.facts.bindings.singleValue(guard.text, guard);
      if (bound?.type === 'call' && truth) refineCall(evaluator, env, state, bound, alias);
      return;
    }
    case 'attribute': {
      // `if urlparse(target).netloc: …` — on the false edge the URL has no host.
      const url = truth ? undefined : hostOf(env, guard);
      if (url) setClean(state, url, HOST_KINDS, alias);
      return;
    }
    default:
      return;
  }
}

function refineComparison(evaluator: Evaluator, env: FlowEnv, state: State, guard: Node, truth: boolean, alias?: Alias): void {
  const operands = namedChildrenOf(guard);
  const operators = guard.children.filter((c) => c !== null && !c.isNamed).map((c) => c?.type ?? '').join(' ');
  if (operands.length !== 2) return;
  const [left, right] = operands as [Node, Node];
  // `re.fullmatch(…, x) is not None` is the call's truth; `is None` its negation.
  if ((operators === 'is' || operators === 'is not') && right.type === 'none') {
    refine(evaluator, env, state, unwrapParens(left), operators === 'is not' ? truth : !truth, alias);
    return;
  }
  if ((operators === 'in' && truth) || (operators === 'not in' && !truth)) {
    const allowed = evaluator.evaluate(right, state);
    const isAllowList = Array.isArray(allowed.constant) || (allowed.fields !== undefined && allowed.rest === undefined && allowed.taint.length === 0);
    if (!isAllowList) return;
    // `urlparse(url).netloc in ALLOWED_HOSTS` vets the URL's host.
    const url = hostOf(env, left);
    setClean(state, url ?? left, url ? HOST_KINDS : ALL_KINDS, alias);
    return;
  }
  if ((operators === '==' && truth) || (operators === '!=' && !truth)) {
    // os.path.commonpath([BASE, p]) == BASE: p lies inside BASE.
    for (const side of [left, right]) {
      const contained = commonpathMember(env, side);
      if (contained) setClean(state, contained, kindMask(['path']), alias);
    }
    const a = evaluator.evaluate(left, state);
    const b = evaluator.evaluate(right, state);
    if (b.constant !== undefined) assign(state, left, constantValue(b.constant), alias);
    else if (a.constant !== undefined) assign(state, right, constantValue(a.constant), alias);
  }
}

function refineCall(evaluator: Evaluator, env: FlowEnv, state: State, call: Node, alias?: Alias): void {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  const qualified = env.facts.names.resolveCall(call);
  const firstArg = call.childForFieldName('arguments')?.namedChildren[0] ?? undefined;

  // A validator written as a helper in this file: `if is_valid_host(h): …`.
  const helper = env.validatorOf(call);
  if (helper) {
    refine(evaluator, env, state, helper.check, true, helper.alias);
    return;
  }
  if (receiver && method && CHARACTER_CLASS_CHECKS.has(method)) {
    setClean(state, receiver, ALL_KINDS, alias);
    return;
  }
  if (qualified === 'isinstance' && firstArg) {
    const types = call.childForFieldName('arguments')?.namedChildren[1]?.text ?? '';
    if (/\b(int|float|bool|UUID|Decimal|date|datetime)\b/.test(types)) setClean(state, firstArg, ALL_KINDS, alias);
    return;
  }
  const validator = qualified !== undefined ? VALIDATORS.get(qualified) : undefined;
  if (validator !== undefined && firstArg) {
    setClean(state, firstArg, validator, alias);
    return;
  }
  // re.fullmatch(PATTERN, value) / re.match(r"^…$", value) / COMPILED.fullmatch(value)
  if (qualified === 're.fullmatch' || qualified === 're.match') {
    const pattern = firstArg ? patternText(evaluator, state, firstArg) : undefined;
    const subject = argument(call, 'string', 1);
    if (subject && pattern !== undefined) setClean(state, subject, regexMask(pattern, qualified === 're.fullmatch'), alias);
    return;
  }
  if (receiver && (method === 'fullmatch' || method === 'match') && firstArg) {
    const pattern = compiledPattern(env, receiver);
    if (pattern !== undefined) setClean(state, firstArg, regexMask(pattern, method === 'fullmatch'), alias);
    return;
  }
  // os.path.realpath(p).startswith(BASE) or Path.resolve().is_relative_to(BASE): p stays inside BASE.
  if (receiver && (method === 'startswith' || method === 'is_relative_to')) {
    const inner = unwrapParens(receiver);
    if (inner.type === 'call') {
      const innerName = env.facts.names.resolveCall(inner);
      const innerArg = inner.childForFieldName('arguments')?.namedChildren[0];
      const innerMethod = calleeLastName(inner);
      if (innerName !== undefined && PATH_NORMALISERS.has(innerName) && innerArg) setClean(state, innerArg, kindMask(['path']), alias);
      else if (innerMethod === 'resolve') {
        const object = calleeObject(inner);
        if (object) setClean(state, object, kindMask(['path']), alias);
      }
    } else if (isNormalisedPath(env, inner)) {
      setClean(state, inner, kindMask(['path']), alias);
    }
  }
}

/** The non-constant path in `os.path.commonpath([BASE, path])`. */
function commonpathMember(env: FlowEnv, node: Node): Node | undefined {
  const call = unwrapParens(node);
  if (call.type !== 'call' || env.facts.names.resolveCall(call) !== 'os.path.commonpath') return undefined;
  const list = call.childForFieldName('arguments')?.namedChildren[0];
  if (!list || (list.type !== 'list' && list.type !== 'tuple')) return undefined;
  const items = namedChildrenOf(list);
  if (items.length !== 2) return undefined;
  return items.find((item) => item.type === 'identifier' && env.facts.constants.stringValue(item) === undefined);
}

/** True when `node` is a variable bound once to os.path.realpath/abspath(...) or a Path's resolve(). */
function isNormalisedPath(env: FlowEnv, node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const value = env.facts.bindings.singleValue(node.text, node);
  if (value?.type !== 'call') return false;
  const name = env.facts.names.resolveCall(value);
  return (name !== undefined && PATH_NORMALISERS.has(name)) || calleeLastName(value) === 'resolve';
}

function patternText(evaluator: Evaluator, state: State, node: Node): string | undefined {
  const value = evaluator.evaluate(node, state);
  return typeof value.constant === 'string' ? value.constant : undefined;
}

function compiledPattern(env: FlowEnv, receiver: Node): string | undefined {
  let call: Node | undefined = receiver;
  if (receiver.type === 'identifier') call = env.facts.bindings.singleValue(receiver.text, receiver);
  if (call?.type !== 'call' || env.facts.names.resolveCall(call) !== 're.compile') return undefined;
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  if (!first) return undefined;
  return first.type === 'string' ? stringLiteralValue(first) : env.facts.constants.stringValue(first);
}

/**
 * What a successful match proves. Only patterns anchored at both ends say anything about the
 * whole value; `$` (unlike `\Z` or fullmatch) lets a trailing newline through.
 */
function regexMask(pattern: string, full: boolean): number {
  const startAnchored = full || pattern.startsWith('^') || pattern.startsWith('\\A');
  const strictEnd = full || pattern.endsWith('\\Z') || pattern.endsWith('\\z');
  const loseEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  if (!startAnchored || (!strictEnd && !loseEnd)) return 0;
  // Patterns that admit any character prove nothing.
  if (/(^|[^\\])\.(\*|\+)/.test(pattern) || pattern.includes('\\S') || /\[\^/.test(pattern)) return 0;
  return strictEnd ? ALL_KINDS : ALL_KINDS & ~NEWLINE_SENSITIVE;
}

function setClean(state: State, target: Node, mask: number, alias?: Alias): void {
  if (mask === 0) return;
  const key = targetKey(target, alias);
  if (key === undefined) return;
  const current = state.get(key);
  if (!current) {
    if (mask === ALL_KINDS) state.set(key, CLEAN);
    return;
  }
  state.set(key, mask === ALL_KINDS ? { ...current, taint: [], fields: new Map(), rest: CLEAN } : { ...current, taint: cleanse(current.taint, mask) });
}

function assign(state: State, target: Node, value: ReturnType<typeof constantValue>, alias?: Alias): void {
  const key = targetKey(target, alias);
  if (key !== undefined) state.set(key, value);
}

/** Inside a validator helper: its parameter names → the caller's variables they stand for. */
export type Alias = ReadonlyMap<string, string>;

function targetKey(node: Node, alias?: Alias): string | undefined {
  const inner = unwrapParens(node);
  if (alias) return inner.type === 'identifier' ? alias.get(inner.text) : undefined;
  if (inner.type === 'identifier') return inner.text;
  const dotted = dottedName(inner);
  return dotted?.startsWith('self.') ? dotted : undefined;
}

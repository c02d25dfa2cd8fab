import { argument, calleeLastName, calleeObject, dottedName, namedChildrenOf, unwrapParens } from '../ast.js';
import { isTruthy, stringLiteralValue } from '../constants.js';
import type { Node } from '../parser.js';
import type { FlowEnv, State } from './env.js';
import type { Evaluator } from './evaluate.js';
import { ALL_KINDS, CLEAN, cleanse, constantValue, kindMask } from './taint.js';

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
export function refineOnEdge(evaluator: Evaluator, env: FlowEnv, state: State, guard: Node, truth: boolean): State | undefined {
  const value = evaluator.evaluate(guard, state);
  if (value.constant !== undefined && isTruthy(value.constant) !== truth) return undefined;
  const refined = new Map(state);
  refine(evaluator, env, refined, unwrapParens(guard), truth);
  return refined;
}

function refine(evaluator: Evaluator, env: FlowEnv, state: State, guard: Node, truth: boolean): void {
  switch (guard.type) {
    case 'not_operator': {
      const operand = guard.childForFieldName('argument');
      if (operand) refine(evaluator, env, state, unwrapParens(operand), !truth);
      return;
    }
    case 'boolean_operator': {
      const op = guard.childForFieldName('operator')?.text;
      const left = guard.childForFieldName('left');
      const right = guard.childForFieldName('right');
      if (!left || !right) return;
      if ((op === 'and' && truth) || (op === 'or' && !truth)) {
        refine(evaluator, env, state, unwrapParens(left), truth);
        refine(evaluator, env, state, unwrapParens(right), truth);
      }
      return;
    }
    case 'comparison_operator':
      refineComparison(evaluator, state, guard, truth);
      return;
    case 'call':
      if (truth) refineCall(evaluator, env, state, guard);
      return;
    default:
      return;
  }
}

function refineComparison(evaluator: Evaluator, state: State, guard: Node, truth: boolean): void {
  const operands = namedChildrenOf(guard);
  const operators = guard.children.filter((c) => c !== null && !c.isNamed).map((c) => c?.type ?? '').join(' ');
  if (operands.length !== 2) return;
  const [left, right] = operands as [Node, Node];
  if ((operators === 'in' && truth) || (operators === 'not in' && !truth)) {
    const allowed = evaluator.evaluate(right, state);
    const isAllowList = Array.isArray(allowed.constant) || (allowed.fields !== undefined && allowed.rest === undefined && allowed.taint.length === 0);
    if (isAllowList) setClean(state, left, ALL_KINDS);
    return;
  }
  if ((operators === '==' && truth) || (operators === '!=' && !truth)) {
    const a = evaluator.evaluate(left, state);
    const b = evaluator.evaluate(right, state);
    if (b.constant !== undefined) assign(state, left, constantValue(b.constant));
    else if (a.constant !== undefined) assign(state, right, constantValue(a.constant));
  }
}

function refineCall(evaluator: Evaluator, env: FlowEnv, state: State, call: Node): void {
  const method = calleeLastName(call);
  const receiver = calleeObject(call);
  const qualified = env.facts.names.resolveCall(call);
  const firstArg = call.childForFieldName('arguments')?.namedChildren[0] ?? undefined;

  if (receiver && method && CHARACTER_CLASS_CHECKS.has(method)) {
    setClean(state, receiver, ALL_KINDS);
    return;
  }
  if (qualified === 'isinstance' && firstArg) {
    const types = call.childForFieldName('arguments')?.namedChildren[1]?.text ?? '';
    if (/\b(int|float|bool|UUID|Decimal|date|datetime)\b/.test(types)) setClean(state, firstArg, ALL_KINDS);
    return;
  }
  const validator = qualified !== undefined ? VALIDATORS.get(qualified) : undefined;
  if (validator !== undefined && firstArg) {
    setClean(state, firstArg, validator);
    return;
  }
  // re.fullmatch(PATTERN, value) / re.match(r"^…$", value) / COMPILED.fullmatch(value)
  if (qualified === 're.fullmatch' || qualified === 're.match') {
    const pattern = firstArg ? patternText(evaluator, state, firstArg) : undefined;
    const subject = argument(call, 'string', 1);
    if (subject && pattern !== undefined) setClean(state, subject, regexMask(pattern, qualified === 're.fullmatch'));
    return;
  }
  if (receiver && (method === 'fullmatch' || method === 'match') && firstArg) {
    const pattern = compiledPattern(env, receiver);
    if (pattern !== undefined) setClean(state, firstArg, regexMask(pattern, method === 'fullmatch'));
    return;
  }
  // os.path.realpath(p).startswith(BASE) or Path.resolve().is_relative_to(BASE): p stays inside BASE.
  if (receiver && (method === 'startswith' || method === 'is_relative_to')) {
    const inner = unwrapParens(receiver);
    if (inner.type === 'call') {
      const innerName = env.facts.names.resolveCall(inner);
      const innerArg = inner.childForFieldName('arguments')?.namedChildren[0];
      const innerMethod = calleeLastName(inner);
      if (innerName !== undefined && PATH_NORMALISERS.has(innerName) && innerArg) setClean(state, innerArg, kindMask(['path']));
      else if (innerMethod === 'resolve') {
        const object = calleeObject(inner);
        if (object) setClean(state, object, kindMask(['path']));
      }
    } else if (isNormalisedPath(env, inner)) {
      setClean(state, inner, kindMask(['path']));
    }
  }
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

function setClean(state: State, target: Node, mask: number): void {
  if (mask === 0) return;
  const key = targetKey(target);
  if (key === undefined) return;
  const current = state.get(key);
  if (!current) {
    if (mask === ALL_KINDS) state.set(key, CLEAN);
    return;
  }
  state.set(key, mask === ALL_KINDS ? { ...current, taint: [], fields: new Map(), rest: CLEAN } : { ...current, taint: cleanse(current.taint, mask) });
}

function assign(state: State, target: Node, value: ReturnType<typeof constantValue>): void {
  const key = targetKey(target);
  if (key !== undefined) state.set(key, value);
}

function targetKey(node: Node): string | undefined {
  const inner = unwrapParens(node);
  if (inner.type === 'identifier') return inner.text;
  const dotted = dottedName(inner);
  return dotted?.startsWith('self.') ? dotted : undefined;
}

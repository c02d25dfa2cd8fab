import { argumentsOf, calleeOf, unwrap } from '../ast.js';
import type { ConstantEvaluator } from '../constants.js';
import type { Node } from '../parser.js';
import { ALL_KINDS, cleanse, kindMask } from '../../../dataflow/taint.js';
import { meetRanges, toWork } from './state.js';
import type { FlowState, Range, WorkState } from './state.js';

const FLIP: Readonly<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
const NEGATE: Readonly<Record<string, string>> = { '<': '>=', '>': '<=', '<=': '>', '>=': '<', '==': '!=', '!=': '==' };
// Functions whose name says they validate their argument (`is_safe_name(p)`, `validatePath(p)`).
const VALIDATOR = /^(?:is_?|has_?)?(?:valid|safe|sanit|allowed|whitelist|allowlist|permitted|check_?(?:path|name|input))/i;
const ALL_BUT_SIZE = ALL_KINDS & ~kindMask(['size']);

/**
 * The state on the edge where `condition` has the value `truth`: integer comparisons against
 * constants bound variables (`if (n > sizeof buf) return;` leaves `n <= sizeof buf` after it),
 * `..` checks clean a name for path use, validator calls clean their argument. Returns
 * undefined when the edge cannot be taken.
 */
export function refineCondition(condition: Node, truth: boolean, state: FlowState, constants: ConstantEvaluator): FlowState | undefined {
  const work = toWork(state);
  return refineInto(unwrap(condition), truth, work, constants) ? work : undefined;
}

function refineInto(node: Node, truth: boolean, work: WorkState, constants: ConstantEvaluator): boolean {
  const constant = constants.integer(node);
  if (constant !== undefined) return (constant !== 0) === truth;
  if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '!') {
    const arg = node.childForFieldName('argument');
    return arg ? refineInto(unwrap(arg), !truth, work, constants) : true;
  }
  if (node.type === 'binary_expression') {
    const op = node.childForFieldName('operator')?.text ?? '';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return true;
    if ((op === '&&' && truth) || (op === '||' && !truth)) {
      return refineInto(unwrap(left), truth, work, constants) && refineInto(unwrap(right), truth, work, constants);
    }
    if (op in FLIP) return compare(unwrap(left), truth ? op : (NEGATE[op] ?? op), unwrap(right), work, constants);
    return true;
  }
  if (node.type === 'call_expression') refineCall(node, truth, work);
  return true;
}

/** `x OP c` or `c OP x`: narrows x's range. */
function compare(left: Node, op: string, right: Node, work: WorkState, constants: ConstantEvaluator): boolean {
  const nullCheck = pathCheck(left, right, op);
  if (nullCheck) {
    applyPathCheck(nullCheck.call, nullCheck.found, work);
    return true;
  }
  const rc = boundOf(right, work, constants);
  const lc = boundOf(left, work, constants);
  if (left.type === 'identifier' && rc !== undefined) return narrow(left.text, op, rc, work);
  if (right.type === 'identifier' && lc !== undefined) return narrow(right.text, FLIP[op] ?? op, lc, work);
  return true;
}

function boundOf(node: Node, work: WorkState, constants: ConstantEvaluator): number | undefined {
  const c = constants.integer(node);
  if (c !== undefined) return c;
  if (node.type === 'identifier') {
    const range = work.ranges.get(node.text);
    if (range?.lo !== undefined && range.lo === range.hi) return range.lo;
  }
  return undefined;
}

function narrow(name: string, op: string, c: number, work: WorkState): boolean {
  const bound: Range | undefined =
    op === '<' ? { hi: c - 1 } : op === '<=' ? { hi: c } : op === '>' ? { lo: c + 1 } : op === '>=' ? { lo: c } : op === '==' ? { lo: c, hi: c } : undefined;
  if (!bound) return true;
  const next = meetRanges(work.ranges.get(name), bound);
  if (next.lo !== undefined && next.hi !== undefined && next.lo > next.hi) return false;
  work.ranges.set(name, next);
  return true;
}

/** `strstr(p, "..") == NULL` and friends: which outcome means "found". */
function pathCheck(left: Node, right: Node, op: string): { call: Node; found: boolean } | undefined {
  const isNull = (n: Node): boolean => /^(?:NULL|nullptr|0|-1|std::string::npos|string::npos|npos)$/.test(n.text);
  if (op !== '==' && op !== '!=') return undefined;
  const call = left.type === 'call_expression' && isNull(right) ? left : right.type === 'call_expression' && isNull(left) ? right : undefined;
  if (!call || !dotDotCheck(call)) return undefined;
  return { call, found: op === '!=' };
}

function refineCall(call: Node, truth: boolean, work: WorkState): void {
  if (dotDotCheck(call)) {
    applyPathCheck(call, truth, work);
    return;
  }
  const callee = calleeOf(call);
  if (!callee || !VALIDATOR.test(callee.name) || !truth) return;
  // The validator returned true: its arguments are what it accepts.
  for (const arg of callee.receiver ? [callee.receiver] : argumentsOf(call)) {
    const inner = unwrap(arg);
    if (inner.type !== 'identifier') continue;
    const value = work.values.get(inner.text);
    if (value) work.values.set(inner.text, { ...value, taint: cleanse(value.taint, ALL_BUT_SIZE) });
  }
}

/** A search for `..` or a path separator in a name: `strstr(name, "..")`, `name.contains("..")`. */
function dotDotCheck(call: Node): Node | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  const args = argumentsOf(call);
  const needle = (callee.receiver ? args[0] : args[1])?.text ?? '';
  if (!/^(?:"\.\."|"\/"|'\/'|"\\\\"|QStringLiteral\("\.\."\)|QLatin1String\("\.\."\))$/.test(needle)) return undefined;
  if (callee.receiver && /^(?:contains|indexOf|find|startsWith)$/.test(callee.name)) return unwrap(callee.receiver);
  if (!callee.receiver && /^(?:strstr|strchr|strrchr|wcsstr)$/.test(callee.name)) return args[0] ? unwrap(args[0]) : undefined;
  return undefined;
}

/** On the branch where no `..` was found, the name is safe to use as a path. */
function applyPathCheck(call: Node, found: boolean, work: WorkState): void {
  if (found) return;
  const subject = dotDotCheck(call);
  if (subject?.type !== 'identifier') return;
  const value = work.values.get(subject.text);
  if (value) work.values.set(subject.text, { ...value, taint: cleanse(value.taint, kindMask(['path'])) });
}

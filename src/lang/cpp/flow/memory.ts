import { argumentsOf, calleeOf, declaratorName, namedChildrenOf, unwrap } from '../ast.js';
import type { Node } from '../parser.js';
import { buildCfg } from './cfg.js';
import type { Instruction } from './cfg.js';
import { replay, solve } from './solver.js';
import type { Lattice } from './solver.js';

/** What kind of resource a variable holds: its release function differs. */
export type ResourceKind = 'memory' | 'file' | 'descriptor' | 'directory';

/** The state of one pointer or handle on every path to a point (a must-analysis). */
interface Fact {
  readonly status: 'live' | 'freed' | 'null';
  readonly kind: ResourceKind;
  /** A null check (or an allocator that cannot return null) has been seen on every path. */
  readonly checked: boolean;
  /** The value may also be null on some path (joined with a null branch). */
  readonly maybeNull?: boolean;
  /** Stored somewhere else or passed to unknown code: its release is no longer this code's job. */
  readonly escaped?: boolean;
  readonly site: Node;
  readonly freedAt?: Node;
}

type MemState = ReadonlyMap<string, Fact>;

/** A defect the pointer-state analysis proved on every path. */
export interface MemoryEvent {
  readonly kind: 'use-after-free' | 'double-free' | 'unchecked-deref' | 'leak';
  /** Where it happens: the use, the second free, the dereference, the return. */
  readonly node: Node;
  readonly variable: string;
  readonly resource: ResourceKind;
  /** The allocation (or, for frees, the first release). */
  readonly related: Node;
}

export interface MemoryFacts {
  readonly events: readonly MemoryEvent[];
}

const ALLOCATORS: ReadonlyMap<string, { kind: ResourceKind; mayFail: boolean }> = new Map<string, { kind: ResourceKind; mayFail: boolean }>([
  ...['malloc', 'calloc', 'realloc', 'reallocarray', 'strdup', 'strndup', 'aligned_alloc', 'valloc', 'g_malloc0_n'].map((n) => [n, { kind: 'memory' as const, mayFail: true }] as const),
  ...['g_malloc', 'g_malloc0', 'g_strdup', 'xmalloc', 'xcalloc', 'xstrdup', 'xrealloc'].map((n) => [n, { kind: 'memory' as const, mayFail: false }] as const),
  ...['fopen', 'fdopen', 'freopen', 'tmpfile', 'popen'].map((n) => [n, { kind: 'file' as const, mayFail: true }] as const),
  ...['open', 'openat', 'creat', 'socket', 'accept', 'dup'].map((n) => [n, { kind: 'descriptor' as const, mayFail: false }] as const),
  ['opendir', { kind: 'directory' as const, mayFail: true }],
]);
const RELEASERS: ReadonlyMap<string, ResourceKind> = new Map([
  ...['free', 'g_free', 'cfree', 'xfree'].map((n) => [n, 'memory' as const] as const),
  ...['fclose', 'pclose'].map((n) => [n, 'file' as const] as const),
  ['close', 'descriptor'], ['closesocket', 'descriptor'], ['closedir', 'directory'],
]);
// Library calls that read or write through a pointer argument but never keep it.
const DEREFERENCING = new Set([
  'memcpy', 'memmove', 'memset', 'memcmp', 'strcpy', 'strncpy', 'strcat', 'strncat', 'strlen', 'strcmp', 'strncmp', 'sprintf', 'snprintf',
  'vsprintf', 'vsnprintf', 'fgets', 'fread', 'fwrite', 'fprintf', 'fputs', 'fscanf', 'sscanf', 'read', 'write', 'recv', 'send', 'strchr', 'strstr', 'puts', 'printf', 'bzero',
]);
const NON_CAPTURING = new Set([...DEREFERENCING, 'fflush', 'fseek', 'ftell', 'rewind', 'feof', 'ferror', 'fileno', 'fstat', 'readdir', 'lseek', 'ioctl', 'fcntl', 'setsockopt', 'bind', 'listen', 'connect', 'getc', 'fgetc', 'fputc', 'putc', 'ungetc', 'fsync', 'sizeof', 'assert', 'printf', 'perror', 'qsort', 'isatty', 'strtol', 'atoi']);
const ASSERTS = new Set(['assert', 'Q_ASSERT', 'g_assert', 'Q_CHECK_PTR', 'BOOST_ASSERT']);

/** Runs the pointer-state analysis over every function of a file. */
export function analyzeMemory(root: Node): MemoryFacts {
  const events: MemoryEvent[] = [];
  const seen = new Set<string>();
  for (const fn of root.descendantsOfType('function_definition')) {
    const body = fn?.childForFieldName('body');
    if (!body) continue;
    const analysis = new FunctionMemory(body);
    for (const e of analysis.run()) {
      const key = `${e.kind}:${e.node.id}:${e.variable}`;
      if (!seen.has(key)) {
        seen.add(key);
        events.push(e);
      }
    }
  }
  return { events };
}

class FunctionMemory {
  private readonly released: ReadonlySet<string>;

  constructor(private readonly body: Node) {
    // Ownership evidence: the function itself releases these names somewhere.
    const names = new Set<string>();
    for (const call of body.descendantsOfType('call_expression')) {
      const name = call ? calleeOf(call)?.name : undefined;
      const arg = call && name !== undefined && RELEASERS.has(name) ? argumentsOf(call)[0] : undefined;
      if (arg) names.add(unwrap(arg).text);
    }
    for (const del of body.descendantsOfType('delete_expression')) {
      const arg = del ? namedChildrenOf(del).at(-1) : undefined;
      if (arg) names.add(unwrap(arg).text);
    }
    this.released = names;
  }

  run(): MemoryEvent[] {
    const cfg = buildCfg(this.body);
    const lattice: Lattice<MemState> = {
      transfer: (instruction, state) => this.transfer(instruction, state, undefined),
      refine: (condition, truth, state) => refineNull(unwrap(condition), truth, new Map(state)),
      join: joinMem,
      equal: sameMem,
    };
    const states = solve<MemState>(cfg, new Map(), lattice);
    const events: MemoryEvent[] = [];
    replay(cfg, states, lattice, (instruction, before) => {
      this.transfer(instruction, before, events);
    });
    return events;
  }

  private transfer(instruction: Instruction, state: MemState, events: MemoryEvent[] | undefined): MemState {
    const next = new Map(state);
    const node = instruction.node;
    if (instruction.kind === 'end') {
      if (events) this.checkLeaks(node, next, undefined, events);
      return next;
    }
    if (events) this.checkUses(node, next, instruction.kind === 'cond', events);
    this.applyEffects(node, next, events);
    if (events && instruction.kind === 'stmt' && node.type === 'return_statement') {
      const value = namedChildrenOf(node)[0];
      this.checkLeaks(node, next, value ? unwrap(value).text : undefined, events);
    }
    return next;
  }

  private checkLeaks(at: Node, state: MemState, returned: string | undefined, events: MemoryEvent[]): void {
    for (const [name, fact] of state) {
      if (fact.status !== 'live' || fact.escaped === true || name === returned || !this.released.has(name)) continue;
      events.push({ kind: 'leak', node: at, variable: name, resource: fact.kind, related: fact.site });
    }
  }

  /** Reads of freed pointers and dereferences of unchecked allocations. */
  private checkUses(node: Node, state: MemState, isCondition: boolean, events: MemoryEvent[]): void {
    for (const id of node.descendantsOfType('identifier')) {
      if (!id) continue;
      const fact = state.get(id.text);
      if (!fact || isExempt(id, isCondition)) continue;
      if (fact.status === 'freed' && fact.freedAt) events.push({ kind: 'use-after-free', node: id, variable: id.text, resource: fact.kind, related: fact.freedAt });
      else if (fact.status === 'live' && !fact.checked && fact.maybeNull !== true && fact.kind !== 'descriptor' && isDereference(id)) {
        events.push({ kind: 'unchecked-deref', node: id, variable: id.text, resource: fact.kind, related: fact.site });
      }
    }
  }

  private applyEffects(node: Node, state: Map<string, Fact>, events: MemoryEvent[] | undefined): void {
    for (const n of [node, ...node.descendantsOfType(['assignment_expression', 'init_declarator', 'call_expression', 'delete_expression', 'return_statement'])]) {
      if (!n) continue;
      if (n.type === 'assignment_expression' || n.type === 'init_declarator') this.assignment(n, state);
      else if (n.type === 'call_expression') this.call(n, state, events);
      else if (n.type === 'delete_expression') this.release(n, namedChildrenOf(n).at(-1), 'memory', state, events);
      else if (n.type === 'return_statement') escapeAll(n, state);
    }
  }

  private assignment(n: Node, state: Map<string, Fact>): void {
    const left = n.type === 'init_declarator' ? declaratorName(n) : n.childForFieldName('left');
    const right = n.childForFieldName(n.type === 'init_declarator' ? 'value' : 'right');
    if (!left || !right) return;
    const target = unwrap(left);
    const value = unwrap(right);
    if (target.type !== 'identifier') {
      // Stored into a field, an array or through a pointer: someone else owns it now.
      if (value.type === 'identifier') markEscaped(value.text, state);
      return;
    }
    const allocation = allocationOf(value);
    if (allocation) state.set(target.text, allocation);
    else if (/^(?:NULL|nullptr|0)$/.test(value.text)) state.set(target.text, { status: 'null', kind: 'memory', checked: true, site: value });
    else {
      if (value.type === 'identifier') markEscaped(value.text, state);
      state.delete(target.text);
    }
  }

  private call(call: Node, state: Map<string, Fact>, events: MemoryEvent[] | undefined): void {
    const name = calleeOf(call)?.name;
    if (name === undefined) return;
    const args = argumentsOf(call);
    const kind = RELEASERS.get(name);
    if (kind) {
      this.release(call, args[0], kind, state, events);
      return;
    }
    if (ASSERTS.has(name) && args[0]) {
      const refined = refineNull(unwrap(args[0]), true, state);
      if (refined) for (const [k, v] of refined) state.set(k, v);
      return;
    }
    if (NON_CAPTURING.has(name) || (name === 'realloc' && args.length > 0)) return;
    for (const arg of args) {
      const inner = unwrap(arg);
      if (inner.type === 'identifier') markEscaped(inner.text, state);
    }
  }

  private release(at: Node, arg: Node | undefined, kind: ResourceKind, state: Map<string, Fact>, events: MemoryEvent[] | undefined): void {
    if (!arg) return;
    const inner = unwrap(arg);
    if (inner.type !== 'identifier') return;
    const fact = state.get(inner.text);
    if (fact?.status === 'freed' && fact.freedAt && events) events.push({ kind: 'double-free', node: at, variable: inner.text, resource: fact.kind, related: fact.freedAt });
    if (fact?.status === 'null') return;
    state.set(inner.text, { status: 'freed', kind: fact?.kind ?? kind, checked: true, site: fact?.site ?? at, freedAt: at });
  }
}

function allocationOf(value: Node): Fact | undefined {
  if (value.type === 'new_expression') return { status: 'live', kind: 'memory', checked: !/\(std::nothrow\)|nothrow/.test(value.text), site: value };
  if (value.type !== 'call_expression') return undefined;
  const name = calleeOf(value)?.name;
  const spec = name !== undefined ? ALLOCATORS.get(name) : undefined;
  return spec ? { status: 'live', kind: spec.kind, checked: !spec.mayFail, site: value } : undefined;
}

function markEscaped(name: string, state: Map<string, Fact>): void {
  const fact = state.get(name);
  if (fact && fact.status === 'live') state.set(name, { ...fact, escaped: true });
}

function escapeAll(ret: Node, state: Map<string, Fact>): void {
  for (const id of ret.descendantsOfType('identifier')) if (id) markEscaped(id.text, state);
}

/** Mentions that are not uses: the argument of a release, an assignment target, `sizeof`, `&p`, a null test. */
function isExempt(id: Node, isCondition: boolean): boolean {
  const parent = id.parent;
  if (!parent) return true;
  if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.id === id.id) return true;
  if (parent.type === 'sizeof_expression' || parent.type === 'parenthesized_expression' && parent.parent?.type === 'sizeof_expression') return true;
  if (parent.type === 'pointer_expression' && parent.childForFieldName('operator')?.text === '&') return true;
  if (parent.type === 'argument_list') {
    const name = parent.parent ? calleeOf(parent.parent)?.name : undefined;
    if (name !== undefined && (RELEASERS.has(name) || name === 'realloc' || ASSERTS.has(name))) return true;
  }
  if (parent.type === 'delete_expression') return true;
  if (parent.type === 'field_expression' && parent.childForFieldName('field')?.id === id.id) return true;
  if (parent.type === 'call_expression' && parent.childForFieldName('function')?.id === id.id) return true;
  return isCondition && isNullTest(parent);
}

function isNullTest(n: Node): boolean {
  if (n.type === 'condition_clause' || n.type === 'parenthesized_expression') return true;
  if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '!') return true;
  if (n.type === 'binary_expression' && /^(?:==|!=|&&|\|\|)$/.test(n.childForFieldName('operator')?.text ?? '')) return true;
  return false;
}

/** `*p`, `p[i]`, `p->f`, or a pointer handed to a library call that reads or writes through it. */
function isDereference(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === 'pointer_expression' && parent.childForFieldName('operator')?.text === '*') return true;
  if (parent.type === 'subscript_expression' && parent.childForFieldName('argument')?.id === id.id) return true;
  if (parent.type === 'field_expression' && parent.childForFieldName('argument')?.id === id.id && parent.text.includes('->')) return true;
  if (parent.type === 'argument_list' && parent.parent) {
    const name = calleeOf(parent.parent)?.name;
    return name !== undefined && DEREFERENCING.has(name);
  }
  return false;
}

/** Null tests: `p`, `!p`, `p == NULL`, `(p = malloc(n)) != NULL`, combined with && and ||. */
function refineNull(node: Node, truth: boolean, state: Map<string, Fact>): Map<string, Fact> | undefined {
  if (node.type === 'unary_expression' && node.childForFieldName('operator')?.text === '!') {
    const arg = node.childForFieldName('argument');
    return arg ? refineNull(unwrap(arg), !truth, state) : state;
  }
  if (node.type === 'binary_expression') {
    const op = node.childForFieldName('operator')?.text ?? '';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return state;
    if ((op === '&&' && truth) || (op === '||' && !truth)) {
      const first = refineNull(unwrap(left), truth, state);
      return first ? refineNull(unwrap(right), truth, first) : undefined;
    }
    const isNull = (n: Node): boolean => /^(?:NULL|nullptr|0)$/.test(unwrap(n).text);
    if ((op === '==' || op === '!=') && (isNull(right) || isNull(left))) {
      const subject = unwrap(isNull(right) ? left : right);
      return setNullness(subject, op === '==' ? !truth : truth, state);
    }
    if (/^(?:<|>=)$/.test(op) && /^(?:0|-1)$/.test(unwrap(right).text)) return setNullness(unwrap(left), op === '<' ? !truth : truth, state);
    return state;
  }
  return setNullness(node, truth, state);
}

/** On this edge the pointer is non-null (`nonNull`) or null. */
function setNullness(subject: Node, nonNull: boolean, state: Map<string, Fact>): Map<string, Fact> | undefined {
  const name = subject.type === 'assignment_expression' ? unwrap(subject.childForFieldName('left') ?? subject).text : subject.type === 'identifier' ? subject.text : undefined;
  if (name === undefined) return state;
  const fact = state.get(name);
  if (!fact) return state;
  if (fact.status === 'null' && nonNull) return undefined;
  if (nonNull) state.set(name, { ...fact, checked: true, maybeNull: false });
  else if (fact.status === 'live') state.set(name, { ...fact, status: 'null' });
  return state;
}

function joinMem(a: MemState, b: MemState): MemState {
  if (a === b) return a;
  const out = new Map<string, Fact>();
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) continue;
    if (x.status === y.status) {
      out.set(name, { ...x, checked: x.checked && y.checked, ...(x.escaped === true || y.escaped === true ? { escaped: true } : {}), ...(x.maybeNull === true || y.maybeNull === true ? { maybeNull: true } : {}) });
    } else if ((x.status === 'live' && y.status === 'null') || (x.status === 'null' && y.status === 'live')) {
      const live = x.status === 'live' ? x : y;
      out.set(name, { ...live, maybeNull: true });
    }
  }
  return out;
}

function sameMem(a: MemState, b: MemState): boolean {
  if (a.size !== b.size) return false;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || y.status !== x.status || y.checked !== x.checked || y.escaped !== x.escaped || y.maybeNull !== x.maybeNull || y.freedAt?.id !== x.freedAt?.id) return false;
  }
  return true;
}

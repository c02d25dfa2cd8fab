import { dottedName } from '../ast.js';
import type { Node } from '../parser.js';
import { elementOf, isMarkup } from './evaluate.js';
import type { FlowEnv, State } from './env.js';
import { ALL_KINDS, CLEAN, cleanse, deepTaint, joinValues, kindMask, markComposed, mergeTaint } from '../../../dataflow/taint.js';
import type { AbstractValue } from '../../../dataflow/taint.js';

/** A call's evaluated pieces. */
export interface CallParts {
  readonly node: Node;
  readonly positional: readonly AbstractValue[];
  readonly positionalNodes: readonly Node[];
  readonly keywords: ReadonlyMap<string, AbstractValue>;
  readonly keywordNodes: ReadonlyMap<string, Node>;
  readonly receiver?: AbstractValue;
  readonly receiverNode?: Node;
  readonly method?: string;
}

/** String methods whose result is (part of) the receiver. */
const STRING_PROPAGATORS = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold', 'swapcase', 'center', 'ljust',
  'rjust', 'zfill', 'expandtabs', 'encode', 'decode', 'translate', 'removeprefix', 'removesuffix', 'format_map',
  'decode', 'hex', 'tobytes', 'getvalue', 'read', 'readline', 'readlines', 'copy', 'geturl', 'unquote',
]);
const STRING_SPLITTERS = new Set(['split', 'rsplit', 'splitlines', 'partition', 'rpartition']);
/** Methods whose result carries nothing from the receiver (booleans, counts, positions). */
const NON_PROPAGATING = new Set([
  'startswith', 'endswith', 'isdigit', 'isnumeric', 'isdecimal', 'isalpha', 'isalnum', 'isidentifier', 'isspace',
  'islower', 'isupper', 'istitle', 'isascii', 'isprintable', 'find', 'rfind', 'index', 'rindex', 'count', '__len__',
  'exists', 'is_file', 'is_dir', 'is_absolute', 'is_relative_to',
]);
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'appendleft', 'extendleft']);
const CONTAINER_BUILDERS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed', 'iter', 'collections.deque']);
const STRING_BUILDERS = new Set(['str', 'bytes', 'bytearray', 'format', 'memoryview']);
const ITERATOR_BUILDERS = new Set(['zip', 'enumerate', 'map', 'filter', 'itertools.chain', 'itertools.product']);
const NEWLINES = /^(\r|\n)$/;
/** Path methods that return another Path derived from the receiver (and arguments). */
const PATH_BUILDERS = new Set(['joinpath', 'with_name', 'with_suffix', 'with_stem', 'resolve', 'absolute', 'expanduser', 'relative_to']);

/**
 * Models the data flow of builtins and of str/list/dict methods; undefined when the call is
 * not one of them (the caller then falls back to generic propagation).
 */
export function applyMethodModel(parts: CallParts, qualified: string | undefined, state: State, env: FlowEnv): AbstractValue | undefined {
  if (qualified !== undefined) {
    const builtin = builtinModel(parts, qualified);
    // `request.args.get(...)` resolves to a qualified name but is still a method call on data;
    // `shlex.split(...)` is a module function, not str.split.
    const receiver = parts.receiver;
    const onData = receiver !== undefined && (receiver.taint.length > 0 || receiver.fields !== undefined || receiver.rest !== undefined || receiver.constant !== undefined);
    if (builtin || parts.method === undefined || !onData) return builtin;
  }
  const { method, receiver } = parts;
  if (method === undefined || !receiver) return undefined;
  // Calling a part of a request object (`request.json()`, `request.body()`) reads that part.
  const part = receiver.fields?.get(method);
  if (part && part.taint.length > 0 && receiver.rest !== undefined && receiver.rest.taint.length === 0) return part;
  if (NON_PROPAGATING.has(method)) return CLEAN;
  if (MUTATORS.has(method)) return mutate(parts, method, state, env);
  switch (method) {
    case 'get':
    case 'pop':
    case 'getlist':
    case 'get_all':
      return lookup(parts, env);
    case 'values':
    case 'keys':
    case 'items':
      return { taint: [], rest: { taint: deepTaint(receiver) } };
    case 'format': {
      if (isMarkup(receiver)) {
        // Markup.format escapes its arguments.
        const args = mergeTaint(...parts.positional.map(deepTaint), ...[...parts.keywords.values()].map(deepTaint));
        return { taint: mergeTaint(receiver.taint, cleanse(args, kindMask(['xss']))), origin: receiver.origin ?? 'markupsafe.Markup' };
      }
      const template = typeof receiver.constant === 'string' ? receiver.constant : undefined;
      const cut = template?.indexOf('{') ?? -1;
      const prefix = template === undefined ? receiver.prefix : cut === -1 ? template : template.slice(0, cut);
      const args = mergeTaint(...parts.positional.map(deepTaint), ...[...parts.keywords.values()].map(deepTaint));
      const built = template !== undefined && template.replace(/\{[^}]*\}/g, '').trim() !== '' ? markComposed(args) : args;
      return { taint: mergeTaint(receiver.taint, built), ...(prefix ? { prefix } : {}), ...(receiver.html ? { html: true } : {}) };
    }
    case 'join': {
      const items = parts.positional[0];
      const joined = items ? deepTaint(items) : [];
      const built = typeof receiver.constant === 'string' && receiver.constant.trim() !== '' ? markComposed(joined) : joined;
      return { taint: mergeTaint(receiver.taint, built), ...(receiver.html ? { html: true } : {}) };
    }
    case 'replace': {
      const [old, replacement] = parts.positional;
      let taint = mergeTaint(receiver.taint, replacement?.taint ?? []);
      // Line breaks removed so far: \n alone stops log forging; headers need \r and \n gone.
      let removed = receiver.removedBreaks ?? 0;
      if (typeof old?.constant === 'string' && NEWLINES.test(old.constant) && replacement?.constant !== undefined && !/[\r\n]/.test(String(replacement.constant))) {
        removed |= old.constant === '\r' ? 1 : old.constant === '\n' ? 2 : 0;
      }
      if (removed & 2) taint = cleanse(taint, kindMask(['log']));
      if (removed === 3) taint = cleanse(taint, kindMask(['header']));
      return { taint, ...(removed ? { removedBreaks: removed } : {}), ...(receiver.prefix ? { prefix: receiver.prefix } : {}), ...(receiver.html ? { html: true } : {}) };
    }
    default:
      break;
  }
  if (receiver.origin?.startsWith('pathlib.') === true && PATH_BUILDERS.has(method)) {
    return { taint: mergeTaint(receiver.taint, ...parts.positional.map(deepTaint)), origin: 'pathlib.Path' };
  }
  if (STRING_PROPAGATORS.has(method)) return { taint: deepTaint(receiver), ...(receiver.html ? { html: true } : {}) };
  if (STRING_SPLITTERS.has(method)) return { taint: [], rest: { taint: receiver.taint } };
  return undefined;
}

const PATH_JOINS = new Set(['os.path.join', 'posixpath.join', 'ntpath.join']);

function builtinModel(parts: CallParts, qualified: string): AbstractValue | undefined {
  const first = parts.positional[0];
  if (PATH_JOINS.has(qualified)) {
    // Joining a value onto a fixed directory builds a path, as concatenation does; joining a
    // fixed name onto a directory parameter is just using the directory it was given.
    const taint = mergeTaint(...parts.positional.map(deepTaint));
    const fixed = first !== undefined && (typeof first.constant === 'string' || first.prefix !== undefined);
    return { taint: fixed ? markComposed(taint) : taint, ...(typeof first?.constant === 'string' ? { prefix: first.constant } : first?.prefix !== undefined ? { prefix: first.prefix } : {}) };
  }
  if (STRING_BUILDERS.has(qualified)) return first ? { taint: deepTaint(first), ...(first.prefix ? { prefix: first.prefix } : {}), ...(first.html ? { html: true } : {}) } : CLEAN;
  if (CONTAINER_BUILDERS.has(qualified)) return first ? { taint: [], rest: elementOf(first) } : { taint: [], rest: CLEAN };
  if (ITERATOR_BUILDERS.has(qualified)) {
    return { taint: [], rest: { taint: mergeTaint(...parts.positional.map(deepTaint)) } };
  }
  if (qualified === 'dict') {
    const fields = new Map<string, AbstractValue>(parts.keywords);
    for (const [k, v] of first?.fields ?? []) if (!fields.has(k)) fields.set(k, v);
    const rest = first ? (first.rest ?? (first.fields ? undefined : { taint: deepTaint(first) })) : undefined;
    return { taint: [], fields, ...(rest ? { rest } : {}) };
  }
  return undefined;
}

function lookup(parts: CallParts, env: FlowEnv): AbstractValue {
  const receiver = parts.receiver ?? CLEAN;
  const [key, fallback] = parts.positional;
  const byDefault = fallback ?? parts.keywords.get('default') ?? CLEAN;
  // Werkzeug's MultiDict.get(key, default, type=int) converts the value (or falls back).
  const converter = parts.keywordNodes.get('type') ?? parts.positionalNodes[2];
  const converterName = converter ? env.facts.names.resolve(converter) : undefined;
  if (converterName !== undefined && env.specs.callSanitizers.get(converterName) === ALL_KINDS) return byDefault;
  if (receiver.fields || receiver.rest) {
    const constantKey = typeof key?.constant === 'string' || typeof key?.constant === 'number' ? String(key.constant) : undefined;
    if (constantKey !== undefined) {
      const field = receiver.fields?.get(constantKey) ?? receiver.rest;
      return field ? joinValues(field, byDefault) : byDefault;
    }
    return joinValues({ taint: deepTaint(receiver) }, byDefault);
  }
  // A tainted mapping without known keys (request.args): every value is tainted.
  return receiver.taint.length > 0 ? { taint: mergeTaint(receiver.taint, byDefault.taint) } : byDefault;
}

function mutate(parts: CallParts, method: string, state: State, env: FlowEnv): AbstractValue {
  const receiver = parts.receiver ?? CLEAN;
  const target = parts.receiverNode ? dottedName(parts.receiverNode) : undefined;
  const [first, second] = parts.positional;
  let updated: AbstractValue = receiver;
  switch (method) {
    case 'append':
    case 'add':
      updated = withRest(receiver, first ?? CLEAN);
      break;
    case 'appendleft':
      updated = withRest(foldFields(receiver), first ?? CLEAN);
      break;
    case 'insert':
      // Inserting shifts every position: known indexes are no longer reliable.
      updated = withRest(foldFields(receiver), second ?? CLEAN);
      break;
    case 'extend':
    case 'extendleft':
      updated = withRest(receiver, first ? elementOf(first) : CLEAN);
      break;
    case 'update': {
      const fields = new Map(receiver.fields ?? []);
      for (const [k, v] of parts.keywords) fields.set(k, v);
      for (const [k, v] of first?.fields ?? []) fields.set(k, v);
      updated = { ...receiver, fields };
      if (first && !first.fields) updated = withRest(updated, { taint: deepTaint(first) });
      else if (first?.rest) updated = withRest(updated, first.rest);
      break;
    }
    case 'setdefault': {
      const key = typeof first?.constant === 'string' ? first.constant : undefined;
      if (key !== undefined && !receiver.fields?.has(key)) {
        const fields = new Map(receiver.fields ?? []);
        fields.set(key, second ?? CLEAN);
        updated = { ...receiver, fields };
      } else if (key === undefined) {
        updated = withRest(receiver, second ?? CLEAN);
      }
      break;
    }
    default:
      break;
  }
  if (target !== undefined && parts.receiverNode && (state.has(target) || parts.receiverNode.type === 'identifier')) {
    env.bindTarget(parts.receiverNode, updated, state);
  }
  return method === 'setdefault' ? (updated.fields?.get(typeof first?.constant === 'string' ? first.constant : '') ?? updated.rest ?? CLEAN) : CLEAN;
}

/** A list whose positions shifted: all known elements become "some element". */
function foldFields(value: AbstractValue): AbstractValue {
  if (!value.fields || value.fields.size === 0) return value;
  const elements = [...value.fields.values()].reduce((a, b) => joinValues(a, b));
  return { taint: value.taint, rest: value.rest ? joinValues(value.rest, elements) : elements };
}

function withRest(value: AbstractValue, element: AbstractValue): AbstractValue {
  return { ...value, rest: value.rest ? joinValues(value.rest, element) : element };
}

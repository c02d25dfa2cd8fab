import { argumentsOf, normalizeName, unwrap } from '../ast.js';
import type { Callee } from '../ast.js';
import type { Node } from '../parser.js';
import { lineOf } from '../parser.js';
import { CLEAN, addStep, cleanse, makeFlow, markComposed, mergeTaint } from '../../../dataflow/taint.js';
import type { AbstractValue, Taint } from '../../../dataflow/taint.js';
import type { SourceSpec } from '../../../dataflow/spec.js';
import { baseVariable, concatenate, sourceTaint, stripConstant } from './evaluate.js';
import type { Evaluated, Evaluator } from './evaluate.js';
import type { Range, WorkState } from './state.js';

/** One call being evaluated. */
export interface CallSite {
  readonly node: Node;
  readonly callee: Callee;
  readonly args: readonly Evaluated[];
  readonly receiver?: Evaluated;
  readonly work: WorkState;
}

// Calls that write their result into the first argument: the destination takes the sources' data.
const COPY_INTO_FIRST = new Set(['strcpy', 'strncpy', 'wcscpy', 'wcsncpy', 'memcpy', 'memmove', 'stpcpy', 'lstrcpy', 'lstrcpyA', 'lstrcpyW', 'strlcpy', 'strcpy_s', 'strncpy_s', 'memcpy_s', 'memmove_s', 'wmemcpy', 'bcopy']);
const APPEND_INTO_FIRST = new Set(['strcat', 'strncat', 'wcscat', 'wcsncat', 'lstrcat', 'strlcat', 'strcat_s', 'strncat_s']);
const FORMAT_INTO_FIRST: ReadonlyMap<string, number> = new Map([['sprintf', 1], ['vsprintf', 1], ['swprintf', 2], ['snprintf', 2], ['vsnprintf', 2], ['sqlite3_snprintf', 2], ['asprintf', 1], ['vasprintf', 1], ['_snprintf', 2], ['StringCchPrintfA', 2]]);
const FORMAT_RESULT: ReadonlyMap<string, number> = new Map([['sqlite3_mprintf', 0], ['g_strdup_printf', 0], ['QString::asprintf', 0], ['asprintf', 1], ['format', 0], ['fmt::format', 0]]);
const COMPOSING_METHODS = new Set(['arg', 'append', 'prepend', 'insert', 'replace', 'operator+', 'asprintf', 'sprintf']);
const MUTATING_METHODS = new Set(['append', 'prepend', 'insert', 'replace', 'push_back', 'operator+=', 'setPath', 'fill']);
const UNTRUSTED_METHOD_ANYWHERE = new Set(['readAll', 'readAllStandardOutput', 'readAllStandardError', 'queryItemValue', 'allQueryItemValues', 'rawHeader']);
const NUMERIC_RESULTS = new Set(['strlen', 'wcslen', 'strnlen', 'size', 'length', 'count', 'sizeof']);
const MIN_CALLS = new Set(['min', 'MIN', 'qMin', 'fmin', 'g_min']);
const CLAMP_CALLS = new Set(['clamp', 'qBound']);

/** The effect and result of a call: sources, sanitizers, buffer writes, Qt string building, summaries. */
export function applyCall(ev: Evaluator, site: CallSite): Evaluated {
  const { callee, args } = site;
  const name = callee.name;
  writeOutArguments(ev, site);
  const source = returnSource(ev, site);
  if (source) return { value: source };
  writeBuffers(ev, site);
  const sanitizer = callee.receiver ? ev.host.specs.index.methodSanitizers.get(name) : ev.host.specs.index.callSanitizers.get(name);
  const local = callee.receiver ? undefined : ev.host.callLocal(site.node, callee, args.map((a) => a.value));
  if (local) return { value: local };
  const range = rangeOfCall(name, args);
  const base = resultOf(ev, site);
  const value = sanitizer !== undefined ? { ...base, taint: cleanse(base.taint, sanitizer) } : base;
  return range ? { value, range } : { value };
}

function resultOf(ev: Evaluator, site: CallSite): AbstractValue {
  const { callee, args, receiver } = site;
  const name = callee.name;
  const formatAt = FORMAT_RESULT.get(name);
  if (formatAt !== undefined && !callee.receiver) return formatted(args, formatAt);
  if (name === 'strdup' || name === 'strndup' || name === 'g_strdup' || name === 'QString::fromUtf8' || name === 'QString::fromLatin1' || name === 'QString::fromLocal8Bit' || name === 'QString::fromStdString') {
    return { ...(args[0]?.value ?? CLEAN), origin: name.startsWith('QString') ? 'QString' : 'char*' };
  }
  if (name === 'fgets' || name === 'strcpy' || name === 'strcat' || name === 'strncpy' || name === 'strchr' || name === 'strrchr' || name === 'strstr' || name === 'strtok') {
    return stripConstant(args[0]?.value ?? CLEAN);
  }
  if (callee.receiver && receiver) {
    const all = [receiver.value, ...args.map((a) => a.value)];
    if (COMPOSING_METHODS.has(name)) {
      const value: AbstractValue = { taint: markComposed(mergeTaint(...all.map((v) => v.taint))), origin: receiver.value.origin ?? 'QString' };
      if (MUTATING_METHODS.has(name)) updateReceiver(ev, site, value);
      return value;
    }
    if (MUTATING_METHODS.has(name)) updateReceiver(ev, site, { taint: mergeTaint(...all.map((v) => v.taint)), ...(receiver.value.origin !== undefined ? { origin: receiver.value.origin } : {}) });
    if (NUMERIC_RESULTS.has(name)) return { taint: receiver.value.taint };
    return { taint: mergeTaint(...all.map((v) => v.taint)), ...(receiver.value.origin !== undefined && /^(?:QString|QByteArray|string)$/.test(receiver.value.origin) ? { origin: receiver.value.origin } : {}) };
  }
  return { taint: mergeTaint(...args.map((a) => a.value.taint)) };
}

function updateReceiver(ev: Evaluator, site: CallSite, value: AbstractValue): void {
  const target = site.callee.receiver;
  const name = target ? baseVariable(target) : undefined;
  if (name !== undefined && target && unwrap(target).type === 'identifier') site.work.values.set(name, value);
}

/** `snprintf(buf, n, "ls %s", name)`: the text is the format's constant text with the arguments spliced in. */
function formatted(args: readonly Evaluated[], formatIndex: number): AbstractValue {
  const format = args[formatIndex]?.value;
  const rest = args.slice(formatIndex + 1).map((a) => a.value);
  const taint = mergeTaint(...rest.map((v) => v.taint));
  const spliced = typeof format?.constant === 'string' && /%[-+ #0-9.]*[a-zA-Z]/.test(format.constant) ? markComposed(taint) : taint;
  const prefix = typeof format?.constant === 'string' ? format.constant.split('%')[0] : undefined;
  if (rest.length === 0 && typeof format?.constant === 'string') return { taint: [], constant: format.constant, prefix: format.constant };
  return { taint: mergeTaint(format?.taint ?? [], spliced), ...(prefix ? { prefix } : {}) };
}

/** Buffers written by copy, append and format calls take on the data written. */
function writeBuffers(ev: Evaluator, site: CallSite): void {
  const { callee, args, work, node } = site;
  if (callee.receiver) return;
  const argNodes = argumentsOf(node);
  const dst = argNodes[0];
  if (!dst) return;
  const name = baseVariable(dst);
  if (name === undefined) return;
  if (COPY_INTO_FIRST.has(callee.name)) {
    const src = args[1]?.value ?? CLEAN;
    if (unwrap(dst).type === 'identifier') work.values.set(name, { ...stripConstant(src), ...(typeof src.constant === 'string' ? { constant: src.constant, prefix: src.constant } : {}) });
    else ev.taintBase(dst, src.taint, work);
  } else if (APPEND_INTO_FIRST.has(callee.name)) {
    const old = work.values.get(name) ?? ev.host.initialValue(name, dst);
    work.values.set(name, concatenate(old, args[1]?.value ?? CLEAN));
  } else {
    const formatAt = FORMAT_INTO_FIRST.get(callee.name);
    if (formatAt !== undefined && unwrap(dst).type === 'identifier') work.values.set(name, formatted(args, formatAt));
  }
}

/** Calls that fill caller memory with input: the written variables become tainted. */
function writeOutArguments(ev: Evaluator, site: CallSite): void {
  if (site.callee.receiver) return;
  const spec = ev.host.specs.outArgs.get(site.callee.name);
  if (!spec) return;
  const argNodes = argumentsOf(site.node);
  const targets = spec.fromFormat !== undefined ? argNodes.slice(spec.fromFormat + 1) : (spec.args ?? []).map((i) => argNodes[i]);
  const taint = sourceTaint(spec.kind, spec.label.replace('()', `()`).replace(/^.*\//, ''), site.node, spec.confidence);
  const label = `${site.callee.name}()`;
  for (const target of targets) {
    if (!target) continue;
    const name = baseVariable(target);
    if (name === undefined) continue;
    const flows = addStep(retitle(taint, label), lineOf(target), target.startPosition.column + 1, `${name} filled by ${label}`);
    site.work.values.set(name, { taint: flows });
    site.work.ranges.delete(name);
  }
}

function retitle(taint: Taint, label: string): Taint {
  return taint.map((f) => makeFlow({ ...f.source, label }, f.steps, f.cleansed, f.composed));
}

/** The taint of a call that returns untrusted data (`getenv`, `reply->readAll()`). */
function returnSource(ev: Evaluator, site: CallSite): AbstractValue | undefined {
  const { callee, node } = site;
  const index = ev.host.specs.index;
  let spec: SourceSpec | undefined;
  if (callee.receiver) {
    const type = receiverType(ev, site);
    spec = (index.methodSources.get(callee.name) ?? []).find((s) => s.method?.receiverOrigins.some((o) => o === type));
    if (!spec && type === undefined && UNTRUSTED_METHOD_ANYWHERE.has(callee.name)) spec = (index.methodSources.get(callee.name) ?? [])[0];
  } else {
    spec = index.callSources.get(callee.name) ?? index.callSources.get(normalizeName(callee.name));
  }
  if (!spec) return undefined;
  const label = callee.receiver ? `${callee.receiver.text.slice(0, 30)}${node.childForFieldName('function')?.type === 'field_expression' && node.childForFieldName('function')?.text.includes('->') ? '->' : '.'}${callee.name}()` : `${callee.name}()`;
  const taint = sourceTaint(spec.kind, label, node, spec.confidence);
  return { taint: addStep(taint, lineOf(node), node.startPosition.column + 1, `untrusted data from ${label}`) };
}

/** The class of a method call's receiver: from how the value was made or from its declaration. */
export function receiverType(ev: Evaluator, site: Pick<CallSite, 'callee' | 'receiver'>): string | undefined {
  const receiver = site.callee.receiver;
  if (!receiver) return undefined;
  const origin = site.receiver?.value.origin;
  if (origin !== undefined) return normalizeName(origin).replace(/\*+$/, '');
  const inner = unwrap(receiver);
  if (inner.type === 'identifier' && (inner.text === 'qApp' || inner.text === 'app')) return 'qApp';
  const info = ev.host.symbols.declarationOf(inner);
  return info ? normalizeName(info.type) : undefined;
}

function rangeOfCall(name: string, args: readonly Evaluated[]): Range | undefined {
  if (MIN_CALLS.has(name)) {
    const his = args.map((a) => a.range?.hi).filter((h): h is number => h !== undefined);
    const los = args.map((a) => a.range?.lo);
    const lo = los.every((l): l is number => l !== undefined) ? Math.min(...los) : undefined;
    return his.length > 0 ? { hi: Math.min(...his), ...(lo !== undefined ? { lo } : {}) } : undefined;
  }
  if (CLAMP_CALLS.has(name)) {
    const [a, , c] = name === 'qBound' ? args : [args[1], args[0], args[2]];
    const lo = (name === 'qBound' ? a : args[1])?.range?.lo;
    const hi = (name === 'qBound' ? c : args[2])?.range?.hi;
    return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
  }
  if (NUMERIC_RESULTS.has(name)) return { lo: 0 };
  return undefined;
}

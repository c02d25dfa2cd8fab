import type { SpecIndex } from '../../../dataflow/matcher.js';
import type { SinkSpec } from '../../../dataflow/spec.js';
import { lastSegment } from '../ast.js';
import type { NameResolver } from '../names.js';
import type { FileFunctions, FunctionInfo } from './functions.js';
import { forEachNodeOfType } from '../../syntax-tree.js';

/** What the search for sinks needs to know about one file. */
export interface SinkMentionInput {
  readonly specs: SpecIndex;
  readonly text: string;
  readonly names: NameResolver;
  /** The functions of other reviewed modules that pass a parameter to a sink. */
  readonly importedSinks: ImportedSinks;
  /** The file's own function and class names: where they occur is found in the same pass. */
  readonly localNames: ReadonlySet<string>;
}

/**
 * Functions of other reviewed modules that pass a parameter to a sink (`pkg.db.run_query`,
 * `pkg.db.Repo.go`, `pkg.db.Repo.__init__`), as a file may call them.
 */
export interface ImportedSinks {
  /**
   * By the word a call to one spells (its name; a class's name for its constructor): the classes
   * whose method it names (their own names, `Repo` for `pkg.db.Repo`), none for functions.
   */
  readonly words: ReadonlyMap<string, readonly string[]>;
  /** Whether a name as the file's imports resolve it (`pkg.db.run_query` for `db.run_query`) is one of them. */
  readonly resolves: (qualified: string) => boolean;
}

/** No other reviewed module has such functions (a file reviewed alone). */
export const NO_IMPORTED_SINKS: ImportedSinks = { words: new Map(), resolves: () => false };

/** Where a file may name sinks, and where it names its own functions and classes. */
export interface SinkMentions {
  /** The file's text. */
  readonly text: string;
  /** Offsets of possible sinks, ascending. */
  readonly offsets: readonly number[];
  /**
   * Occurrences of the file's own function and class names, in order; `.name` where a dot
   * comes before the name (a method or attribute), `name` where none does.
   */
  readonly locals: WordHits;
}

interface WordHits {
  readonly words: readonly string[];
  readonly starts: readonly number[];
}

/** The names a file's functions and classes are called by (`f`, `method`, `Class`). */
export function localNamesOf(fns: FileFunctions): Set<string> {
  const names = new Set<string>();
  for (const fn of fns.functions.values()) names.add(fn.name);
  for (const key of fns.classes.keys()) names.add(lastSegment(key));
  return names;
}

/**
 * Which of a file's functions the taint engine analyses.
 *
 * At first (see {@link keys}): those that may contain a sink (found by {@link sinkMentions}) or
 * are web handlers (their return value is a sink), the methods storing into `self` fields those
 * read, module-level code's callees, and everything these call (return values flow back).
 *
 * Callers are added on demand ({@link addCallersOf}): a caller's analysis matters only where a
 * function it calls passes a parameter to a sink, and which functions do is known only once they
 * have been analysed. On the 3.11 standard library, 7 % of all analyses (25,037 → 23,185) were of
 * callers of functions that pass no parameter to a sink.
 */
export class FunctionRelevance {
  private readonly relevant = new Set<string>();
  /** The local names each function's text uses (see {@link SinkMentions.locals}). */
  private readonly uses = new Map<string, Set<string>>();
  // Every name a function uses is asked for, in fixpoint loops: each is looked up once, through
  // indexes by name (a scan of every function per name grew with the square of the file).
  private readonly all: FunctionInfo[];
  private readonly methodsByName = new Map<string, number[]>();
  private readonly functionsByName = new Map<string, number[]>();
  private readonly constructors: number[] = [];
  private readonly named = new Map<string, FunctionInfo[]>();
  private readonly fields: Map<string, FieldUse>;
  private readonly classNames: Set<string>;
  private readonly inertness = new Map<string, boolean>();
  /** Each function's place in the file. */
  private readonly rank = new Map<string, number>();
  private callerIndex: Map<string, string[]> | undefined;

  constructor(
    private readonly fns: FileFunctions,
    mentions: SinkMentions,
    handlers: ReadonlySet<string>,
    calledElsewhere?: (key: string) => boolean,
  ) {
    const { offsets: sinkOffsets, locals } = mentions;
    const seeds: string[] = [];
    for (const fn of fns.functions.values()) {
      // Nodes end at token boundaries, so no word runs past the function's end.
      const start = fn.node.startIndex;
      const end = fn.node.endIndex;
      const used = new Set<string>();
      for (let i = firstAtOrAfter(locals.starts, start); i < locals.words.length && (locals.starts[i] as number) < end; i++) {
        used.add(locals.words[i] as string);
      }
      this.uses.set(fn.key, used);
      const next = firstAtOrAfter(sinkOffsets, start);
      if (handlers.has(fn.key) || (next < sinkOffsets.length && (sinkOffsets[next] as number) < end)) seeds.push(fn.key);
    }
    this.all = [...fns.functions.values()];
    const index = (map: Map<string, number[]>, name: string, i: number): void => {
      const list = map.get(name);
      if (!list) map.set(name, [i]);
      else if (list.at(-1) !== i) list.push(i);
    };
    this.all.forEach((f, i) => {
      this.rank.set(f.key, i);
      if (f.classKey !== undefined) {
        index(this.methodsByName, f.name, i);
        if (f.name === '__init__') this.constructors.push(i);
      } else {
        index(this.functionsByName, f.name, i);
        index(this.functionsByName, f.key, i);
      }
    });
    this.fields = selfFieldsOf(mentions.text, fns);
    this.classNames = new Set([...fns.classes.keys()].map(lastSegment));
    // Module-level code (a script's body, an `if __name__ == "__main__":` block) is analysed like a
    // function: what the helpers it calls return reaches its own sinks, the relevant functions it
    // calls, and the module globals it binds (`COMMAND = build(sys.argv[1])`), which any relevant
    // function may read. So they matter whenever the file may hold a sink at all: a sink inside a
    // function makes that function relevant, and any other is in module-level code.
    const moduleCallees = sinkOffsets.length > 0 || seeds.length > 0 ? moduleLevelCalls(fns, mentions) : new Set<string>();
    // A caller that other reviewed files call publishes its summary (what it returns, what it
    // passes to sinks) to them, and they are analysed without waiting to learn whether they need
    // it: such callers are relevant from the start.
    const exported = calledElsewhere ? this.callersOf(seeds).filter(calledElsewhere) : [];
    this.grow([...seeds, ...exported], [...moduleCallees].flatMap((name) => this.byName(name)));
  }

  /** The functions calling one of `keys` by name, and those calling them, to the end. */
  private callersOf(keys: readonly string[]): string[] {
    const reached = new Set(keys);
    const callers: string[] = [];
    const stack = [...keys];
    while (stack.length > 0) {
      for (const caller of this.callersByName(stack.pop() as string)) {
        if (reached.has(caller)) continue;
        reached.add(caller);
        callers.push(caller);
        stack.push(caller);
      }
    }
    return callers;
  }

  /**
   * The functions whose text calls function `key` by a name that may be its (see byName). Indexed
   * on first use: callers are asked for again after every round of analyses, and a chain of
   * callers adds one function per round.
   */
  private callersByName(key: string): readonly string[] {
    let index = this.callerIndex;
    if (!index) {
      index = new Map();
      for (const fn of this.fns.functions.values()) {
        for (const name of this.uses.get(fn.key) ?? []) {
          for (const g of this.byName(name)) {
            const list = index.get(g.key);
            if (!list) index.set(g.key, [fn.key]);
            else if (list.at(-1) !== fn.key) list.push(fn.key);
          }
        }
      }
      this.callerIndex = index;
    }
    return index.get(key) ?? [];
  }

  /** The functions found relevant so far, in the file's order. */
  keys(): string[] {
    return [...this.fns.functions.keys()].filter((k) => this.relevant.has(k));
  }

  /**
   * Makes relevant the functions that call one of `callees` by name (`f(…)`, `.method(…)`, a
   * class's name for its constructor), with what those in turn need, and returns the keys added,
   * in the file's order.
   */
  addCallersOf(callees: ReadonlySet<string>): string[] {
    const callers = new Set<string>();
    for (const callee of callees) for (const caller of this.callersByName(callee)) if (!this.relevant.has(caller)) callers.add(caller);
    if (callers.size === 0) return [];
    return this.grow([...callers], []).sort((a, b) => (this.rank.get(a) ?? 0) - (this.rank.get(b) ?? 0));
  }

  /**
   * Adds `keys`, then the methods storing into fields relevant methods read, then `callees` and
   * everything relevant functions call, except callees whose analysis cannot matter (see isInert).
   */
  private grow(keys: readonly string[], callees: readonly FunctionInfo[]): string[] {
    const added: string[] = [];
    for (const key of keys) {
      if (this.relevant.has(key)) continue;
      this.relevant.add(key);
      added.push(key);
    }
    // Methods share data through self.<field>: the methods that may store into a field a relevant
    // method of the class reads matter too. Only a class with a newly relevant method can gain any.
    const classes = new Set<string>();
    for (const key of added) {
      const classKey = this.fns.functions.get(key)?.classKey;
      if (classKey !== undefined) classes.add(classKey);
    }
    for (const classKey of classes) {
      const info = this.fns.classes.get(classKey);
      if (info) added.push(...addFieldWriters([...info.methods.values()], this.relevant, this.fields, this.uses));
    }
    const stack = [...added];
    const reach = (g: FunctionInfo): void => {
      if (this.relevant.has(g.key) || this.inert(g)) return;
      this.relevant.add(g.key);
      added.push(g.key);
      stack.push(g.key);
    };
    for (const g of callees) reach(g);
    while (stack.length > 0) for (const name of this.uses.get(stack.pop() as string) ?? []) for (const g of this.byName(name)) reach(g);
    return added;
  }

  /** The functions a used name may call, in the file's order (looked up once per name). */
  private byName(name: string): FunctionInfo[] {
    let list = this.named.get(name);
    if (!list) {
      // `.name` (after a dot) can only call a method; a plain name, a function or a nested
      // function. Either may construct a class (whose name ends with the word).
      const dotted = name.startsWith('.');
      const word = dotted ? name.slice(1) : name;
      const hits = new Set<number>((dotted ? this.methodsByName : this.functionsByName).get(word));
      if (word !== '') for (const i of this.constructors) if (this.all[i]?.classKey?.endsWith(word) === true) hits.add(i);
      list = [...hits].sort((a, b) => a - b).map((i) => this.all[i] as FunctionInfo);
      this.named.set(name, list);
    }
    return list;
  }

  private inert(g: FunctionInfo): boolean {
    let known = this.inertness.get(g.key);
    if (known === undefined) this.inertness.set(g.key, (known = isInert(g, this.uses.get(g.key), this.fields.get(g.key), this.classNames)));
    return known;
  }
}

/**
 * The file's own functions and classes that its code outside every function calls, named as in
 * {@link SinkMentions.locals}.
 */
function moduleLevelCalls(fns: FileFunctions, mentions: SinkMentions): Set<string> {
  // The outermost functions' spans, in order: nested functions lie inside them.
  const starts: number[] = [];
  const ends: number[] = [];
  for (const fn of [...fns.functions.values()].sort((a, b) => a.node.startIndex - b.node.startIndex)) {
    if (fn.node.startIndex < (ends.at(-1) ?? 0)) continue;
    starts.push(fn.node.startIndex);
    ends.push(fn.node.endIndex);
  }
  // Only calls: a helper's result reaches module-level code through a call (`__all__` and other
  // strings name every public function, and naming one is not calling it).
  const { text } = mentions;
  const calls = new Set<string>();
  mentions.locals.words.forEach((word, i) => {
    const start = mentions.locals.starts[i] as number;
    // The last span starting at or before the word must end before it.
    const span = firstAtOrAfter(starts, start + 1) - 1;
    if (span >= 0 && (ends[span] as number) > start) return;
    if (text.charCodeAt(skipBlanks(text, start + word.length - (word.startsWith('.') ? 1 : 0))) === OPEN_PAREN) calls.add(word);
  });
  return calls;
}

/** What a function's body holds that can make its analysis matter to another function. */
const EFFECTS = ['return_statement', 'yield', 'global_statement', 'nonlocal_statement', 'function_definition', 'class_definition', 'lambda'];

/**
 * True when analysing `fn` as a callee cannot change any other function's analysis: it returns
 * no value (its summary would be CLEAN, which is what callers take for a function without one),
 * yields nothing, declares no `global` or `nonlocal`, defines no function (whose closures would
 * read its variables), stores into no `self` field, and names no class of the file (constructing
 * a dataclass records its fields). Its sinks and its calls into functions with sinks would make it
 * relevant before callees are added, so it is never analysed for those.
 */
function isInert(fn: FunctionInfo, used: ReadonlySet<string> | undefined, fieldUse: FieldUse | undefined, classNames: ReadonlySet<string>): boolean {
  // A lambda returns its body's value.
  if (fn.node.type === 'lambda') return false;
  if ((fieldUse?.writes.size ?? 0) > 0) return false;
  for (const name of used ?? []) if (classNames.has(name.startsWith('.') ? name.slice(1) : name)) return false;
  const body = fn.node.childForFieldName('body');
  if (!body) return false;
  let effect = false;
  forEachNodeOfType(body, EFFECTS, (node) => {
    // A bare `return` returns None: CLEAN, as falling off the end does.
    if (node.type !== 'return_statement' || node.namedChildCount > 0) effect = true;
    return !effect;
  });
  return !effect;
}

/** The `self.<field>` names a method's text reads, and those it may store into. */
interface FieldUse {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
}

/**
 * Adds to `relevant` the methods of one class that may store into a field that a relevant
 * method of the class reads, and the class's methods calling an added one (they pass what it
 * stores), then what those read in turn, until nothing changes. Returns the methods added.
 */
function addFieldWriters(methods: readonly FunctionInfo[], relevant: Set<string>, fields: ReadonlyMap<string, FieldUse>, uses: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const added: string[] = [];
  if (!methods.some((m) => relevant.has(m.key))) return added;
  const read = new Set<string>();
  for (const m of methods) if (relevant.has(m.key)) for (const f of fields.get(m.key)?.reads ?? []) read.add(f);
  for (let changed = true; changed; ) {
    changed = false;
    for (const m of methods) {
      if (relevant.has(m.key)) continue;
      const writesRead = [...(fields.get(m.key)?.writes ?? [])].some((f) => read.has(f));
      const callsRelevant = [...(uses.get(m.key) ?? [])].some((u) => u.startsWith('.') && methods.some((o) => o.name === u.slice(1) && relevant.has(o.key)));
      if (!writesRead && !callsRelevant) continue;
      relevant.add(m.key);
      added.push(m.key);
      for (const f of fields.get(m.key)?.reads ?? []) read.add(f);
      changed = true;
    }
  }
  return added;
}

/**
 * Text after `self.<field>` that may store into the field: `=`, an augmented assignment, an
 * item or attribute store, a mutating method (as the engine models them), or a place in a tuple,
 * `for` or `with` target. A reading use that looks like one of these only costs an analysis.
 */
const MAY_STORE = /^\s*(?:=(?!=)|(?:\+|-|\*\*?|\/\/?|%|&|\||\^|@|>>|<<)=|\[|,|:|in\b|\.\s*(?:append|extend|insert|add|update|setdefault|appendleft|extendleft)\b|\.\s*\w+\s*=(?!=))/;

/** What each method's text (nested functions included) does with `self.<field>`. */
function selfFieldsOf(text: string, fns: FileFunctions): Map<string, FieldUse> {
  const byMethod = new Map<string, FieldUse>();
  const methods = [...fns.functions.values()].filter((fn) => fn.classKey !== undefined);
  if (methods.length === 0) return byMethod;
  const starts: number[] = [];
  const names: string[] = [];
  const stores: boolean[] = [];
  for (const match of text.matchAll(/\bself\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
    starts.push(match.index);
    names.push(match[1] as string);
    stores.push(MAY_STORE.test(text.slice(match.index + match[0].length, match.index + match[0].length + 40)));
  }
  for (const fn of methods) {
    const use: FieldUse = { reads: new Set(), writes: new Set() };
    for (let i = firstAtOrAfter(starts, fn.node.startIndex); i < starts.length && (starts[i] as number) < fn.node.endIndex; i++) {
      use.reads.add(names[i] as string);
      if (stores[i]) use.writes.add(names[i] as string);
    }
    byMethod.set(fn.key, use);
  }
  return byMethod;
}

/** The words that may name a sink, derived once per spec index. */
interface SinkVocabulary {
  /** Last segments of call sinks: `system` for `os.system`, `open` for the builtin. */
  readonly callWords: ReadonlySet<string>;
  /** Stores into an attribute of any object (`x.headers[k] = v`), with the module they need. */
  readonly storeAttributes: ReadonlyMap<string, readonly StoreCondition[]>;
  /** Last segments of stored containers (`session` for `flask.session`). */
  readonly storeContainers: ReadonlyMap<string, readonly string[]>;
  /** Names of the calls creating containers whose items are sinks (`HttpResponse`). */
  readonly containerTypes: ReadonlySet<string>;
}

interface StoreCondition {
  readonly whenImported?: string;
}

// Spec indexes are built once and never change, so what is derived from one can be kept with it.
const vocabularies = new WeakMap<SpecIndex, SinkVocabulary>();

function sinkVocabularyOf(specs: SpecIndex): SinkVocabulary {
  const known = vocabularies.get(specs);
  if (known) return known;
  const callWords = new Set<string>();
  for (const name of specs.callSinks.keys()) callWords.add(lastSegment(name));
  const storeAttributes = new Map<string, StoreCondition[]>();
  const storeContainers = new Map<string, string[]>();
  const containerTypes = new Set<string>();
  for (const store of specs.stores) {
    if (store.attribute !== undefined) {
      const list = storeAttributes.get(store.attribute) ?? [];
      list.push(store.whenImported !== undefined ? { whenImported: store.whenImported } : {});
      storeAttributes.set(store.attribute, list);
    }
    if (store.container !== undefined) {
      const word = lastSegment(store.container);
      storeContainers.set(word, [...(storeContainers.get(word) ?? []), store.container]);
    }
    for (const origin of store.containerOrigins ?? []) containerTypes.add(lastSegment(origin));
  }
  const vocabulary: SinkVocabulary = { callWords, storeAttributes, storeContainers, containerTypes };
  vocabularies.set(specs, vocabulary);
  return vocabulary;
}

/**
 * Offsets (ascending) of the words in the file that may be sinks as the engine sees them.
 *
 * Sinks are found in the source text, not the tree, which is cheap; every text match that
 * could be a sink counts. A call sink's name must resolve through this file's imports the way
 * the engine resolves it (`system` after `os.` with `os` imported, or `sh` after
 * `from os import system as sh`), so everyday method names (`.copy()`, `.replace()`, `.run()`)
 * do not count. Where the text cannot tell (a dotted name broken across lines), the match
 * counts. Comments and strings are not told apart from code: a match there only costs an analysis.
 */
export function sinkMentions(input: SinkMentionInput): SinkMentions {
  const { specs, text, names } = input;
  const vocabulary = sinkVocabularyOf(specs);
  // Local names bound by an import to a sink or to another reviewed module's function with a sink
  // inside (`sh` after `from os import system as sh`, `rq` after `from .db import run_query as rq`).
  const importAliases: string[] = [];
  const importedSinkAliases = new Set<string>();
  for (const [local, target] of names.imports) {
    if (local === lastSegment(target)) continue;
    if (specs.callSinks.has(target)) importAliases.push(local);
    if (input.importedSinks.words.has(lastSegment(target))) importedSinkAliases.add(local);
  }
  const typeMentioned = memo((type: string) => text.includes(type));
  const imported = memo((module: string) => names.importsModule(module));
  const methodSinkHere = (spec: SinkSpec, receiver: Receiver): boolean => {
    const importedHere = spec.whenImported !== undefined && imported(spec.whenImported);
    if (spec.receiverOrigins) {
      if (!importedHere && !spec.receiverOrigins.some((origin) => typeMentioned(lastSegment(origin)))) return false;
    } else if (spec.whenImported !== undefined && !importedHere) return false;
    if (spec.receiverSuffixes) {
      if (receiver.kind === 'unknown') return true;
      if (receiver.kind !== 'chain') return false;
      const last = lastSegment(receiver.receiver);
      return spec.receiverSuffixes.some((suffix) => suffix === last);
    }
    return true;
  };
  // Whether the word, with what stands before it, may resolve to a name `wanted` accepts: always
  // when the text cannot tell, never after an expression that is not a dotted name.
  const mayName = (word: string, receiver: Receiver, wanted: (qualified: string) => boolean): boolean => {
    if (receiver.kind === 'unknown') return true;
    if (receiver.kind === 'opaque') return false;
    const resolved = names.resolveDotted(receiver.kind === 'bare' ? word : `${receiver.receiver}.${word}`);
    return resolved !== undefined && wanted(resolved);
  };
  const isSink = (word: string, at: number): boolean => {
    if (importedSinkAliases.has(word) || vocabulary.containerTypes.has(word)) return true;
    const receiver = receiverBefore(text, at);
    // Another module's function (or class) is called by a name the file's imports resolve, as the
    // engine resolves it; a method also on an instance (`repo.go(…)`, `Repo().go(…)`), which the
    // engine knows only from a construction of the class in this file: the class's name is in the text.
    const classes = input.importedSinks.words.get(word);
    if (classes && (classes.some(typeMentioned) || mayName(word, receiver, input.importedSinks.resolves))) return true;
    if ((vocabulary.callWords.has(word) || importAliases.includes(word)) && mayName(word, receiver, (q) => specs.callSinks.has(q))) return true;
    if (receiver.kind !== 'bare') {
      for (const spec of specs.methodSinks.get(word) ?? []) if (methodSinkHere(spec, receiver)) return true;
      for (const store of vocabulary.storeAttributes.get(word) ?? []) {
        if (store.whenImported === undefined || imported(store.whenImported)) return true;
      }
    }
    const containers = vocabulary.storeContainers.get(word);
    return containers !== undefined && mayName(word, receiver, (q) => containers.includes(q));
  };
  const wanted = new Set<string>([
    ...vocabulary.callWords, ...importAliases, ...specs.methodSinks.keys(), ...vocabulary.storeAttributes.keys(),
    ...vocabulary.storeContainers.keys(), ...vocabulary.containerTypes, ...input.importedSinks.words.keys(), ...importedSinkAliases,
  ]);
  // One pass over the text for both kinds of words; a local name may be a sink word too.
  const hits = findWords(text, [...wanted, ...input.localNames]);
  const offsets: number[] = [];
  const locals: { words: string[]; starts: number[] } = { words: [], starts: [] };
  const aliases = new Set<string>();
  for (let i = 0; i < hits.words.length; i++) {
    const word = hits.words[i] as string;
    const at = hits.starts[i] as number;
    // A definition (`def run`, `class Job`) names the function; it does not use it.
    if (input.localNames.has(word) && !definedAt(text, at)) {
      // Methods are reached through a dot (`self.run`, `obj.run`, `Class.run`), functions by their plain name.
      const before = skipBlanksBack(text, at - 1);
      locals.words.push(before >= 0 && text.charCodeAt(before) === DOT ? `.${word}` : word);
      locals.starts.push(at);
    }
    if (!wanted.has(word) || !isSink(word, at)) continue;
    offsets.push(at);
    // A sink taken as a value (`run = subprocess.run`) is called under the new name elsewhere.
    const alias = assignedNameOf(text, at, word.length);
    if (alias !== undefined) aliases.add(alias);
  }
  if (aliases.size === 0) return { text, offsets, locals };
  // Calls through such names (`run(cmd)`, not `x.run`); the engine follows them through
  // variables, module globals and closures, so every plain use counts. The name may be a sink
  // word too (`run`), so its plain uses are looked for again.
  const aliasHits = findWords(text, [...aliases]);
  for (let i = 0; i < aliasHits.words.length; i++) {
    const at = aliasHits.starts[i] as number;
    if (receiverBefore(text, at).kind === 'bare') offsets.push(at);
  }
  return { text, offsets: offsets.sort((a, b) => a - b), locals };
}

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) known.set(key, (value = compute(key)));
    return value as T;
  };
}

/**
 * What stands before a word: nothing (`open(`), a dotted name (`os.` in `os.system(`), an
 * expression that is not a dotted name (`f().`, `x[0].`), or something the text alone cannot
 * settle (a dot at the start of a continued line).
 */
type Receiver =
  | { readonly kind: 'bare' }
  | { readonly kind: 'chain'; readonly receiver: string }
  | { readonly kind: 'opaque' }
  | { readonly kind: 'unknown' };

const BARE: Receiver = { kind: 'bare' };
const OPAQUE: Receiver = { kind: 'opaque' };
const UNKNOWN: Receiver = { kind: 'unknown' };
const DOT = 46;
const OPEN_PAREN = 40;

function receiverBefore(text: string, wordStart: number): Receiver {
  let k = skipBlanksBack(text, wordStart - 1);
  if (k < 0 || text.charCodeAt(k) !== DOT) return BARE;
  const segments: string[] = [];
  for (;;) {
    k = skipBlanksBack(text, k - 1);
    if (k < 0) return OPAQUE;
    const c = text.charCodeAt(k);
    // `(obj\n    .method(...))`: the receiver is on an earlier line.
    if (c === 10 || c === 13 || c === 92) return UNKNOWN;
    const end = k + 1;
    while (k >= 0 && isWordPart(text.charCodeAt(k))) k--;
    if (k + 1 === end || !isWordStart(text.charCodeAt(k + 1))) return OPAQUE;
    segments.push(text.slice(k + 1, end));
    const before = skipBlanksBack(text, k);
    if (before < 0 || text.charCodeAt(before) !== DOT) break;
    k = before;
  }
  return { kind: 'chain', receiver: segments.reverse().join('.') };
}

/** True when the word at `at` follows the keyword `def` or `class`. */
function definedAt(text: string, at: number): boolean {
  const end = skipBlanksBack(text, at - 1) + 1;
  if (end === at) return false;
  const keyword = text.startsWith('def', end - 3) ? 3 : text.startsWith('class', end - 5) ? 5 : 0;
  return keyword > 0 && (end - keyword === 0 || !isWordPart(text.charCodeAt(end - keyword - 1)));
}

/** The index of the first character at or after `k` that is not a space or a tab. */
function skipBlanks(text: string, k: number): number {
  while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  return k;
}

/** The index of the last character at or before `k` that is not a space or a tab (-1 if none). */
function skipBlanksBack(text: string, k: number): number {
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  return k;
}

/**
 * `run` in `run = subprocess.run` when the word at `at` (`run` of `subprocess.run`) ends a plain
 * assignment's right-hand side; undefined otherwise.
 */
function assignedNameOf(text: string, at: number, length: number): string | undefined {
  // The value must end the statement: `x = os.system`, not `x = os.system(cmd)`.
  let after = at + length;
  while (after < text.length && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
  if (after < text.length && text[after] !== '\n' && text[after] !== '\r' && text[after] !== '#' && text[after] !== ';') return undefined;
  // Back over the dotted name to the `=`.
  let k = at - 1;
  while (k >= 0 && (isWordPart(text.charCodeAt(k)) || text.charCodeAt(k) === DOT || text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  if (k < 1 || text[k] !== '=' || '=!<>'.includes(text[k - 1] as string)) return undefined;
  const end = skipBlanksBack(text, k - 1) + 1;
  let start = end;
  while (start > 0 && isWordPart(text.charCodeAt(start - 1))) start--;
  if (start === end || !isWordStart(text.charCodeAt(start))) return undefined;
  return text.slice(start, end);
}

/**
 * Where the `wanted` words occur in `text` as whole words (`[A-Za-z_][A-Za-z0-9_]*`, as a
 * regular expression would find them), in order. A file holds far more words than hits, so words
 * are matched by a hash of their characters and only hits become strings.
 */
function findWords(text: string, wanted: readonly string[]): { words: string[]; starts: number[] } {
  const byHash = new Map<number, string[]>();
  // A bit per hash (mod the filter's size) of a wanted word: most words of a file are not wanted,
  // and the bit answers for them before the map is asked.
  const filter = new Int32Array(WORD_FILTER_BITS >> 5);
  let longest = 0;
  for (const w of wanted) {
    if (w === '') continue;
    longest = Math.max(longest, w.length);
    const h = hashWord(w);
    const bit = h & (WORD_FILTER_BITS - 1);
    filter[bit >> 5] = (filter[bit >> 5] as number) | (1 << (bit & 31));
    const list = byHash.get(h);
    if (!list) byHash.set(h, [w]);
    else if (!list.includes(w)) list.push(w);
  }
  const words: string[] = [];
  const starts: number[] = [];
  if (byHash.size === 0) return { words, starts };
  const n = text.length;
  for (let i = 0; i < n; ) {
    const first = text.charCodeAt(i);
    if (first >= 128 || ((ASCII_WORD[first] as number) & WORD_START) === 0) {
      i++;
      continue;
    }
    // The word's hash is computed while its end is found, in the same pass.
    let h = first;
    let j = i + 1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c >= 128 || ASCII_WORD[c] === 0) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    if (j - i <= longest) {
      const bit = h & (WORD_FILTER_BITS - 1);
      const candidates = ((filter[bit >> 5] as number) & (1 << (bit & 31))) !== 0 ? byHash.get(h) : undefined;
      if (candidates) {
        for (const w of candidates) {
          if (w.length === j - i && text.startsWith(w, i)) {
            words.push(w);
            starts.push(i);
            break;
          }
        }
      }
    }
    i = j;
  }
  return { words, starts };
}

// A power of two: a hash's bit is its low bits (masking ran 10 % faster over the stdlib's text
// than the unsigned remainder, with the same bits).
const WORD_FILTER_BITS = 1 << 15;
const WORD_START = 2;
const WORD_PART = 1;
/** For each ASCII code: WORD_START | WORD_PART for `[A-Za-z_]`, WORD_PART for digits, else 0. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (isWordStart(c) ? WORD_START | WORD_PART : c >= 48 && c <= 57 ? WORD_PART : 0));

/** The hash {@link findWords} computes for a word as it reads it. */
function hashWord(word: string): number {
  let h = 0;
  for (let k = 0; k < word.length; k++) h = (Math.imul(h, 31) + word.charCodeAt(k)) | 0;
  return h;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** The index of the first element of ascending `values` that is ≥ `target` (its length when none is). */
function firstAtOrAfter(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

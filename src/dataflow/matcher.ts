import type { FrameworkSpec, SanitizerSpec, SinkSpec, SourceSpec, StoreSinkSpec } from './spec.js';
import { kindMask } from './taint.js';

/** Spec tables indexed for lookups during interpretation. Built once; read-only afterwards. */
export interface SpecIndex {
  readonly attributeSources: ReadonlyMap<string, SourceSpec>;
  readonly callSources: ReadonlyMap<string, SourceSpec>;
  readonly methodSources: ReadonlyMap<string, readonly SourceSpec[]>;
  readonly callSinks: ReadonlyMap<string, readonly SinkSpec[]>;
  readonly methodSinks: ReadonlyMap<string, readonly SinkSpec[]>;
  readonly stores: readonly StoreSinkSpec[];
  /** Cleansing masks of sanitizer calls by qualified name, and of methods by name. */
  readonly callSanitizers: ReadonlyMap<string, number>;
  readonly methodSanitizers: ReadonlyMap<string, number>;
  readonly handlerDecorators: NonNullable<FrameworkSpec['handlerDecorators']>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes the framework tables. */
export function indexSpecs(specs: readonly FrameworkSpec[]): SpecIndex {
  const attributeSources = new Map<string, SourceSpec>();
  const callSources = new Map<string, SourceSpec>();
  const methodSources = new Map<string, SourceSpec[]>();
  const callSinks = new Map<string, SinkSpec[]>();
  const methodSinks = new Map<string, SinkSpec[]>();
  const callSanitizers = new Map<string, number>();
  const methodSanitizers = new Map<string, number>();
  const stores: StoreSinkSpec[] = [];
  const handlerDecorators: NonNullable<FrameworkSpec['handlerDecorators']>[number][] = [];
  const addSanitizer = (s: SanitizerSpec): void => {
    const mask = kindMask(s.cleans);
    for (const name of s.call ?? []) callSanitizers.set(name, (callSanitizers.get(name) ?? 0) | mask);
    for (const name of s.method ?? []) methodSanitizers.set(name, (methodSanitizers.get(name) ?? 0) | mask);
  };
  for (const spec of specs) {
    for (const source of spec.sources ?? []) {
      if (source.attribute) attributeSources.set(source.attribute, source);
      if (source.call) callSources.set(source.call, source);
      for (const name of source.method?.names ?? []) push(methodSources, name, source);
    }
    for (const sink of spec.sinks ?? []) {
      for (const name of sink.call ?? []) push(callSinks, name, sink);
      for (const name of sink.method ?? []) push(methodSinks, name, sink);
    }
    stores.push(...(spec.stores ?? []));
    for (const sanitizer of spec.sanitizers ?? []) addSanitizer(sanitizer);
    handlerDecorators.push(...(spec.handlerDecorators ?? []));
  }
  return { attributeSources, callSources, methodSources, callSinks, methodSinks, stores, callSanitizers, methodSanitizers, handlerDecorators };
}

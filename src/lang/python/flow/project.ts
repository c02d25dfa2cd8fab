import type { ParamInfo } from './functions.js';
import type { SinkKind } from '../../../dataflow/taint.js';

/**
 * What other files need to know about one function: which parameters flow to its return
 * value and which reach a sink inside it. Plain JSON, so it can be cached or sent to a worker.
 */
export interface ExportedSummary {
  readonly qualifiedName: string;
  /** For a method, its class's key in its module (`Repo`, `Outer.Inner`). */
  readonly classKey?: string;
  readonly file: string;
  readonly params: readonly Pick<ParamInfo, 'name' | 'position' | 'kind'>[];
  readonly boundFirstParam: boolean;
  readonly returns: readonly { readonly param: string; readonly cleansed: number; readonly composed: boolean }[];
  readonly sinks: readonly ExportedSink[];
}

export interface ExportedSink {
  readonly param: string;
  readonly kind: SinkKind;
  readonly cleansed: number;
  readonly composed: boolean;
  readonly line: number;
  readonly label: string;
}

/** `pkg/sub/mod.py` → `pkg.sub.mod`; a package's `__init__.py` is the package itself. */
export function moduleNameOf(relativePath: string): string {
  const parts = relativePath.replace(/\\/g, '/').replace(/\.pyw?$/, '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.at(-1) === '__init__') parts.pop();
  return parts.join('.');
}

/**
 * Makes a relative import target absolute: in module `pkg.sub.b`, `.mod.f` is `pkg.sub.mod.f`
 * and `..x` is `pkg.x`. `isPackage` is true for `__init__.py`, whose own package is itself.
 */
export function absolutize(qualified: string, currentModule: string, isPackage: boolean): string {
  if (!qualified.startsWith('.')) return qualified;
  const dots = /^\.+/.exec(qualified)?.[0].length ?? 0;
  const base = currentModule.split('.');
  const keep = base.length - dots + (isPackage ? 1 : 0);
  const prefix = base.slice(0, Math.max(0, keep)).join('.');
  const rest = qualified.slice(dots);
  return prefix ? (rest ? `${prefix}.${rest}` : prefix) : rest;
}

/**
 * The names a summary is published under. Reviewed trees are often rooted above the import
 * root (`src/pkg/mod.py` is imported as `pkg.mod`), so every dotted suffix that still names a
 * module counts: `src.pkg.mod.f`, `pkg.mod.f`, `mod.f`.
 */
export function publishedNames(qualified: string, functionKey: string): string[] {
  const moduleParts = qualified.slice(0, qualified.length - functionKey.length - 1).split('.');
  return moduleParts.map((_, i) => `${moduleParts.slice(i).join('.')}.${functionKey}`);
}

/** Finds the summary for a qualified call name. */
export function lookupSummary(qualified: string, summaries: ReadonlyMap<string, unknown>): ExportedSummary | undefined {
  return summaries.get(qualified) as ExportedSummary | undefined;
}

/** True when the function `functionKey` of module `moduleName` is called from a reviewed file. */
export function isCalledElsewhere(moduleName: string, functionKey: string, called: ReadonlySet<string>): boolean {
  return publishedNames(`${moduleName}.${functionKey}`, functionKey).some((name) => called.has(name));
}

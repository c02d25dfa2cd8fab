import { indexSpecs } from '../../../../dataflow/matcher.js';
import type { SpecIndex } from '../../../../dataflow/matcher.js';
import { databaseSpec } from './databases.js';
import { posixSpec } from './posix.js';
import { qtSpec } from './qt.js';
import type { CppLibrarySpec, OutArgSource } from './types.js';

/** Every C/C++ library table the engine knows. */
export const cppLibrarySpecs: readonly CppLibrarySpec[] = [posixSpec, qtSpec, databaseSpec];

/** The tables indexed for lookups; built once per process and never modified. */
export interface CppSpecs {
  readonly index: SpecIndex;
  readonly outArgs: ReadonlyMap<string, OutArgSource>;
}

function buildSpecs(): CppSpecs {
  const outArgs = new Map<string, OutArgSource>();
  for (const spec of cppLibrarySpecs) for (const source of spec.outArgs ?? []) for (const name of source.call) outArgs.set(name, source);
  return { index: indexSpecs(cppLibrarySpecs), outArgs };
}

export const CPP_SPECS: CppSpecs = buildSpecs();

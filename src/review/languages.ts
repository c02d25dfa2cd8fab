import type { LanguageFrontend } from '../core/language.js';
import type { LanguageId, RuleMeta } from '../core/rule.js';
import { cFrontend, cppFrontend } from '../lang/cpp/index.js';
import { pythonFrontend } from '../lang/python/index.js';

/** Every language front-end secreview ships. */
export const frontends: readonly LanguageFrontend[] = [pythonFrontend, cFrontend, cppFrontend];

/** The front-end for a language id (as given to `--lang`). */
export function frontendById(id: string): LanguageFrontend | undefined {
  return frontends.find((f) => f.id === id);
}

/** Language ids accepted by `--lang`. */
export const languageIds: readonly LanguageId[] = frontends.map((f) => f.id);

/** Every rule of every language, sorted by id (the C and C++ front-ends share one rule pack). */
export function allRules(): readonly RuleMeta[] {
  const byId = new Map(frontends.flatMap((f) => f.rules).map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

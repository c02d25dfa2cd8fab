import type { LanguageFrontend } from '../../core/language.js';
import { createCppAnalyzer } from './analyze.js';
import { cppRules } from './rules/index.js';

const RULES = cppRules.map((r) => r.meta);

/**
 * C: `.c` files and headers. A header whose content is C++ (a class, a namespace, a template)
 * is parsed with the C++ grammar; a stdin snippet given with `--lang c` is parsed as C.
 */
export const cFrontend: LanguageFrontend = {
  id: 'c',
  displayName: 'C',
  extensions: ['.c', '.h'],
  rules: RULES,
  createAnalyzer: () => createCppAnalyzer(cppRules, 'c'),
};

/** C++ (and Qt): the C rule pack plus the C++/Qt sources and sinks, with the C++ grammar. */
export const cppFrontend: LanguageFrontend = {
  id: 'cpp',
  displayName: 'C++',
  extensions: ['.cc', '.cpp', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.ipp', '.tpp', '.inl'],
  rules: RULES,
  createAnalyzer: () => createCppAnalyzer(cppRules, 'cpp'),
};

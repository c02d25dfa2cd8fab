import type { ScopeSpan } from '../../core/fingerprint.js';
import type { LanguageId } from '../../core/rule.js';
import { lexSource } from './lexer.js';
import type { LogicalLine } from './lexer.js';
import { LEXICONS } from './lexicon.js';
import type { Lexicon } from './lexicon.js';

interface OpenScope {
  readonly name: string;
  readonly line: number;
  readonly indent: number;
}

/**
 * The named functions and classes of a file, with qualified names (`Repo.find`,
 * `handler.inner`): a scope runs from its opening statement to the last statement indented
 * deeper than it. Decorators are not part of the span; they do not move a finding's scope.
 */
export function findScopes(lines: readonly LogicalLine[], lexicon: Lexicon): ScopeSpan[] {
  const spans: ScopeSpan[] = [];
  const stack: OpenScope[] = [];
  let previousLast = 0;
  const close = (until: number): void => {
    const top = stack.pop();
    if (top) spans.push({ name: [...stack.map((s) => s.name), top.name].join('.'), line: top.line, endLine: until });
  };
  for (const logical of lines) {
    while (stack.length > 0 && logical.indent <= (stack.at(-1)?.indent ?? 0)) close(previousLast);
    const name = lexicon.scopeOpener.exec(logical.code)?.slice(1).find((g) => g !== undefined);
    if (name !== undefined) stack.push({ name, line: logical.first, indent: logical.indent });
    previousLast = logical.last;
  }
  while (stack.length > 0) close(previousLast);
  return spans.sort((a, b) => a.line - b.line || b.endLine - a.endLine);
}

/** The scopes of a source text in a language (lexes it first). */
export function scopesOf(text: string, language: LanguageId): ScopeSpan[] {
  const lexicon = LEXICONS[language];
  return findScopes(lexSource(text, lexicon.syntax).logicalLines, lexicon);
}

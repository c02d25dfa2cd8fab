import type { LanguageId } from '../../core/rule.js';

/** How a string literal opens and closes. */
export interface StringDelimiter {
  readonly open: string;
  readonly close: string;
  /** Whether the literal may span lines (Python's triple quotes). */
  readonly multiline: boolean;
}

/**
 * Just enough lexical syntax to find comments and statement boundaries without a parser:
 * comments inside string literals are not comments, and a statement continues while brackets
 * are open or a line ends with a continuation character.
 */
export interface LexicalSyntax {
  /** Starts a comment that runs to the end of the line: `#`, `//`. */
  readonly lineComment: string;
  /** A comment that may span lines: C's block comments (open and close markers). */
  readonly blockComment?: { readonly open: string; readonly close: string };
  /** String delimiters, longest first (`"""` before `"`). */
  readonly strings: readonly StringDelimiter[];
  /** Escapes the next character inside a string. */
  readonly escape: string;
  readonly openBrackets: string;
  readonly closeBrackets: string;
  /** At the end of a line, continues the statement on the next line. */
  readonly lineContinuation?: string;
}

/** What the review stages need to know about a language's source text. */
export interface Lexicon {
  readonly syntax: LexicalSyntax;
  /**
   * Matches the first code of a statement that opens a named scope (a function or class);
   * the first group that matched is the name. Scopes nest by indentation.
   */
  readonly scopeOpener: RegExp;
}

const PYTHON: Lexicon = {
  syntax: {
    lineComment: '#',
    strings: [
      { open: '"""', close: '"""', multiline: true },
      { open: "'''", close: "'''", multiline: true },
      { open: '"', close: '"', multiline: false },
      { open: "'", close: "'", multiline: false },
    ],
    escape: '\\',
    openBrackets: '([{',
    closeBrackets: ')]}',
    lineContinuation: '\\',
  },
  scopeOpener: /^(?:async\s+)?(?:def|class)\s+([\p{L}_][\p{L}\p{N}_]*)/u,
};

// C and C++: braces are not brackets here, so each line of a body is a statement of its own
// (a standalone comment then covers the next line, as clang-tidy's NOLINTNEXTLINE does).
const C_FAMILY: Lexicon = {
  syntax: {
    lineComment: '//',
    blockComment: { open: '/*', close: '*/' },
    strings: [
      { open: '"', close: '"', multiline: false },
      { open: "'", close: "'", multiline: false },
    ],
    escape: '\\',
    openBrackets: '([',
    closeBrackets: ')]',
    lineContinuation: '\\',
  },
  // A function definition header (`int main(int argc, char **argv)`, `void Server::run() {`) or a class.
  scopeOpener: /^(?:(?:class|struct|namespace)\s+([A-Za-z_]\w*)|(?!(?:if|for|while|switch|return|else|do|case|sizeof)\b)[A-Za-z_][\w:<>,*&\s]*?[\s*&]((?:[A-Za-z_]\w*::)*~?[A-Za-z_]\w*)\s*\([^;]*\)\s*(?:const\s*)?(?:override\s*)?\{?\s*$)/,
};

/**
 * Lexical facts per language. A new front-end adds its entry here; the suppression parser and
 * the scope finder stay the same.
 */
export const LEXICONS: Readonly<Record<LanguageId, Lexicon>> = { python: PYTHON, c: C_FAMILY, cpp: C_FAMILY };

import type { CodeContext, Finding } from './finding.js';
import type { FileError } from './result.js';
import type { LanguageId, RuleMeta } from './rule.js';

/** One decoded source file handed to a front-end. */
export interface SourceFile {
  /** Display path (relative to the review root, `/`-separated) or `<stdin>`. */
  readonly path: string;
  readonly text: string;
  readonly context: CodeContext;
}

/** Options for analysing one file. */
export interface AnalyzeOptions {
  /** When set, only these rule ids run. */
  readonly onlyRules?: ReadonlySet<string>;
}

/** What a front-end found in one file. */
export interface FileAnalysis {
  readonly findings: readonly Finding[];
  /** Per-file problems (syntax errors) that did not stop the analysis. */
  readonly errors: readonly FileError[];
  readonly lines: number;
}

/** A ready analyzer for one language (grammar loaded). Not shared between threads. */
export interface Analyzer {
  analyze(file: SourceFile, options?: AnalyzeOptions): FileAnalysis;
}

/** A language front-end: what files it takes and how to build its analyzer. */
export interface LanguageFrontend {
  readonly id: LanguageId;
  readonly displayName: string;
  /** File extensions, lower case, with the dot. */
  readonly extensions: readonly string[];
  /** Names of extension-less scripts are recognised by their first line. */
  readonly shebang?: RegExp;
  readonly rules: readonly RuleMeta[];
  createAnalyzer(): Promise<Analyzer>;
}

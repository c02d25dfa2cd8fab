import type { CweId } from './cwe.js';
import type { CodeContext, Finding } from './finding.js';
import type { ScopeSpan } from './fingerprint.js';
import type { FileError } from './result.js';
import type { LanguageId, RuleMeta } from './rule.js';

/** One decoded source file handed to a front-end. */
export interface SourceFile {
  /** Display path (relative to the review root, `/`-separated) or `<stdin>`. */
  readonly path: string;
  readonly text: string;
  readonly context: CodeContext;
}

/**
 * Cross-file facts for one review, so dataflow can follow calls between the reviewed modules.
 * Summaries are language-specific JSON data that only the front-end that wrote them reads.
 */
export interface ProjectContext {
  /** Function summaries exported by already analysed files, by qualified name (`pkg.mod.func`). */
  readonly summaries: ReadonlyMap<string, unknown>;
  /** Qualified names that some reviewed file calls (through an import). */
  readonly calledNames: ReadonlySet<string>;
  /** Dotted module names of every reviewed file. */
  readonly modules: ReadonlySet<string>;
}

/** Options for analysing one file. */
export interface AnalyzeOptions {
  /** When set, only these rule ids run. */
  readonly onlyRules?: ReadonlySet<string>;
  /** The file's dotted module name (`pkg.mod`), when it is part of a reviewed tree. */
  readonly moduleName?: string;
  readonly project?: ProjectContext;
}

/** What a quick pre-pass learns about a file's links to other modules. */
export interface ModuleScan {
  /** Absolute qualified names of imported functions the file calls (`pkg.util.run`). */
  readonly calls: readonly string[];
  /** Modules the file imports (for analysing callees first). */
  readonly imports: readonly string[];
}

/**
 * Why a rule judged a candidate safe: it looked at `subject` on `line` (a subprocess call, an
 * assert, a credential name) and concluded `conclusion` ("argument list without a shell").
 * Notes feed the "Considered" section; they are never findings.
 */
export interface AnalysisNote {
  readonly ruleId: string;
  readonly cwe: CweId;
  readonly file: string;
  readonly line: number;
  /** What was looked at, as the code spells it: `subprocess.run`, `assert`, `password`. */
  readonly subject?: string;
  /** Why it is fine, as a short phrase: "constant command", "usedforsecurity=False". */
  readonly conclusion: string;
  /** The context of the code the note is about (a test function inside a production file is `test`). */
  readonly context: CodeContext;
}

/** A stretch of a file whose context differs from the file's own (a test method in a production module). */
export interface ContextRegion {
  readonly startLine: number;
  readonly endLine: number;
  readonly context: CodeContext;
  /** Why, for the reader: "method of unittest.TestCase subclass ServerTest". */
  readonly reason: string;
}

/** What a front-end found in one file. */
export interface FileAnalysis {
  readonly findings: readonly Finding[];
  /** Per-file problems (syntax errors) that did not stop the analysis. */
  readonly errors: readonly FileError[];
  readonly lines: number;
  /** Why candidates the rules looked at are safe (for the "Considered" section). */
  readonly notes?: readonly AnalysisNote[];
  /**
   * The file's context once its content is known: a module outside any tests/ folder that
   * imports pytest and defines tests is `test`. Absent when the content changed nothing.
   */
  readonly context?: { readonly context: CodeContext; readonly reason: string };
  /** Test functions and classes inside a file that is otherwise production code. */
  readonly regions?: readonly ContextRegion[];
  /** Summaries of the file's functions for other files' analysis, by qualified name. */
  readonly exports?: ReadonlyMap<string, unknown>;
  /**
   * The named functions and classes of a file with findings (fingerprints name the enclosing
   * scope), found where the analysis ran so that the result cache keeps them too.
   */
  readonly scopes?: readonly ScopeSpan[];
}

/** A ready analyzer for one language (grammar loaded). Not shared between threads. */
export interface Analyzer {
  analyze(file: SourceFile, options?: AnalyzeOptions): FileAnalysis;
  /** A cheap pre-pass over a file (parse and imports only), for cross-file analysis. */
  scan?(file: SourceFile, moduleName: string): ModuleScan;
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
  /** The dotted module name of a file from its path relative to the review root (`pkg/mod.py` → `pkg.mod`). */
  moduleNameOf?(relativePath: string): string;
}

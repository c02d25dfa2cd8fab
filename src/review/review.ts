import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding.js';
import { compareFindings, isDefect } from '../core/finding.js';
import type { Analyzer, LanguageFrontend, SourceFile } from '../core/language.js';
import type { ChangeSummary, FileError, HiddenFinding, ReviewResult } from '../core/result.js';
import type { ScopeSpan } from '../core/fingerprint.js';
import type { LanguageId } from '../core/rule.js';
import { collectFiles } from './collect.js';
import type { CollectedFile } from './collect.js';
import { ReviewWorkers, analyzeFiles } from './executor/index.js';
import type { PlannedFile, ReviewProgress } from './executor/index.js';
import { buildConsidered, consideredFileOf } from './considered.js';
import type { ConsideredFile } from './considered.js';
import { classifyFile } from './context.js';
import type { LlmStep, LlmStepFile } from './llm/step.js';
import { DEFAULT_MAX_FILE_SIZE, readSourceFile } from './read.js';
import { changedLineSets } from './change/restrict.js';
import type { ChangedLines } from './change/types.js';
import { applyStages } from './stages.js';
import { scopesOf } from './suppressions/scopes.js';
import type { FileStage, RunStage } from './stages.js';

/** A snippet of code given directly (stdin, an HTTP request body, an LLM chunk). */
export interface Snippet {
  readonly name: string;
  readonly text: string;
  readonly frontend: LanguageFrontend;
}

/** A file the caller chose itself (a file of a change), read from disk or given as text. */
export interface ReviewSource {
  readonly absolutePath: string;
  readonly displayPath: string;
  /** Path relative to the project root; decides the code context. */
  readonly rootRelativePath: string;
  readonly frontend: LanguageFrontend;
  /** The text to review instead of the file on disk (the index version, a reconstruction). */
  readonly text?: string;
}

/** Everything a review needs; the CLI and later the service both build one. */
export interface ReviewRequest {
  /** Files and directories to review. */
  readonly paths?: readonly string[];
  readonly snippets?: readonly Snippet[];
  readonly frontends: readonly LanguageFrontend[];
  /** Base for relative paths and for displayed paths. */
  readonly cwd: string;
  readonly maxFileSize?: number;
  readonly respectGitignore?: boolean;
  /** Only run these rule ids (all when unset). */
  readonly onlyRules?: ReadonlySet<string>;
  /** Post-processing of each file's findings with its text (suppressions, context). */
  readonly fileStages?: readonly FileStage[];
  /** Post-processing of all findings (baseline, change restriction). */
  readonly runStages?: readonly RunStage[];
  /**
   * Build the "Considered" section. `auto` (the default) builds it when the review covers one
   * file named directly, one snippet, or a change, and not for directories.
   */
  readonly considered?: boolean | 'auto';
  /** The LLM second reviewer (review/llm), run after static analysis; absent means none. */
  readonly llm?: LlmStep;
  /** Files chosen by the caller, such as the files of a change; reviewed like named files. */
  readonly sources?: readonly ReviewSource[];
  /** Decides whether a file found by walking a directory is reviewed (configured include/exclude). */
  readonly fileFilter?: (absolutePath: string) => boolean;
  /** Files the configuration declares test code (`test-paths`), whatever their path conventions say. */
  readonly isTestPath?: (absolutePath: string) => boolean;
  /** The change under review, for the report header and the LLM reviewer's prompt. */
  readonly change?: ChangeSummary;
  /** The changed lines by display path, when findings are restricted to a change (the LLM reviews only those). */
  readonly changedLines?: ReadonlyMap<string, ChangedLines>;
  /** Problems found before the review started (an unusable part of a patch); reported with the rest. */
  readonly inputErrors?: readonly FileError[];
  /** Worker threads for analysing files (1: in this thread). Results do not depend on it. */
  readonly jobs?: number;
  /** Directory of the incremental result cache; none when absent. */
  readonly cacheDir?: string;
  /** Identifies the rules and engine build, so cached results of another version are not reused. */
  readonly rulesetVersion?: string;
  /** Told how far the run is (see {@link ReviewProgress}), for progress display. */
  readonly onProgress?: (progress: ReviewProgress) => void;
}

/** Reviews the requested files and snippets. Per-file problems become `errors`; nothing throws for bad input. */
export async function runReview(request: ReviewRequest, now: () => number = () => performance.now()): Promise<ReviewResult> {
  const started = now();
  const analyzers = new Map<LanguageFrontend, Promise<Analyzer>>();
  const analyzerFor = (frontend: LanguageFrontend): Promise<Analyzer> => {
    let analyzer = analyzers.get(frontend);
    if (!analyzer) {
      analyzer = frontend.createAnalyzer();
      analyzers.set(frontend, analyzer);
    }
    return analyzer;
  };
  const options = request.onlyRules ? { onlyRules: request.onlyRules } : {};
  const findings: Finding[] = [];
  const errors: FileError[] = [...(request.inputErrors ?? [])];
  const hidden: HiddenFinding[] = [];
  let files = 0;
  let lines = 0;
  const reviewed: ConsideredFile[] = [];
  let onlyNamedInputs = true;
  const llmFiles: LlmStepFile[] = [];
  const texts = new Map<string, { text: string; language: LanguageId }>();
  // Scopes the analysis already found (see FileAnalysis.scopes); other files with findings are lexed at the end.
  const knownScopes = new Map<string, readonly ScopeSpan[]>();
  const keep = (found: readonly Finding[], file: SourceFile, language: LanguageId, scopes?: readonly ScopeSpan[]): void => {
    if (scopes) knownScopes.set(file.path, scopes);
    // Kept only where needed later: scopes of files with findings (the LLM may add some), line counts of changed files.
    if ((found.length > 0 && !scopes) || request.llm || request.changedLines?.has(file.path)) texts.set(file.path, { text: file.text, language });
    const out = applyStages(found, request.fileStages ?? [], (stage, current) => stage.apply(current, file, { language }));
    findings.push(...out.findings);
    hidden.push(...out.hidden);
    errors.push(...out.errors);
  };

  for (const snippet of request.snippets ?? []) {
    if (snippet.text.trim() === '') {
      errors.push({ file: snippet.name, kind: 'empty', message: 'the input is empty; nothing to review' });
      continue;
    }
    const source: SourceFile = { path: snippet.name, text: snippet.text, context: 'production' };
    const analysis = (await analyzerFor(snippet.frontend)).analyze(source, options);
    keep(analysis.findings, source, snippet.frontend.id);
    if (request.llm) llmFiles.push({ source, language: snippet.frontend.id });
    reviewed.push(consideredFileOf(source, analysis, 'a snippet'));
    errors.push(...analysis.errors);
    files += 1;
    lines += analysis.lines;
  }

  if ((request.paths?.length ?? 0) > 0 || (request.sources?.length ?? 0) > 0) {
    const collection = collectFiles(request.paths ?? [], {
      cwd: request.cwd,
      frontends: request.frontends,
      respectGitignore: request.respectGitignore ?? true,
    });
    errors.push(...collection.errors);
    const chosen = [...collection.files.filter((f) => f.explicit || !request.fileFilter || request.fileFilter(f.absolutePath)), ...toCollected(request.sources ?? [])];
    onlyNamedInputs = chosen.every((f) => f.explicit);
    // Worker threads start loading while the files are read, when the run will need them.
    const workers = ReviewWorkers.forRun(request.jobs ?? 1, chosen.length);
    workers?.startEarly(request.cacheDir);
    try {
      const { loaded, reasons } = loadFiles(chosen, request, errors);
      // Callees first, so dataflow can follow calls into other reviewed modules; in worker
      // threads when asked, from the cache when unchanged. Results come back in file order.
      const analyses = await analyzeFiles(loaded, {
        jobs: request.jobs ?? 1,
        rulesetVersion: request.rulesetVersion ?? 'unversioned',
        ...(request.cacheDir !== undefined ? { cacheDir: request.cacheDir } : {}),
        ...(request.onlyRules ? { onlyRules: request.onlyRules } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        ...(workers ? { workers } : {}),
      });
      for (const [index, file] of loaded.entries()) {
        const analysis = analyses[index];
        if (!analysis) continue;
        keep(analysis.findings, file.source, file.frontend.id, analysis.scopes);
        if (request.llm) llmFiles.push({ source: file.source, language: file.frontend.id });
        reviewed.push(consideredFileOf(file.source, analysis, reasons.get(file.source.path) ?? classifyFile(file.rootRelativePath, file.source.text).reason));
        errors.push(...analysis.errors);
        files += 1;
        lines += analysis.lines;
      }
    } finally {
      await workers?.close();
    }
  }

  // The LLM's claims are verified and merged with the static findings before the run stages
  // (baseline, change restriction) see them, so those stages treat both reviewers alike.
  const changeInput = {
    ...(request.changedLines ? { changedLines: changedLineSets(request.changedLines, (file) => (texts.get(file)?.text ?? '').split('\n').length) } : {}),
    ...(request.change?.message !== undefined ? { commitMessage: request.change.message } : {}),
  };
  const second = request.llm ? await request.llm.review({ files: llmFiles, findings, hidden: [...hidden], fileStages: request.fileStages ?? [], ...changeInput }) : undefined;
  if (second) {
    hidden.push(...second.hidden);
    errors.push(...second.errors);
  }
  const final = applyStages(second?.findings ?? findings, request.runStages ?? [], (stage, current) => stage.apply(current));
  hidden.push(...final.hidden);
  errors.push(...final.errors);
  const shown = final.findings.sort(compareFindings);
  // `auto`: on for one named file, one snippet, or a change (a review of what a patch touches).
  const wantConsidered =
    request.considered === 'auto' || request.considered === undefined ? request.change !== undefined || (onlyNamedInputs && files === 1) : request.considered;
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    // Demoted findings (shown with --include-tests) are informational, never defects.
    verdict: shown.some(isDefect) ? 'defects' : 'clean',
    findings: shown,
    errors,
    stats: { files, lines, durationMs: Math.round(now() - started) },
    ...(hidden.length > 0 ? { hidden: hidden.sort((a, b) => compareFindings(a.finding, b.finding)) } : {}),
    ...(second ? { llm: second.summary } : {}),
    ...(wantConsidered ? { considered: buildConsidered({ files: reviewed, findings: shown, hidden }) } : {}),
    ...(request.change ? { change: request.change } : {}),
    ...scopesFor([...shown, ...hidden.map((h) => h.finding)], texts, knownScopes),
  };
}

/** Caller-chosen sources in the shape of collected files: named inputs, never filtered. */
function toCollected(sources: readonly ReviewSource[]): CollectedFile[] {
  return sources.map((s) => ({ absolutePath: s.absolutePath, displayPath: s.displayPath, rootRelativePath: s.rootRelativePath, frontend: s.frontend, explicit: true }));
}

/**
 * Reads (or takes from the request) and classifies each chosen file. A file that cannot be read
 * becomes a diagnostic in `errors`; `reasons` says why each file is test or production code.
 */
function loadFiles(chosen: readonly CollectedFile[], request: ReviewRequest, errors: FileError[]): { loaded: PlannedFile[]; reasons: Map<string, string> } {
  const loaded: PlannedFile[] = [];
  const reasons = new Map<string, string>();
  const sourceByPath = new Map((request.sources ?? []).map((s) => [s.displayPath, s]));
  for (const file of chosen) {
    const given = sourceByPath.get(file.displayPath);
    const read = given?.text !== undefined ? { ok: true as const, text: given.text } : readSourceFile(file.absolutePath, request.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
    if (!read.ok) {
      errors.push({ file: file.displayPath, kind: read.kind, message: read.message });
      continue;
    }
    // An empty file in a change (a new __init__.py) is unremarkable; one named on the command line is not.
    if (read.text.trim() === '' && file.explicit && !given) {
      errors.push({ file: file.displayPath, kind: 'empty', message: 'the file is empty; nothing to review' });
    }
    const classified = request.isTestPath?.(file.absolutePath) ? { context: 'test' as const, reason: 'matches test-paths in the configuration' } : classifyFile(file.rootRelativePath, read.text);
    reasons.set(file.displayPath, classified.reason);
    const source: SourceFile = { path: file.displayPath, text: read.text, context: classified.context };
    loaded.push({ source, frontend: file.frontend, rootRelativePath: file.rootRelativePath });
  }
  return { loaded, reasons };
}

/** The functions and classes of every file with a finding: fingerprints include the enclosing scope. */
function scopesFor(
  findings: readonly Finding[],
  texts: ReadonlyMap<string, { text: string; language: LanguageId }>,
  known: ReadonlyMap<string, readonly ScopeSpan[]>,
): { scopes?: Record<string, readonly ScopeSpan[]> } {
  const scopes: Record<string, readonly ScopeSpan[]> = {};
  for (const file of new Set(findings.map((f) => f.file))) {
    const found = known.get(file);
    const source = texts.get(file);
    if (found) scopes[file] = found;
    else if (source) scopes[file] = scopesOf(source.text, source.language);
  }
  return Object.keys(scopes).length > 0 ? { scopes } : {};
}

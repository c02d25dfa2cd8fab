import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding.js';
import { compareFindings } from '../core/finding.js';
import type { Analyzer, LanguageFrontend, SourceFile } from '../core/language.js';
import type { FileError, HiddenFinding, ReviewResult } from '../core/result.js';
import { collectFiles } from './collect.js';
import { classifyContext } from './context.js';
import { DEFAULT_MAX_FILE_SIZE, readSourceFile } from './read.js';
import { applyStages } from './stages.js';
import type { FileStage, RunStage } from './stages.js';

/** A snippet of code given directly (stdin, an HTTP request body, an LLM chunk). */
export interface Snippet {
  readonly name: string;
  readonly text: string;
  readonly frontend: LanguageFrontend;
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
  const errors: FileError[] = [];
  const hidden: HiddenFinding[] = [];
  let files = 0;
  let lines = 0;
  const keep = (found: readonly Finding[], file: SourceFile): void => {
    const out = applyStages(found, request.fileStages ?? [], (stage, current) => stage.apply(current, file));
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
    keep(analysis.findings, source);
    errors.push(...analysis.errors);
    files += 1;
    lines += analysis.lines;
  }

  if (request.paths && request.paths.length > 0) {
    const collection = await collectFiles(request.paths, {
      cwd: request.cwd,
      frontends: request.frontends,
      respectGitignore: request.respectGitignore ?? true,
    });
    errors.push(...collection.errors);
    for (const file of collection.files) {
      const read = await readSourceFile(file.absolutePath, request.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
      if (!read.ok) {
        errors.push({ file: file.displayPath, kind: read.kind, message: read.message });
        continue;
      }
      if (read.text.trim() === '' && file.explicit) {
        errors.push({ file: file.displayPath, kind: 'empty', message: 'the file is empty; nothing to review' });
      }
      const source: SourceFile = { path: file.displayPath, text: read.text, context: classifyContext(file.rootRelativePath) };
      const analysis = (await analyzerFor(file.frontend)).analyze(source, options);
      keep(analysis.findings, source);
      errors.push(...analysis.errors);
      files += 1;
      lines += analysis.lines;
    }
  }

  const final = applyStages(findings, request.runStages ?? [], (stage, current) => stage.apply(current));
  hidden.push(...final.hidden);
  errors.push(...final.errors);
  const shown = final.findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    verdict: shown.length > 0 ? 'defects' : 'clean',
    findings: shown,
    errors,
    stats: { files, lines, durationMs: Math.round(now() - started) },
    ...(hidden.length > 0 ? { hidden: hidden.sort((a, b) => compareFindings(a.finding, b.finding)) } : {}),
  };
}

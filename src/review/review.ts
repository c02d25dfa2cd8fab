import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding.js';
import { compareFindings } from '../core/finding.js';
import type { Analyzer, LanguageFrontend } from '../core/language.js';
import type { FileError, ReviewResult } from '../core/result.js';
import { collectFiles } from './collect.js';
import { classifyContext } from './context.js';
import { DEFAULT_MAX_FILE_SIZE, readSourceFile } from './read.js';

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
  let files = 0;
  let lines = 0;

  for (const snippet of request.snippets ?? []) {
    if (snippet.text.trim() === '') {
      errors.push({ file: snippet.name, kind: 'empty', message: 'the input is empty; nothing to review' });
      continue;
    }
    const analysis = (await analyzerFor(snippet.frontend)).analyze({ path: snippet.name, text: snippet.text, context: 'production' }, options);
    findings.push(...analysis.findings);
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
      const analysis = (await analyzerFor(file.frontend)).analyze(
        { path: file.displayPath, text: read.text, context: classifyContext(file.rootRelativePath) },
        options,
      );
      findings.push(...analysis.findings);
      errors.push(...analysis.errors);
      files += 1;
      lines += analysis.lines;
    }
  }

  findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return {
    verdict: findings.length > 0 ? 'defects' : 'clean',
    findings,
    errors,
    stats: { files, lines, durationMs: Math.round(now() - started) },
  };
}

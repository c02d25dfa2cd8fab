import type { ReviewResult } from '../core/result.js';
import { renderGerrit } from './gerrit.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import type { ReportFormat, ReportInfo, Reporter } from './types.js';

export type { GerritReportOptions, ReportFormat, ReportInfo, Reporter } from './types.js';

/** Every output format and the pure function that renders it. */
export const reporters: Readonly<Record<ReportFormat, Reporter>> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
  gerrit: renderGerrit,
};

/** Renders `result` in `format`; the string is the whole report, ending with a newline. */
export function renderReport(format: ReportFormat, result: ReviewResult, info: ReportInfo): string {
  return reporters[format](result, info);
}

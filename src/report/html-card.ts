import { cweUrl } from '../core/cwe.js';
import type { DataflowStep, Finding, Severity } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { findingExcerpt, sourceLine } from './excerpt.js';
import type { ExcerptLine } from './excerpt.js';
import { highlightPython } from './html-assets/python-highlight.js';
import type { Token } from './html-assets/python-highlight.js';
import { cweName, ruleHelpUri } from './json.js';
import { plural, severityLabel } from './overview.js';

// One finding as a card of the HTML report: what, where, the highlighted code, why, how to fix,
// and the dataflow path as a vertical list of steps.

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The card of one finding; `data-*` attributes carry what the filters match on. */
export function findingCard(f: Finding, rule: RuleMeta | undefined, sources: ReadonlyMap<string, string> | undefined, index: number): string {
  const title = rule?.title ?? f.ruleName;
  const level = filterLevel(f);
  const badge = f.demoted ? `<span class="badge info" title="${escapeHtml(`${severityLabel(f.severity)} in production code`)}">Info</span>` : `<span class="badge ${f.severity}">${severityLabel(f.severity)}</span>`;
  return [
    `<article class="finding ${level}" id="finding-${index}" data-severity="${level}" data-cwe="${escapeHtml(f.cwe)}" data-rule="${escapeHtml(f.ruleId)}">`,
    '<header>',
    `<h3>${badge}${escapeHtml(title)}</h3>`,
    `<p class="facts">${facts(f)}</p>`,
    '</header>',
    `<p class="message">${escapeHtml(f.message)}</p>`,
    f.demoted ? `<p class="note">${escapeHtml(f.demoted.detail)}</p>` : '',
    codeBlock(findingExcerpt(f, sources), f.endLine),
    '<div class="explain">',
    `<section><h4>Why it is exploitable</h4><p>${escapeHtml(f.explanation)}</p></section>`,
    `<section><h4>How to fix</h4><p>${escapeHtml(f.fix)}</p></section>`,
    '</div>',
    f.dataflow && f.dataflow.length > 0 ? dataflow(f, f.dataflow, sources) : '',
    `<footer>${f.source === 'llm' ? `<span>Found by the LLM reviewer and verified against the code</span>` : `<a href="${escapeHtml(ruleHelpUri(f.ruleId))}">Rule documentation: ${escapeHtml(f.ruleId)}</a>`}</footer>`,
    '</article>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function facts(f: Finding): string {
  const parts = [
    `<span class="loc mono">${escapeHtml(`${f.file}:${f.line}:${f.column}`)}</span>`,
    `<a href="${escapeHtml(cweUrl(f.cwe))}" title="${escapeHtml(cweName(f.cwe))}">${escapeHtml(f.cwe)}</a>`,
    `<span class="mono">${escapeHtml(f.ruleId)}</span>`,
    `<span>confidence ${f.confidence}</span>`,
  ];
  if (f.context !== 'production') parts.push(`<span class="tag">${f.context} code</span>`);
  if (f.source === 'llm' || f.source === 'both') parts.push(`<span class="tag">${f.source === 'llm' ? 'LLM reviewer' : 'static + LLM'}</span>`);
  return parts.join('');
}

/** The severity the filters use: demoted findings form their own "info" level. */
export function filterLevel(f: Finding): Severity | 'info' {
  return f.demoted ? 'info' : f.severity;
}

/** The excerpt as a table: line numbers in a gutter, flagged lines tinted, the exact span underlined. */
function codeBlock(lines: readonly ExcerptLine[], endLine: number): string {
  const tokens = highlightPython(lines.map((l) => l.text).join('\n'));
  const rows = lines.map((line, i) => {
    const cls = line.flagged ? ' class="flagged"' : '';
    return `<tr${cls}><td class="ln">${line.number}</td><td class="src">${renderLine(tokens[i] ?? [], line)}</td></tr>`;
  });
  const last = lines.at(-1)?.number ?? endLine;
  if (endLine > last) rows.push(`<tr class="more"><td class="ln"></td><td class="src">… through line ${endLine}</td></tr>`);
  return `<div class="code" role="region" aria-label="Code"><table>${rows.join('')}</table></div>`;
}

/** One line's tokens as HTML, with the flagged span wrapped so it can be underlined. */
function renderLine(tokens: readonly Token[], line: ExcerptLine): string {
  let offset = 0;
  let html = '';
  for (const token of tokens) {
    const start = offset;
    offset += token.text.length;
    const cuts = line.mark ? [line.mark.start, line.mark.end].filter((c) => c > start && c < offset) : [];
    let from = start;
    for (const cut of [...cuts, offset]) {
      const piece = token.text.slice(from - start, cut - start);
      const hit = line.mark !== undefined && from >= line.mark.start && cut <= line.mark.end;
      html += span(token.kind === 'plain' ? '' : `t-${token.kind}`, hit, piece);
      from = cut;
    }
  }
  return html === '' ? ' ' : html;
}

function span(cls: string, hit: boolean, text: string): string {
  const classes = [cls, hit ? 'hit' : ''].filter(Boolean).join(' ');
  return classes === '' ? escapeHtml(text) : `<span class="${classes}">${escapeHtml(text)}</span>`;
}

/** Source to sink, one step per row, each with its line number and (when known) the code on it. */
function dataflow(f: Finding, steps: readonly DataflowStep[], sources: ReadonlyMap<string, string> | undefined): string {
  const items = steps.map((s, i) => {
    const role = i === 0 ? 'source' : i === steps.length - 1 ? 'sink' : '';
    const code = sourceLine(sources, f.file, s.line);
    return [
      `<li${role ? ` class="${role}"` : ''}>`,
      `<span class="where">line ${s.line}:${s.column}</span>`,
      `<span class="what"><code>${escapeHtml(s.note)}</code>${role ? `<span class="role">${role}</span>` : ''}`,
      code !== undefined ? `<code class="line">${escapeHtml(code.trim())}</code>` : '',
      '</span></li>',
    ].join('');
  });
  return `<section class="flow"><h4>Dataflow · ${plural(steps.length, 'step')}</h4><ol class="steps">${items.join('')}</ol></section>`;
}

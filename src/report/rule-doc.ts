import pc from 'picocolors';
import { cweEntry, cweUrl, isKnownCwe } from '../core/cwe.js';
import type { CweId } from '../core/cwe.js';
import type { LanguageId, RuleMeta } from '../core/rule.js';
import { cweName, ruleHelpUri } from './json.js';

// One rule's documentation page, rendered from the metadata that lives with the rule (the way
// Ruff's and Biome's docs pages are their rules' doc comments). The same headings appear in the
// Markdown page (docs/rules/*.md, SARIF help.markdown) and in the terminal variant
// (`secreview explain`, SARIF help.text), so a reader finds the same thing in the same place.

/** Section headings, in page order. */
export const RULE_DOC_HEADINGS = {
  why: 'Why is this bad?',
  bad: 'Example',
  good: 'Use instead',
  notDetected: 'What it does not detect',
  fix: 'How to fix',
  references: 'References',
} as const;

const LANGUAGE_NAMES: Readonly<Record<LanguageId, string>> = { python: 'Python', c: 'C', cpp: 'C/C++' };

/** The display name of a rule's language (`Python`). */
export function languageName(id: LanguageId): string {
  return LANGUAGE_NAMES[id];
}

/** One row of the metadata table: a label and its value as plain text and as Markdown. */
interface MetaRow {
  readonly label: string;
  readonly text: string;
  readonly markdown: string;
}

const NONE = '—';

function metaRows(rule: RuleMeta): MetaRow[] {
  const related = rule.relatedCwe ?? [];
  const bandit = rule.bandit ?? [];
  const plain = (label: string, value: string): MetaRow => ({ label, text: value, markdown: escapeMarkdown(value) });
  return [
    { label: 'ID', text: rule.id, markdown: inlineCode(rule.id) },
    { label: 'Name', text: rule.name, markdown: inlineCode(rule.name) },
    { label: 'CWE', text: cweText(rule.cwe), markdown: cweMarkdown(rule.cwe) },
    {
      label: 'Related CWEs',
      text: related.length > 0 ? related.map(cweText).join('\n') : NONE,
      markdown: related.length > 0 ? related.map(cweMarkdown).join('; ') : NONE,
    },
    plain('Severity', rule.severity),
    plain('Confidence', rule.confidence),
    plain('Bandit', bandit.length > 0 ? bandit.join(', ') : NONE),
    plain('Language', languageName(rule.language)),
  ];
}

function cweText(id: CweId): string {
  const name = cweName(id);
  return name === id ? id : `${id} ${name}`;
}

/** `[CWE-89](link): name`; an id outside the catalog is shown bare rather than throwing. */
function cweMarkdown(id: CweId): string {
  if (!isKnownCwe(id)) return escapeMarkdown(id);
  return `[${id}](${cweUrl(id)}): ${escapeMarkdown(cweEntry(id).name)}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** The rule's Markdown page: title, summary, metadata table, then the fixed sections. */
export function renderRuleMarkdown(rule: RuleMeta): string {
  const sections: string[] = [
    `# ${rule.id}: ${escapeMarkdown(rule.title)}`,
    escapeMarkdown(rule.description),
    metadataTable(rule),
    `## ${RULE_DOC_HEADINGS.why}\n\n${escapeMarkdown(rule.docs.why)}\n\n${escapeMarkdown(rule.explanation)}`,
    `## ${RULE_DOC_HEADINGS.bad}\n\n${codeBlock(rule.docs.bad, rule.language)}`,
    `## ${RULE_DOC_HEADINGS.good}\n\n${codeBlock(rule.docs.good, rule.language)}`,
  ];
  if (rule.docs.notDetected) sections.push(`## ${RULE_DOC_HEADINGS.notDetected}\n\n${escapeMarkdown(rule.docs.notDetected)}`);
  sections.push(`## ${RULE_DOC_HEADINGS.fix}\n\n${escapeMarkdown(rule.fix)}`);
  sections.push(`## ${RULE_DOC_HEADINGS.references}\n\n${referenceList(rule)}`);
  return `${sections.join('\n\n')}\n`;
}

function metadataTable(rule: RuleMeta): string {
  const rows = metaRows(rule).map((row) => `| ${row.label} | ${escapeTableCell(row.markdown)} |`);
  return ['| Property | Value |', '| --- | --- |', ...rows].join('\n');
}

/** A bullet per reference; CWE links are labelled with the weakness they point to. */
function referenceList(rule: RuleMeta): string {
  const cweByUrl = new Map([rule.cwe, ...(rule.relatedCwe ?? [])].filter(isKnownCwe).map((id) => [cweUrl(id), id]));
  return rule.docs.references
    .map((url) => {
      const cwe = cweByUrl.get(url);
      return cwe ? `- [${cwe}: ${escapeMarkdown(cweEntry(cwe).name)}](${url})` : `- <${url}>`;
    })
    .join('\n');
}

/** A fenced block whose fence is longer than any backtick run inside the code. */
export function codeBlock(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

function inlineCode(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

// Code spans the rule author wrote on purpose (`pass`), as CommonMark matches them: a run of
// backticks closed by a run of the same length.
const CODE_SPAN = /(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g;

/**
 * Rule metadata is written as plain prose, with the occasional `code span`. Everything outside
 * code spans is escaped, so `__reduce__`, `<script>` or a lone backtick render as written
 * instead of turning into bold text, an HTML tag or a runaway code span. An underscore inside a
 * word (`safe_load`) cannot start emphasis in CommonMark and is left alone, for readable sources.
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    out += escapeProse(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + escapeProse(text.slice(last));
}

function escapeProse(text: string): string {
  return text.replace(/[\\`*<>[\]~|]|_|&(?=#?[A-Za-z0-9]+;)/g, (ch, offset: number) => {
    if (ch === '&') return '&amp;';
    if (ch !== '_') return `\\${ch}`;
    const inWord = /[\p{L}\p{N}]/u.test(text[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(text[offset + 1] ?? '');
    return inWord ? ch : '\\_';
  });
}

/** A table cell cannot hold a line break or an unescaped pipe (code spans included, in GFM). */
function escapeTableCell(markdown: string): string {
  return markdown.replace(/\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** Options of the terminal variant. */
export interface RuleTextOptions {
  /** Wrap prose at this many columns; undefined keeps each paragraph on one line. */
  readonly width?: number;
  /** Bold headings (for a terminal). */
  readonly color?: boolean;
}

const INDENT = '  ';
const CODE_INDENT = '    ';

/** The rule's documentation as plain text, for a terminal or SARIF `help.text`. */
export function renderRuleText(rule: RuleMeta, options: RuleTextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const prose = (text: string): string => wrap(text, options.width, INDENT);
  const section = (heading: string, body: string): string => `${c.bold(heading)}\n${body}`;
  const parts = [
    `${c.bold(`${rule.id}: ${rule.title}`)}\n${prose(rule.description)}`,
    metadataList(rule, options.width),
    section(RULE_DOC_HEADINGS.why, `${prose(rule.docs.why)}\n\n${prose(rule.explanation)}`),
    section(RULE_DOC_HEADINGS.bad, indentCode(rule.docs.bad)),
    section(RULE_DOC_HEADINGS.good, indentCode(rule.docs.good)),
  ];
  if (rule.docs.notDetected) parts.push(section(RULE_DOC_HEADINGS.notDetected, prose(rule.docs.notDetected)));
  parts.push(section(RULE_DOC_HEADINGS.fix, prose(rule.fix)));
  parts.push(section(RULE_DOC_HEADINGS.references, rule.docs.references.map((r) => `${INDENT}- ${r}`).join('\n')));
  return `${parts.join('\n\n')}\n`;
}

/** `  Label  value` lines; a value of several lines or too long for the width hangs under itself. */
function metadataList(rule: RuleMeta, width: number | undefined): string {
  const rows = [...metaRows(rule).map(({ label, text }) => ({ label, text })), { label: 'Docs', text: ruleHelpUri(rule.id) }];
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const hanging = ' '.repeat(INDENT.length + labelWidth + 2);
  return rows
    .map((r) => {
      const value = r.text
        .split('\n')
        .map((line) => wrap(line, width, hanging))
        .join('\n');
      return `${INDENT}${r.label.padEnd(labelWidth)}  ${value.slice(hanging.length)}`;
    })
    .join('\n');
}

function indentCode(code: string): string {
  return code
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `${CODE_INDENT}${line}`))
    .join('\n');
}

/** Greedy word wrap; a word longer than the line (a URL) gets a line of its own. */
export function wrap(text: string, width: number | undefined, indent: string): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (width === undefined) return indent + words.join(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * A rule's metadata and documentation as JSON, with the CWE name filled in. The same shape as
 * the entries of `secreview rules --format json` (test/cli/explain.test.ts keeps them equal).
 */
export function ruleToJson(rule: RuleMeta): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    title: rule.title,
    language: rule.language,
    cwe: rule.cwe,
    cweName: cweName(rule.cwe),
    relatedCwe: rule.relatedCwe ?? [],
    severity: rule.severity,
    confidence: rule.confidence,
    description: rule.description,
    explanation: rule.explanation,
    fix: rule.fix,
    bandit: rule.bandit ?? [],
    docs: rule.docs,
  };
}

// ---------------------------------------------------------------------------------------------
// Rule lists

/**
 * A Markdown table of rules with the columns of `secreview rules`; `href` gives the link of each
 * rule's page (relative to the document the table goes into).
 */
export function renderRuleTable(rules: readonly RuleMeta[], href: (rule: RuleMeta) => string): string {
  const rows = rules.map((r) =>
    [`[${r.id}](${href(r)})`, inlineCode(r.name), cweMarkdownShort(r.cwe), r.severity, r.confidence, escapeMarkdown(r.title)]
      .map(escapeTableCell)
      .join(' | '),
  );
  return ['| ID | Name | CWE | Severity | Confidence | Title |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n');
}

function cweMarkdownShort(id: CweId): string {
  return isKnownCwe(id) ? `[${id}](${cweUrl(id)})` : escapeMarkdown(id);
}

/** The index page of the rule docs folder (docs/rules/README.md). */
export function renderRuleIndex(rules: readonly RuleMeta[]): string {
  return [
    '# Rules',
    `secreview has ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'}. Each page is generated from the documentation that lives with the rule ` +
      '(its metadata in `src/lang/<language>/rules/<name>.ts`) by `npm run docs`; do not edit these pages by hand. ' +
      '`secreview explain RULE-ID` prints the same page in a terminal, and `secreview rules` lists the rules.',
    renderRuleTable(rules, (r) => `${encodeURIComponent(r.id)}.md`),
  ].join('\n\n') + '\n';
}

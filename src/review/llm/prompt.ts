import { isKnownCwe } from '../../core/cwe.js';
import type { CweId } from '../../core/cwe.js';
import type { Chunk, ChunkLine } from './chunk.js';
import { fillTemplate } from './templates.js';
import type { PromptTemplates } from './templates.js';
import type { ChatMessage, PromptDesign } from './types.js';

/** Which optional parts a prompt design adds to the role, the task, the code and the answer format. */
export interface DesignParts {
  readonly cweList: boolean;
  readonly commit: boolean;
  readonly cot: boolean;
}

const PARTS: Readonly<Record<PromptDesign, DesignParts>> = {
  basic: { cweList: false, commit: false, cot: false },
  'cwe-list': { cweList: true, commit: false, cot: false },
  commit: { cweList: false, commit: true, cot: false },
  cot: { cweList: false, commit: false, cot: true },
  full: { cweList: true, commit: true, cot: true },
};

/** The parts of a design. */
export function designParts(design: PromptDesign): DesignParts {
  return PARTS[design];
}

/** What a prompt is built from besides the templates. */
export interface PromptInput {
  readonly chunk: Chunk;
  /** Display name of the language, e.g. `Python`. */
  readonly language: string;
  /** The commit message of the change, when one was given. */
  readonly commitMessage?: string;
}

/** The chat messages for one chunk: the role as the system message, everything else as one user message. */
export function buildMessages(design: PromptDesign, input: PromptInput, templates: PromptTemplates): ChatMessage[] {
  const parts = designParts(design);
  const sections = [fillTemplate(templates.task, { language: input.language })];
  if (parts.cweList) sections.push(fillTemplate(templates['cwe-list'], { cweList: templates['cwe-definitions'] }));
  if (parts.commit) {
    const commitMessage = input.commitMessage?.trim() ? input.commitMessage.trim() : '(no commit message was given)';
    sections.push(fillTemplate(templates.commit, { commitMessage, diff: renderDiff(input.chunk) }));
  }
  if (parts.cot) sections.push(templates.cot);
  sections.push(renderCode(input.chunk, input.language, templates));
  sections.push(templates.output);
  return [
    { role: 'system', content: templates.system },
    { role: 'user', content: sections.join('\n\n') },
  ];
}

/** The follow-up message of the one repair attempt after an unusable answer. */
export function repairMessage(problem: string, templates: PromptTemplates): ChatMessage {
  return { role: 'user', content: fillTemplate(templates.repair, { problem }) };
}

function renderCode(chunk: Chunk, language: string, templates: PromptTemplates): string {
  const notes = ['Each line starts with its line number in the file, then `|`.'];
  if (!chunk.wholeFile) notes.push(`This is part ${chunk.index} of ${chunk.total} of the file; \`…\` marks lines left out.`);
  if (chunk.change) notes.push('Lines marked `+` after the number were added or modified by the change: report defects on those lines only.');
  const listing = renderListing(chunk);
  const longestTicks = Math.max(0, ...(listing.match(/`+/g) ?? []).map((run) => run.length));
  return fillTemplate(templates.code, {
    file: chunk.file,
    listingNote: notes.join(' '),
    fence: '`'.repeat(Math.max(3, longestTicks + 1)),
    fenceLanguage: language.toLowerCase(),
    listing,
  });
}

/** The numbered listing of a chunk, with `+` on changed lines and `…` for elided lines. */
export function renderListing(chunk: Chunk): string {
  const last = chunk.lines.at(-1)?.number ?? 0;
  const width = String(last).length;
  const out: string[] = [];
  let previous = 0;
  for (const line of chunk.lines) {
    if (line.number > previous + 1 && previous > 0) out.push(`${' '.repeat(width)}  …`);
    if (line.number > 1 && previous === 0) out.push(`${' '.repeat(width)}  …`);
    out.push(`${String(line.number).padStart(width)}${marker(chunk, line)}| ${line.text}`);
    previous = line.number;
  }
  return out.join('\n');
}

function marker(chunk: Chunk, line: ChunkLine): string {
  if (!chunk.change) return ' ';
  return line.changed ? '+' : ' ';
}

/**
 * The diff as far as this chunk shows it: the runs of changed lines as unified-diff hunks with
 * their new line numbers (removed lines are not known here).
 */
export function renderDiff(chunk: Chunk): string {
  if (!chunk.change) return 'No diff was given: review the whole code below as the result of the change.';
  const changed = chunk.lines.filter((l) => l.changed);
  if (changed.length === chunk.lines.length && chunk.wholeFile) return `The change adds the whole file ${chunk.file}: every line below is new.`;
  const hunks: string[] = [];
  let run: ChunkLine[] = [];
  const flush = (): void => {
    const first = run[0];
    if (first) hunks.push([`@@ +${first.number},${run.length} @@`, ...run.map((l) => `+${l.text}`)].join('\n'));
    run = [];
  };
  for (const line of changed) {
    if (run.length > 0 && line.number !== (run.at(-1)?.number ?? 0) + 1) flush();
    run.push(line);
  }
  flush();
  return [`Diff of ${chunk.file} (added and modified lines):`, '```diff', ...hunks, '```'].join('\n');
}

/** One line of `cwe-definitions.md`. */
export interface CweDefinition {
  readonly cwe: CweId;
  readonly definition: string;
}

/** Parses `CWE-<n>: definition` lines; lines in another form, or with an id outside the catalog, are reported. */
export function parseCweDefinitions(text: string): { definitions: CweDefinition[]; problems: string[] } {
  const definitions: CweDefinition[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const match = /^(CWE-\d+):\s+(\S.*)$/.exec(line.trim());
    const id = match?.[1];
    if (!match || id === undefined) problems.push(`line ${i + 1}: expected "CWE-<n>: definition"`);
    else if (!isKnownCwe(id)) problems.push(`line ${i + 1}: ${id} is not in src/core/cwe.ts`);
    else definitions.push({ cwe: id, definition: match[2] ?? '' });
  });
  return { definitions, problems };
}

import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/review/llm/chunk.js';
import { chunkFile } from '../../src/review/llm/chunk.js';
import { buildMessages, designParts, parseCweDefinitions, renderDiff, repairMessage } from '../../src/review/llm/prompt.js';
import { TEMPLATE_NAMES, fillTemplate, loadPromptTemplates, placeholdersOf } from '../../src/review/llm/templates.js';
import { PROMPT_DESIGNS } from '../../src/review/llm/types.js';
import type { PromptDesign } from '../../src/review/llm/types.js';

const templates = loadPromptTemplates();
const CODE = 'import os\n\ndef run(cmd):\n    os.system(cmd)\n';
const chunk = (changed?: ReadonlySet<number>): Chunk => {
  const [first] = chunkFile({ path: 'tool.py', text: CODE, context: 'production', ...(changed ? { changedLines: changed } : {}) }, 3000);
  if (!first) throw new Error('no chunk');
  return first;
};

// Marker sentences of each optional part, taken from the template files themselves.
const MARKERS = {
  cweList: 'Check the code for these weakness categories',
  commit: 'Commit message:',
  cot: 'Work through these steps',
} as const;

function prompt(design: PromptDesign, commitMessage?: string): string {
  const messages = buildMessages(design, { chunk: chunk(), language: 'Python', ...(commitMessage ? { commitMessage } : {}) }, templates);
  expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
  expect(messages[0]?.content).toBe(templates.system);
  return messages[1]?.content ?? '';
}

describe('prompt designs', () => {
  it.each(PROMPT_DESIGNS)('%s includes exactly its parts', (design) => {
    const text = prompt(design, 'Run maintenance commands');
    const parts = designParts(design);
    expect(text.includes(MARKERS.cweList)).toBe(parts.cweList);
    expect(text.includes(MARKERS.commit)).toBe(parts.commit);
    expect(text.includes('Run maintenance commands')).toBe(parts.commit);
    expect(text.includes(MARKERS.cot)).toBe(parts.cot);
    // Every design has the task, the numbered code and the answer format.
    expect(text).toContain('Review the Python code below for security defects.');
    expect(text).toContain('4 |     os.system(cmd)');
    expect(text).toContain('{"verdict":"clean"|"defects","findings":[');
  });

  it('full is cwe-list + commit + cot, basic is none of them', () => {
    expect(designParts('full')).toEqual({ cweList: true, commit: true, cot: true });
    expect(designParts('basic')).toEqual({ cweList: false, commit: false, cot: false });
  });

  it('lists the CWE definitions in the cwe-list design', () => {
    const text = prompt('cwe-list');
    expect(text).toContain('CWE-89: an SQL statement is built by concatenating');
    expect(text).toContain('CWE-862: an operation on another user');
  });

  it('says so when there is no commit message', () => {
    expect(prompt('commit')).toContain('(no commit message was given)');
  });

  it('marks changed lines and shows them as a diff in a change', () => {
    const changed = chunk(new Set([4]));
    const text = buildMessages('commit', { chunk: changed, language: 'Python', commitMessage: 'x' }, templates)[1]?.content ?? '';
    expect(text).toContain('4+|     os.system(cmd)');
    expect(text).toContain('3 | def run(cmd):');
    expect(renderDiff(changed)).toContain('@@ +4,1 @@\n+    os.system(cmd)');
    expect(text).toContain('report defects on those lines only');
  });

  it('every CWE in cwe-definitions.md is in the catalog and well formed', () => {
    const parsed = parseCweDefinitions(templates['cwe-definitions']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.definitions.length).toBeGreaterThanOrEqual(20);
    expect(parseCweDefinitions('CWE-99999: nothing\nnot a line').problems).toEqual([
      'line 1: CWE-99999 is not in src/core/cwe.ts',
      'line 2: expected "CWE-<n>: definition"',
    ]);
  });

  it('builds the repair request from the repair template', () => {
    expect(repairMessage('the JSON has no "findings" list', templates)).toEqual({
      role: 'user',
      content: expect.stringContaining('Your previous answer could not be used: the JSON has no "findings" list') as string,
    });
  });
});

describe('templates', () => {
  it('loads every template file, and each one uses only placeholders the prompt builder fills', () => {
    const filled: Record<string, readonly string[]> = {
      task: ['language'],
      'cwe-list': ['cweList'],
      commit: ['commitMessage', 'diff'],
      code: ['file', 'listingNote', 'fence', 'fenceLanguage', 'listing'],
      repair: ['problem'],
    };
    for (const name of TEMPLATE_NAMES) {
      expect(templates[name].length, name).toBeGreaterThan(0);
      expect(new Set(placeholdersOf(templates[name])), name).toEqual(new Set(filled[name] ?? []));
    }
  });

  it('never re-scans inserted text for placeholders and rejects unknown ones', () => {
    expect(fillTemplate('code: {{code}}', { code: 'x = "{{code}}"' })).toBe('code: x = "{{code}}"');
    expect(() => fillTemplate('{{missing}}', {})).toThrow(/missing/);
  });

  it('reports a missing template directory with its path', () => {
    expect(() => loadPromptTemplates(new URL('file:///nonexistent/prompts/'))).toThrow(/nonexistent\/prompts\/system\.md/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installPaths } from '../../core/install-paths.js';

/** The prompt template files under `review/llm/prompts/` (copied into dist/ by `npm run build`). */
export const TEMPLATE_NAMES = ['system', 'task', 'cwe-list', 'cwe-definitions', 'commit', 'cot', 'code', 'output', 'repair'] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The loaded text of every template. */
export type PromptTemplates = Readonly<Record<TemplateName, string>>;

const DEFAULT_DIR = pathToFileURL(join(installPaths(import.meta.url).codeDir, 'review', 'llm', 'prompts') + '/');

/** Reads every template; a missing file is an installation defect and throws with its path. */
export function loadPromptTemplates(dir: URL = DEFAULT_DIR): PromptTemplates {
  const entries = TEMPLATE_NAMES.map((name) => {
    const url = new URL(`${name}.md`, dir);
    try {
      return [name, readFileSync(url, 'utf8').trimEnd()] as const;
    } catch (error) {
      throw new Error(`cannot read the LLM prompt template ${url.pathname}: ${(error as Error).message}`);
    }
  });
  return Object.fromEntries(entries) as PromptTemplates;
}

const PLACEHOLDER = /\{\{([a-zA-Z]+)\}\}/g;

/**
 * Fills `{{name}}` placeholders in one pass, so text inserted from the code under review is never
 * itself scanned for placeholders. A placeholder without a value is a programming error.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt template placeholder {{${name}}} has no value`);
    return value;
  });
}

/** The names of the placeholders a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

// The configuration examples in the docs are real configurations: each must load and resolve
// against the shipped rules, so a renamed key or rule id cannot leave a broken example behind.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/review/config/load.js';
import { resolveSettings } from '../../src/review/config/settings.js';
import { allRules } from '../../src/review/languages.js';

const ROOT = join(import.meta.dirname, '..', '..');

function fencedBlocks(markdown: string, language: string): string[] {
  const pattern = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...markdown.matchAll(pattern)].map((m) => m[1] ?? '');
}

async function resolves(fileName: string, text: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'secreview-docs-'));
  writeFileSync(join(dir, fileName), text);
  const loaded = await loadConfig({ cwd: dir });
  if (!loaded.ok) return loaded.error.message;
  if (!loaded.config) return 'no configuration found';
  const settings = resolveSettings({ gitignore: true }, loaded.config, allRules(), dir);
  return settings.ok ? 'ok' : settings.message;
}

describe('configuration examples in the docs', () => {
  const config = readFileSync(join(ROOT, 'docs', 'config.md'), 'utf8');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('has TOML and YAML examples to check', () => {
    expect(fencedBlocks(config, 'toml').length).toBeGreaterThan(0);
    expect(fencedBlocks(config, 'yaml').length).toBeGreaterThan(0);
    expect(fencedBlocks(readme, 'toml').length).toBeGreaterThan(0);
  });

  it('every TOML example is a valid pyproject.toml section', async () => {
    for (const block of [...fencedBlocks(config, 'toml'), ...fencedBlocks(readme, 'toml')]) {
      expect(await resolves('pyproject.toml', block), block).toBe('ok');
    }
  });

  it('every YAML example is a valid .secreview.yml', async () => {
    for (const block of fencedBlocks(config, 'yaml')) expect(await resolves('.secreview.yml', block), block).toBe('ok');
  });
});

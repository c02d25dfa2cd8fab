// Rules that declare their callee names see only those calls, and rules that declare the text
// their files must mention skip the other files. Every fixture must review the same with those
// filters as without them: the same findings and the same Considered notes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPythonAnalyzer } from '../../src/lang/python/analyze.js';
import { pythonRules } from '../../src/lang/python/rules/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'python');
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).sort();

describe('callee filters and file prefilters', () => {
  it('change nothing on any Python fixture', async () => {
    expect(pythonRules.filter((rule) => rule.callees !== undefined).length).toBeGreaterThan(0);
    expect(pythonRules.filter((rule) => rule.fileMentions !== undefined).length).toBeGreaterThan(0);
    const filtered = await createPythonAnalyzer(pythonRules);
    const unfiltered = await createPythonAnalyzer(pythonRules, { filterCalls: false, prefilter: false });
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const source = { path: file, text: readFileSync(join(FIXTURES, file), 'utf8'), context: 'production' as const };
      const a = filtered.analyze(source);
      const b = unfiltered.analyze(source);
      expect({ file, findings: a.findings, notes: a.notes }).toEqual({ file, findings: b.findings, notes: b.notes });
    }
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../src/core/language.js';
import { classifyContext } from '../src/review/context.js';
import { demotionFor } from '../src/review/context-stage.js';
import { cppFrontend } from '../src/lang/cpp/index.js';
import { pythonFrontend } from '../src/lang/python/index.js';
import { parseAnnotations } from './support/annotations.js';

const FIXTURE_ROOT = join(import.meta.dirname, 'fixtures');
// C and C++ share one rule pack: the analyzer picks the grammar by extension, so both
// fixture folders run through the C++ front-end and count towards the same coverage check.
const frontends = [
  { frontend: pythonFrontend, dirs: ['python'], extensions: pythonFrontend.extensions },
  { frontend: cppFrontend, dirs: ['c', 'cpp'], extensions: ['.c', '.h', ...cppFrontend.extensions] },
];

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

for (const { frontend, dirs, extensions } of frontends) {
  const ruleIds = new Set(frontend.rules.map((r) => r.id));
  const fixtures = dirs.flatMap((dir) => listFiles(join(FIXTURE_ROOT, dir)).map((file) => ({ file, root: join(FIXTURE_ROOT, dir) })))
    .filter(({ file }) => extensions.some((ext) => file.endsWith(ext)));
  const analyzerPromise: Promise<Analyzer> = frontend.createAnalyzer();

  describe(`${frontend.displayName} fixtures`, () => {
    it('exist', () => {
      expect(fixtures.length).toBeGreaterThan(0);
    });

    for (const { file, root } of fixtures) {
      const name = relative(root, file);
      it(name, async () => {
        const text = readFileSync(file, 'utf8');
        const { annotations, header } = parseAnnotations(text);
        const unknown = annotations.filter((a) => !ruleIds.has(a.ruleId));
        expect(unknown.map((a) => `${name}:${a.annotationLine} unknown rule ${a.ruleId}`)).toEqual([]);

        const mentioned = new Set(annotations.map((a) => a.ruleId));
        const logicalPath = header.path ?? `app/${name}`;
        const analyzer = await analyzerPromise;
        const result = analyzer.analyze(
          { path: logicalPath, text, context: classifyContext(logicalPath, text) },
          { onlyRules: mentioned },
        );
        // What a user sees: findings in test code that cannot reach production are demoted (`# ok:`).
        const shown = result.findings.filter((f) => demotionFor(f) === undefined);
        const found = new Set(shown.map((f) => `${f.line} ${f.ruleId}`));
        const expected = new Set(annotations.filter((a) => a.kind === 'expect').map((a) => `${a.line} ${a.ruleId}`));
        const todo = new Set(annotations.filter((a) => a.kind === 'todo-expect').map((a) => `${a.line} ${a.ruleId}`));

        const missing = [...expected].filter((k) => !found.has(k)).map((k) => `missing ${name}:${k}`);
        const extra = [...found].filter((k) => !expected.has(k) && !todo.has(k)).map((k) => `unexpected ${name}:${k}`);
        const promoted = [...todo].filter((k) => found.has(k)).map((k) => `todo-expect now found, promote it: ${name}:${k}`);
        expect([...missing, ...extra, ...promoted]).toEqual([]);
        const crashed = result.errors.filter((e) => e.kind === 'internal').map((e) => e.message);
        expect(crashed).toEqual([]);
      });
    }

    it('cover every rule with an expect and an ok line', () => {
      const expects = new Set<string>();
      const oks = new Set<string>();
      for (const { file } of fixtures) {
        for (const a of parseAnnotations(readFileSync(file, 'utf8')).annotations) {
          if (a.kind === 'expect') expects.add(a.ruleId);
          if (a.kind === 'ok') oks.add(a.ruleId);
        }
      }
      const gaps = [...ruleIds].flatMap((id) => [
        ...(expects.has(id) ? [] : [`${id} has no expect line`]),
        ...(oks.has(id) ? [] : [`${id} has no ok line`]),
      ]);
      expect(gaps).toEqual([]);
    });
  });
}

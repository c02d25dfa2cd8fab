// Child process of `npm run bench`: the parse-only floor. Parses every file of the list with the
// grammar secreview would use for it, and prints the line count. Each line of the list is a
// front-end id and a path, separated by a tab (`python\t/usr/lib/python3.11/os.py`).
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { createWasmCppParsers, dialectOf } from '../lang/cpp/parser.js';
import { createWasmPythonParser } from '../lang/python/parser.js';

const list = process.argv[2];
if (!list) {
  process.stderr.write('usage: parse-only <file-list>\n');
  process.exit(2);
}
const entries = readFileSync(list, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const tab = line.indexOf('\t');
    return { language: line.slice(0, tab), path: line.slice(tab + 1) };
  });
const python = await createWasmPythonParser();
// The C and C++ grammars load only when the list has such files, as in a review.
const cpp = entries.some((e) => e.language !== 'python') ? await createWasmCppParsers() : undefined;
const parserFor = (language: string, path: string, text: string): Parser => {
  if (language === 'python') return python;
  if (!cpp || (language !== 'c' && language !== 'cpp')) throw new Error(`parse-only: no grammar for "${language}" (${path})`);
  // The dialect as the C/C++ front-ends choose it: by extension, and for headers by content.
  return cpp[dialectOf(path, text, language)];
};
let lines = 0;
for (const { language, path } of entries) {
  const text = readFileSync(path, 'utf8');
  const tree = parserFor(language, path, text).parse(text);
  lines += text.split('\n').length;
  tree?.delete();
}
process.stdout.write(`${JSON.stringify({ lines, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);

// Child process of `npm run bench`: the parse-only floor. Parses every file named in the list
// (one path a line) with the same grammar secreview uses, and prints the line count.
import { readFileSync } from 'node:fs';
import { createWasmPythonParser } from '../lang/python/parser.js';

const list = process.argv[2];
if (!list) {
  process.stderr.write('usage: parse-only <file-list>\n');
  process.exit(2);
}
const parser = await createWasmPythonParser();
let lines = 0;
for (const path of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
  const text = readFileSync(path, 'utf8');
  const tree = parser.parse(text);
  lines += text.split('\n').length;
  tree?.delete();
}
process.stdout.write(`${JSON.stringify({ lines, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);

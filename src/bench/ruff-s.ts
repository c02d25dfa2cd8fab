// Child process of `npm run bench`: Ruff's flake8-bandit ("S") rules through its WASM build,
// one thread, over every file named in the list — the fastest pattern-only peer.
import { readFileSync } from 'node:fs';

const list = process.argv[2];
if (!list) {
  process.stderr.write('usage: ruff-s <file-list>\n');
  process.exit(2);
}
// A devDependency: imported by name at run time so the build does not need its types.
const moduleName = '@astral-sh/ruff-wasm-nodejs';
const ruff = (await import(moduleName)) as {
  Workspace: new (options: unknown, encoding: unknown) => { check(text: string): unknown[] };
  PositionEncoding?: Record<string, unknown>;
};
const workspace = new ruff.Workspace({ lint: { select: ['S'] } }, ruff.PositionEncoding?.Utf16 ?? 1);
let findings = 0;
for (const path of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
  findings += workspace.check(readFileSync(path, 'utf8')).length;
}
process.stdout.write(`${JSON.stringify({ findings, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);

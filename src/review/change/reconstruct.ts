import type { LanguageId } from '../../core/rule.js';

/** A run of consecutive known lines: what one hunk (or several touching hunks) shows. */
interface Run {
  readonly start: number;
  readonly lines: readonly string[];
}

/** Fills the gap lines before a run so that the run parses where it stands. */
type GapFiller = (gap: number, run: Run, previous: Run | undefined) => readonly string[];

/** Lines to put at the top of the file, in the gap before the first hunk, if there is room. */
type Preamble = (runs: readonly Run[]) => readonly string[];

/**
 * Builds a file from what a patch's hunks show, when the post-change file is not on disk:
 * every known line keeps its real line number (so findings point at the right lines of the
 * real file) and the unknown stretches in between are filled so that the parser sees sensible
 * structure. The result is a partial view: imports and definitions outside the hunks are
 * missing, which the report states.
 */
export function reconstructSource(known: ReadonlyMap<number, string>, language: LanguageId): string {
  const runs = toRuns(known);
  const { fill, preamble } = STRATEGIES[language];
  const out: string[] = [];
  let previous: Run | undefined;
  for (const run of runs) {
    const gap = run.start - 1 - out.length;
    const filler = padTo(fill(gap, run, previous), gap);
    // The preamble may only take the blank lines at the top, before any scaffolding.
    const blank = filler.findIndex((l) => l !== '');
    const head = previous === undefined ? preamble(runs).slice(0, blank < 0 ? gap : blank) : [];
    out.push(...head, ...filler.slice(head.length), ...run.lines);
    previous = run;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function toRuns(known: ReadonlyMap<number, string>): Run[] {
  const runs: { start: number; lines: string[] }[] = [];
  for (const line of [...known.keys()].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && last.start + last.lines.length === line) last.lines.push(known.get(line) ?? '');
    else runs.push({ start: line, lines: [known.get(line) ?? ''] });
  }
  return runs;
}

function padTo(lines: readonly string[], length: number): string[] {
  const kept = lines.slice(Math.max(0, lines.length - length));
  return [...Array.from({ length: length - kept.length }, () => ''), ...kept];
}

/**
 * Python needs its indentation introduced: a hunk that starts inside a method body gets
 * `if True:` openers at each enclosing indentation level it uses (placed right above it), and a
 * block left open by the previous hunk gets a `pass` body.
 */
function pythonGap(gap: number, run: Run, previous: Run | undefined): readonly string[] {
  if (gap <= 0) return [];
  const code = run.lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const first = code[0];
  if (first === undefined) return [];
  const indentOf = (l: string): string => /^[ \t]*/.exec(l)?.[0] ?? '';
  const firstIndent = indentOf(first);
  // Every shallower level the run dedents to must be on the stack, outermost first.
  const levels = new Map<number, string>([[0, '']]);
  for (const line of code) {
    const indent = indentOf(line);
    if (indent.length < firstIndent.length) levels.set(indent.length, indent);
  }
  const openers = firstIndent === '' ? [] : [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => `${ws}if True:`);
  const lastBefore = previous?.lines.filter((l) => l.trim() !== '').at(-1);
  const body = lastBefore !== undefined && /:\s*$/.test(lastBefore) ? [`${indentOf(lastBefore)}    pass`] : [];
  return body.length + openers.length <= gap ? [...body, ...openers] : openers;
}

/**
 * Modules the rules look for, which a hunk typically uses without showing their import (it sits
 * at the top of the file, outside the hunk). When a hunk calls `os.system(...)` and nothing in
 * the patch binds `os`, the reconstruction assumes `import os`, as a reader of the patch would.
 */
const WELL_KNOWN_MODULES = [
  'dill', 'flask', 'ftplib', 'hashlib', 'httpx', 'jinja2', 'jsonpickle', 'logging', 'lxml', 'marshal', 'os', 'pickle',
  'random', 'requests', 'shelve', 'shutil', 'socket', 'sqlite3', 'ssl', 'subprocess', 'tarfile', 'telnetlib',
  'tempfile', 'urllib', 'urllib3', 'xml', 'yaml', 'zipfile',
];

function pythonImports(runs: readonly Run[]): readonly string[] {
  const code = runs.flatMap((r) => r.lines).join('\n');
  return WELL_KNOWN_MODULES.filter((name) => {
    if (!new RegExp(`(?<![\\w.])${name}\\.\\w`).test(code)) return false;
    const bound = new RegExp(`\\b(?:import|as)\\s+(?:[\\w.]+\\s*,\\s*)*${name}\\b|^\\s*${name}\\s*=|\\b(?:def|class)\\s+${name}\\b`, 'm');
    return !bound.test(code);
  }).map((name) => `import ${name}`);
}

const STRATEGIES: Readonly<Record<LanguageId, { readonly fill: GapFiller; readonly preamble: Preamble }>> = {
  python: { fill: pythonGap, preamble: pythonImports },
  // C and C++ need no indentation scaffolding: blank lines keep the numbering, and tree-sitter
  // recovers around a hunk that starts inside a body.
  c: { fill: () => [], preamble: () => [] },
  cpp: { fill: () => [], preamble: () => [] },
};

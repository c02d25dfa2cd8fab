import type { Finding } from '../core/finding.js';

// Fixes that a review tool can offer as a one-click replacement (Gerrit fix suggestions, GitHub
// ```suggestion blocks) because they are mechanical: the edit is local, keeps the program's
// meaning apart from the defect, and needs no choice from the author. Everything else (a new
// hash algorithm that would break stored digests, mkstemp instead of mktemp, an argument list
// instead of a shell string) stays advice in the finding's `fix` text.
//
// Fixes work on the finding's own text (its snippet and columns), never on the file, and only
// when that text is exactly the plain form they understand: a literal True/False, a loader
// named by attribute. Anything unusual gets no suggestion rather than a wrong one.

/** Replace [line:column, endLine:endColumn) (1-based, end exclusive, UTF-16 columns) with `replacement`. */
export interface TextEdit {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly replacement: string;
}

/** A mechanical fix: what it does, and the edits that do it. */
export interface MechanicalFix {
  readonly description: string;
  readonly edits: readonly TextEdit[];
}

interface Span {
  readonly start: number;
  readonly end: number;
}

interface Argument extends Span {
  readonly keyword?: string;
  /** The value's span (the whole argument for a positional one). */
  readonly value: Span;
}

interface CallShape {
  /** The last name of the callee (`load` in `yaml.load`). */
  readonly name: Span;
  /** True for `module.name(…)`: renaming the attribute needs no new import. */
  readonly qualified: boolean;
  readonly args: readonly Argument[];
}

/** The covered text of a finding and a way back from offsets in it to file positions. */
interface Covered {
  readonly text: string;
  readonly edit: (span: Span, replacement: string) => TextEdit;
}

type Fixer = (covered: Covered) => MechanicalFix | undefined;

const YAML_SAFE_FUNCTION: Readonly<Record<string, string>> = {
  load: 'safe_load',
  load_all: 'safe_load_all',
  unsafe_load: 'safe_load',
  full_load: 'safe_load',
  unsafe_load_all: 'safe_load_all',
  full_load_all: 'safe_load_all',
};
const YAML_SAFE_LOADER: Readonly<Record<string, string>> = {
  Loader: 'SafeLoader',
  UnsafeLoader: 'SafeLoader',
  FullLoader: 'SafeLoader',
  CLoader: 'CSafeLoader',
  CUnsafeLoader: 'CSafeLoader',
  CFullLoader: 'CSafeLoader',
};

const FIXERS: Readonly<Record<string, Fixer>> = {
  'PY-DESER-002': fixYamlLoad,
  'PY-TLS-001': (c) =>
    removeKeyword(c, ['verify', 'ssl', 'verify_ssl'], 'Remove the argument that turns certificate verification off') ??
    flipAssignment(c, 'False', 'True', 'Turn certificate verification back on'),
  'PY-TLS-002': fixUnverifiedContext,
  'PY-FLASK-001': (c) =>
    flipKeyword(c, ['debug', 'use_debugger'], 'True', 'False', 'Turn the debugger off') ??
    flipAssignment(c, 'True', 'False', 'Turn the debugger off'),
  'PY-TMPL-001': (c) => flipKeyword(c, ['autoescape'], 'False', 'True', 'Turn HTML autoescaping on'),
};

/** The mechanical fix of a finding, or undefined when its fix needs a human decision. */
export function mechanicalFix(f: Finding): MechanicalFix | undefined {
  const fixer = FIXERS[f.ruleId];
  const covered = coveredText(f);
  if (!fixer || !covered) return undefined;
  const fix = fixer(covered);
  return fix && fix.edits.length > 0 ? fix : undefined;
}

/** Rule ids that can ever get a mechanical fix (for documentation and tests). */
export const MECHANICALLY_FIXABLE_RULES: readonly string[] = Object.keys(FIXERS).sort();

/**
 * The finding's whole lines with the fix applied: the text of a GitHub suggestion, which
 * replaces lines [f.line, f.endLine]. Undefined when the snippet does not cover those lines.
 */
export function fixedLines(f: Finding, fix: MechanicalFix): string[] | undefined {
  const lines = f.snippet.split('\n');
  if (lines.length !== f.endLine - f.line + 1) return undefined;
  const offsets = lineOffsets(lines);
  const text = lines.join('\n');
  const at = (line: number, column: number): number => (offsets[line - f.line] ?? 0) + column - 1;
  const edits = [...fix.edits].sort((a, b) => at(b.line, b.column) - at(a.line, a.column));
  let out = text;
  for (const e of edits) out = out.slice(0, at(e.line, e.column)) + e.replacement + out.slice(at(e.endLine, e.endColumn));
  return out.split('\n');
}

function fixYamlLoad(c: Covered): MechanicalFix | undefined {
  const call = parseCall(c.text);
  if (!call) return undefined;
  const name = c.text.slice(call.name.start, call.name.end);
  const loaderArg = call.args.find((a) => a.keyword === 'Loader') ?? call.args.filter((a) => !a.keyword)[1];
  if (loaderArg) {
    const loader = /([A-Za-z_]\w*)\s*$/.exec(c.text.slice(loaderArg.value.start, loaderArg.value.end));
    const safe = loader?.[1] ? YAML_SAFE_LOADER[loader[1]] : undefined;
    if (!loader?.[1] || !safe || !/^[\w.]+$/.test(c.text.slice(loaderArg.value.start, loaderArg.value.end).trim())) return undefined;
    const end = loaderArg.value.start + c.text.slice(loaderArg.value.start, loaderArg.value.end).trimEnd().length;
    return { description: `Use yaml.${safe}`, edits: [c.edit({ start: end - loader[1].length, end }, safe)] };
  }
  const safeName = YAML_SAFE_FUNCTION[name];
  // yaml.load(text) with nothing else: the argument list of safe_load is the same. A bare
  // `load(text)` (from yaml import load) would need a new import, so it gets no suggestion.
  if (!safeName || !call.qualified || call.args.length !== 1 || call.args[0]?.keyword !== undefined) return undefined;
  return { description: `Use yaml.${safeName}`, edits: [c.edit(call.name, safeName)] };
}

function fixUnverifiedContext(c: Covered): MechanicalFix | undefined {
  const call = parseCall(c.text);
  if (!call?.qualified || call.args.length > 0 || c.text.slice(call.name.start, call.name.end) !== '_create_unverified_context') return undefined;
  return { description: 'Create a verifying context with ssl.create_default_context()', edits: [c.edit(call.name, 'create_default_context')] };
}

/** Drops `keyword=False` (or `=0`) from a call, with the comma that separates it. */
function removeKeyword(c: Covered, keywords: readonly string[], description: string): MechanicalFix | undefined {
  const call = parseCall(c.text);
  const index = call?.args.findIndex((a) => a.keyword !== undefined && keywords.includes(a.keyword) && /^(False|0)$/.test(valueText(c, a))) ?? -1;
  const arg = call?.args[index];
  if (!call || !arg) return undefined;
  const next = call.args[index + 1];
  const previous = call.args[index - 1];
  // Take the gap up to the next argument, or back to the previous one when it is the last.
  const span = next ? { start: arg.start, end: next.start } : previous ? { start: previous.end, end: arg.end } : arg;
  return { description, edits: [c.edit(span, '')] };
}

function flipKeyword(c: Covered, keywords: readonly string[], from: string, to: string, description: string): MechanicalFix | undefined {
  const arg = parseCall(c.text)?.args.find((a) => a.keyword !== undefined && keywords.includes(a.keyword) && valueText(c, a) === from);
  return arg ? { description, edits: [c.edit(trimmed(c.text, arg.value), to)] } : undefined;
}

/** `target = True` → `target = False` for a plain attribute or subscript target. */
function flipAssignment(c: Covered, from: string, to: string, description: string): MechanicalFix | undefined {
  const match = /^([\w.]+(?:\[\s*(?:"\w+"|'\w+')\s*\])?)\s*=\s*(\w+)\s*$/.exec(c.text);
  if (!match?.[2] || match[2] !== from) return undefined;
  const end = c.text.trimEnd().length;
  return { description, edits: [c.edit({ start: end - from.length, end }, to)] };
}

function valueText(c: Covered, a: Argument): string {
  return c.text.slice(a.value.start, a.value.end).trim();
}

function trimmed(text: string, span: Span): Span {
  const raw = text.slice(span.start, span.end);
  const start = span.start + (raw.length - raw.trimStart().length);
  return { start, end: start + raw.trim().length };
}

const CALLEE = /^\s*((?:[A-Za-z_]\w*\s*\.\s*)*)([A-Za-z_]\w*)\s*\(/;

/** A call `a.b.name(args)` that makes up the whole text, with its top-level arguments. */
function parseCall(text: string): CallShape | undefined {
  const callee = CALLEE.exec(text);
  if (!callee?.[2]) return undefined;
  // Only blanks and the parenthesis follow the name inside the match.
  const nameStart = callee[0].lastIndexOf(callee[2]);
  const args = scanArguments(text, callee[0].length);
  if (!args || text.slice(args.close + 1).trim() !== '') return undefined;
  return { name: { start: nameStart, end: nameStart + callee[2].length }, qualified: (callee[1] ?? '') !== '', args: args.args };
}

/** Top-level arguments from `from` to the matching `)`; undefined when it never closes. */
function scanArguments(text: string, from: number): { args: Argument[]; close: number } | undefined {
  const args: Argument[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '"' || ch === "'") i = skipString(text, i) - 1;
    else if (ch === '#') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if ('([{'.includes(ch)) depth += 1;
    else if (')]}'.includes(ch) && depth > 0) depth -= 1;
    else if ((ch === ',' || ch === ')') && depth === 0) {
      if (text.slice(start, i).trim() !== '') args.push(argumentAt(text, start, i));
      if (ch === ')') return { args, close: i };
      start = i + 1;
    }
  }
  return undefined;
}

function argumentAt(text: string, start: number, end: number): Argument {
  const span = trimmed(text, { start, end });
  const keyword = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(text.slice(span.start, span.end));
  if (!keyword?.[1]) return { ...span, value: span };
  return { ...span, keyword: keyword[1], value: { start: span.start + keyword[0].length, end: span.end } };
}

/** The index just past a string literal that starts at `i` (triple quotes included). */
function skipString(text: string, i: number): number {
  const quote = text[i] ?? '"';
  const delimiter = text.startsWith(quote.repeat(3), i) ? quote.repeat(3) : quote;
  for (let j = i + delimiter.length; j < text.length; j += 1) {
    if (text[j] === '\\') j += 1;
    else if (text.startsWith(delimiter, j)) return j + delimiter.length;
  }
  return text.length;
}

/** The exact text of the finding's region, with a mapping from offsets back to positions. */
function coveredText(f: Finding): Covered | undefined {
  const lines = f.snippet.split('\n');
  if (lines.length !== f.endLine - f.line + 1) return undefined;
  const last = lines.length - 1;
  const parts = lines.map((text, i) => text.slice(i === 0 ? f.column - 1 : 0, i === last ? f.endColumn - 1 : undefined));
  const offsets = lineOffsets(parts);
  const position = (offset: number): { line: number; column: number } => {
    let i = offsets.length - 1;
    while (i > 0 && (offsets[i] ?? 0) > offset) i -= 1;
    return { line: f.line + i, column: offset - (offsets[i] ?? 0) + 1 + (i === 0 ? f.column - 1 : 0) };
  };
  return {
    text: parts.join('\n'),
    edit: (span, replacement) => {
      const from = position(span.start);
      const to = position(span.end);
      return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, replacement };
    },
  };
}

function lineOffsets(lines: readonly string[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  return offsets;
}

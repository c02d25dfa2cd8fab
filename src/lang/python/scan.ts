import type { ModuleScan, SourceFile } from '../../core/language.js';
import { absolutize } from './flow/project.js';
import { NameResolver } from './names.js';
import { TokenKind, tokenize } from './tokens.js';
import type { Token } from './tokens.js';

/**
 * The module scan that orders a review (imports) and tells each module which of its functions
 * other files call. It runs over every file before any analysis, so it reads tokens instead of
 * parsing: the same answers the analyzer's own name resolution gives on the parse tree (a test
 * checks this on every fixture), for a fraction of the cost of a second parse.
 */
export function scanModule(file: SourceFile, moduleName: string): ModuleScan {
  const isPackage = /(^|\/)__init__\.pyw?$/.test(file.path);
  const tokens = tokenize(file.text);
  const { imports, bound } = readStatements(tokens);
  const resolver = new NameResolver(imports, bound);
  const calls = new Set<string>();
  for (const callee of callees(tokens)) {
    const resolved = resolver.resolveDotted(callee);
    if (resolved !== undefined && resolved.includes('.')) calls.add(absolutize(resolved, moduleName, isPackage));
  }
  const modules = new Set<string>();
  for (const target of imports.values()) modules.add(absolutize(target, moduleName, isPackage));
  return { calls: [...calls], imports: [...modules] };
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Statements whose body may follow the colon on the same line. */
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'async', 'match', 'case']);

const isOp = (token: Token | undefined, op: string): boolean => token?.kind === TokenKind.Op && token.value === op;
const isName = (token: Token | undefined, name?: string): boolean => token?.kind === TokenKind.Name && (name === undefined || token.value === name);

/**
 * Import bindings anywhere in the file (like `collectImports`) and the names module-level
 * statements bind (like `collectModuleBindings`), in source order.
 */
function readStatements(all: readonly Token[]): { imports: Map<string, string>; bound: Set<string> } {
  const tokens = all.filter((t) => !t.nested);
  const imports = new Map<string, string>();
  const bound = new Set<string>();
  let depth = 0;
  let lineFirst: Token | undefined;
  let startOfStatement = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === TokenKind.Newline) {
      depth = 0;
      lineFirst = undefined;
      startOfStatement = true;
      continue;
    }
    if (startOfStatement) {
      startOfStatement = false;
      lineFirst ??= token;
      // Module level: a logical line at column 0, or a later `;` statement of one that is not
      // a compound statement with its body on the same line (`if x: a = 1`).
      const moduleLevel = lineFirst.atColumnZero && (lineFirst === token || !COMPOUND.has(lineFirst.value));
      if (isName(token, 'import')) i = readImport(tokens, i + 1, imports) - 1;
      else if (isName(token, 'from')) i = readFromImport(tokens, i + 1, imports) - 1;
      else if (moduleLevel) readBinding(tokens, i, bound);
      continue;
    }
    if (token.kind !== TokenKind.Op) continue;
    if (token.value === '(' || token.value === '[' || token.value === '{') depth += 1;
    else if (token.value === ')' || token.value === ']' || token.value === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && token.value === ';') startOfStatement = true;
    // `try: import x` — an import as the same-line body of a compound statement.
    else if (depth === 0 && token.value === ':' && (isName(tokens[i + 1], 'import') || isName(tokens[i + 1], 'from'))) startOfStatement = true;
  }
  return { imports, bound };
}

function readBinding(tokens: readonly Token[], i: number, bound: Set<string>): void {
  const first = tokens[i];
  if (isName(first, 'def') || isName(first, 'class')) {
    if (isName(tokens[i + 1])) bound.add((tokens[i + 1] as Token).value);
  } else if (isName(first, 'async') && isName(tokens[i + 1], 'def') && isName(tokens[i + 2])) {
    bound.add((tokens[i + 2] as Token).value);
  } else if (isName(first) && !KEYWORDS.has((first as Token).value) && (isOp(tokens[i + 1], '=') || isOp(tokens[i + 1], ':'))) {
    bound.add((first as Token).value);
  }
}

/** `a.b.c` from `tokens[i]`; returns the name and the index after it. */
function readDotted(tokens: readonly Token[], i: number): [string, number] {
  if (!isName(tokens[i])) return ['', i];
  const end = dottedEnd(tokens, i);
  return [spellDotted(tokens, i, end), end];
}

/** The index after the dotted name `a.b.c` that starts at the name `tokens[i]`. */
function dottedEnd(tokens: readonly Token[], i: number): number {
  let at = i + 1;
  while (isOp(tokens[at], '.') && isName(tokens[at + 1])) at += 2;
  return at;
}

/** The dotted name in `tokens[i]` up to `end` (from {@link dottedEnd}): its names joined by dots. */
function spellDotted(tokens: readonly Token[], i: number, end: number): string {
  let name = (tokens[i] as Token).value;
  for (let at = i + 2; at < end; at += 2) name += `.${(tokens[at] as Token).value}`;
  return name;
}

/** `import a.b as c, d` after the `import` keyword; returns the index after the statement. */
function readImport(tokens: readonly Token[], i: number, imports: Map<string, string>): number {
  let at = i;
  for (;;) {
    const [module, next] = readDotted(tokens, at);
    if (module === '') return next;
    at = next;
    if (isName(tokens[at], 'as') && isName(tokens[at + 1])) {
      imports.set((tokens[at + 1] as Token).value, module);
      at += 2;
    } else {
      // `import os.path` binds `os`; attribute access then spells the rest.
      const root = module.split('.')[0] as string;
      imports.set(root, root);
    }
    if (!isOp(tokens[at], ',')) return at;
    at += 1;
  }
}

/** `from .mod import (a as b, c)` after the `from` keyword; returns the index after the statement. */
function readFromImport(tokens: readonly Token[], i: number, imports: Map<string, string>): number {
  let at = i;
  let module = '';
  while (isOp(tokens[at], '.')) {
    module += '.';
    at += 1;
  }
  if (isName(tokens[at]) && !isName(tokens[at], 'import')) {
    const [name, next] = readDotted(tokens, at);
    module += name;
    at = next;
  }
  // `from __future__ import …` is a compiler directive, not a binding the analyzer reads.
  if (module === '' || module === '__future__' || !isName(tokens[at], 'import')) return at;
  at += 1;
  const parenthesized = isOp(tokens[at], '(');
  if (parenthesized) at += 1;
  const prefix = module.endsWith('.') ? module : `${module}.`;
  while (isName(tokens[at])) {
    const name = (tokens[at] as Token).value;
    at += 1;
    if (isName(tokens[at], 'as') && isName(tokens[at + 1])) {
      imports.set((tokens[at + 1] as Token).value, prefix + name);
      at += 2;
    } else {
      imports.set(name, prefix + name);
    }
    if (!isOp(tokens[at], ',')) break;
    at += 1;
  }
  if (parenthesized && isOp(tokens[at], ')')) at += 1;
  return at;
}

/**
 * Dotted names that are called: `a.b.c(` not preceded by `.` (a method of some other value) or
 * `def`. Class patterns of `case` clauses (`case ast.Expr():`) look like calls but are not.
 * Most dotted names are not called, so a name is only spelt out once a `(` follows it.
 */
function callees(tokens: readonly Token[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== TokenKind.Name) continue;
    const previous = tokens[i - 1];
    if (token.value === 'case' && !token.nested && (previous === undefined || previous.kind === TokenKind.Newline)) {
      const end = patternEnd(tokens, i + 1);
      if (end !== i + 1) {
        i = end;
        continue;
      }
    }
    if (KEYWORDS.has(token.value) || isOp(previous, '.') || isName(previous, 'def') || isName(previous, 'class')) continue;
    const next = dottedEnd(tokens, i);
    if (isOp(tokens[next], '(')) found.push(spellDotted(tokens, i, next));
    i = next - 1;
  }
  return found;
}

/** After a line-initial `case`: the index of the `:` ending its pattern, or `from` when it is no pattern (`case.run()`). */
function patternEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === TokenKind.Newline) return from;
    if (token.kind !== TokenKind.Op || token.nested) continue;
    if (token.value === '(' || token.value === '[' || token.value === '{') depth += 1;
    else if (token.value === ')' || token.value === ']' || token.value === '}') depth -= 1;
    else if (token.value === ':' && depth === 0) return i;
  }
  return from;
}

import type { ModuleScan, SourceFile } from '../../core/language.js';
import { absolutize } from './flow/project.js';
import { NameResolver } from './names.js';
import { TokenKind, tokenize } from './tokens.js';
import type { Tokens } from './tokens.js';

/**
 * The module scan that orders a review (imports) and tells each module which of its functions
 * other files call. It runs over every file before any analysis, so it reads tokens instead of
 * parsing: the same answers the analyzer's own name resolution gives on the parse tree (a test
 * checks this on every fixture), for a fraction of the cost of a second parse.
 */
export function scanModule(file: SourceFile, moduleName: string): ModuleScan {
  const isPackage = /(^|\/)__init__\.pyw?$/.test(file.path);
  const tokens = tokenize(file.text);
  const { imports, bound } = readStatements(TokenView.plain(tokens));
  const resolver = new NameResolver(imports, bound);
  const calls = new Set<string>();
  for (const callee of callees(new TokenView(tokens), (root) => resolver.resolvesRoot(root))) {
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

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SEMICOLON = 59;
const COLON = 58;

/**
 * The tokens the scan reads, by position: all of them, or those outside f-string fields (the
 * statement structure). Positions past either end read as no token.
 */
class TokenView {
  readonly length: number;

  /** `order` lists the token numbers of the view's positions; without it, position = token number. */
  constructor(
    private readonly tokens: Tokens,
    private readonly order?: Int32Array,
  ) {
    this.length = order ? order.length : tokens.count;
  }

  /** The tokens outside f-string replacement fields. */
  static plain(tokens: Tokens): TokenView {
    if (!tokens.hasNested) return new TokenView(tokens);
    let count = 0;
    for (let i = 0; i < tokens.count; i++) if (!tokens.nested(i)) count += 1;
    const order = new Int32Array(count);
    for (let i = 0, at = 0; i < tokens.count; i++) if (!tokens.nested(i)) order[at++] = i;
    return new TokenView(tokens, order);
  }

  /** The token number at position `i`, or -1 past either end. */
  private at(i: number): number {
    if (i < 0 || i >= this.length) return -1;
    return this.order ? (this.order[i] as number) : i;
  }

  kind(i: number): TokenKind | undefined {
    return this.tokens.kind(this.at(i));
  }

  value(i: number): string {
    const at = this.at(i);
    return at < 0 ? '' : this.tokens.value(at);
  }

  nested(i: number): boolean {
    const at = this.at(i);
    return at >= 0 && this.tokens.nested(at);
  }

  atColumnZero(i: number): boolean {
    const at = this.at(i);
    return at >= 0 && this.tokens.atColumnZero(at);
  }

  /** The character code of a one-character operator at position `i`; -1 for anything else. */
  opChar(i: number): number {
    const at = this.at(i);
    return at < 0 ? -1 : this.tokens.opChar(at);
  }

  /** Whether position `i` holds the one-character operator `op`. */
  isOp(i: number, op: string): boolean {
    return this.opChar(i) === op.charCodeAt(0);
  }

  /** Whether position `i` holds a name (this one, when given). */
  isName(i: number, name?: string): boolean {
    const at = this.at(i);
    return at >= 0 && this.tokens.kind(at) === TokenKind.Name && (name === undefined || this.tokens.spells(at, name));
  }
}

/**
 * Import bindings anywhere in the file (like `collectImports`) and the names module-level
 * statements bind (like `collectModuleBindings`), in source order.
 */
function readStatements(t: TokenView): { imports: Map<string, string>; bound: Set<string> } {
  const imports = new Map<string, string>();
  const bound = new Set<string>();
  let depth = 0;
  /** The position of the first token of the logical line; -1 before it is read. */
  let lineFirst = -1;
  let startOfStatement = true;
  for (let i = 0; i < t.length; i++) {
    const kind = t.kind(i);
    if (kind === TokenKind.Newline) {
      depth = 0;
      lineFirst = -1;
      startOfStatement = true;
      continue;
    }
    if (startOfStatement) {
      startOfStatement = false;
      if (lineFirst < 0) lineFirst = i;
      // Module level: a logical line at column 0, or a later `;` statement of one that is not
      // a compound statement with its body on the same line (`if x: a = 1`).
      const moduleLevel = t.atColumnZero(lineFirst) && (lineFirst === i || !COMPOUND.has(t.value(lineFirst)));
      if (t.isName(i, 'import')) i = readImport(t, i + 1, imports) - 1;
      else if (t.isName(i, 'from')) i = readFromImport(t, i + 1, imports) - 1;
      else if (moduleLevel) readBinding(t, i, bound);
      continue;
    }
    const op = t.opChar(i);
    if (op === OPEN_PAREN || op === OPEN_BRACKET || op === OPEN_BRACE) depth += 1;
    else if (op === CLOSE_PAREN || op === CLOSE_BRACKET || op === CLOSE_BRACE) depth = Math.max(0, depth - 1);
    else if (depth === 0 && op === SEMICOLON) startOfStatement = true;
    // `try: import x` — an import as the same-line body of a compound statement.
    else if (depth === 0 && op === COLON && (t.isName(i + 1, 'import') || t.isName(i + 1, 'from'))) startOfStatement = true;
  }
  return { imports, bound };
}

function readBinding(t: TokenView, i: number, bound: Set<string>): void {
  if (t.isName(i, 'def') || t.isName(i, 'class')) {
    if (t.isName(i + 1)) bound.add(t.value(i + 1));
  } else if (t.isName(i, 'async') && t.isName(i + 1, 'def') && t.isName(i + 2)) {
    bound.add(t.value(i + 2));
  } else if (t.isName(i) && (t.isOp(i + 1, '=') || t.isOp(i + 1, ':'))) {
    const name = t.value(i);
    if (!KEYWORDS.has(name)) bound.add(name);
  }
}

/** `a.b.c` from position `i`; returns the name and the position after it. */
function readDotted(t: TokenView, i: number): [string, number] {
  if (!t.isName(i)) return ['', i];
  const end = dottedEnd(t, i);
  return [spellDotted(t, i, end), end];
}

/** The position after the dotted name `a.b.c` that starts at the name at `i`. */
function dottedEnd(t: TokenView, i: number): number {
  let at = i + 1;
  while (t.isOp(at, '.') && t.isName(at + 1)) at += 2;
  return at;
}

/** The dotted name from `i` up to `end` (from {@link dottedEnd}): its names joined by dots. */
function spellDotted(t: TokenView, i: number, end: number): string {
  let name = t.value(i);
  for (let at = i + 2; at < end; at += 2) name += `.${t.value(at)}`;
  return name;
}

/** `import a.b as c, d` after the `import` keyword; returns the position after the statement. */
function readImport(t: TokenView, i: number, imports: Map<string, string>): number {
  let at = i;
  for (;;) {
    const [module, next] = readDotted(t, at);
    if (module === '') return next;
    at = next;
    if (t.isName(at, 'as') && t.isName(at + 1)) {
      imports.set(t.value(at + 1), module);
      at += 2;
    } else {
      // `import os.path` binds `os`; attribute access then spells the rest.
      const root = module.split('.')[0] as string;
      imports.set(root, root);
    }
    if (!t.isOp(at, ',')) return at;
    at += 1;
  }
}

/** `from .mod import (a as b, c)` after the `from` keyword; returns the position after the statement. */
function readFromImport(t: TokenView, i: number, imports: Map<string, string>): number {
  let at = i;
  let module = '';
  while (t.isOp(at, '.')) {
    module += '.';
    at += 1;
  }
  if (t.isName(at) && !t.isName(at, 'import')) {
    const [name, next] = readDotted(t, at);
    module += name;
    at = next;
  }
  // `from __future__ import …` is a compiler directive, not a binding the analyzer reads.
  if (module === '' || module === '__future__' || !t.isName(at, 'import')) return at;
  at += 1;
  const parenthesized = t.isOp(at, '(');
  if (parenthesized) at += 1;
  const prefix = module.endsWith('.') ? module : `${module}.`;
  while (t.isName(at)) {
    const name = t.value(at);
    at += 1;
    if (t.isName(at, 'as') && t.isName(at + 1)) {
      imports.set(t.value(at + 1), prefix + name);
      at += 2;
    } else {
      imports.set(name, prefix + name);
    }
    if (!t.isOp(at, ',')) break;
    at += 1;
  }
  if (parenthesized && t.isOp(at, ')')) at += 1;
  return at;
}

/**
 * Dotted names that are called: `a.b.c(` not preceded by `.` (a method of some other value) or
 * `def`. Class patterns of `case` clauses (`case ast.Expr():`) look like calls but are not.
 * Most dotted names are not called, so a name is only spelt out once a `(` follows it, and only
 * when its first name can resolve (`resolves`): most calls are on local values (`self.run()`).
 */
function callees(t: TokenView, resolves: (root: string) => boolean): string[] {
  const found: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t.kind(i) !== TokenKind.Name) continue;
    if (t.isName(i, 'case') && !t.nested(i) && (i === 0 || t.kind(i - 1) === TokenKind.Newline)) {
      const end = patternEnd(t, i + 1);
      if (end !== i + 1) {
        i = end;
        continue;
      }
    }
    if (t.isOp(i - 1, '.') || t.isName(i - 1, 'def') || t.isName(i - 1, 'class')) continue;
    const next = dottedEnd(t, i);
    // Keywords are names to the tokenizer; they are looked up only where a call could follow.
    if (t.isOp(next, '(')) {
      const root = t.value(i);
      if (!KEYWORDS.has(root) && resolves(root)) found.push(spellDotted(t, i, next));
    }
    i = next - 1;
  }
  return found;
}

/** After a line-initial `case`: the position of the `:` ending its pattern, or `from` when it is no pattern (`case.run()`). */
function patternEnd(t: TokenView, from: number): number {
  let depth = 0;
  for (let i = from; i < t.length; i++) {
    const kind = t.kind(i);
    if (kind === TokenKind.Newline) return from;
    if (kind !== TokenKind.Op || t.nested(i)) continue;
    const op = t.opChar(i);
    if (op === OPEN_PAREN || op === OPEN_BRACKET || op === OPEN_BRACE) depth += 1;
    else if (op === CLOSE_PAREN || op === CLOSE_BRACKET || op === CLOSE_BRACE) depth -= 1;
    else if (op === COLON && depth === 0) return i;
  }
  return from;
}

import { Cwe } from '../../../core/cwe.js';
import type { Finding } from '../../../core/finding.js';
import type { Node } from '../parser.js';
import { definePythonRule } from '../rule.js';
import type { PythonRuleContext } from '../rule.js';

/** Bidirectional formatting characters, and what closes each (UAX #9). */
const OPENERS: ReadonlyMap<string, { readonly name: string; readonly closer: string }> = new Map([
  ['\u202A', { name: 'LEFT-TO-RIGHT EMBEDDING', closer: '\u202C' }],
  ['\u202B', { name: 'RIGHT-TO-LEFT EMBEDDING', closer: '\u202C' }],
  ['\u202D', { name: 'LEFT-TO-RIGHT OVERRIDE', closer: '\u202C' }],
  ['\u202E', { name: 'RIGHT-TO-LEFT OVERRIDE', closer: '\u202C' }],
  ['\u2066', { name: 'LEFT-TO-RIGHT ISOLATE', closer: '\u2069' }],
  ['\u2067', { name: 'RIGHT-TO-LEFT ISOLATE', closer: '\u2069' }],
  ['\u2068', { name: 'FIRST STRONG ISOLATE', closer: '\u2069' }],
]);
const CLOSER_NAMES: ReadonlyMap<string, string> = new Map([
  ['\u202C', 'POP DIRECTIONAL FORMATTING'],
  ['\u2069', 'POP DIRECTIONAL ISOLATE'],
]);
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_ALL = /[\u202A-\u202E\u2066-\u2069]/g;

type Params = { character: string; where: string };
type Ctx = PythonRuleContext<Params>;

/** One bidi character that can reorder what a reader sees beyond its own token. */
interface Hit {
  readonly line: number;
  /** 0-based UTF-16 column, as tree-sitter counts. */
  readonly column: number;
  readonly character: string;
  readonly where: string;
}

export const rule = definePythonRule<Params>({
  id: 'PY-SRC-001',
  name: 'bidi-control-characters',
  title: 'Unterminated bidirectional control character in source (Trojan Source)',
  cwe: Cwe.UiMisrepresentation,
  severity: 'high',
  confidence: 'high',
  description:
    'A Unicode bidirectional embedding, override or isolate character (U+202A–U+202E, U+2066–U+2069) in a comment or string is still open at the end of the line, or appears outside any comment or string.',
  explanation:
    'An unterminated bidirectional control reorders how the rest of the line is displayed, so editors and code review tools show code in a different order than Python executes it: a comment can appear to end later or earlier than it does, and a string can appear to contain code (CVE-2021-42574, "Trojan Source").',
  fix: 'Remove the control character. If right-to-left text is really needed in a string, write the controls as escapes ("\\u2067…\\u2069") and close every embedding, override and isolate within the same string.',
  bandit: ['B613'],
  docs: {
    why: 'Code review is the last human check before code runs. Trojan Source attacks hide logic changes from reviewers by making the displayed text differ from the text the interpreter reads.',
    bad: 'def is_admin(user):\n    access = "user\u202E \u2066# admin only\u2069 \u2066"\n    return access == "admin"',
    good: 'def is_admin(user):\n    access = "user"\n    return access == "admin"',
    notDetected:
      'Controls that are closed within the same string or comment line are not reported: they cannot reorder code outside that token, and they are how right-to-left text is written. Look-alike characters (homoglyphs) and the implicit marks U+200E/U+200F/U+061C are not reported.',
    references: [
      'https://cwe.mitre.org/data/definitions/451.html',
      'https://trojansource.codes/',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-42574',
      'https://www.unicode.org/reports/tr9/',
    ],
  },
  message: ({ character, where }) => `${character} ${where} reorders how the rest of the line is displayed (Trojan Source)`,
  visits: ['module'],
  check(ctx, module) {
    if (!BIDI.test(ctx.file.text)) return [];
    const tokens = module.descendantsOfType(['comment', 'string']).filter((t): t is Node => t !== null && BIDI.test(t.text));
    const hits = [...tokens.flatMap(unterminatedIn), ...outsideTokens(ctx, tokens)];
    return hits.map((hit) => toFinding(ctx, module, hit));
  },
});

/** Openers in a comment or string that are still open at the end of one of its lines. */
function unterminatedIn(token: Node): Hit[] {
  const where = token.type === 'comment' ? 'in a comment' : 'in a string';
  const hits: Hit[] = [];
  token.text.split('\n').forEach((segment, index) => {
    const open: { char: string; column: number }[] = [];
    for (let i = 0; i < segment.length; i++) {
      const char = segment[i] ?? '';
      if (OPENERS.has(char)) open.push({ char, column: i });
      else if (CLOSER_NAMES.has(char)) popMatching(open, char);
    }
    const first = open[0];
    if (!first) return;
    const line = token.startPosition.row + index;
    const column = index === 0 ? token.startPosition.column + first.column : first.column;
    hits.push({ line, column, character: describe(first.char), where: `${where}, never closed on its line,` });
  });
  return hits;
}

/** A closer ends the innermost opener of its own kind, and every opener nested inside it. */
function popMatching(open: { char: string }[], closer: string): void {
  for (let i = open.length - 1; i >= 0; i--) {
    if (OPENERS.get(open[i]?.char ?? '')?.closer === closer) {
      open.length = i;
      return;
    }
  }
}

/** Bidi characters in code (outside comments and strings), where nothing confines them. */
function outsideTokens(ctx: Ctx, tokens: readonly Node[]): Hit[] {
  const hits: Hit[] = [];
  ctx.lines.forEach((text, row) => {
    for (const match of text.matchAll(BIDI_ALL)) {
      const column = match.index;
      const inside = tokens.some((t) => contains(t, row, column));
      if (!inside) hits.push({ line: row, column, character: describe(match[0]), where: 'in code outside any comment or string' });
    }
  });
  return hits;
}

function contains(token: Node, row: number, column: number): boolean {
  const start = token.startPosition;
  const end = token.endPosition;
  if (row < start.row || row > end.row) return false;
  if (row === start.row && column < start.column) return false;
  return !(row === end.row && column >= end.column);
}

function describe(char: string): string {
  const code = char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? '????';
  const name = OPENERS.get(char)?.name ?? CLOSER_NAMES.get(char) ?? 'BIDI CONTROL';
  return `U+${code} ${name}`;
}

/** A finding pinned to the character itself rather than to the whole token. */
function toFinding(ctx: Ctx, module: Node, hit: Hit): Finding {
  const base = ctx.report(module, { character: hit.character, where: hit.where });
  return {
    ...base,
    line: hit.line + 1,
    endLine: hit.line + 1,
    column: hit.column + 1,
    endColumn: hit.column + 2,
    snippet: ctx.lines[hit.line] ?? '',
  };
}

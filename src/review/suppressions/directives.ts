/**
 * The suppression comment syntaxes secreview honours, parsed from a comment's text (without its
 * comment marker, so the same parser serves `#` and `//` languages):
 *
 * - `secreview: ignore[PY-SQLI-001, CWE-89] reason`: our own; ids are required, and so is a reason.
 * - `nosec`, `nosec B608`, `nosec: B608,B105 reason`: Bandit's; without ids it covers every rule.
 * - `noqa: S608`: Ruff's flake8-bandit codes (S + the Bandit number). A blanket `noqa` is a
 *   style linter's switch and is not taken as a security decision.
 * - C/C++: `flawfinder: ignore` (Flawfinder's, every rule, on its line or the next), `NOLINT`,
 *   `NOLINT(C-BUF-001)` and `NOLINTNEXTLINE(...)` (clang-tidy's form; ids name our rules, and
 *   without ids every rule is covered, since reviewers put them on the calls these tools flag).
 */
export type DirectiveKind = 'secreview' | 'nosec' | 'noqa' | 'flawfinder' | 'nolint';

/** One suppression directive found in a comment. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** The directive as written (trimmed), for messages. */
  readonly text: string;
  /** Offset of the directive in the comment text. */
  readonly offset: number;
  /**
   * What it names: rule ids, names or CWE ids (`secreview`), Bandit ids (`nosec`), Ruff codes
   * (`noqa`). Empty means every rule, which only `nosec` allows.
   */
  readonly codes: readonly string[];
  readonly reason: string;
  /** Why a `secreview` directive cannot be applied (no ids, no reason, unknown verb). */
  readonly problem?: string;
  /** Covers the next line rather than its own (`NOLINTNEXTLINE`). */
  readonly nextLine?: boolean;
}

// A directive starts the comment or follows another `#` inside it (`# noqa: E501  # nosec`).
const DIRECTIVE_START = /(?:^|#|\*)[ \t]*(secreview[ \t]*:|nosec(?![\w-])|noqa(?![\w-])|flawfinder[ \t]*:[ \t]*ignore\b|NOLINT(?:NEXTLINE)?(?![\w-]))/gi;
const USAGE = '# secreview: ignore[RULE-ID] <why this is safe>';

/** Every suppression directive in one comment, in order. */
export function parseDirectives(comment: string): Directive[] {
  const starts = [...comment.matchAll(DIRECTIVE_START)];
  return starts.map((match, index) => {
    const keyword = match[1] ?? '';
    const offset = (match.index ?? 0) + match[0].length - keyword.length;
    const end = starts[index + 1]?.index ?? comment.length;
    const segment = comment.slice(offset, end).trim();
    const body = segment.slice(keyword.length);
    const lower = keyword.toLowerCase();
    if (lower.startsWith('secreview')) return parseSecreview(segment, offset, body);
    if (lower === 'nosec') return parseNosec(segment, offset, body);
    if (lower.startsWith('flawfinder')) return { kind: 'flawfinder', text: segment, offset, codes: [], reason: '' };
    if (lower.startsWith('nolint')) return parseNolint(segment, offset, body, lower === 'nolintnextline');
    return parseNoqa(segment, offset, body);
  });
}

function parseSecreview(text: string, offset: number, body: string): Directive {
  const base = { kind: 'secreview' as const, text, offset };
  const match = /^\s*ignore\s*(?:\[([^\]]*)\])?(.*)$/is.exec(body);
  if (!match) {
    const verb = body.trim().split(/\s+/)[0] ?? '';
    return { ...base, codes: [], reason: '', problem: `unknown directive "${verb}"; write ${USAGE}` };
  }
  const codes = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
  const reason = cleanReason(match[2] ?? '');
  if (codes.length === 0) {
    return { ...base, codes, reason, problem: `names no rule, so it is not applied; write ${USAGE}` };
  }
  if (!/[\p{L}\p{N}]/u.test(reason)) {
    return { ...base, codes, reason: '', problem: `has no reason, so it is not applied; say why the code is safe: ${USAGE}` };
  }
  return { ...base, codes, reason };
}

/** Bandit: `nosec`, optionally `:`, then test ids; anything else is free text (the reason). */
function parseNosec(text: string, offset: number, body: string): Directive {
  const words = body.replace(/^\s*:/, '').split(/[\s,]+/).filter(Boolean);
  const codes = words.filter((w) => /^B\d{3}$/i.test(w)).map((w) => w.toUpperCase());
  const reason = cleanReason(words.filter((w) => !/^B\d{3}$/i.test(w)).join(' '));
  return { kind: 'nosec', text, offset, codes, reason };
}

/** Ruff: `noqa: S608, E501`; only the codes right after the colon count. */
function parseNoqa(text: string, offset: number, body: string): Directive {
  const match = /^\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)/i.exec(body);
  const codes = match?.[1] ? match[1].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) : [];
  return { kind: 'noqa', text, offset, codes, reason: '' };
}

/** clang-tidy: `NOLINT`, `NOLINT(id, ...)`, `NOLINTNEXTLINE(id)`. */
function parseNolint(text: string, offset: number, body: string, nextLine: boolean): Directive {
  const match = /^\(([^)]*)\)/.exec(body);
  const codes = match?.[1] ? match[1].split(/[\s,]+/).filter(Boolean) : [];
  return { kind: 'nolint', text, offset, codes, reason: '', ...(nextLine ? { nextLine: true } : {}) };
}

/** Strips the separators people put between the ids and the reason (`:`, `-`, `--`, `—`). */
function cleanReason(text: string): string {
  return text.replace(/^[\s:\-–—]+/u, '').trim();
}

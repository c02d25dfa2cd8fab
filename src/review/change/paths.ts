/**
 * Paths as diffs write them: `a/` and `b/` prefixes (or git's mnemonic `i/`, `w/`, `c/`, `o/`),
 * C-style quoting for unusual names, and `/dev/null` for a missing side.
 */

const NULL_PATH = '/dev/null';

/** Decodes a git-quoted path (`"dir/caf\303\251.py"`) into its UTF-8 text; unquoted paths pass through. */
export function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A `---`/`+++` header path: unquoted, without the timestamp some tools append after a tab. */
export function headerPath(rest: string): string | undefined {
  const trimmed = rest.startsWith('"') ? (/^"(?:[^"\\]|\\.)*"/.exec(rest)?.[0] ?? rest) : rest.split('\t')[0] ?? rest;
  const path = unquotePath(trimmed.replace(/\s+$/, ''));
  return path === NULL_PATH ? undefined : path;
}

/** Strips a one-letter diff prefix (`a/`, `b/`, `i/`, `w/` …) when the diff uses them. */
export function stripPrefix(path: string | undefined, usesPrefixes: boolean): string | undefined {
  if (path === undefined || !usesPrefixes) return path;
  return /^[a-z]\//.test(path) ? path.slice(2) : path;
}

/**
 * The two paths of a `diff --git` line. Quoted paths are exact; unquoted ones with spaces are
 * ambiguous, so the split that gives the same name on both sides wins (as git's own apply does).
 */
export function gitHeaderPaths(rest: string): { oldPath: string; newPath: string } | undefined {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted?.[1] && quoted[2]) return { oldPath: unquotePath(quoted[1]), newPath: unquotePath(quoted[2]) };
  for (let i = rest.indexOf(' '); i > 0; i = rest.indexOf(' ', i + 1)) {
    const left = rest.slice(0, i);
    const right = rest.slice(i + 1);
    if (left.slice(2) === right.slice(2)) return { oldPath: left, newPath: right };
  }
  return undefined;
}

/** True when both header paths carry a one-letter prefix (`a/x b/x`). */
export function hasPrefixes(oldPath: string, newPath: string): boolean {
  return /^[a-z]\//.test(oldPath) && /^[a-z]\//.test(newPath);
}

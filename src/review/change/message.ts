/**
 * Commit metadata from the two textual forms a patch carries it in: the mail of
 * `git format-patch` (GitHub's `.patch`, Gerrit's download) and the `commit <id>` block of
 * `git show` / `git log -p`.
 */

/** Who and what, as the header says. */
export interface CommitHeader {
  readonly id?: string;
  readonly author?: string;
  readonly date?: string;
  readonly message?: string;
}

/** Where a header block ends and the diff (or the next block) begins. */
export interface HeaderParse {
  readonly header: CommitHeader;
  /** Index of the first line after the header block. */
  readonly next: number;
}

const MBOX_FROM = /^From ([0-9a-f]{7,64}) /;
const LOG_COMMIT = /^commit ([0-9a-f]{7,64})\b/;

/** True when `line` opens a format-patch mail or a `git show` commit block. */
export function isCommitStart(line: string): boolean {
  return MBOX_FROM.test(line) || LOG_COMMIT.test(line);
}

/** Parses the commit block that starts at `lines[start]` (which satisfies `isCommitStart`). */
export function parseCommitHeader(lines: readonly string[], start: number): HeaderParse {
  const first = lines[start] ?? '';
  return MBOX_FROM.test(first) ? parseMail(lines, start) : parseLogBlock(lines, start);
}

/** A format-patch mail: RFC 5322 headers (folded), a blank line, the body up to `---`. */
function parseMail(lines: readonly string[], start: number): HeaderParse {
  const id = MBOX_FROM.exec(lines[start] ?? '')?.[1];
  const headers = new Map<string, string>();
  let i = start + 1;
  let last = '';
  for (; i < lines.length && (lines[i] ?? '') !== ''; i++) {
    const line = lines[i] ?? '';
    if (/^[ \t]/.test(line) && last) headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`);
    const field = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (field?.[1]) {
      last = field[1].toLowerCase();
      headers.set(last, field[2] ?? '');
    }
  }
  const body: string[] = [];
  for (i += 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '---' || line.startsWith('diff --git ') || isCommitStart(line)) break;
    body.push(line);
  }
  const subject = cleanSubject(decodeEncodedWords(headers.get('subject') ?? ''));
  const text = [subject, body.join('\n').trim()].filter(Boolean).join('\n\n');
  const author = headers.get('from');
  const date = headers.get('date');
  return {
    header: { ...(id ? { id } : {}), ...(author ? { author: decodeEncodedWords(author) } : {}), ...(date ? { date } : {}), ...(text ? { message: text } : {}) },
    next: i,
  };
}

/** A `git show` block: `commit`, `Author:`/`Date:` lines, a blank line, the message indented by four spaces. */
function parseLogBlock(lines: readonly string[], start: number): HeaderParse {
  const id = LOG_COMMIT.exec(lines[start] ?? '')?.[1];
  const fields = new Map<string, string>();
  let i = start + 1;
  for (; i < lines.length && (lines[i] ?? '') !== ''; i++) {
    const field = /^([A-Za-z]+):\s*(.*)$/.exec(lines[i] ?? '');
    if (field?.[1]) fields.set(field[1].toLowerCase(), field[2] ?? '');
  }
  const body: string[] = [];
  for (i += 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line !== '' && !line.startsWith('    ')) break;
    body.push(line.slice(4));
  }
  const message = body.join('\n').trim();
  const author = fields.get('author');
  const date = fields.get('date') ?? fields.get('authordate');
  return {
    header: { ...(id ? { id } : {}), ...(author ? { author } : {}), ...(date ? { date } : {}), ...(message ? { message } : {}) },
    next: i,
  };
}

/** Drops the `[PATCH v2 1/3]` tags and `Re:` that mail tools put before a subject, as `git am` does. */
export function cleanSubject(subject: string): string {
  let out = subject.trim();
  for (;;) {
    const stripped = out.replace(/^\[[^\]]*\]\s*/, '').replace(/^re:\s*/i, '');
    if (stripped === out) return out;
    out = stripped;
  }
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?q?caf=C3=A9?=`), which format-patch uses for non-ASCII subjects. */
export function decodeEncodedWords(text: string): string {
  // Whitespace between two adjacent encoded words is not part of the text.
  const joined = text.replace(/(\?=)\s+(=\?)/g, '$1$2');
  return joined.replace(/=\?([^?]+)\?([qQbB])\?([^?]*)\?=/g, (whole, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : qDecode(data);
    try {
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    } catch {
      return whole;
    }
  });
}

function qDecode(data: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] ?? '';
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(data.slice(i + 1, i + 3))) {
      bytes.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Uint8Array.from(bytes);
}

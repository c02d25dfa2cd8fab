import { readFileSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { ErrorKind } from '../core/result.js';

/** The default cap on the size of one reviewed file. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** A decoded source text, or why there is none. */
export type ReadOutcome =
  | { readonly ok: true; readonly text: string; readonly encoding: string }
  | { readonly ok: false; readonly kind: ErrorKind; readonly message: string };

/** File system calls the reader needs; tests pass fakes to simulate failures root cannot cause. */
export interface ReadFs {
  readonly stat: (path: string) => { size: number; isFile(): boolean };
  readonly readFile: (path: string) => Buffer;
}

const nodeFs: ReadFs = { stat: (path) => statSync(path), readFile: (path) => readFileSync(path) };

/**
 * Reads and decodes one source file, turning every failure into a described outcome.
 *
 * Synchronous, as ESLint and Ruff read: source files are small and mostly in the page cache,
 * and the promise API's stat/open/read/close round trips through the thread pool cost more than
 * the reads (the standard library's 1,790 files: ~0.3 s with 16 reads in flight, 0.08 s this way).
 * Only regular files are read, so a pipe or device never blocks the run.
 */
export function readSourceFile(path: string, maxSize: number, fs: ReadFs = nodeFs): ReadOutcome {
  let info;
  try {
    info = fs.stat(path);
  } catch (error) {
    return ioFailure(error);
  }
  if (!info.isFile()) return { ok: false, kind: 'unsupported', message: 'not a regular file (device, socket or pipe); skipped' };
  if (info.size > maxSize) {
    return { ok: false, kind: 'size', message: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxSize)} limit; raise --max-file-size to review it` };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFile(path);
  } catch (error) {
    return ioFailure(error);
  }
  return decodeSource(bytes);
}

/** Decodes source bytes: refuses binary data, honours a PEP 263 coding declaration, else strict UTF-8. */
export function decodeSource(bytes: Uint8Array): ReadOutcome {
  if (bytes.length === 0) return { ok: true, text: '', encoding: 'utf-8' };
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, kind: 'binary', message: 'binary file (contains NUL bytes); skipped' };
  const declared = declaredEncoding(bytes);
  const encoding = declared ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    return { ok: false, kind: 'encoding', message: `unknown source encoding "${encoding}" declared in the coding comment; skipped` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const where = offset === undefined ? '' : ` (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset})`;
    return {
      ok: false,
      kind: 'encoding',
      message: `not valid ${declared ?? 'UTF-8'}${where}; declare the encoding with a "# -*- coding: …" line or convert the file`,
    };
  }
}

// PEP 263: a comment on line 1 or 2 matching `coding[:=]\s*([-\w.]+)`.
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const match = CODING.exec(line);
    if (match?.[1]) return normalizeEncoding(match[1]);
  }
  return undefined;
}

function normalizeEncoding(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  // Python's names that WHATWG labels spell differently.
  if (lower === 'utf8' || lower === 'utf-8-sig') return 'utf-8';
  if (lower === 'latin-1' || lower === 'l1') return 'latin1';
  return lower;
}

function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return undefined;
}

function ioFailure(error: unknown): ReadOutcome {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return { ok: false, kind: 'io', message: 'no such file (or a broken symbolic link)' };
    case 'ELOOP':
      return { ok: false, kind: 'symlink', message: 'symbolic link loop; skipped' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, kind: 'io', message: 'permission denied; check the file permissions' };
    case 'EISDIR':
      return { ok: false, kind: 'unsupported', message: 'is a directory' };
    default:
      return { ok: false, kind: 'io', message: `cannot read file: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

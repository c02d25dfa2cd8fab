import { describe, expect, it } from 'vitest';
import { decodeSource, readSourceFile } from '../../src/review/read.js';
import type { ReadFs } from '../../src/review/read.js';

function failingFs(code: string, at: 'stat' | 'read'): ReadFs {
  const error = Object.assign(new Error(`${code}: simulated`), { code });
  return {
    stat: () => {
      if (at === 'stat') throw error;
      return { size: 10, isFile: () => true };
    },
    readFile: () => {
      throw error;
    },
  };
}

describe('readSourceFile', () => {
  it('turns permission errors into a per-file diagnostic', () => {
    // Root ignores file modes, so the failure is simulated rather than produced with chmod.
    const outcome = readSourceFile('/x.py', 1000, failingFs('EACCES', 'read'));
    expect(outcome).toMatchObject({ ok: false, kind: 'io', message: expect.stringContaining('permission denied') as string });
  });

  it('reports symlink loops and missing files', () => {
    expect(readSourceFile('/x.py', 1000, failingFs('ELOOP', 'stat'))).toMatchObject({ ok: false, kind: 'symlink' });
    expect(readSourceFile('/x.py', 1000, failingFs('ENOENT', 'stat'))).toMatchObject({ ok: false, kind: 'io' });
  });

  it('refuses files over the size cap without reading them', () => {
    let read = false;
    const fs: ReadFs = {
      stat: () => ({ size: 2_000_000, isFile: () => true }),
      readFile: () => {
        read = true;
        return Buffer.from('');
      },
    };
    expect(readSourceFile('/x.py', 1_000_000, fs)).toMatchObject({ ok: false, kind: 'size' });
    expect(read).toBe(false);
  });
});

describe('decodeSource', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    expect(decodeSource(Buffer.from('\ufeffx = "é"\n', 'utf8'))).toEqual({ ok: true, text: 'x = "é"\n', encoding: 'utf-8' });
  });

  it('names the first invalid byte', () => {
    const outcome = decodeSource(Buffer.from([0x78, 0x20, 0xe9, 0x0a]));
    expect(outcome).toMatchObject({ ok: false, kind: 'encoding', message: expect.stringContaining('0xe9 at offset 2') as string });
  });

  it('honours a PEP 263 coding declaration', () => {
    const outcome = decodeSource(Buffer.from('# coding: latin-1\nx = "caf\xe9"\n', 'latin1'));
    expect(outcome).toMatchObject({ ok: true, text: '# coding: latin-1\nx = "café"\n' });
  });

  it('detects binary data', () => {
    expect(decodeSource(Buffer.from([1, 2, 0, 3]))).toMatchObject({ ok: false, kind: 'binary' });
  });
});

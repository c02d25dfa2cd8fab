import { describe, expect, it } from 'vitest';
import { countLines } from '../../src/lang/syntax.js';

describe('countLines', () => {
  it('counts lines as an editor does, for every kind of line break', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('a\r\nb\r\n')).toBe(2);
    expect(countLines('a\rb')).toBe(2);
    expect(countLines('a\rb\r')).toBe(2);
    expect(countLines('\n\n')).toBe(2);
    expect(countLines('a\r\n\rb')).toBe(3);
    expect(countLines('\r')).toBe(1);
  });

  it('agrees with splitting on CRLF, CR and LF over mixed texts', () => {
    const pieces = ['x', 'yy', '\n', '\r', '\r\n', '\n\r', ''];
    // Every text of up to four pieces: the count is the number of parts, less an empty last one.
    const texts = [''];
    for (let length = 0; length < 4; length++) for (const text of [...texts]) for (const piece of pieces) texts.push(text + piece);
    for (const text of texts) {
      const parts = text.split(/\r\n|\r|\n/);
      const expected = text === '' ? 0 : parts.at(-1) === '' ? parts.length - 1 : parts.length;
      expect(countLines(text), JSON.stringify(text)).toBe(expected);
    }
  });
});

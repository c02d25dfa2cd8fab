import { describe, expect, it } from 'vitest';
import { MentionIndex } from '../../src/lang/mentions.js';

describe('MentionIndex', () => {
  const strings = ['tmp', 'urllib', 'urllib3', 'COOKIE', 'ßxy', 'é€ü'];
  const index = new MentionIndex([...strings, 'tmp']);

  it('finds every string the text contains, overlapping ones included', () => {
    expect([...index.foundIn('import urllib3\nx = "/tmp/a"  # ßxy é€ü SESSION_COOKIE_SECURE')].sort()).toEqual([...strings].sort());
  });

  it('agrees with includes on texts with and without the strings', () => {
    for (const text of ['', 'u', 'urlli', 'xurllibx', 'tm\np', 'a tmp', 'tmp', 'tm', 'é€ü', 'é€', 'COOKI', 'ßx', 'xßxy']) {
      expect([...index.foundIn(text)].sort()).toEqual(strings.filter((s) => text.includes(s)).sort());
    }
  });

  it('agrees with includes on every text of up to four pieces', () => {
    // Pieces that start, end and cut through the strings, so every position and overlap occurs.
    const pieces = ['t', 'tm', 'mp', 'p', 'urll', 'ib', '3', 'ß', 'xy', 'é€', 'ü', 'COOK', 'IE', ' '];
    const texts = [''];
    for (let length = 1; length <= 4; length++) {
      for (const text of texts.filter((t) => t.length > 0 || length === 1).slice()) for (const piece of pieces) texts.push(text + piece);
    }
    for (const text of new Set(texts)) {
      expect([...index.foundIn(text)].sort()).toEqual(strings.filter((s) => text.includes(s)).sort());
    }
  });

  it('refuses strings too short to index', () => {
    expect(() => new MentionIndex(['xy'])).toThrow(/three characters/);
  });
});

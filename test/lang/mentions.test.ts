import { describe, expect, it } from 'vitest';
import { MentionIndex } from '../../src/lang/mentions.js';

describe('MentionIndex', () => {
  const index = new MentionIndex(['tmp', 'urllib', 'urllib3', 'COOKIE', 'ßx', 'é€', 'tmp']);

  it('finds every string the text contains, overlapping ones included', () => {
    expect([...index.foundIn('import urllib3\nx = "/tmp/a"  # ßx é€ SESSION_COOKIE_SECURE')].sort()).toEqual(['COOKIE', 'tmp', 'urllib', 'urllib3', 'ßx', 'é€'].sort());
  });

  it('agrees with includes on texts with and without the strings', () => {
    const strings = ['tmp', 'urllib', 'urllib3', 'COOKIE', 'ßx', 'é€'];
    for (const text of ['', 'u', 'urlli', 'xurllibx', 'tm\np', 'a tmp', 'tmp', 'é€', 'é', 'COOKI']) {
      expect([...index.foundIn(text)].sort()).toEqual(strings.filter((s) => text.includes(s)).sort());
    }
  });

  it('refuses strings too short to index', () => {
    expect(() => new MentionIndex(['x'])).toThrow(/two characters/);
  });
});

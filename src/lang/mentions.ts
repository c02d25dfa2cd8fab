/**
 * Which of a fixed set of strings a text contains, found in one pass over the text. Rules
 * declare strings every file they can report on contains (their prefilter); asking the text
 * for each of them with `includes` scanned a whole file once per string, and most strings are
 * absent from most files, so every scan ran to the end. Here each position is looked up by its
 * first two characters, and only strings starting with those are compared.
 */
export class MentionIndex {
  /** Strings by their first two UTF-16 code units (`first * 65536 + second`). */
  private readonly byPair = new Map<number, string[]>();
  /** For pairs of 8-bit characters, whether some string starts with them: tested before the map. */
  private readonly latinPairs = new Uint8Array(1 << 16);

  constructor(strings: Iterable<string>) {
    for (const s of new Set(strings)) {
      if (s.length < 2) throw new Error(`a mention needs at least two characters: "${s}"`);
      const a = s.charCodeAt(0);
      const b = s.charCodeAt(1);
      const key = a * 65536 + b;
      const list = this.byPair.get(key);
      if (list) list.push(s);
      else this.byPair.set(key, [s]);
      if (a < 256 && b < 256) this.latinPairs[(a << 8) | b] = 1;
    }
  }

  /** The strings that occur in `text`. */
  foundIn(text: string): Set<string> {
    const found = new Set<string>();
    const { byPair, latinPairs } = this;
    if (byPair.size === 0) return found;
    // One character read per position: each pair's second character is the next pair's first.
    let b = text.charCodeAt(0);
    for (let i = 0; i < text.length - 1; i++) {
      const a = b;
      b = text.charCodeAt(i + 1);
      if ((a | b) < 256 && latinPairs[(a << 8) | b] === 0) continue;
      const candidates = byPair.get(a * 65536 + b);
      if (!candidates) continue;
      for (const s of candidates) if (!found.has(s) && text.startsWith(s, i)) found.add(s);
    }
    return found;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage } from './types.js';

/** Stored answers of earlier runs, keyed by what determines them. */
export interface ReplyCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, reply: string): Promise<void>;
}

/** Bump when the stored layout or the meaning of a key changes. */
const CACHE_VERSION = 1;

/**
 * The key of one request: the model, the prompt design and a hash of the exact messages (which
 * hold the chunk's code, path and commit message and the template text), so a changed template
 * or chunk never reuses an old answer.
 */
export function cacheKey(model: string, design: string, messages: readonly ChatMessage[]): string {
  const chunkHash = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
  return createHash('sha256').update(JSON.stringify([CACHE_VERSION, model, design, chunkHash])).digest('hex');
}

interface Entry {
  readonly version: number;
  readonly model: string;
  readonly promptDesign: string;
  readonly reply: string;
}

/**
 * A cache of one JSON file per answer under `dir` (default `.secreview-cache/llm/`), two-level by
 * key prefix. Failures to read or write only cost a request: the cache never fails a review.
 */
export function diskCache(dir: string, model: string, design: string): ReplyCache {
  const pathOf = (key: string): string => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      try {
        const entry = JSON.parse(await readFile(pathOf(key), 'utf8')) as Partial<Entry>;
        return entry.version === CACHE_VERSION && typeof entry.reply === 'string' ? entry.reply : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, reply) {
      const target = pathOf(key);
      const entry: Entry = { version: CACHE_VERSION, model, promptDesign: design, reply };
      try {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
        // Write then rename, so a concurrent reader never sees half a file.
        const temp = `${target}.${randomUUID()}.tmp`;
        await writeFile(temp, `${JSON.stringify(entry)}\n`);
        await rename(temp, target);
      } catch {
        // A read-only checkout or a full disk only costs the next run a request.
      }
    },
  };
}

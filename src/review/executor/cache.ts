import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bump when the cached data's shape or the analysis changes in a way the key does not capture. */
const CACHE_FORMAT = 'v1';

/**
 * A content-addressed on-disk cache of per-file results. Entries are written to a temporary
 * file and renamed into place, so concurrent runs never see half-written data; an entry that
 * cannot be read or parsed is treated as missing and rewritten.
 */
export class ResultCache {
  constructor(private readonly directory: string) {}

  /** A stable key from the parts that decide a result. */
  static key(...parts: readonly string[]): string {
    const hash = createHash('sha256');
    hash.update(CACHE_FORMAT);
    for (const part of parts) {
      hash.update('\0');
      hash.update(part);
    }
    return hash.digest('hex');
  }

  /** A key for a value's content, Maps included at any depth (plain JSON would print them as `{}`). */
  static fingerprint(value: unknown): string {
    return ResultCache.key('value', JSON.stringify(value, replaceMaps));
  }

  /** True when `directory` holds no entries of this format yet: a first run, or a cleared cache. */
  static isEmpty(directory: string): boolean {
    try {
      return readdirSync(join(directory, CACHE_FORMAT)).length === 0;
    } catch {
      return true;
    }
  }

  get<T>(key: string): T | undefined {
    try {
      // A synchronous read: entries are small and mostly in the page cache, and the promise API's
      // open/stat/read/close round trips through the thread pool cost more than the read itself.
      const text = readFileSync(this.pathOf(key), 'utf8');
      const value: unknown = JSON.parse(text);
      return (text.includes(MAP_TAG) ? restoreMaps(value) : value) as T;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const target = this.pathOf(key);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temporary, JSON.stringify(value, replaceMaps));
      await rename(temporary, target);
    } catch {
      // A cache that cannot be written only costs speed.
      await unlink(temporary).catch(() => undefined);
    }
  }

  private pathOf(key: string): string {
    return join(this.directory, CACHE_FORMAT, key.slice(0, 2), `${key}.json`);
  }
}

const MAP_TAG = '__secreview_map__';

function replaceMaps(_key: string, value: unknown): unknown {
  return value instanceof Map ? { [MAP_TAG]: [...(value as Map<unknown, unknown>).entries()] } : value;
}

/**
 * The Maps {@link replaceMaps} wrote, made Maps again, in place. Why not a JSON.parse reviver:
 * it is called for every value of an entry, and parsing the entries of a warm standard library
 * review took 3.5 times as long with it as this walk over the objects does.
 */
function restoreMaps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreMaps(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (MAP_TAG in record) {
    return new Map((record[MAP_TAG] as [unknown, unknown][]).map(([key, item]) => [restoreMaps(key), restoreMaps(item)]));
  }
  for (const key of Object.keys(record)) {
    const item = record[key];
    const restored = restoreMaps(item);
    // Assigned only when a Map replaced the value, so no key (not even `__proto__`) is ever set anew.
    if (restored !== item) record[key] = restored;
  }
  return record;
}

import { LRUCache } from 'lru-cache';
import type { CacheEntry, CacheStore } from './CacheStore.js';

export interface MemoryStoreOptions {
  /** Most bytes held (keys and answer texts, counted as UTF-16 code units × 2, plus a fixed overhead). */
  maxBytes: number;
  /** Keep entries only while fresh (a first level in front of a shared store, which holds the stale ones). */
  freshOnly?: boolean;
  now?: () => number;
}

const ENTRY_OVERHEAD = 96;

/** What an entry counts against `maxBytes`: keys and texts as UTF-16 code units × 2, plus overhead. */
const sizeOf = (chars: number, key: string) => Math.max(1, 2 * (chars + key.length) + ENTRY_OVERHEAD);

/**
 * Answer texts at least this long are kept as UTF-8 bytes outside the JS heap (unpooled
 * Buffers: Node pools only those under 4 KiB). Why: V8 lets its old generation grow to a
 * multiple (up to 4×) of what survived the last full collection, and a cached text is exactly
 * such a survivor. A few 1 MB upstream answers in the cache let megabytes of promoted garbage
 * pile up per megabyte cached before V8 marks; as bytes they are outside that account. A hit
 * decodes the text again (~0.5 ms per 700 KB, against ~3 ms to parse it).
 */
const BYTES_FROM_CHARS = 4096;

/** An entry as held: the text itself, or its bytes. */
interface Held {
  readonly entry: Omit<CacheEntry, 'text'>;
  readonly text: string | Buffer;
  /** Size accounting in UTF-16 code units, as for a text held as a string. */
  readonly chars: number;
}

const hold = (e: CacheEntry): Held => {
  const { text, ...entry } = e;
  return { entry, text: text.length >= BYTES_FROM_CHARS ? Buffer.from(text, 'utf8') : text, chars: text.length };
};

const entryOf = (h: Held): CacheEntry => ({ ...h.entry, text: typeof h.text === 'string' ? h.text : h.text.toString('utf8') });

/** Entries in this process's memory, least recently used out first once `maxBytes` is reached. */
export function createMemoryStore({ maxBytes, freshOnly = false, now = Date.now }: MemoryStoreOptions): CacheStore {
  const lru = new LRUCache<string, Held>({ maxSize: maxBytes, sizeCalculation: (h, key) => sizeOf(h.chars, key) });
  const until = (e: Omit<CacheEntry, 'text'>) => (freshOnly ? e.freshUntil : e.staleUntil);
  return {
    async get(key) {
      const h = lru.get(key);
      if (!h) return undefined;
      // Expiry by the cache's own clock (tests inject one), not lru-cache's timer.
      if (now() >= until(h.entry)) {
        lru.delete(key);
        return undefined;
      }
      return entryOf(h);
    },
    async set(key, e) {
      if (now() >= until(e)) return;
      // An answer larger than the whole cache is not kept, and not encoded first; as lru-cache
      // does with one it refuses, the older answer under the key goes.
      if (sizeOf(e.text.length, key) > maxBytes) {
        lru.delete(key);
        return;
      }
      lru.set(key, hold(e));
    },
    async claimRefresh() {
      return true;
    },
    async close() {
      lru.clear();
    },
  };
}

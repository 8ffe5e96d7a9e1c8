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

/** Entries in this process's memory, least recently used out first once `maxBytes` is reached. */
export function createMemoryStore({ maxBytes, freshOnly = false, now = Date.now }: MemoryStoreOptions): CacheStore {
  const lru = new LRUCache<string, CacheEntry>({
    maxSize: maxBytes,
    sizeCalculation: (e, key) => Math.max(1, 2 * (e.text.length + key.length) + ENTRY_OVERHEAD),
  });
  const until = (e: CacheEntry) => (freshOnly ? e.freshUntil : e.staleUntil);
  return {
    async get(key) {
      const e = lru.get(key);
      if (!e) return undefined;
      // Expiry by the cache's own clock (tests inject one), not lru-cache's timer.
      if (now() >= until(e)) {
        lru.delete(key);
        return undefined;
      }
      return e;
    },
    async set(key, e) {
      if (now() >= until(e)) return;
      // An answer larger than the whole cache is not kept (lru-cache would refuse it anyway).
      lru.set(key, e);
    },
    async claimRefresh() {
      return true;
    },
    async close() {
      lru.clear();
    },
  };
}

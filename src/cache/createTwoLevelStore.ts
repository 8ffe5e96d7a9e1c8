import type { CacheEntry, CacheStore } from './CacheStore.js';

/**
 * A small in-process first level in front of a shared store (Redis). The first level keeps
 * fresh entries only: a stale one is looked up in the shared store, where another replica may
 * already have refreshed it. When the shared store fails, what the first level holds still
 * serves; with nothing there the failure reaches the caller (which then bypasses the cache).
 */
export function createTwoLevelStore(first: CacheStore, shared: CacheStore): CacheStore {
  return {
    async get(key) {
      const local = await first.get(key);
      if (local) return local;
      const remote = await shared.get(key);
      if (remote) await first.set(key, remote);
      return remote;
    },
    async set(key, entry: CacheEntry) {
      await first.set(key, entry);
      await shared.set(key, entry);
    },
    claimRefresh: (key, ms) => shared.claimRefresh(key, ms),
    async close() {
      await first.close();
      await shared.close();
    },
  };
}

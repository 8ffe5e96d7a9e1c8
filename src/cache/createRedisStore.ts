import type { RedisConnection } from '../redis/createRedisConnection.js';
import { decodeEntry, encodeEntry, type CacheStore } from './CacheStore.js';

/** Keys of the gateway's cache in a Redis it may share with others. */
const PREFIX = 'agw:cache:';
const REFRESH_PREFIX = 'agw:refresh:';

/** Entries in the Redis every replica shares; each expires by itself at its `staleUntil`. */
export function createRedisStore(redis: RedisConnection, now: () => number = Date.now): CacheStore {
  return {
    async get(key) {
      const raw = await redis.run('cache get', (c) => c.get(PREFIX + key));
      return raw === null ? undefined : decodeEntry(raw);
    },
    async set(key, entry) {
      const ms = entry.staleUntil - now();
      if (ms <= 0) return;
      await redis.run('cache set', (c) => c.set(PREFIX + key, encodeEntry(entry), 'PX', ms));
    },
    async claimRefresh(key, ms) {
      return (await redis.run('cache refresh claim', (c) => c.set(REFRESH_PREFIX + key, '1', 'PX', Math.max(1, ms), 'NX'))) === 'OK';
    },
    async close() {
      // The connection is shared (rate limits, APQ): its owner closes it.
    },
  };
}

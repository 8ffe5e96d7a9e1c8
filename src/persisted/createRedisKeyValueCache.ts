import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '../redis/createRedisConnection.js';

/** The interface of `@apollo/utils.keyvaluecache` that Apollo Server's `persistedQueries.cache` takes. */
export interface KeyValueCache<V = string> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

const PREFIX = 'agw:apq:';

/**
 * APQ registrations in Redis, shared by every replica, with a small in-process LRU in front
 * (a hash always names the same document, so a copy never goes stale). A Redis failure is a
 * miss (the client registers the document again), never an error.
 */
export function createRedisKeyValueCache(redis: RedisConnection, maxLocal = 1000): KeyValueCache<string> {
  const local = new LRUCache<string, string>({ max: maxLocal });
  return {
    async get(key) {
      const hit = local.get(key);
      if (hit !== undefined) return hit;
      try {
        const value = await redis.run('apq get', (c) => c.get(PREFIX + key));
        if (value === null) return undefined;
        local.set(key, value);
        return value;
      } catch {
        return undefined;
      }
    },
    async set(key, value, options) {
      local.set(key, value);
      const ttl = options?.ttl;
      try {
        await redis.run('apq set', (c) => (ttl ? c.set(PREFIX + key, value, 'EX', Math.ceil(ttl)) : c.set(PREFIX + key, value)));
      } catch {
        // This replica still has it; the others ask the client to register it again.
      }
    },
    async delete(key) {
      local.delete(key);
      try {
        await redis.run('apq delete', (c) => c.del(PREFIX + key));
      } catch {
        // Expires by its TTL.
      }
      return true;
    },
  };
}

/**
 * Rate limiting per principal. The interface lets a shared store (Redis) replace
 * the in-memory buckets without touching the HTTP layer.
 */
export interface RateLimiter {
  /** Takes `cost` tokens from `key`'s bucket; when empty, says in whole seconds when to retry. */
  take(key: string, cost?: number): Promise<{ ok: true } | { ok: false; retryAfterS: number }>;
}

export interface MemoryRateLimiterOptions {
  /** Tokens added per second (sustained rate). */
  rps: number;
  /** Bucket size (largest burst). */
  burst: number;
  /** Most buckets kept; the least recently used go first (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

/** Token buckets in this process's memory. */
export function createMemoryRateLimiter({ rps, burst, maxKeys = 10_000, now = Date.now }: MemoryRateLimiterOptions): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key, cost = 1) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      buckets.delete(key); // re-inserted last: Map order is the LRU order
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rps);
      b.at = t;
      buckets.set(key, b);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return { ok: true };
      }
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((cost - b.tokens) / rps)) };
    },
  };
}

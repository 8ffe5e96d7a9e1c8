import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/createRedisConnection.js';
import type { RateLimiter } from './rateLimiter.js';

/**
 * One token bucket per key, atomically in Redis (a Lua script: read, refill by Redis' own
 * clock, take, write back, expire), so every replica draws from the same bucket. Returns
 * {ok, seconds to wait}.
 */
const TAKE_TOKENS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local ok = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  ok = 1
else
  wait = math.ceil((cost - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, wait}
`;

const PREFIX = 'agw:rate:';
const WARN_EVERY_MS = 60_000;

export interface RedisRateLimiterOptions {
  redis: RedisConnection;
  rps: number;
  burst: number;
  /** This replica's own buckets, used while Redis is unavailable. */
  fallback: RateLimiter;
  logger: Logger;
  now?: () => number;
}

type WithTakeTokens = { agwTakeTokens(key: string, rps: number, burst: number, cost: number): Promise<[number, number]> };

/** Rate limits shared by every replica through Redis; each replica counts alone while Redis is down. */
export function createRedisRateLimiter({ redis, rps, burst, fallback, logger, now = Date.now }: RedisRateLimiterOptions): RateLimiter {
  const defined = new WeakSet<object>();
  let lastWarn = -Infinity;
  return {
    async take(key, cost = 1) {
      try {
        const [ok, wait] = await redis.run('rate limit', (client) => {
          if (!defined.has(client)) {
            // EVALSHA, loading the script on first use (and after a Redis restart).
            client.defineCommand('agwTakeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
            defined.add(client);
          }
          return (client as unknown as WithTakeTokens).agwTakeTokens(PREFIX + key, rps, burst, cost);
        });
        return ok === 1 ? { ok: true } : { ok: false, retryAfterS: Math.max(1, wait) };
      } catch {
        const t = now();
        if (t - lastWarn >= WARN_EVERY_MS) {
          lastWarn = t;
          logger.warn('rate limits are counted per replica while Redis is unavailable (this warning repeats at most once a minute)');
        }
        return fallback.take(key, cost);
      }
    },
  };
}

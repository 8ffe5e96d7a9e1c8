import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuthFailureThrottle } from '../auth/createAuthFailureThrottle.js';
import type { Principal } from '../auth/Principal.js';
import { cacheExtensionPlugin } from '../cache/cacheExtensionPlugin.js';
import { NO_CACHE_EVENTS, type CacheEvents } from '../cache/CacheEvents.js';
import type { CacheStore } from '../cache/CacheStore.js';
import { createMemoryStore } from '../cache/createMemoryStore.js';
import { createRedisStore } from '../cache/createRedisStore.js';
import { createTwoLevelStore } from '../cache/createTwoLevelStore.js';
import { createUpstreamCaches, type UpstreamCaches } from '../cache/createUpstreamCache.js';
import { createRequestCache, type RequestCache } from '../cache/RequestCache.js';
import type { Config } from '../config/loadConfig.js';
import { createRedisRateLimiter } from '../limits/createRedisRateLimiter.js';
import { createMemoryRateLimiter, type RateLimiter } from '../limits/rateLimiter.js';
import type { Logger } from '../logger.js';
import { createRedisKeyValueCache, type KeyValueCache } from '../persisted/createRedisKeyValueCache.js';
import { createRedisConnection, type RedisConnection } from '../redis/createRedisConnection.js';

/** The longest start-up waits for the first Redis connection (a down Redis fails at once; a silent one takes this). */
const REDIS_STARTUP_WAIT_MS = 2000;

/** How long an APQ registration stays in Redis (a client whose hash expired registers it again). */
const APQ_TTL_S = 86_400;

export interface SharedStateOptions {
  /** The cache's clock (tests inject one; default Date.now). */
  cacheClock?: () => number;
  /** Cache metrics (default: none). */
  cacheEvents?: CacheEvents;
}

/**
 * What the gateway keeps beyond one request, and (with REDIS_URL) shares with its other
 * replicas through Redis: the upstream-response cache, the rate-limit and failed-authentication
 * buckets and the APQ registrations. Without REDIS_URL each lives in this process alone.
 */
export interface SharedState {
  /** The response cache for createSources (undefined with CACHE=off). */
  readonly caches: UpstreamCaches | undefined;
  /** The Redis rate limiter (own buckets while Redis is down), or undefined: the guard's in-memory one. */
  readonly rateLimiter: RateLimiter | undefined;
  /** Failed-authentication buckets per client address in Redis (own ones while it is down), or undefined: the guard's in-memory one. */
  readonly authFailureThrottle: AuthFailureThrottle | undefined;
  /** Apollo's `persistedQueries` when APQ registrations live in Redis, else undefined (Apollo's in-memory default). */
  readonly persistedQueries: { cache: KeyValueCache<string>; ttl: number } | undefined;
  /** Apollo plugins: `extensions.cache`. */
  readonly plugins: ApolloServerPlugin<{ cache?: RequestCache }>[];
  /** Resolves once the Redis connection is up, or failed, or after a moment (start-up awaits it). */
  ready(): Promise<void>;
  /** The cache part of one request's scope (undefined with CACHE=off). */
  requestCache(principal: Principal, headers: IncomingHttpHeaders): RequestCache | undefined;
  close(): Promise<void>;
}

export function createSharedState(config: Config, logger: Logger, options: SharedStateOptions = {}): SharedState {
  const events = options.cacheEvents ?? NO_CACHE_EVENTS;
  const redis: RedisConnection | null = config.redis.url
    ? createRedisConnection({ url: config.redis.url, timeoutMs: config.redis.timeoutMs, logger: logger.child({ component: 'redis' }), onError: () => events.backendError() })
    : null;
  if (redis) logger.info({ timeoutMs: config.redis.timeoutMs }, 'shared state (response cache, rate limits, APQ) in Redis');

  let caches: UpstreamCaches | undefined;
  if (config.cache.enabled) {
    const clock = options.cacheClock ?? Date.now;
    let store: CacheStore;
    if (!redis) store = createMemoryStore({ maxBytes: config.cache.maxBytes, now: clock });
    else {
      const shared = createRedisStore(redis, clock);
      store = config.cache.l1MaxBytes > 0 ? createTwoLevelStore(createMemoryStore({ maxBytes: config.cache.l1MaxBytes, freshOnly: true, now: clock }), shared) : shared;
    }
    caches = createUpstreamCaches({ config: config.cache, store, clock, events, logger });
  }

  const { rps, burst } = config.rateLimit;
  const rateLimiter = redis && rps > 0 ? createRedisRateLimiter({ redis, rps, burst, fallback: createMemoryRateLimiter({ rps, burst }), logger }) : undefined;
  // The same atomic buckets for failed authentications, keyed by client address, so that a
  // guesser spreading attempts over replicas meets one limit.
  const failures = config.authThrottle;
  const authLimiter = redis && failures.rps > 0
    ? createRedisRateLimiter({ redis, rps: failures.rps, burst: failures.burst, fallback: createMemoryRateLimiter({ rps: failures.rps, burst: failures.burst }), logger })
    : undefined;
  const authFailureThrottle: AuthFailureThrottle | undefined = authLimiter ? { take: (address) => authLimiter.take(`authfail:${address}`) } : undefined;

  return {
    caches,
    rateLimiter,
    authFailureThrottle,
    persistedQueries: redis ? { cache: createRedisKeyValueCache(redis), ttl: APQ_TTL_S } : undefined,
    plugins: caches ? [cacheExtensionPlugin()] : [],
    ready: async () => {
      await redis?.firstAttempt(REDIS_STARTUP_WAIT_MS);
    },
    requestCache: (principal, headers) => (caches ? createRequestCache(principal, headers) : undefined),
    async close() {
      await caches?.close();
      await redis?.close();
    },
  };
}

import { bool, int, type Env } from './env.js';

/** The upstream-response cache (src/cache/). All durations in seconds. */
export interface CacheConfig {
  /** CACHE: on (default) or off; off is the gateway without any cache at all. */
  enabled: boolean;
  /** CACHE_MAX_BYTES: bound of the in-memory LRU (default 67108864, 64 MiB). */
  maxBytes: number;
  /** CACHE_L1_MAX_BYTES: bound of the in-memory first level in front of Redis (default 8388608; 0 = none). */
  l1MaxBytes: number;
  /** CACHE_SETTLE_S: a window that ended this long ago is settled (default 3600). */
  settleS: number;
  /** CACHE_TTL_SETTLED_S: lifetime of a settled answer (default 3600). */
  ttlSettledS: number;
  /** CACHE_TTL_LIVE_S: lifetime of a live answer (default 15). */
  ttlLiveS: number;
  /** CACHE_STALE_S: how long past its lifetime a live answer is still served while one refresh runs (default 60). */
  staleS: number;
}

export const DEFAULT_CACHE: CacheConfig = Object.freeze({
  enabled: true,
  maxBytes: 67_108_864,
  l1MaxBytes: 8_388_608,
  settleS: 3600,
  ttlSettledS: 3600,
  ttlLiveS: 15,
  staleS: 60,
});

export const CACHE_VARIABLES = ['CACHE', 'CACHE_MAX_BYTES', 'CACHE_L1_MAX_BYTES', 'CACHE_SETTLE_S', 'CACHE_TTL_SETTLED_S', 'CACHE_TTL_LIVE_S', 'CACHE_STALE_S'] as const;

export function readCacheConfig(env: Env): CacheConfig {
  const d = DEFAULT_CACHE;
  return {
    enabled: bool(env, 'CACHE', d.enabled),
    maxBytes: int(env, 'CACHE_MAX_BYTES', d.maxBytes, 1024, 64 * 1024 ** 3),
    l1MaxBytes: int(env, 'CACHE_L1_MAX_BYTES', d.l1MaxBytes, 0, 64 * 1024 ** 3),
    settleS: int(env, 'CACHE_SETTLE_S', d.settleS, 0, 31_536_000),
    ttlSettledS: int(env, 'CACHE_TTL_SETTLED_S', d.ttlSettledS, 1, 31_536_000),
    ttlLiveS: int(env, 'CACHE_TTL_LIVE_S', d.ttlLiveS, 1, 86_400),
    staleS: int(env, 'CACHE_STALE_S', d.staleS, 0, 86_400),
  };
}

import type { CacheConfig } from '../config/cacheConfig.js';

/** The time an upstream request covers, epoch ms, end exclusive. */
export interface CacheWindow {
  start: number;
  end: number;
}

export interface Freshness {
  /** Settled: the window ended long enough ago that the answer no longer changes. */
  settled: boolean;
  /** Lifetime, ms. */
  ttlMs: number;
  /** How long past its lifetime the answer may still be served while one refresh runs, ms. */
  staleMs: number;
}

/**
 * How long an answer stays: a window ending at or before `now − CACHE_SETTLE_S` is settled
 * (CACHE_TTL_SETTLED_S, never served stale); anything else, and a call without a window, is
 * live (CACHE_TTL_LIVE_S, then up to CACHE_STALE_S stale while one refresh runs).
 */
export function freshnessOf(window: CacheWindow | null, now: number, config: Pick<CacheConfig, 'settleS' | 'ttlSettledS' | 'ttlLiveS' | 'staleS'>): Freshness {
  const settled = window !== null && window.end <= now - config.settleS * 1000;
  return settled ? { settled, ttlMs: config.ttlSettledS * 1000, staleMs: 0 } : { settled, ttlMs: config.ttlLiveS * 1000, staleMs: config.staleS * 1000 };
}

/** "Now" floored to the minute: the end of now-relative ranges while the cache is on, so repeated loads share keys. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

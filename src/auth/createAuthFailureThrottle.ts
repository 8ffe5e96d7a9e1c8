import type { AuthThrottleConfig } from '../config/authThrottleConfig.js';
import { createMemoryRateLimiter } from '../limits/rateLimiter.js';

/**
 * Throttles failed authentications per client address, so that guessing API keys or tokens
 * runs at AUTH_FAILURE_RPS after a burst of AUTH_FAILURE_BURST. Only failures are recorded:
 * a valid credential from a throttled address is still admitted. A shared store (Redis) can
 * implement the same interface to throttle across replicas.
 */
export interface AuthFailureThrottle {
  /** Records one failed authentication from `address`; once its bucket is empty, `ok: false` and the whole seconds to wait. */
  take(address: string): Promise<{ ok: true } | { ok: false; retryAfterS: number }>;
}

/** In this process's memory: one token bucket per address, at most `maxAddresses` kept (least recently failed go first). */
export function createAuthFailureThrottle(
  config: Pick<AuthThrottleConfig, 'burst' | 'rps'>,
  { maxAddresses = 10_000, now }: { maxAddresses?: number; now?: () => number } = {},
): AuthFailureThrottle {
  if (config.rps <= 0) return { take: async () => ({ ok: true }) };
  const buckets = createMemoryRateLimiter({ rps: config.rps, burst: config.burst, maxKeys: maxAddresses, now });
  return { take: (address) => buckets.take(address) };
}

import { isIP } from 'node:net';
import { ConfigError, int, type Env } from './env.js';

/** Throttling of failed authentications per client address. */
export interface AuthThrottleConfig {
  /** AUTH_FAILURE_BURST: failed authentications an address may make at once (default 20). */
  burst: number;
  /** AUTH_FAILURE_RPS: failed authentications per second it earns back (default 1; 0 = no throttling). */
  rps: number;
  /**
   * TRUSTED_PROXIES: peers (IP addresses) whose X-Forwarded-For is believed (default none).
   * Kept normalized (IPv4-mapped IPv6 as plain IPv4, IPv6 lower-case).
   */
  trustedProxies: readonly string[];
}

/** An address as the throttle compares it: `::ffff:10.0.0.1` is 10.0.0.1, IPv6 lower-case. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? mapped[1]! : a;
}

/** Reads TRUSTED_PROXIES, AUTH_FAILURE_BURST and AUTH_FAILURE_RPS. */
export const AUTH_THROTTLE_VARIABLES = ['TRUSTED_PROXIES', 'AUTH_FAILURE_BURST', 'AUTH_FAILURE_RPS'] as const;

export function readAuthThrottleConfig(env: Env): AuthThrottleConfig {
  const trustedProxies = (env.TRUSTED_PROXIES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of trustedProxies) {
    if (!isIP(p)) {
      throw new ConfigError(`TRUSTED_PROXIES must be a comma-separated list of IP addresses like 10.0.0.5,fd00::1 (no ranges), but got: ${JSON.stringify(p)}`);
    }
  }
  return {
    burst: int(env, 'AUTH_FAILURE_BURST', 20, 1, 1_000_000),
    rps: int(env, 'AUTH_FAILURE_RPS', 1, 0, 1_000_000),
    trustedProxies: trustedProxies.map(normalizeAddress),
  };
}

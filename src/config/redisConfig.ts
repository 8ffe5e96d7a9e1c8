import { ConfigError, int, type Env } from './env.js';

/** The Redis that replicas share (response cache, rate-limit buckets, APQ registrations). */
export interface RedisConfig {
  /** REDIS_URL: `redis://[user:password@]host:port[/db]` or `rediss://…` (default: none, every replica alone). */
  url: string | null;
  /** REDIS_TIMEOUT_MS: the most any Redis operation may take before the request goes on without it (default 50). */
  timeoutMs: number;
}

export const REDIS_VARIABLES = ['REDIS_URL', 'REDIS_TIMEOUT_MS'] as const;

export function readRedisConfig(env: Env): RedisConfig {
  return { url: redisUrl(env.REDIS_URL), timeoutMs: int(env, 'REDIS_TIMEOUT_MS', 50, 1, 10_000) };
}

function redisUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    // Never echo the value: it may carry a password.
    throw new ConfigError('REDIS_URL must be a URL like redis://host:6379 or rediss://user:password@host:6380/0.');
  }
  return value;
}

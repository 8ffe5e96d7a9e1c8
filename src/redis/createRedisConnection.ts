import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Redis failed, refused, or did not answer within REDIS_TIMEOUT_MS. */
export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

/**
 * One connection to the Redis the replicas share, as a dependency that may fail: every
 * operation either answers within `timeoutMs` or rejects with RedisUnavailableError, and the
 * caller goes on without Redis. Nothing ever waits for a reconnect (no offline queue); the
 * client reconnects by itself in the background.
 */
export interface RedisConnection {
  /** Runs one operation against Redis, bounded by the timeout. `what` names it in the log. */
  run<T>(what: string, op: (client: Redis) => Promise<T>): Promise<T>;
  /** Whether the last operation (or connection attempt) succeeded. */
  readonly healthy: boolean;
  /**
   * Resolves once the first connection is ready, fails, or `ms` have passed (start-up waits
   * this long at most; a Redis that is down never holds the gateway back).
   */
  firstAttempt(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  timeoutMs: number;
  logger: Logger;
  /** Called once per failed operation (metrics: gateway_cache_backend_errors_total). */
  onError?: () => void;
  now?: () => number;
}

/** A warning about Redis at most this often. */
const WARN_EVERY_MS = 60_000;
/**
 * After this many timeouts in a row, operations fail at once for PAUSE_MS instead of each
 * waiting the whole timeout (one slow answer on a busy machine does not stop the cache).
 */
const TIMEOUTS_BEFORE_PAUSE = 3;
const PAUSE_MS = 1000;

export function createRedisConnection({ url, timeoutMs, logger, onError, now = Date.now }: RedisConnectionOptions): RedisConnection {
  const client = new Redis(url, {
    // A command issued while disconnected fails at once instead of queueing until a reconnect.
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(1000, timeoutMs),
    // Reconnect forever, backing off to one attempt a second.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
    lazyConnect: false,
  });
  let lastWarn = -Infinity;
  let healthy = true;
  let pausedUntil = 0;
  let timeoutsInARow = 0;
  let closed = false;
  let attempted: () => void = () => {};
  const firstAttempt = new Promise<void>((resolve) => {
    attempted = resolve;
  });

  const failed = (what: string, err: unknown, operation = true) => {
    // Operations are counted; a reconnect attempt is not one (it repeats while Redis is down).
    if (operation) onError?.();
    const wasHealthy = healthy;
    healthy = false;
    const t = now();
    if (t - lastWarn >= WARN_EVERY_MS) {
      lastWarn = t;
      // The URL may hold a password: only the error's own words.
      logger.warn({ op: what, err: { name: (err as Error)?.name, message: String((err as Error)?.message ?? err).slice(0, 200) } }, 'Redis is unavailable; going on without it (this warning repeats at most once a minute)');
    } else if (wasHealthy) {
      logger.debug({ op: what }, 'Redis is unavailable again');
    }
  };

  client.on('error', (err: Error) => {
    attempted();
    if (!closed) failed('connection', err, false);
  });
  client.on('ready', () => {
    attempted();
    if (!healthy) logger.info('Redis is reachable again');
    healthy = true;
    pausedUntil = 0;
  });

  return {
    async run<T>(what: string, op: (c: Redis) => Promise<T>): Promise<T> {
      if (closed) throw new RedisUnavailableError('the Redis connection is closed');
      if (now() < pausedUntil) throw new RedisUnavailableError('Redis did not answer recently');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const value = await Promise.race([op(client), timeout]);
        healthy = true;
        timeoutsInARow = 0;
        return value;
      } catch (err) {
        const timedOut = err instanceof RedisUnavailableError || /timed out/i.test(String((err as Error)?.message));
        if (timedOut && ++timeoutsInARow >= TIMEOUTS_BEFORE_PAUSE) pausedUntil = now() + PAUSE_MS;
        failed(what, err);
        throw err instanceof RedisUnavailableError ? err : new RedisUnavailableError(String((err as Error)?.message ?? err));
      } finally {
        clearTimeout(timer);
      }
    },
    get healthy() {
      return healthy;
    },
    async firstAttempt(ms) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([firstAttempt, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },
    async close() {
      closed = true;
      try {
        await Promise.race([client.quit(), new Promise((r) => setTimeout(r, Math.max(100, timeoutMs)))]);
      } catch {
        // Already gone.
      }
      client.disconnect();
    },
  };
}

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/cache/createRedisStore.js';
import { createTwoLevelStore } from '../../src/cache/createTwoLevelStore.js';
import { createMemoryStore } from '../../src/cache/createMemoryStore.js';
import { createRedisRateLimiter } from '../../src/limits/createRedisRateLimiter.js';
import { createMemoryRateLimiter } from '../../src/limits/rateLimiter.js';
import { createLogger } from '../../src/logger.js';
import { createRedisKeyValueCache } from '../../src/persisted/createRedisKeyValueCache.js';
import { createRedisConnection, type RedisConnection } from '../../src/redis/createRedisConnection.js';
import { startRedis, startSilentServer, type TestRedis } from '../support/startRedis.js';

// Each Redis-backed piece against a real redis-server of this test's own.
function logSink() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { lines, logger };
}

describe('shared state in Redis', () => {
  let redis: TestRedis;
  const conns: RedisConnection[] = [];
  const connect = (url = redis.url, onError?: () => void) => {
    const c = createRedisConnection({ url, timeoutMs: 50, logger: logSink().logger, onError });
    conns.push(c);
    return c;
  };
  const ready = async (c: RedisConnection) => {
    for (let i = 0; i < 100; i++) {
      try {
        return await c.run('ping', (r) => r.ping());
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    throw new Error('Redis did not become ready');
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(conns.map((c) => c.close()));
    await redis?.stop();
  });

  it('keeps cache entries across connections until their stale end, and lets one refresh claim a key', async () => {
    const a = connect();
    const b = connect();
    await Promise.all([ready(a), ready(b)]);
    const now = Date.now();
    const entry = { storedAt: now, freshUntil: now + 15_000, staleUntil: now + 75_000, status: 200, text: '{"n":1}' };
    await createRedisStore(a).set('k1', entry);
    expect(await createRedisStore(b).get('k1')).toEqual(entry);
    const ttl = await b.run('pttl', (r) => r.pttl('agw:cache:k1'));
    expect(ttl).toBeGreaterThan(70_000);
    expect(ttl).toBeLessThanOrEqual(75_000);
    expect(await createRedisStore(a).claimRefresh('k1', 5000)).toBe(true);
    expect(await createRedisStore(b).claimRefresh('k1', 5000)).toBe(false);
  });

  it('serves from the first level only while fresh, then from Redis', async () => {
    const a = connect();
    await ready(a);
    let t = Date.now();
    const l1 = createMemoryStore({ maxBytes: 1 << 20, freshOnly: true, now: () => t });
    const two = createTwoLevelStore(l1, createRedisStore(a, () => t));
    const entry = { storedAt: t, freshUntil: t + 15_000, staleUntil: t + 75_000, status: 200, text: '{"n":2}' };
    await two.set('k2', entry);
    expect(await l1.get('k2')).toEqual(entry);
    t += 20_000;
    expect(await l1.get('k2')).toBeUndefined();
    expect(await two.get('k2')).toEqual(entry); // the stale copy, from Redis
  });

  it('counts one rate-limit bucket for every connection, atomically', async () => {
    const { logger } = logSink();
    const [a, b] = [connect(), connect()];
    await Promise.all([ready(a), ready(b)]);
    const limiter = (c: RedisConnection) => createRedisRateLimiter({ redis: c, rps: 1, burst: 10, fallback: createMemoryRateLimiter({ rps: 1, burst: 10 }), logger });
    const [la, lb] = [limiter(a), limiter(b)];
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? la : lb).take('apiKey:shared')));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false });
    expect((refused as { retryAfterS: number }).retryAfterS).toBeGreaterThanOrEqual(1);
  });

  it('registers an APQ document through one connection and finds it through another', async () => {
    const [a, b] = [connect(), connect()];
    await Promise.all([ready(a), ready(b)]);
    await createRedisKeyValueCache(a).set('apq:abc', '{ gateway { version } }', { ttl: 60 });
    expect(await createRedisKeyValueCache(b).get('apq:abc')).toBe('{ gateway { version } }');
    expect(await createRedisKeyValueCache(b).get('apq:missing')).toBeUndefined();
  });

  it('falls back to its own bucket while Redis is down, says so once, and shares again after it returns', async () => {
    const { lines, logger } = logSink();
    const c = connect();
    await ready(c);
    const limiter = createRedisRateLimiter({ redis: c, rps: 1, burst: 2, fallback: createMemoryRateLimiter({ rps: 1, burst: 2 }), logger });
    await redis.stop();
    try {
      const local = [await limiter.take('apiKey:down'), await limiter.take('apiKey:down'), await limiter.take('apiKey:down')];
      expect(local.map((r) => r.ok)).toEqual([true, true, false]);
      expect(lines.filter((l) => l.includes('per replica while Redis is unavailable'))).toHaveLength(1);
    } finally {
      await redis.start();
    }
    await ready(c);
    expect(await limiter.take('apiKey:after')).toEqual({ ok: true });
    expect(await c.run('exists', (r) => r.exists('agw:rate:apiKey:after'))).toBe(1);
  });

  it('bounds every operation on a Redis that accepts connections and never answers, and counts the failures', async () => {
    const silent = await startSilentServer();
    let errors = 0;
    const c = connect(silent.url, () => errors++);
    try {
      const store = createRedisStore(c);
      for (let i = 0; i < 3; i++) {
        const began = process.hrtime.bigint();
        await expect(store.get('k')).rejects.toThrow();
        // Bounded by REDIS_TIMEOUT_MS (50 ms), with a wide margin for a busy machine.
        expect(Number(process.hrtime.bigint() - began) / 1e6).toBeLessThan(1000);
      }
      expect(errors).toBe(3);
    } finally {
      await silent.close();
    }
  });

  it('bounds operations on a Redis that stops answering mid-connection, and answers again once it goes on', async () => {
    const c = connect();
    await ready(c);
    const store = createRedisStore(c);
    const now = Date.now();
    const entry = { storedAt: now, freshUntil: now + 60_000, staleUntil: now + 60_000, status: 200, text: '{}' };
    await store.set('k3', entry);
    redis.pause();
    try {
      for (let i = 0; i < 3; i++) await expect(store.get('k3')).rejects.toThrow(/did not answer|timed out/);
      // After three timeouts in a row, operations fail at once for a moment instead of each waiting again.
      await expect(store.get('k3')).rejects.toThrow(/recently/);
    } finally {
      redis.resume();
    }
    await new Promise((r) => setTimeout(r, 1100));
    expect(await store.get('k3')).toEqual(entry);
  });
});

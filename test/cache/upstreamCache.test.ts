import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Principal } from '../../src/auth/Principal.js';
import type { CacheResult } from '../../src/cache/CacheEvents.js';
import type { CacheStore } from '../../src/cache/CacheStore.js';
import { buildCacheKey, credentialDigest } from '../../src/cache/buildCacheKey.js';
import { createMemoryStore } from '../../src/cache/createMemoryStore.js';
import { createUpstreamCaches } from '../../src/cache/createUpstreamCache.js';
import { createRequestCache, parseCacheControl, type RequestCache } from '../../src/cache/RequestCache.js';
import { DEFAULT_CACHE } from '../../src/config/cacheConfig.js';
import { UpstreamError } from '../../src/errors.js';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { createHttpSource, type HttpSource, type UpstreamRequest } from '../../src/sources/http.js';

// The cache in front of the real HTTP layer, against a counting upstream on 127.0.0.1.
const principal = (name: string): Principal => ({ name, kind: 'apiKey', policy: { scopes: ['*'] } });
const scopeFor = (who: Principal, headers: Record<string, string> = {}, forwarded: Record<string, string> = {}) => ({
  logger: undefined as never,
  forwarded,
  cache: createRequestCache(who, headers),
});

describe('the upstream cache in the HTTP layer', () => {
  let sim: SimulatorServer;
  let http: HttpSource;
  let t = 1_000_000;
  const events: Array<[string, CacheResult]> = [];
  const store: CacheStore = createMemoryStore({ maxBytes: 1 << 20, now: () => t });
  // A store that can be made to fail, in front of the memory one.
  let storeDown = false;
  const flaky: CacheStore = {
    get: (k) => (storeDown ? Promise.reject(new Error('down')) : store.get(k)),
    set: (k, e) => (storeDown ? Promise.reject(new Error('down')) : store.set(k, e)),
    claimRefresh: (k, ms) => store.claimRefresh(k, ms),
    close: () => store.close(),
  };

  beforeAll(async () => {
    let n = 0;
    sim = await startSimulatorServer({ handler: () => ({ status: 200, body: { n: ++n } }) });
    const caches = createUpstreamCaches({ config: DEFAULT_CACHE, store: flaky, clock: () => t, events: { request: (s, r) => events.push([s, r]), backendError() {} } });
    http = createHttpSource({ source: 'IBLAI', baseUrl: sim.url, cache: caches.forSource({ name: 'IBLAI' }), maxRetries: 0 });
  });
  afterAll(async () => {
    await http.close();
    await sim.close();
  });
  afterEach(() => {
    sim.setFault(null);
    sim.resetLog();
    events.length = 0;
    storeDown = false;
    t += 3_600_000;
  });

  const get = (scope: ReturnType<typeof scopeFor>, extra: Partial<UpstreamRequest> = {}) =>
    http.request<{ n: number }>({ method: 'GET', path: 'x/', query: { b: 2, a: 1 }, headers: { authorization: 'Api-Token service' }, deadline: Date.now() + 2000, scope, ...extra });

  it('answers the same call of the same caller from the cache, whatever its query order and per-request headers', async () => {
    const me = principal('alice');
    const first = await get(scopeFor(me), { headers: { authorization: 'Api-Token service', traceparent: '00-aaaa-01', 'x-request-id': 'r1' } });
    const second = await get(scopeFor(me), { query: { a: 1, b: 2 }, headers: { authorization: 'Api-Token service', traceparent: '00-bbbb-01', 'x-request-id': 'r2' } });
    expect(second.body).toEqual(first.body);
    expect(sim.count()).toBe(1);
    expect(events).toEqual([['IBLAI', 'miss'], ['IBLAI', 'hit']]);
  });

  it('reports a stale hit and refreshes it once in the background', async () => {
    const me = principal('gina');
    await get(scopeFor(me));
    t += 16_000;
    const stale = await get(scopeFor(me));
    expect(stale.body.n).toBeGreaterThan(0);
    for (let i = 0; i < 100 && sim.count() < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([['IBLAI', 'miss'], ['IBLAI', 'stale']]);
    expect(sim.count()).toBe(2);
    expect((await get(scopeFor(me))).body.n).toBeGreaterThan(stale.body.n);
  });

  it('takes a damaged entry for a miss', async () => {
    const scope = scopeFor(principal('hank'));
    const request: UpstreamRequest = { method: 'GET', path: 'x/', query: { b: 2, a: 1 }, headers: { authorization: 'Api-Token service' }, deadline: Date.now() + 2000, scope };
    const key = buildCacheKey({ source: 'IBLAI', request, principal: 'apiKey:hank', credential: credentialDigest('IBLAI', request) });
    await store.set(key, { storedAt: t, freshUntil: t + 10_000, staleUntil: t + 10_000, status: 200, text: '{"n": trunc' });
    const res = await http.request<{ n: number }>(request);
    expect(res.body.n).toBeGreaterThan(0);
    expect(events).toEqual([['IBLAI', 'miss']]);
  });

  it('keeps callers apart, and calls made with different credentials apart', async () => {
    await get(scopeFor(principal('alice')));
    await get(scopeFor(principal('bob')));
    await get(scopeFor(principal('alice')), { headers: { authorization: 'Api-Token another-service-key' } });
    // The same caller forwarding two different tokens of their own.
    const fwd = (token: string) => scopeFor(principal('alice'), {}, { IBLAI: token });
    await get(fwd('Bearer caller-one'));
    await get(fwd('Bearer caller-two'));
    await get(fwd('Bearer caller-one'));
    expect(sim.count()).toBe(5);
  });

  it('shares single-flight exchanges across per-request headers too', async () => {
    sim.setFault({ delayMs: 100, times: 1 });
    const me = principal('carol');
    // no-cache: both reach the HTTP layer, where they join one exchange.
    const calls = ['00-1', '00-2'].map((tp) => get(scopeFor(me, { 'cache-control': 'no-cache' }), { headers: { authorization: 'Api-Token service', traceparent: tp } }));
    const [a, b] = await Promise.all(calls);
    expect(a!.body).toEqual(b!.body);
    expect(sim.count()).toBe(1);
  });

  it('never caches calls that are not idempotent (logins, token refreshes)', async () => {
    const me = principal('dave');
    const login = () => http.request({ method: 'POST', path: 'login/', body: { name: 'u', password: 'p' }, deadline: Date.now() + 2000, scope: scopeFor(me) });
    await login();
    await login();
    expect(sim.count()).toBe(2);
    expect(events).toEqual([]);
  });

  it('passes calls without a request cache scope straight through', async () => {
    await http.request({ method: 'GET', path: 'x/', deadline: Date.now() + 2000 });
    await http.request({ method: 'GET', path: 'x/', deadline: Date.now() + 2000 });
    expect(sim.count()).toBe(2);
  });

  it('goes on without the cache when the store fails, as a bypass', async () => {
    storeDown = true;
    const me = principal('erin');
    const res = await get(scopeFor(me));
    expect(res.body.n).toBeGreaterThan(0);
    expect(events).toEqual([['IBLAI', 'bypass']]);
    storeDown = false;
    await get(scopeFor(me));
    expect(sim.count()).toBe(2);
  });

  it('blocks a rate-limited credential until Retry-After, and only that credential', async () => {
    sim.setFault({ status: 429, headers: { 'retry-after': '20' }, times: 1 });
    const me = principal('frank');
    await expect(get(scopeFor(me))).rejects.toMatchObject({ code: 'RATE_LIMITED', extensions: { retryAfter: 20 } });
    t += 5000;
    const fast = await get(scopeFor(me), { query: { other: 'call' } }).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(UpstreamError);
    expect((fast as UpstreamError).extensions).toMatchObject({ code: 'RATE_LIMITED', source: 'IBLAI', retryAfter: 15 });
    expect(sim.count()).toBe(1);
    // Another credential of the same backend is not limited.
    await get(scopeFor(me), { headers: { authorization: 'Api-Token another-service-key' } });
    expect(sim.count()).toBe(2);
    t += 15_000;
    await get(scopeFor(me), { query: { other: 'call' } });
    expect(sim.count()).toBe(3);
  });
});

describe('cache keys', () => {
  const req = (over: Partial<UpstreamRequest> = {}): UpstreamRequest => ({ method: 'GET', path: 'p/', query: { a: 1 }, headers: { authorization: 'Bearer session-1' }, deadline: 0, ...over });

  it('name the configured identity, not a session token, when the source says so', () => {
    const a = credentialDigest('CALL_COUNTS', req({ cacheIdentity: 'user:svc' }));
    const b = credentialDigest('CALL_COUNTS', req({ headers: { authorization: 'Bearer session-2' }, cacheIdentity: 'user:svc' }));
    expect(a).toBe(b);
    expect(credentialDigest('CALL_COUNTS', req())).not.toBe(credentialDigest('CALL_COUNTS', req({ headers: { authorization: 'Bearer session-2' } })));
  });

  it('use a forwarded caller token over the named identity', () => {
    const scope = { logger: undefined as never, forwarded: { CALL_COUNTS: 'Bearer theirs' } };
    expect(credentialDigest('CALL_COUNTS', req({ cacheIdentity: 'user:svc', scope }))).not.toBe(credentialDigest('CALL_COUNTS', req({ cacheIdentity: 'user:svc' })));
  });

  it('hold no credential in the clear', () => {
    const credential = credentialDigest('IBLAI', req({ headers: { authorization: 'Api-Token s3cr3t-token' } }));
    const key = buildCacheKey({ source: 'IBLAI', request: req(), principal: 'apiKey:alice', credential });
    expect(`${credential}${key}`).not.toContain('s3cr3t');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differ by method, path, query, body and principal', () => {
    const key = (r: UpstreamRequest, p = 'apiKey:a') => buildCacheKey({ source: 'X', request: r, principal: p, credential: 'c' });
    const keys = new Set([
      key(req()),
      key(req({ method: 'POST' })),
      key(req({ path: 'q/' })),
      key(req({ query: { a: 2 } })),
      key(req({ body: { x: 1 } })),
      key(req(), 'apiKey:b'),
      key(req(), 'jwt:a'),
    ]);
    expect(keys.size).toBe(7);
    expect(key(req({ query: { a: '1', z: undefined } }))).toBe(key(req()));
  });
});

describe('the request cache scope', () => {
  it('reads no-cache and max-age from Cache-Control', () => {
    expect(parseCacheControl('no-cache')).toEqual({ noCache: true, maxAgeS: undefined });
    expect(parseCacheControl('max-age=30, no-transform')).toEqual({ noCache: false, maxAgeS: 30 });
    expect(parseCacheControl(undefined)).toEqual({ noCache: false, maxAgeS: undefined });
    expect(parseCacheControl('max-age=abc')).toEqual({ noCache: false, maxAgeS: undefined });
  });

  it('names the principal by kind and name, and anonymous callers as one', () => {
    const rc: RequestCache = createRequestCache(principal('alice'), {});
    expect(rc.principal).toBe('apiKey:alice');
    expect(createRequestCache({ name: 'alice', kind: 'jwt', policy: { scopes: [] } }, {}).principal).toBe('jwt:alice');
    expect(createRequestCache(ANONYMOUS, {}).principal).toBe('anonymous');
  });
});

describe('the memory store', () => {
  it('stays within CACHE_MAX_BYTES, dropping the least recently used', async () => {
    const now = 0;
    const store = createMemoryStore({ maxBytes: 10_000, now: () => now });
    const entry = { storedAt: 0, freshUntil: 1000, staleUntil: 2000, status: 200, text: 'x'.repeat(1000) };
    for (let i = 0; i < 20; i++) await store.set(`k${i}`, entry);
    const kept = (await Promise.all(Array.from({ length: 20 }, (_, i) => store.get(`k${i}`)))).filter(Boolean).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept * (2 * 1000 + 96)).toBeLessThanOrEqual(10_000);
    expect(await store.get('k19')).toBeDefined();
    expect(await store.get('k0')).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

// The response cache through a real gateway over the simulators, with the cache's clock in
// the test's hands (entry ages, lifetimes and Retry-After all read it).
const DAY = 86_400_000;
const OTHER_KEY = 'other-api-key-0123456789abcdef';
const MENTOR = '{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } }';
const USER_COSTS = `query($range: TimeRange!) { userCosts(org: "main", userId: "admin@main", range: $range, first: 2) { totalCount effectiveRange { start end } } }`;
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
// Whole days that ended well over CACHE_SETTLE_S ago: settled.
const SETTLED = { start: iso(today - 8 * DAY), end: iso(today - 2 * DAY) };

describe('the upstream-response cache (CACHE on, in memory)', () => {
  let gw: TestGateway;
  let t = Date.now();
  const mentorCalls = () => gw.sims.iblai.count('mentor-summary');
  const costCalls = () => gw.sims.iblai.count('costs/peruser');
  const other = { 'x-api-key': OTHER_KEY };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE: 'on', GATEWAY_API_KEYS: `test=${TEST_API_KEY},other=${OTHER_KEY}` }, cacheClock: () => t });
  });
  afterAll(() => gw?.close());

  it('answers a repeated query from the cache with no upstream request, and says so in extensions.cache', async () => {
    gw.sims.resetLogs();
    const first = await gw.query(MENTOR);
    expect(first.body.extensions.cache).toEqual({ hits: 0, misses: 1, oldestAgeSeconds: 0, sources: { IBLAI: { hits: 0, misses: 1 } } });
    t += 5000;
    const second = await gw.query(MENTOR);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.extensions.cache).toEqual({ hits: 1, misses: 0, oldestAgeSeconds: 5, sources: { IBLAI: { hits: 1, misses: 0 } } });
    expect(mentorCalls()).toBe(1);
  });

  it('never shares an entry between two API keys, even though the gateway uses one iblai credential', async () => {
    gw.sims.resetLogs();
    t += 60_000;
    await gw.query(MENTOR);
    const theirs = await gw.query(MENTOR, undefined, other);
    expect(theirs.body.extensions.cache.misses).toBe(1);
    expect(mentorCalls()).toBe(2);
    const again = await gw.query(MENTOR, undefined, other);
    expect(again.body.extensions.cache.hits).toBe(1);
    expect(mentorCalls()).toBe(2);
  });

  it('carries extensions.cache on an operation that calls no upstream', async () => {
    const { body } = await gw.query('{ gateway { version } }');
    expect(body.extensions.cache).toEqual({ hits: 0, misses: 0, oldestAgeSeconds: 0, sources: {} });
  });

  it('keeps a live answer CACHE_TTL_LIVE_S and a settled window CACHE_TTL_SETTLED_S', async () => {
    t += 3_600_000;
    gw.sims.resetLogs();
    await gw.query(MENTOR);
    await gw.query(USER_COSTS, { range: SETTLED });
    t += 14_000;
    expect((await gw.query(MENTOR)).body.extensions.cache.hits).toBe(1);
    t += 2000; // 16 s: the live answer is past its 15 s, served stale while one refresh runs
    expect((await gw.query(MENTOR)).body.extensions.cache.hits).toBe(1);
    await until(() => mentorCalls() === 2);
    t += 3_580_000; // 3596 s: the settled window is still fresh
    expect((await gw.query(USER_COSTS, { range: SETTLED })).body.extensions.cache.hits).toBe(1);
    t += 5000; // 3601 s: settled answers are never served stale
    expect((await gw.query(USER_COSTS, { range: SETTLED })).body.extensions.cache.misses).toBe(1);
    expect(costCalls()).toBe(2);
  });

  it('answers 20 concurrent reads of a stale entry from it, with exactly one upstream refresh', async () => {
    t += 3_600_000;
    await gw.query(MENTOR);
    t += 20_000; // past the 15 s lifetime, within the 60 s of stale serving
    gw.sims.resetLogs();
    const answers = await Promise.all(Array.from({ length: 20 }, () => gw.query(MENTOR)));
    for (const a of answers) {
      expect(a.body.errors).toBeUndefined();
      // The stale entry, or the refreshed one for a read that arrived after the refresh landed.
      expect(a.body.extensions.cache).toMatchObject({ hits: 1, misses: 0 });
      expect([0, 20]).toContain(a.body.extensions.cache.oldestAgeSeconds);
    }
    expect(answers.some((a) => a.body.extensions.cache.oldestAgeSeconds === 20)).toBe(true);
    await until(() => mentorCalls() === 1);
    // The refreshed entry is fresh again: no further upstream request.
    const after = await gw.query(MENTOR);
    expect(after.body.extensions.cache).toMatchObject({ hits: 1, oldestAgeSeconds: 0 });
    expect(mentorCalls()).toBe(1);
  });

  it('goes to the upstream once the stale period has passed too', async () => {
    t += 3_600_000;
    await gw.query(MENTOR);
    t += 76_000; // 15 s lifetime + 60 s stale + 1
    gw.sims.resetLogs();
    expect((await gw.query(MENTOR)).body.extensions.cache.misses).toBe(1);
    expect(mentorCalls()).toBe(1);
  });

  it('reads the upstream for cache-control: no-cache and keeps that answer for the next caller', async () => {
    t += 3_600_000;
    await gw.query(MENTOR);
    t += 3000;
    gw.sims.resetLogs();
    const bypass = await gw.query(MENTOR, undefined, { 'cache-control': 'no-cache' });
    expect(bypass.body.extensions.cache.misses).toBe(1);
    expect(mentorCalls()).toBe(1);
    const next = await gw.query(MENTOR);
    expect(next.body.extensions.cache).toMatchObject({ hits: 1, oldestAgeSeconds: 0 });
    expect(mentorCalls()).toBe(1);
  });

  it('accepts with cache-control: max-age=N only entries at most N s old, even over stale serving', async () => {
    t += 3_600_000;
    await gw.query(MENTOR);
    t += 10_000;
    gw.sims.resetLogs();
    expect((await gw.query(MENTOR, undefined, { 'cache-control': 'max-age=60' })).body.extensions.cache.hits).toBe(1);
    expect((await gw.query(MENTOR, undefined, { 'cache-control': 'max-age=5' })).body.extensions.cache.misses).toBe(1);
    expect(mentorCalls()).toBe(1);
    t += 30_000; // the new entry is 30 s old: stale by its lifetime, but max-age=40 accepts it
    expect((await gw.query(MENTOR, undefined, { 'cache-control': 'max-age=40' })).body.extensions.cache).toMatchObject({ hits: 1, oldestAgeSeconds: 30 });
    // Served past its lifetime, so it is refreshed in the background.
    await until(() => mentorCalls() === 2);
  });

  it('never caches an error: the next query asks the upstream again', async () => {
    t += 3_600_000;
    gw.sims.resetLogs();
    gw.sims.iblai.setFault({ status: 500, pathIncludes: 'mentor-summary', times: 1 });
    const failed = await gw.query(MENTOR);
    expect(failed.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    const ok = await gw.query(MENTOR);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.extensions.cache.misses).toBe(1);
    expect(mentorCalls()).toBe(2);
  });

  it('fails calls fast with RATE_LIMITED after an upstream 429, without calling it, until Retry-After has passed', async () => {
    t += 3_600_000;
    gw.sims.resetLogs();
    gw.sims.iblai.setFault({ status: 429, headers: { 'retry-after': '30' }, pathIncludes: 'mentor-summary', times: 1 });
    const limited = await gw.query(MENTOR);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', source: 'IBLAI', retryAfter: 30 });
    expect(mentorCalls()).toBe(1);
    t += 10_000;
    const fast = await gw.query(MENTOR);
    expect(fast.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', source: 'IBLAI', retryAfter: 20 });
    expect(mentorCalls()).toBe(1);
    t += 21_000;
    const ok = await gw.query(MENTOR);
    expect(ok.body.errors).toBeUndefined();
    expect(mentorCalls()).toBe(2);
  });

  it('allows the cache-control request header cross-origin', async () => {
    const gwCors = await startTestGateway({ env: { CACHE: 'on', CORS_ORIGINS: 'https://app.example.com' } });
    try {
      const res = await fetch(`${gwCors.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, cache-control' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-headers')).toContain('cache-control');
    } finally {
      await gwCors.close();
    }
  });
});

describe('now-relative ranges with the cache on', () => {
  // A clock 34.567 s into a minute: the open end is floored to the minute.
  const NOW = Date.parse('2026-11-20T12:00:34.567Z');
  const SERIES = '{ callCounts { total effectiveRange { start end } } }';

  it('end on the minute, so repeated loads share one entry; effectiveRange reports the floored end', async () => {
    let now = NOW;
    const gw = await startTestGateway({ env: { CACHE: 'on' }, now: () => now, pinGatewayClock: true });
    try {
      const first = await gw.query(SERIES);
      expect(first.body.data.callCounts.effectiveRange).toEqual({ start: '2026-10-21T12:00:00Z', end: '2026-11-20T12:00:00Z' });
      now += 20_000; // the same minute
      const second = await gw.query(SERIES);
      expect(second.body.data).toEqual(first.body.data);
      expect(second.body.extensions.cache.hits).toBe(1);
      expect(gw.sims.callCounts.count('/historical/')).toBe(1);
      // A range starting within the current minute keeps the exact clock (flooring would empty it).
      const recent = await gw.query('query($r: TimeRange!) { callCounts(range: $r) { effectiveRange { end } } }', { r: { start: '2026-11-20T12:00:40Z' } });
      expect(recent.body.data.callCounts.effectiveRange.end).toBe('2026-11-20T12:00:54.567Z');
    } finally {
      await gw.close();
    }
  });

  it('end at the exact request clock with CACHE=off, whose responses carry no extensions.cache and always reach the upstream', async () => {
    const gw = await startTestGateway({ env: { CACHE: 'off' }, now: () => NOW, pinGatewayClock: true });
    try {
      const first = await gw.query(SERIES);
      expect(first.body.data.callCounts.effectiveRange.end).toBe('2026-11-20T12:00:34.567Z');
      expect(first.body.extensions?.cache).toBeUndefined();
      await gw.query(SERIES);
      expect(gw.sims.callCounts.count('/historical/')).toBe(2);
    } finally {
      await gw.close();
    }
  });
});

/** Waits (bounded) for a background refresh to land. */
async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../src/limits/rateLimiter.js';
import { TEST_API_KEY, startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const OTHER = 'other-key-abcdefghijklmnop';
const Q = '{ gateway { demo } }';

describe('the token bucket', () => {
  it('allows a burst, then refills at the sustained rate and says when to retry in whole seconds', async () => {
    let t = 0;
    const rl = createMemoryRateLimiter({ rps: 0.5, burst: 2, now: () => t });
    expect(await rl.take('a')).toEqual({ ok: true });
    expect(await rl.take('a')).toEqual({ ok: true });
    expect(await rl.take('a')).toEqual({ ok: false, retryAfterS: 2 });
    expect(await rl.take('b')).toEqual({ ok: true }); // per key
    t = 1000;
    expect(await rl.take('a')).toEqual({ ok: false, retryAfterS: 1 });
    t = 2000;
    expect(await rl.take('a')).toEqual({ ok: true });
  });

  it('forgets the least recently used keys past maxKeys', async () => {
    const rl = createMemoryRateLimiter({ rps: 1, burst: 1, maxKeys: 2, now: () => 0 });
    await rl.take('a');
    await rl.take('b');
    await rl.take('c'); // evicts a
    expect(await rl.take('a')).toEqual({ ok: true });
    expect((await rl.take('c')).ok).toBe(false);
  });
});

describe('rate limiting over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '3', GATEWAY_API_KEYS: `test=${TEST_API_KEY},other=${OTHER}` } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses the whole request with 429, RATE_LIMITED, retryAfter and Retry-After once the bucket is empty', async () => {
    const statuses: number[] = [];
    let limited: { status: number; body: any; headers: Headers } | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await gw.query(Q);
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(limited!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited!.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(limited!.headers.get('retry-after')) });
    // Another principal has its own bucket.
    expect((await gw.query(Q, undefined, { 'x-api-key': OTHER })).status).toBe(200);
  });

  it('checks authentication first: an unknown caller is 401, not 429', async () => {
    expect((await gw.query(Q, undefined, { 'x-api-key': 'nobody-key-abcdefghijklmn' })).status).toBe(401);
  });
});

describe('CORS', () => {
  let closed: TestGateway;
  let open: TestGateway;
  beforeAll(async () => {
    closed = await startTestGateway();
    open = await startTestGateway({ env: { CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });
  const preflight = (gw: TestGateway, origin: string) =>
    fetch(`${gw.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
    });

  it('grants no cross-origin access in live mode unless configured', async () => {
    const res = await preflight(closed, 'https://app.example.com');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await closed.query(Q, undefined, { origin: 'https://app.example.com' });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the configured origins', async () => {
    const ok = await preflight(open, 'https://app.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(ok.headers.get('vary')).toContain('Origin');
    const post = await open.query(Q, undefined, { origin: 'https://app.example.com' });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const evil = await preflight(open, 'https://evil.example.com');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request ids', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('returns the request id and writes it on every log line of the request', async () => {
    gw.sims.iblai.setFault({ status: 503, body: {}, times: 1 }); // a retry: a debug line from the HTTP layer
    const before = gw.logs.length;
    const { headers } = await gw.query('{ mentorSummary(org: "main", userId: "admin@main") { totalMentors } nope: mentorDetail(org: "zz-unknown", userId: "x") { totalMentors } }', undefined, {
      'x-request-id': 'req-hardening-1',
    });
    expect(headers.get('x-request-id')).toBe('req-hardening-1');
    await new Promise((r) => setTimeout(r, 20));
    const lines = gw.logs.slice(before).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.msg === 'retrying upstream call')).toBe(true);
    for (const l of lines) expect(l.requestId).toBe('req-hardening-1');
  });
});

import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/auth/clientAddress.js';
import { createAuthFailureThrottle } from '../../src/auth/createAuthFailureThrottle.js';
import { ConfigError } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/startTestGateway.js';

const Q = '{ gateway { demo } }';
const BAD = { 'x-api-key': 'not-a-valid-key-0123456789' };

describe('the failed-authentication throttle', () => {
  it('allows a burst of failures per address, then says when to retry in whole seconds', async () => {
    let t = 0;
    const th = createAuthFailureThrottle({ burst: 2, rps: 1 }, { now: () => t });
    expect(await th.take('192.0.2.1')).toEqual({ ok: true });
    expect(await th.take('192.0.2.1')).toEqual({ ok: true });
    expect(await th.take('192.0.2.1')).toEqual({ ok: false, retryAfterS: 1 });
    expect(await th.take('192.0.2.2')).toEqual({ ok: true }); // per address
    t = 1000;
    expect(await th.take('192.0.2.1')).toEqual({ ok: true });
  });

  it('keeps at most maxAddresses buckets, forgetting the least recently failed', async () => {
    const th = createAuthFailureThrottle({ burst: 1, rps: 1 }, { maxAddresses: 2, now: () => 0 });
    await th.take('a');
    await th.take('b');
    await th.take('c'); // evicts a
    expect((await th.take('a')).ok).toBe(true);
    expect((await th.take('c')).ok).toBe(false);
  });

  it('is off with AUTH_FAILURE_RPS=0', async () => {
    const th = createAuthFailureThrottle({ burst: 1, rps: 0 });
    for (let i = 0; i < 5; i++) expect(await th.take('a')).toEqual({ ok: true });
  });
});

describe('the client address', () => {
  const req = (remoteAddress: string, xff?: string | string[]) => ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;
  const trusted = new Set(['10.0.0.5', 'fd00::1']);

  it("is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress(req('198.51.100.4', '203.0.113.9'), trusted)).toBe('198.51.100.4');
    expect(clientAddress(req('::ffff:198.51.100.4'), trusted)).toBe('198.51.100.4');
  });

  it('is the right-most X-Forwarded-For entry that is not a trusted proxy behind a trusted one', () => {
    expect(clientAddress(req('10.0.0.5', '1.1.1.1, 203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(req('::ffff:10.0.0.5', '1.1.1.1, 203.0.113.9, fd00::1'), trusted)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.5', ['1.1.1.1', '203.0.113.9:5123']), trusted)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.5', '[2001:DB8::7]:443'), trusted)).toBe('2001:db8::7');
  });

  it('falls back to the trusted peer when there is no usable entry', () => {
    expect(clientAddress(req('10.0.0.5'), trusted)).toBe('10.0.0.5');
    expect(clientAddress(req('10.0.0.5', '1.1.1.1, not-an-address'), trusted)).toBe('10.0.0.5');
  });
});

describe('the failed-authentication settings', () => {
  const LIVE = { IBLAI_BASE_URL: 'https://h.example', IBLAI_API_TOKEN: 'k' };

  it('default to a burst of 20, 1 per second, and no trusted proxy', () => {
    expect(loadConfig(LIVE).authThrottle).toEqual({ burst: 20, rps: 1, trustedProxies: [] });
    expect(loadConfig({ ...LIVE, TRUSTED_PROXIES: ' 10.0.0.5, ::ffff:10.0.0.6,FD00::1 ', AUTH_FAILURE_BURST: '5', AUTH_FAILURE_RPS: '0' }).authThrottle).toEqual({
      burst: 5,
      rps: 0,
      trustedProxies: ['10.0.0.5', '10.0.0.6', 'fd00::1'],
    });
  });

  it.each([
    [{ TRUSTED_PROXIES: '10.0.0.0/8' }, /TRUSTED_PROXIES must be a comma-separated list of IP addresses/],
    [{ AUTH_FAILURE_BURST: '0' }, 'AUTH_FAILURE_BURST must be an integer from 1 to 1000000, but got: "0"'],
    [{ AUTH_FAILURE_RPS: 'abc' }, 'AUTH_FAILURE_RPS must be an integer from 0 to 1000000, but got: "abc"'],
  ])('refuse %o', (env, message) => {
    expect(() => loadConfig({ ...LIVE, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...LIVE, ...env })).toThrow(message);
  });
});

/** Sends bad credentials until one is throttled (at most `max`); returns every response. */
async function failUntilThrottled(gw: TestGateway, max: number, headers: () => Record<string, string>) {
  const out: Array<{ status: number; body: any; headers: Headers }> = [];
  for (let i = 0; i < max; i++) {
    const r = await gw.query(Q, undefined, headers());
    out.push(r);
    if (r.status === 429) break;
  }
  return out;
}

describe('failed authentications over HTTP (defaults: burst 20, 1 per second)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 401 to the first 20 bad keys of an address, then 429 RATE_LIMITED with Retry-After', async () => {
    const statuses: number[] = [];
    const limited: Array<{ body: any; headers: Headers }> = [];
    for (let i = 0; i < 25; i++) {
      const r = await gw.query(Q, undefined, BAD);
      statuses.push(r.status);
      if (r.status === 429) limited.push(r);
      else expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      const retryAfter = r.headers.get('retry-after');
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      expect(r.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(retryAfter) });
    }
  });

  it('still admits a valid key from the throttled address', async () => {
    const tries = await failUntilThrottled(gw, 30, () => BAD);
    expect(tries.at(-1)!.status).toBe(429);
    const ok = await gw.query(Q, undefined, { 'x-api-key': TEST_API_KEY });
    expect(ok.status).toBe(200);
    expect(ok.body.data.gateway.demo).toBe(false);
  });
});

describe('failed authentications over HTTP behind a trusted proxy', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { TRUSTED_PROXIES: '127.0.0.1', AUTH_FAILURE_BURST: '2' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('throttles the forwarded client address, ignoring what the client wrote left of it', async () => {
    let n = 0;
    // Each request forges a different left-most entry; the proxy's entry stays 203.0.113.7.
    const tries = await failUntilThrottled(gw, 10, () => ({ ...BAD, 'x-forwarded-for': `198.51.100.${++n}, 203.0.113.7` }));
    expect(tries.at(-1)!.status).toBe(429);
    // Another forwarded client, and the proxy's own address, have buckets of their own.
    expect((await gw.query(Q, undefined, { ...BAD, 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
    expect((await gw.query(Q, undefined, BAD)).status).toBe(401);
  });
});

describe('failed authentications over HTTP from a peer that is not a trusted proxy', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { TRUSTED_PROXIES: '192.0.2.10', AUTH_FAILURE_BURST: '2' } });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('ignores its X-Forwarded-For: every claimed address shares the peer\'s bucket', async () => {
    let n = 0;
    const tries = await failUntilThrottled(gw, 10, () => ({ ...BAD, 'x-forwarded-for': `203.0.113.${++n}` }));
    expect(tries.at(-1)!.status).toBe(429);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator } from '../../src/simulators/callCounts.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';

// A fixed clock: token expiry and "now" are under the test's control.
const T0 = Date.parse('2026-11-20T12:00:00Z');
const S = (iso: string) => Date.parse(iso) / 1000;

describe('call-counts simulator', () => {
  let sim: SimulatorServer;
  let clock = T0;
  beforeAll(async () => {
    sim = await startCallCountsSimulator({
      now: () => clock,
      tokenLifetimeMs: 60_000,
      refreshLifetimeMs: 600_000,
      accounts: {
        [CALL_COUNTS_DEMO_CONFIG.username]: { password: CALL_COUNTS_DEMO_CONFIG.password, role: 'manager' },
        'svc-backend': { password: 'pw', role: 'backend' },
      },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function call(method: string, path: string, opts: { token?: string; body?: unknown; query?: Record<string, string | number> } = {}) {
    const qs = opts.query ? `?${new URLSearchParams(Object.entries(opts.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
    const res = await fetch(`${sim.url}/v1/${path}${qs}`, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  }
  const login = async (name = CALL_COUNTS_DEMO_CONFIG.username, password = CALL_COUNTS_DEMO_CONFIG.password) =>
    (await call('POST', 'login/service/', { body: { name, password } })).body;
  const day = { start_timestamp: S('2026-11-10T00:00:00Z'), end_timestamp: S('2026-11-11T00:00:00Z') - 0.001 };

  it('logs in, answers with hourly points, and expires the token with error_code 22', async () => {
    clock = T0;
    const l = await login();
    expect(l.role).toBe('manager');
    expect(l.token.split('.')).toHaveLength(3);
    const ok = await call('GET', 'call-counts/historical/', { token: l.token, query: day });
    expect(ok.status).toBe(200);
    expect(ok.body.timestamps).toHaveLength(24);
    expect(ok.body.timestamps[0]).toBe(S('2026-11-10T00:00:00Z'));
    expect(ok.body.counts.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    expect(ok.body.warnings).toBeUndefined();
    clock = T0 + 61_000;
    const expired = await call('GET', 'call-counts/historical/', { token: l.token, query: day });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error_code: 22, error_name: 'JwtTokenExpired' });
    const r = await call('POST', 'login/refresh-token/', { body: { refresh_token: l.refresh_token } });
    expect(r.status).toBe(200);
    expect((await call('GET', 'call-counts/historical/', { token: r.body.token, query: day })).status).toBe(200);
    clock = T0;
  });

  it('refuses bad credentials and forged tokens with error_code 21', async () => {
    const bad = await call('POST', 'login/service/', { body: { name: CALL_COUNTS_DEMO_CONFIG.username, password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error_code: 21, error_name: 'AuthError', message: expect.any(String), error_data: {} });
    const l = await login();
    const forged = l.token.slice(0, -4) + 'AAAA';
    expect((await call('GET', 'call-counts/historical/', { token: forged, query: day })).body.error_code).toBe(21);
    expect((await call('GET', 'call-counts/historical/', { query: day })).body.error_code).toBe(21);
  });

  it('allows backend only on the scenario route (403/50 elsewhere)', async () => {
    const { token } = await login('svc-backend', 'pw');
    const denied = await call('GET', 'call-counts/historical/ACCOUNTS/', { token, query: day });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error_code: 50, error_name: 'ForbiddenError' });
    expect((await call('GET', 'call-counts/historical/', { token, query: day })).status).toBe(403);
    expect((await call('GET', 'call-counts/historical/SCENARIOS/item_to_items/homepage/', { token, query: day })).status).toBe(200);
    expect((await call('GET', 'call-counts/historical/SCENARIOS/item_to_items/nope/', { token, query: day })).body.error_code).toBe(60);
  });

  it('answers an unknown label, out-of-bounds timestamps and a reversed range with 400/40', async () => {
    const { token } = await login();
    const unknown = await call('GET', 'call-counts/historical/USERS/', { token, query: day });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error_code: 40, error_name: 'WrongData' });
    expect((await call('GET', 'call-counts/historical/', { token, query: { end_timestamp: 3_500_000_001 } })).body.error_code).toBe(40);
    expect((await call('GET', 'call-counts/historical/', { token, query: { start_timestamp: -150_000_000_001 } })).body.error_code).toBe(40);
    expect((await call('GET', 'call-counts/historical/', { token, query: { start_timestamp: 2, end_timestamp: 1 } })).body.error_code).toBe(40);
    expect((await call('GET', 'call-counts/historical/ACCOUNTS/', { token, query: { ...day, amt: 129 } })).body.error_code).toBe(40);
  });

  it('pages series with cursors tied to their label; forged or foreign cursors are 400/40', async () => {
    const { token } = await login();
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await call('GET', 'call-counts/historical/ACCOUNTS/', { token, query: { ...day, amt: 7, ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      expect(res.body.series.every((s: any) => s.counts.length === res.body.timestamps.length)).toBe(true);
      keys.push(...res.body.series.map((s: any) => s.key));
      cursor = res.body.has_next ? res.body.next_cursor : null;
      if (!res.body.has_next) expect(res.body.next_cursor).toBeNull();
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => k.endsWith('@example.com'))).toBe(true);

    const first = await call('GET', 'call-counts/historical/ACCOUNTS/', { token, query: { ...day, amt: 2 } });
    const foreign = await call('GET', 'call-counts/historical/ENDPOINTS/', { token, query: { ...day, cursor: first.body.next_cursor } });
    expect(foreign.body.error_code).toBe(40);
    const forged = await call('GET', 'call-counts/historical/ACCOUNTS/', { token, query: { ...day, cursor: 'QUNDT1VOVFM6Mg.AAAAAAAAAAAAAAAA' } });
    expect(forged.body.error_code).toBe(40);
  });

  it('serves every label, with db_id for DBS', async () => {
    const { token } = await login();
    for (const label of ['ACCOUNTS', 'ENDPOINTS', 'DBS', 'SCENARIOS', 'RECO_TYPES', 'CHAT', 'LLM']) {
      const res = await call('GET', `call-counts/historical/${label}/`, { token, query: day });
      expect(res.status, label).toBe(200);
      expect(res.body.series.length, label).toBeGreaterThan(0);
      if (label === 'DBS') expect(res.body.series[0].extra_data.db_id).toMatch(/^db_/);
    }
  });

  it('cuts more than 100 hourly points into 100 equal buckets, sums kept, and warns', async () => {
    const { token } = await login();
    const start = S('2026-11-01T00:00:00Z');
    const end = S('2026-11-08T00:00:00Z') - 0.001;
    const agg = await call('GET', 'call-counts/historical/', { token, query: { start_timestamp: start, end_timestamp: end } });
    expect(agg.body.timestamps).toHaveLength(100);
    expect(agg.body.timestamps[0]).toBe(start);
    expect(agg.body.timestamps[1] - agg.body.timestamps[0]).toBeCloseTo((end - start) / 100, 6);
    expect(agg.body.warnings[0]).toMatch(/aggregated into 100 buckets/);
    const mid = S('2026-11-04T12:00:00Z');
    const a = await call('GET', 'call-counts/historical/', { token, query: { start_timestamp: start, end_timestamp: mid - 0.001 } });
    const b = await call('GET', 'call-counts/historical/', { token, query: { start_timestamp: mid, end_timestamp: end } });
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    expect(a.body.timestamps).toHaveLength(84);
    expect(sum(agg.body.counts)).toBe(sum(a.body.counts) + sum(b.body.counts));
  });

  it('answers 429 with error_code 2 and Retry-After past its rate limit', async () => {
    let c = T0;
    const limited = await startCallCountsSimulator({ now: () => c, rateLimit: { requests: 1, windowMs: 5000 } });
    try {
      const l = (await (await fetch(`${limited.url}/v1/login/service/`, { method: 'POST', body: JSON.stringify({ name: CALL_COUNTS_DEMO_CONFIG.username, password: CALL_COUNTS_DEMO_CONFIG.password }) })).json()) as any;
      const get = () => fetch(`${limited.url}/v1/call-counts/historical/`, { headers: { authorization: `Bearer ${l.token}` } });
      expect((await get()).status).toBe(200);
      const res = await get();
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ error_code: 2, error_name: 'TooManyRequests', error_data: { name: 'RATE_LIMIT_OVERFLOW' } });
      c += 5000;
      expect((await get()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

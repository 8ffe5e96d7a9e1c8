import { afterEach, describe, expect, it } from 'vitest';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator, type CallCountsSimulatorOptions } from '../../src/simulators/callCounts.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');

/** A query per hour offset: distinct upstream calls (identical concurrent reads would share one). */
const hourQuery = (i: number) => {
  const start = new Date(Date.parse('2026-11-10T00:00:00Z') + i * 3_600_000).toISOString();
  const end = new Date(Date.parse('2026-11-10T06:00:00Z') + i * 3_600_000).toISOString();
  return `{ callCounts(range: {start: "${start}", end: "${end}"}) { total points { timestamp } } }`;
};

describe('call-counts credentials through the gateway', () => {
  let gw: TestGateway;
  let sim: SimulatorServer;
  let clock = T0;
  afterEach(async () => {
    await gw.close();
    await sim.close();
  });

  async function setup(simOptions: CallCountsSimulatorOptions = {}, account = CALL_COUNTS_DEMO_CONFIG, env: Record<string, string> = {}) {
    clock = T0;
    sim = await startCallCountsSimulator({ now: () => clock, tokenLifetimeMs: 60_000, refreshLifetimeMs: 600_000, ...simOptions });
    gw = await startTestGateway({ env, sources: () => ({ callCounts: { baseUrl: `${sim.url}/v1/`, ...account } }) });
  }
  const logins = () => sim.count('/login/service/');
  const refreshes = () => sim.count('/login/refresh-token/');

  it('shares one token across requests and refreshes exactly once when it expires under 20 concurrent requests', async () => {
    await setup();
    const first = await gw.query(hourQuery(0));
    expect(first.body.errors).toBeUndefined();
    expect(await gw.query(hourQuery(1)).then((r) => r.body.errors)).toBeUndefined();
    expect(logins()).toBe(1);
    clock += 2 * 60_000; // the JWT has expired; the refresh token has not
    sim.resetLog();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => gw.query(hourQuery(i))));
    for (const r of results) {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.callCounts.points).toHaveLength(6);
    }
    expect(refreshes()).toBe(1);
    expect(logins()).toBe(0);
  });

  it('logs in again once when the refresh token has expired as well', async () => {
    await setup();
    await gw.query(hourQuery(0));
    clock += 11 * 60_000;
    sim.resetLog();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => gw.query(hourQuery(i))));
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    expect(refreshes()).toBe(1);
    expect(logins()).toBe(1);
  });

  it('denies a role-less account only the fields that need the role', async () => {
    await setup({ accounts: { 'svc-backend': { password: 'backend-pw', role: 'backend' } } }, { username: 'svc-backend', password: 'backend-pw' });
    const { status, body } = await gw.query(`{
      callCounts(range: {start: "2026-11-10T00:00:00Z", end: "2026-11-10T06:00:00Z"}) { total }
      scenarioCallCounts(recoType: "item_to_items", name: "homepage", range: {start: "2026-11-10T00:00:00Z", end: "2026-11-10T06:00:00Z"}) { total points { count } }
    }`);
    expect(status).toBe(200);
    expect(body.data.callCounts).toBeNull();
    expect(body.data.scenarioCallCounts.points).toHaveLength(6);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(['callCounts']);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'CALL_COUNTS', upstreamStatus: 403 });
  });

  it('answers bad credentials with UPSTREAM_REJECTED and never shows the password or a token', async () => {
    await setup({}, { username: CALL_COUNTS_DEMO_CONFIG.username, password: 'not-the-password-7f3a' });
    const { body } = await gw.query(hourQuery(0));
    expect(body.data.callCounts).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'CALL_COUNTS', upstreamStatus: 401 });
    expect(logins()).toBe(1);
    const everything = JSON.stringify(body) + gw.logs.join('\n');
    expect(everything).not.toContain('not-the-password-7f3a');
    expect(everything).not.toContain(sim.url);
  });

  it('never logs the JWT it obtained', async () => {
    await setup();
    await gw.query(hourQuery(0));
    clock += 2 * 60_000;
    await gw.query(hourQuery(1));
    const login = sim.requests.find((r) => r.path.endsWith('/login/service/'));
    expect(login).toBeDefined();
    const tokens = sim.requests.map((r) => r.headers.authorization).filter((a): a is string => Boolean(a)).map((a) => a.slice(7));
    expect(tokens.length).toBeGreaterThan(0);
    const logs = gw.logs.join('\n');
    for (const t of tokens) expect(logs).not.toContain(t.split('.')[2]);
    expect(logs).not.toContain(CALL_COUNTS_DEMO_CONFIG.password);
  });

  it('maps a login that times out to UPSTREAM_TIMEOUT and a login 5xx to UPSTREAM_UNAVAILABLE', async () => {
    await setup({}, CALL_COUNTS_DEMO_CONFIG, { REQUEST_TIMEOUT_MS: '300' });
    sim.setFault({ hang: true, pathIncludes: '/login/', times: 1 });
    const slow = await gw.query(hourQuery(0));
    expect(slow.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', source: 'CALL_COUNTS' });
    sim.setFault({ status: 502, body: { error_code: 1, error_name: 'ServerError', message: '', error_data: {} }, pathIncludes: '/login/', times: 1 });
    const down = await gw.query(hourQuery(0));
    expect(down.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'CALL_COUNTS', upstreamStatus: 502 });
    expect((await gw.query(hourQuery(0))).body.errors).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { callCountsSource, type CallCountsClient } from '../../../src/sources/callCounts/index.js';
import { createSources } from '../../../src/sources/createSources.js';
import type { RequestScope } from '../../../src/sources/scope.js';
import { CALL_COUNTS_DEMO_CONFIG, startCallCountsSimulator, type CallCountsSimulatorOptions } from '../../../src/simulators/callCounts.js';
import type { SimulatorServer } from '../../../src/simulators/startSimulatorServer.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const RANGE = { start: Date.parse('2026-11-10T00:00:00Z'), end: Date.parse('2026-11-10T06:00:00Z') };
const logger = createLogger('silent');
// Distinct ranges: identical concurrent reads would share one exchange in http.ts (single flight).
const rangeNo = (i: number) => ({ start: RANGE.start + i * 3_600_000, end: RANGE.end + i * 3_600_000 });
const scope = (): RequestScope => ({ now: T0, deadline: Date.now() + 5000, logger, requestId: 't', forwarded: {} });

describe('call-counts shared session', () => {
  let sim: SimulatorServer;
  let client: CallCountsClient;
  let clock = T0;
  afterEach(async () => {
    await client.close();
    await sim.close();
  });
  async function setup(options: CallCountsSimulatorOptions = {}, password = CALL_COUNTS_DEMO_CONFIG.password) {
    clock = T0;
    sim = await startCallCountsSimulator({ now: () => clock, tokenLifetimeMs: 60_000, refreshLifetimeMs: 300_000, ...options });
    const config = { baseUrl: `${sim.url}/v1/`, username: CALL_COUNTS_DEMO_CONFIG.username, password };
    client = createSources([callCountsSource], { callCounts: config }, { logger }).get('callCounts')!.client as CallCountsClient;
  }
  const logins = () => sim.count('/login/service/');
  const refreshes = () => sim.count('/login/refresh-token/');

  it('logs in once for 20 concurrent first calls', async () => {
    await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.historical(rangeNo(i), scope())));
    expect(results.every((s) => s.points.length === 6)).toBe(true);
    expect(logins()).toBe(1);
    expect(refreshes()).toBe(0);
  });

  it('refreshes exactly once when the token expires under 20 concurrent calls', async () => {
    await setup();
    await client.historical(RANGE, scope());
    clock += 61_000;
    sim.resetLog();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.historical(rangeNo(i), scope())));
    expect(results.every((s) => s.points.length === 6)).toBe(true);
    expect(refreshes()).toBe(1);
    expect(logins()).toBe(0);
    // Every call that met the expired token retried once with the new one.
    const expired = sim.count('/historical/') - 20;
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(expired).toBeLessThanOrEqual(20);
  });

  it('logs in again once when the refresh token has expired too', async () => {
    await setup();
    await client.historical(RANGE, scope());
    clock += 301_000;
    sim.resetLog();
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.historical(rangeNo(i), scope())));
    expect(refreshes()).toBe(1);
    expect(logins()).toBe(1);
  });

  it('gives up with UPSTREAM_REJECTED when the renewed token is refused too', async () => {
    await setup();
    await client.historical(RANGE, scope());
    sim.resetLog();
    sim.setFault({ status: 401, body: { error_code: 22, error_name: 'JwtTokenExpired', message: '', error_data: {} }, pathIncludes: '/historical/', times: 2 });
    await expect(client.historical(RANGE, scope())).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', extensions: { source: 'CALL_COUNTS', upstreamStatus: 401 } });
    expect(refreshes()).toBe(1);
    expect(sim.count('/historical/')).toBe(2);
  });

  it('treats 401/21 on a data call as UPSTREAM_REJECTED at once, and logs in afresh next time', async () => {
    await setup();
    await client.historical(RANGE, scope());
    sim.resetLog();
    sim.setFault({ status: 401, body: { error_code: 21, error_name: 'AuthError', message: '', error_data: {} }, pathIncludes: '/historical/', times: 1 });
    await expect(client.historical(RANGE, scope())).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
    expect(refreshes() + logins()).toBe(0);
    await client.historical(RANGE, scope());
    expect(logins()).toBe(1);
  });

  it('maps bad credentials to UPSTREAM_REJECTED without retrying the login', async () => {
    await setup({}, 'wrong-password');
    await expect(client.historical(RANGE, scope())).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', extensions: { upstreamStatus: 401 } });
    expect(logins()).toBe(1);
    expect(sim.count('/historical/')).toBe(0);
  });

  it('maps a login 5xx to UPSTREAM_UNAVAILABLE and a login that hangs to UPSTREAM_TIMEOUT', async () => {
    await setup();
    sim.setFault({ status: 503, body: { error_code: 1, error_name: 'ServerError', message: '', error_data: {} }, pathIncludes: '/login/', times: 1 });
    await expect(client.historical(RANGE, scope())).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    sim.setFault({ hang: true, pathIncludes: '/login/', times: 1 });
    await expect(client.historical(RANGE, { ...scope(), deadline: Date.now() + 200 })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    // The session recovers once the upstream does.
    await expect(client.historical(RANGE, scope())).resolves.toMatchObject({ aggregated: false });
  });
});

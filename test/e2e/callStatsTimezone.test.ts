import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_STATS_DEMO_CONFIG, startCallStatsSimulator } from '../../src/simulators/callStats.js';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const QUERY = /* GraphQL */ `
  query ($tz: String, $p: [Float!]) {
    callStats(projectId: "acme/support-bot", range: { start: "2026-10-05T00:00:00Z", end: "2026-10-06T00:00:00Z" },
              timezone: $tz, callMetrics: [{ metric: LATENCY_MS, percentiles: $p }]) { timezone }
  }
`;

// A zone Node's ICU knows (renamed in tzdata 2022b) that an upstream with an older tz database lacks.
const NEWER_NAME = 'Europe/Kyiv';

describe('call-stats: a time zone the upstream does not know (its simulator with an older tz database)', () => {
  let sim: SimulatorServer;
  let gw: TestGateway;
  beforeAll(async () => {
    sim = await startCallStatsSimulator({ unknownZones: [NEWER_NAME] });
    gw = await startTestGateway({ sources: () => ({ callStats: { baseUrl: sim.url, ...CALL_STATS_DEMO_CONFIG } }) });
  });
  afterAll(async () => {
    await gw.close();
    await sim.close();
  });

  it('answers the upstream 400 for a non-UTC timezone as BAD_USER_INPUT on `timezone`, in our words', async () => {
    sim.resetLog();
    const { body } = await gw.query(QUERY, { tz: NEWER_NAME });
    expect(body.data.callStats).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'CALL_STATS' });
    expect(body.errors[0].message).toMatch(/^`timezone`: .*"Europe\/Kyiv".*HTTP 400/);
    expect(JSON.stringify(body)).not.toContain('Unknown timezone');
    expect(sim.count('/calls/stats')).toBe(1); // a refusal is not retried
  });

  it('still serves the zones it knows, and refuses a zone Node rejects before any call', async () => {
    sim.resetLog();
    const known = await gw.query(QUERY, { tz: 'Europe/Berlin' });
    expect(known.body.errors).toBeUndefined();
    expect(known.body.data.callStats.timezone).toBe('Europe/Berlin');
    const bogus = await gw.query(QUERY, { tz: 'Mars/Olympus_Mons' });
    expect(bogus.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(sim.count('/calls/stats')).toBe(1);
  });
});

describe('call-stats: 400s of a contract-faithful backend', () => {
  let fake: SimulatorServer;
  let gw: TestGateway;
  let answer: (body: Record<string, unknown>) => SimResponse = () => ({ status: 500 });
  beforeAll(async () => {
    fake = await startSimulatorServer({ handler: (r: SimRequest) => answer(JSON.parse(r.rawBody) as Record<string, unknown>) });
    gw = await startTestGateway({ sources: () => ({ callStats: { baseUrl: fake.url, apiKey: 'k' } }) });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('reads a 400 with a non-UTC timezone as the zone refused, whatever its reason says', async () => {
    answer = (b) => ({ status: 400, body: { reason: `bad request for ${String(b.timezone)} secret-upstream-text` } });
    const { body } = await gw.query(QUERY, { tz: 'America/Ciudad_Juarez' });
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'CALL_STATS' });
    expect(body.errors[0].message).toMatch(/`timezone`.*"America\/Ciudad_Juarez"/);
    expect(JSON.stringify(body)).not.toContain('secret-upstream-text');
  });

  it('keeps UPSTREAM_REJECTED for a 400 that blames something else, or when the zone was UTC', async () => {
    answer = () => ({ status: 400, body: { reason: 'Percentiles must be between 0 and 100' } });
    const other = await gw.query(QUERY, { tz: 'Asia/Tokyo', p: [95] });
    expect(other.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', upstreamStatus: 400 });
    expect(other.body.errors[0].message).toMatch(/objected to: percentiles/);
    answer = () => ({ status: 400, body: { reason: 'Unknown timezone: UTC' } });
    const utc = await gw.query(QUERY, {});
    expect(utc.body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', upstreamStatus: 400 });
  });
});

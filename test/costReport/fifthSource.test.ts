import { Writable } from 'node:stream';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { createLogger } from '../../src/logger.js';
import { buildSchema } from '../../src/schema/buildSchema.js';
import { startGateway, type RunningGateway } from '../../src/server/startGateway.js';
import { startSimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { SOURCES } from '../../src/sources/registry.js';
import type { SourceClient, SourceDefinition } from '../../src/sources/SourceDefinition.js';
import type { RequestScope } from '../../src/sources/scope.js';

// A fifth, test-only backend that reports cost: it joins the report by its definition alone
// (its SDL field of CostReportSources and its `cost` capability), with no change elsewhere.
const METER_SDL = `
extend enum Source {
  "A test-only metering backend."
  METER
}
extend input CostReportSources {
  "The test meter."
  meter: MeterCostInput
}
"The test meter's part of a cost report."
input MeterCostInput {
  "The metered account."
  account: String!
}
`;
const METER_SETTINGS = { baseUrl: 'METER_BASE_URL', secrets: {}, forwardAuthHeader: 'METER_FORWARD_AUTH_HEADER' } as const;
const HOUR = 3_600_000;
/** In-flight calls the meter holds until it has seen this many at once (or a while passed). */
const HOLD_UNTIL = 9;

interface MeterClient extends SourceClient {
  cost(account: string, start: number, end: number, scope: RequestScope): Promise<string>;
}
interface MeterLoaders {
  cost(account: string, start: number, end: number): Promise<string>;
}

const meter = { inFlight: 0, most: 0, calls: [] as Array<{ start: string; end: string }> };

/** The meter charges "<hours>.25" per range: the report must pass each bucket's exact instants. */
async function meterHandler(req: { url: URL }) {
  meter.inFlight++;
  meter.most = Math.max(meter.most, meter.inFlight);
  const start = req.url.searchParams.get('start')!;
  const end = req.url.searchParams.get('end')!;
  meter.calls.push({ start, end });
  // Held so that concurrent calls overlap: a report that ignored its bound would pass HOLD_UNTIL.
  const deadline = Date.now() + 300;
  while (meter.inFlight < HOLD_UNTIL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  meter.inFlight--;
  return { status: 200, body: { cost: `${(Date.parse(end) - Date.parse(start)) / HOUR}.25` } };
}

const meterSource = {
  key: 'meter',
  name: 'METER',
  typeDefs: METER_SDL,
  resolvers: {},
  settings: METER_SETTINGS,
  rootFields: {},
  createClient: (_config, { http }): MeterClient => ({
    async cost(account, start, end, scope) {
      const res = await http.request<{ cost: string }>({
        method: 'GET',
        path: `accounts/${encodeURIComponent(account)}/cost`,
        query: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
        deadline: scope.deadline,
        scope,
      });
      return res.body.cost;
    },
    get circuit() {
      return http.circuit;
    },
    close: () => http.close(),
  }),
  createLoaders: (client: MeterClient, scope): MeterLoaders => ({ cost: (account, start, end) => client.cost(account, start, end, scope) }),
  cost: {
    inputField: 'meter',
    plan: (_input: { account: string }, grid) => ({ calls: grid.buckets.length }),
    async costs(input: { account: string }, grid, ctx) {
      const perBucket = await Promise.all(grid.buckets.map((b) => ctx.call(() => ctx.loaders.cost(input.account, b.start, b.end))));
      return { status: 'EXACT' as const, perBucket };
    },
  },
  simulator: {
    start: () => startSimulatorServer({ handler: meterHandler }),
    config: (server) => ({ baseUrl: server.url }),
  },
} as const satisfies SourceDefinition<'meter', 'METER', typeof METER_SETTINGS, MeterClient, MeterLoaders>;

describe('a fifth backend with costs', () => {
  const definitions = [...SOURCES, meterSource];
  let running: RunningGateway;
  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1' }, { sources: definitions });
    const logger = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
    running = await startGateway({ config, logger, sources: definitions });
  });
  afterAll(async () => {
    await running?.stop(1000);
  });

  it('joins the report through its definition alone, every call within the per-source bound', async () => {
    const res = await fetch(`${running.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ costReport(range: { start: "2026-10-26T04:00:00Z", end: "2026-11-09T05:00:00Z" }, bucket: DAY, timezone: "America/New_York", sources: { meter: { account: "a" } }) {
          buckets { start end bySource { source cost { amount } } } total { amount } sources { source status } } }`,
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    const report = body.data.costReport;
    expect(report.sources).toEqual([{ source: 'METER', status: 'EXACT' }]);
    expect(report.buckets).toHaveLength(14);
    // The local day of the fall-back is 25 hours, and the meter was asked exactly that.
    expect(report.buckets.find((b: any) => b.start === '2026-11-01T04:00:00Z').bySource).toEqual([{ source: 'METER', cost: { amount: '25.25' } }]);
    expect(meter.calls.map((c) => [c.start, c.end]).sort()).toEqual(report.buckets.map((b: any) => [b.start.replace('Z', '.000Z'), b.end.replace('Z', '.000Z')]));
    const total = report.buckets.reduce((sum: Big, b: any) => sum.plus(b.bySource[0].cost.amount), new Big(0));
    expect(total.eq(report.total.amount)).toBe(true);
    expect(meter.most).toBe(8);
  });

  it('refuses a definition whose cost capability has no field in CostReportSources, and the reverse', () => {
    const noField = { ...meterSource, typeDefs: 'extend enum Source { METER }' };
    expect(() => buildSchema([...SOURCES, noField])).toThrow(/METER: its SDL adds no field to CostReportSources, but its cost capability names meter/);
    const { cost: _cost, ...noCapability } = meterSource;
    expect(() => buildSchema([...SOURCES, noCapability])).toThrow(/METER: its SDL adds meter to CostReportSources, but its cost capability is absent/);
  });
});

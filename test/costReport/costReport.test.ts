import Big from 'big.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventsBetween, usdString5, type DemoEvent } from '../../src/simulators/eventLog.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

// Simulators and gateway share one pinned clock: every range below is in the past of NOW and
// the simulators' data (one deterministic event log) is what the sums are checked against.
const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (text: string) => Date.parse(text);

const REPORT = /* GraphQL */ `
  query Report($range: TimeRange!, $bucket: CalendarBucket!, $timezone: String, $sources: CostReportSources!) {
    costReport(range: $range, bucket: $bucket, timezone: $timezone, sources: $sources) {
      timezone
      bucket
      effectiveRange { start end }
      buckets { start end total { amount currency } bySource { source cost { amount currency } } }
      series { source key label currency total { amount } totalTokens points { start end cost { amount } } effectiveRange { start end } }
      total { amount currency }
      sources { source status reason code }
    }
  }
`;

const IBLAI = { org: 'main', userId: 'admin@main' };
const CALL_STATS = { projectId: 'acme/support-bot' };
const ALL = { iblai: IBLAI, callStats: CALL_STATS, ejento: {} };

interface Bucket { start: string; end: string; total: { amount: string }; bySource: Array<{ source: string; cost: { amount: string } }> }

/** The demo log's cost in [start, end) (up to NOW) in units of 1e-8 USD, optionally filtered. */
function costE8(start: number, end: number, keep: (e: DemoEvent) => boolean = () => true): number {
  return eventsBetween(start, end, NOW).filter(keep).reduce((n, e) => n + e.costE8, 0);
}
const usd = (e8: number) => new Big(e8).div(1e8);
const ofProject = (e: DemoEvent) => e.project.callStatsProject === CALL_STATS.projectId;

/** Call-stats is exact: the project's cost of exactly the bucket. */
const callStatsExpected = (b: { start: number; end: number }) => usd(costE8(b.start, b.end, ofProject));
/** Ejento answers one ranged call per bucket, rounding its sum to 5 places. */
const ejentoExpected = (b: { start: number; end: number }) => new Big(usdString5(costE8(b.start, b.end)));
/** iblai counts whole UTC days: those starting in the bucket. */
function iblaiExpected(b: { start: number; end: number }) {
  let e8 = 0;
  for (let d = Math.ceil(b.start / DAY) * DAY; d < b.end; d += DAY) e8 += costE8(d, d + DAY);
  return usd(e8);
}

function costOf(bucket: Bucket, source: string): string | undefined {
  return bucket.bySource.find((s) => s.source === source)?.cost.amount;
}

function expectAmount(actual: string | undefined, expected: Big, what: string): void {
  expect(actual, what).toBeDefined();
  expect(actual!, what).toMatch(/^-?\d+(\.\d+)?$/);
  expect(new Big(actual!).eq(expected), `${what}: ${actual} should be ${expected.toFixed()}`).toBe(true);
}

/** The internal consistency every answer has: bucket totals, series and total are exact sums. */
function expectConsistent(report: any): void {
  const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Big(0));
  for (const b of report.buckets as Bucket[]) expect(sum(b.bySource.map((s) => s.cost.amount)).eq(b.total.amount)).toBe(true);
  expect(sum(report.buckets.map((b: Bucket) => b.total.amount)).eq(report.total.amount)).toBe(true);
  for (const s of report.series) {
    expect(s.points.map((p: any) => p.cost.amount)).toEqual(report.buckets.map((b: Bucket) => costOf(b, s.source)));
    expect(sum(s.points.map((p: any) => p.cost.amount)).eq(s.total.amount)).toBe(true);
    expect(s).toMatchObject({ key: s.source, currency: 'USD', effectiveRange: report.effectiveRange });
  }
  // Zero is written "0", whatever scale the terms had.
  for (const b of report.buckets as Bucket[]) for (const s of b.bySource) if (new Big(s.cost.amount).eq(0)) expect(s.cost.amount).toBe('0');
}

/** Request bodies / query strings the simulators saw. */
const callStatsBodies = (gw: TestGateway) => gw.sims.callStats.requests.map((r) => JSON.parse(r.rawBody) as Record<string, unknown>);
const ejentoQueries = (gw: TestGateway) => gw.sims.ejento.requests.filter((r) => r.path.includes('/costs')).map((r) => r.url.searchParams);

describe('costReport over the simulators', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => NOW, pinGatewayClock: true });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => gw.sims.resetLogs());

  async function report(variables: Record<string, unknown>) {
    const res = await gw.query(REPORT, variables);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data.costReport;
    expectConsistent(r);
    return r;
  }

  it('sums a DST week in New York into 7 local days, 1 November being 25 hours, exact for call-stats and Ejento and approximate for iblai', async () => {
    const r = await report({ range: { start: '2026-10-29T04:00:00Z', end: '2026-11-05T05:00:00Z' }, bucket: 'DAY', timezone: 'America/New_York', sources: ALL });
    const starts = ['2026-10-29T04:00:00Z', '2026-10-30T04:00:00Z', '2026-10-31T04:00:00Z', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', '2026-11-03T05:00:00Z', '2026-11-04T05:00:00Z'];
    expect(r.buckets.map((b: Bucket) => b.start)).toEqual(starts);
    expect(r.buckets[3]).toMatchObject({ start: '2026-11-01T04:00:00Z', end: '2026-11-02T05:00:00Z' });
    expect(r.effectiveRange).toEqual({ start: '2026-10-29T04:00:00Z', end: '2026-11-05T05:00:00Z' });
    expect(r).toMatchObject({ timezone: 'America/New_York', bucket: 'DAY', total: { currency: 'USD' } });
    expect(r.sources.map((s: any) => [s.source, s.status, s.code])).toEqual([
      ['IBLAI', 'APPROXIMATE', null],
      ['CALL_STATS', 'EXACT', null],
      ['EJENTO', 'EXACT', null],
    ]);
    expect(r.sources[0].reason).toMatch(/whole UTC days.*America\/New_York/);
    expect(r.sources[1].reason).toBeNull();
    for (const b of r.buckets as Bucket[]) {
      const range = { start: at(b.start), end: at(b.end) };
      expect(b.bySource.map((s) => s.source)).toEqual(['IBLAI', 'CALL_STATS', 'EJENTO']);
      expectAmount(costOf(b, 'CALL_STATS'), callStatsExpected(range), `CALL_STATS ${b.start}`);
      expectAmount(costOf(b, 'EJENTO'), ejentoExpected(range), `EJENTO ${b.start}`);
      expectAmount(costOf(b, 'IBLAI'), iblaiExpected(range), `IBLAI ${b.start}`);
    }
    // iblai: one call per UTC day starting in the range, 100 users a page; call-stats: one
    // call of hourly buckets; Ejento: one ranged call per local day with its exact instants.
    const days = gw.sims.iblai.requests.map((q) => [q.url.searchParams.get('start_date'), q.url.searchParams.get('end_date'), q.url.searchParams.get('limit')]);
    expect(days.sort()).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((d) => [d, d, '100']));
    expect(callStatsBodies(gw)).toEqual([expect.objectContaining({ start: starts[0], end: '2026-11-05T05:00:00Z', granularity: 3600, timezone: 'UTC' })]);
    const ranges = ejentoQueries(gw).map((q) => [q.get('type'), q.get('start_date'), q.get('end_date'), q.get('time_series')]);
    expect(ranges.sort()).toEqual(r.buckets.map((b: Bucket) => ['range', b.start, b.end, null]));
  });

  it('gives the New York fall-back day 25 HOUR buckets with 01:00 twice, and the spring-forward day 23', async () => {
    const fall = await report({ range: { start: '2026-11-01T04:00:00Z', end: '2026-11-02T05:00:00Z' }, bucket: 'HOUR', timezone: 'America/New_York', sources: { callStats: CALL_STATS } });
    expect(fall.buckets).toHaveLength(25);
    // 01:00 EDT and 01:00 EST: two consecutive hours that are both 01:00 on the local clock.
    expect(fall.buckets.slice(1, 3).map((b: Bucket) => [b.start, b.end])).toEqual([
      ['2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z'],
      ['2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z'],
    ]);
    for (const b of fall.buckets as Bucket[]) {
      expect(at(b.end) - at(b.start)).toBe(HOUR);
      expectAmount(costOf(b, 'CALL_STATS'), callStatsExpected({ start: at(b.start), end: at(b.end) }), b.start);
    }
    const spring = await report({ range: { start: '2026-03-08T05:00:00Z', end: '2026-03-09T04:00:00Z' }, bucket: 'HOUR', timezone: 'America/New_York', sources: { callStats: CALL_STATS } });
    expect(spring.buckets).toHaveLength(23);
    expect(spring.buckets[2].start).toBe('2026-03-08T07:00:00Z'); // 03:00 EDT follows 01:00 EST
  });

  it('puts Asia/Kolkata days at 18:30 UTC, asks call-stats for 900-second buckets and stays exact', async () => {
    const r = await report({ range: { start: '2026-11-02T00:00:00Z', end: '2026-11-05T00:00:00Z' }, bucket: 'DAY', timezone: 'Asia/Kolkata', sources: { callStats: CALL_STATS, ejento: {} } });
    expect(r.buckets.map((b: Bucket) => b.start)).toEqual(['2026-11-01T18:30:00Z', '2026-11-02T18:30:00Z', '2026-11-03T18:30:00Z', '2026-11-04T18:30:00Z']);
    expect(r.effectiveRange.end).toBe('2026-11-05T18:30:00Z');
    expect(callStatsBodies(gw).map((b) => b.granularity)).toEqual([900]);
    expect(r.sources.map((s: any) => s.status)).toEqual(['EXACT', 'EXACT']);
    for (const b of r.buckets as Bucket[]) {
      const range = { start: at(b.start), end: at(b.end) };
      expectAmount(costOf(b, 'CALL_STATS'), callStatsExpected(range), `CALL_STATS ${b.start}`);
      expectAmount(costOf(b, 'EJENTO'), ejentoExpected(range), `EJENTO ${b.start}`);
    }
    // Kathmandu (+05:45) hours begin at :15 UTC; an alias is echoed as given.
    const k = await report({ range: { start: '2026-11-02T00:00:00Z', end: '2026-11-02T03:00:00Z' }, bucket: 'HOUR', timezone: 'Asia/Kathmandu', sources: { callStats: CALL_STATS } });
    expect(k.buckets.map((b: Bucket) => b.start)).toEqual(['2026-11-01T23:15:00Z', '2026-11-02T00:15:00Z', '2026-11-02T01:15:00Z', '2026-11-02T02:15:00Z']);
    for (const b of k.buckets as Bucket[]) expectAmount(costOf(b, 'CALL_STATS'), callStatsExpected({ start: at(b.start), end: at(b.end) }), b.start);
    const alias = await report({ range: { start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z' }, bucket: 'DAY', timezone: 'Asia/Calcutta', sources: { callStats: CALL_STATS } });
    expect(alias.timezone).toBe('Asia/Calcutta');
    expect(alias.buckets[0].start).toBe('2026-11-01T18:30:00Z');
  });

  it('answers UTC days, weeks and months with one native Ejento series each, exactly, and iblai exactly too', async () => {
    const cases = [
      { bucket: 'DAY', range: { start: '2026-11-01T00:00:00Z', end: '2026-11-15T00:00:00Z' }, buckets: 14, type: 'day' },
      { bucket: 'WEEK', range: { start: '2026-10-05T00:00:00Z', end: '2026-11-02T00:00:00Z' }, buckets: 4, type: 'week' },
      { bucket: 'MONTH', range: { start: '2026-08-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, buckets: 3, type: 'month' },
    ];
    for (const c of cases) {
      gw.sims.resetLogs();
      const r = await report({ range: c.range, bucket: c.bucket, sources: { iblai: IBLAI, ejento: {} } });
      expect(r.timezone).toBe('UTC');
      expect(r.buckets).toHaveLength(c.buckets);
      expect(r.sources.map((s: any) => s.status)).toEqual(['EXACT', 'EXACT']);
      const q = ejentoQueries(gw);
      expect(q.map((p) => [p.get('type'), p.get('start_date'), p.get('end_date'), p.get('time_series'), p.get('bucket_type')]), c.bucket).toEqual([
        ['range', c.range.start, c.range.end, 'true', c.type],
      ]);
      for (const b of r.buckets as Bucket[]) {
        const range = { start: at(b.start), end: at(b.end) };
        // Ejento's series rounds each of its buckets; iblai sums whole days exactly.
        if (c.bucket === 'DAY') expectAmount(costOf(b, 'EJENTO'), ejentoExpected(range), `EJENTO ${b.start}`);
        expectAmount(costOf(b, 'IBLAI'), iblaiExpected(range), `IBLAI ${b.start}`);
      }
      expect(gw.sims.iblai.count()).toBe((at(c.range.end) - at(c.range.start)) / DAY);
    }
  });

  it('shares its upstream calls with the sources own fields in the same operation', async () => {
    const range = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
    const res = await gw.query(
      `query ($range: TimeRange!) {
        costReport(range: $range, bucket: DAY, sources: { ejento: {}, iblai: { org: "main", userId: "admin@main" } }) { series { source total { amount } } }
        ejentoOrganization { costs(window: { range: $range }, bucket: DAY) { total { amount } } }
        userCosts(org: "main", userId: "admin@main", range: { start: "2026-11-03T00:00:00Z", end: "2026-11-04T00:00:00Z" }, first: 100) { totalCount }
      }`,
      { range },
    );
    expect(res.body.errors).toBeUndefined();
    const ejento = res.body.data.costReport.series.find((s: any) => s.source === 'EJENTO');
    expect(new Big(ejento.total.amount).eq(res.body.data.ejentoOrganization.costs.total.amount)).toBe(true);
    expect(gw.sims.ejento.count('/costs')).toBe(1);
    // The report's page of 3 November is the same loader key as the field's first 100 users.
    expect(gw.sims.iblai.count()).toBe(7);
  });

  it('is exact for iblai in London in January and approximate in July, when its days begin at 23:00 UTC', async () => {
    const january = await report({ range: { start: '2026-01-05T00:00:00Z', end: '2026-01-12T00:00:00Z' }, bucket: 'DAY', timezone: 'Europe/London', sources: { iblai: IBLAI, ejento: {} } });
    expect(january.buckets[0]).toMatchObject({ start: '2026-01-05T00:00:00Z', end: '2026-01-06T00:00:00Z' });
    expect(january.sources).toEqual([
      { source: 'IBLAI', status: 'EXACT', reason: null, code: null },
      { source: 'EJENTO', status: 'EXACT', reason: null, code: null },
    ]);
    expect(ejentoQueries(gw)).toHaveLength(1); // UTC days: the native series
    for (const b of january.buckets as Bucket[]) expectAmount(costOf(b, 'IBLAI'), iblaiExpected({ start: at(b.start), end: at(b.end) }), b.start);

    gw.sims.resetLogs();
    const july = await report({ range: { start: '2026-07-06T00:00:00Z', end: '2026-07-13T00:00:00Z' }, bucket: 'DAY', timezone: 'Europe/London', sources: { iblai: IBLAI, ejento: {} } });
    expect(july.buckets[0]).toMatchObject({ start: '2026-07-05T23:00:00Z', end: '2026-07-06T23:00:00Z' });
    expect(july.buckets).toHaveLength(8); // widened: 2026-07-13T00:00Z lies in the local 13th
    expect(july.sources[0]).toMatchObject({ source: 'IBLAI', status: 'APPROXIMATE', code: null });
    expect(july.sources[0].reason).toMatch(/Europe\/London/);
    expect(july.sources[1]).toMatchObject({ source: 'EJENTO', status: 'EXACT' });
    expect(ejentoQueries(gw)).toHaveLength(8); // one ranged call per local day
    for (const b of july.buckets as Bucket[]) {
      const range = { start: at(b.start), end: at(b.end) };
      expectAmount(costOf(b, 'IBLAI'), iblaiExpected(range), `IBLAI ${b.start}`);
      expectAmount(costOf(b, 'EJENTO'), ejentoExpected(range), `EJENTO ${b.start}`);
    }
  });

  it('is approximate for iblai on any HOUR grid, even in UTC, and counts each day in the hour it starts', async () => {
    const r = await report({ range: { start: '2026-11-01T22:00:00Z', end: '2026-11-02T02:00:00Z' }, bucket: 'HOUR', sources: { iblai: IBLAI } });
    expect(r.sources[0]).toMatchObject({ status: 'APPROXIMATE', reason: expect.stringMatching(/not hours/) });
    expect(r.buckets.map((b: Bucket) => b.start)).toEqual(['2026-11-01T22:00:00Z', '2026-11-01T23:00:00Z', '2026-11-02T00:00:00Z', '2026-11-02T01:00:00Z']);
    expect(r.buckets.map((b: Bucket) => costOf(b, 'IBLAI'))).toEqual(['0', '0', expect.any(String), '0']);
    expectAmount(costOf(r.buckets[2], 'IBLAI'), usd(costE8(at('2026-11-02T00:00:00Z'), at('2026-11-03T00:00:00Z'))), 'the whole day of 2 November');
    expect(gw.sims.iblai.count()).toBe(1);
  });

  it("reports one Ejento entity's cost when scope and id are given", async () => {
    const r = await report({ range: { start: '2026-11-02T00:00:00Z', end: '2026-11-04T00:00:00Z' }, bucket: 'DAY', timezone: 'America/New_York', sources: { ejento: { scope: 'PROJECT', id: '1' } } });
    for (const b of r.buckets as Bucket[]) {
      expectAmount(costOf(b, 'EJENTO'), new Big(usdString5(costE8(at(b.start), at(b.end), (e) => e.project.id === 1))), b.start);
    }
    expect(ejentoQueries(gw).every((q) => q.getAll('project_id').join() === '1')).toBe(true);
    expect(gw.sims.ejento.requests.every((q) => q.path.includes('/projects/costs'))).toBe(true);
  });

  it('makes 61 upstream calls for a 30-day DAY report over all three sources in New York, 32 in UTC', async () => {
    await report({ range: { start: '2026-10-21T04:00:00Z', end: '2026-11-20T05:00:00Z' }, bucket: 'DAY', timezone: 'America/New_York', sources: ALL });
    expect([gw.sims.iblai.count(), gw.sims.callStats.count(), gw.sims.ejento.count()]).toEqual([30, 1, 30]);
    gw.sims.resetLogs();
    await report({ range: { start: '2026-10-21T00:00:00Z', end: '2026-11-20T00:00:00Z' }, bucket: 'DAY', sources: ALL });
    expect([gw.sims.iblai.count(), gw.sims.callStats.count(), gw.sims.ejento.count()]).toEqual([30, 1, 1]);
  });

  it('splits call-stats calls at 31 days and still sums exactly', async () => {
    const r = await report({ range: { start: '2026-08-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, bucket: 'MONTH', sources: { callStats: CALL_STATS } });
    const bodies = callStatsBodies(gw).sort((a, b) => String(a.start).localeCompare(String(b.start)));
    expect(bodies.map((b) => [b.start, b.end])).toEqual([
      ['2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z'],
      ['2026-09-01T00:00:00Z', '2026-10-02T00:00:00Z'],
      ['2026-10-02T00:00:00Z', '2026-11-01T00:00:00Z'],
    ]);
    for (const b of r.buckets as Bucket[]) expectAmount(costOf(b, 'CALL_STATS'), callStatsExpected({ start: at(b.start), end: at(b.end) }), b.start);
  });

  it('leaves a failing source out of every sum and reports it FAILED with its code, while the others answer without errors', async () => {
    gw.sims.callStats.setFault({ status: 500, body: { reason: 'backend at 10.1.2.3 exploded' } });
    try {
      const res = await gw.query(REPORT, { range: { start: '2026-11-02T00:00:00Z', end: '2026-11-04T00:00:00Z' }, bucket: 'DAY', sources: ALL });
      expect(res.body.errors).toBeUndefined();
      const r = res.body.data.costReport;
      expectConsistent(r);
      expect(r.sources.map((s: any) => [s.source, s.status, s.code])).toEqual([
        ['IBLAI', 'EXACT', null],
        ['CALL_STATS', 'FAILED', 'UPSTREAM_UNAVAILABLE'],
        ['EJENTO', 'EXACT', null],
      ]);
      expect(r.sources[1].reason).toMatch(/CALL_STATS/);
      expect(JSON.stringify(res.body)).not.toContain('10.1.2.3');
      expect(r.series.map((s: any) => s.source)).toEqual(['IBLAI', 'EJENTO']);
      for (const b of r.buckets as Bucket[]) {
        expect(b.bySource.map((s) => s.source)).toEqual(['IBLAI', 'EJENTO']);
        const range = { start: at(b.start), end: at(b.end) };
        expectAmount(b.total.amount, iblaiExpected(range).plus(ejentoExpected(range)), b.start);
      }
    } finally {
      gw.sims.callStats.setFault(null);
    }
  });

  it('is null with one error per source at costReport when every source fails', async () => {
    gw.sims.iblai.setFault({ status: 503, body: { detail: 'down' } });
    gw.sims.callStats.setFault({ status: 404, body: { reason: 'no such project' } });
    gw.sims.ejento.setFault({ status: 500, body: { success: false, message: 'boom', data: null } });
    try {
      const res = await gw.query(REPORT, { range: { start: '2026-11-02T00:00:00Z', end: '2026-11-04T00:00:00Z' }, bucket: 'DAY', sources: ALL });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ costReport: null });
      expect(res.body.errors.map((e: any) => [e.path, e.extensions.source, e.extensions.code])).toEqual([
        [['costReport'], 'IBLAI', 'UPSTREAM_UNAVAILABLE'],
        [['costReport'], 'CALL_STATS', 'NOT_FOUND'],
        [['costReport'], 'EJENTO', 'UPSTREAM_UNAVAILABLE'],
      ]);
      for (const e of res.body.errors) expect(e.locations).toEqual([expect.objectContaining({ line: expect.any(Number) })]);
    } finally {
      for (const s of [gw.sims.iblai, gw.sims.callStats, gw.sims.ejento]) s.setFault(null);
    }
  });
});

describe('costReport limits, checked before any upstream call', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // A cost limit a normal week-long report passes but a refused one would not.
    gw = await startTestGateway({ env: { MAX_QUERY_COST: '2000' }, now: () => NOW, pinGatewayClock: true });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => gw.sims.resetLogs());

  async function refused(variables: Record<string, unknown>) {
    const res = await gw.query(REPORT, variables);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].extensions.http).toBeUndefined();
    expect(gw.sims.servers.map((s) => s.count())).toEqual([0, 0, 0, 0]);
    return res.body.errors[0].message as string;
  }
  const week = { start: '2026-11-02T00:00:00Z', end: '2026-11-09T00:00:00Z' };

  it('refuses an empty `sources`', async () => {
    expect(await refused({ range: week, bucket: 'DAY', sources: {} })).toMatch(/at least one source/);
    expect(await refused({ range: week, bucket: 'DAY', sources: { iblai: null } })).toMatch(/at least one source/);
  });

  it('refuses an unknown time zone and a fixed offset', async () => {
    expect(await refused({ range: week, bucket: 'DAY', timezone: 'Mars/Olympus_Mons', sources: ALL })).toMatch(/IANA time zone/);
    expect(await refused({ range: week, bucket: 'DAY', timezone: '+05:30', sources: ALL })).toMatch(/IANA time zone/);
  });

  it('refuses more than 1000 buckets naming the limit, before the operation-cost limit would', async () => {
    const message = await refused({ range: { start: '2026-09-01T00:00:00Z', end: '2026-11-01T00:00:00Z' }, bucket: 'HOUR', sources: { callStats: CALL_STATS } });
    expect(message).toMatch(/more than 1000 HOUR buckets \(the limit is 1000\)/);
  });

  it('refuses more than 400 estimated upstream calls naming the estimate and the limit', async () => {
    // iblai is asked one UTC day per call: 401 days are 401 calls.
    const long = { start: '2025-10-01T00:00:00Z', end: '2026-11-06T00:00:00Z' };
    const message = await refused({ range: long, bucket: 'DAY', sources: { iblai: IBLAI } });
    expect(message).toMatch(/about 401 upstream calls \(IBLAI 401\); the limit is 400/);
    // Ejento in New York: one ranged call per local day (401 of them), plus call-stats' 31-day calls.
    const ny = await refused({ range: { start: '2025-10-01T04:00:00Z', end: '2026-11-06T05:00:00Z' }, bucket: 'DAY', timezone: 'America/New_York', sources: { callStats: CALL_STATS, ejento: {} } });
    expect(ny).toMatch(/^The report would make about 414 upstream calls \(CALL_STATS 13, EJENTO 401\); the limit is 400\./);
  });

  it("refuses a source's invalid input naming it under `sources`", async () => {
    expect(await refused({ range: week, bucket: 'DAY', sources: { callStats: { projectId: 'no-slash' } } })).toMatch(/^In `sources.callStats`: `projectId`/);
    expect(await refused({ range: week, bucket: 'DAY', sources: { ejento: { scope: 'PROJECT' } } })).toMatch(/^In `sources.ejento`: `scope` and `id` go together/);
    expect(await refused({ range: week, bucket: 'DAY', sources: { ejento: { scope: 'PROJECT', id: 'x' } } })).toMatch(/`id` must be an Ejento id/);
    expect(await refused({ range: week, bucket: 'DAY', sources: { iblai: { org: '../x', userId: 'admin@main' } } })).toMatch(/^In `sources.iblai`: `org`/);
  });

  it('lets a valid report through the same limits, and still refuses it as too complex past the cost limit', async () => {
    const ok = await gw.query(REPORT, { range: week, bucket: 'DAY', sources: ALL });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.costReport.buckets).toHaveLength(7);
    const big = await gw.query(REPORT, { range: { start: '2026-09-01T00:00:00Z', end: '2026-10-01T00:00:00Z' }, bucket: 'HOUR', sources: { callStats: CALL_STATS } });
    expect(big.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});

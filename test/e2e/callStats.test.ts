import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Big from 'big.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const STATS = /* GraphQL */ `
  query ($projectId: String!, $range: TimeRange!, $granularity: Int, $timezone: String,
         $usage: [UsageMetricInput!], $calls: [CallMetricInput!], $filter: CallFilterInput,
         $first: Int, $after: String, $callAfter: String, $model: String) {
    callStats(projectId: $projectId, range: $range, granularity: $granularity, timezone: $timezone,
              usageMetrics: $usage, callMetrics: $calls, filter: $filter) {
      start end granularity timezone models
      effectiveRange { start end }
      callBuckets(first: $first, after: $callAfter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { start end count metrics { metric aggregation percentile value amount } }
      }
      usageBuckets(first: $first, after: $after, model: $model) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { start end model count metrics { metric aggregation percentile value amount } }
      }
    }
  }
`;

const DAY = { start: '2026-10-05T00:00:00Z', end: '2026-10-06T00:00:00Z' };
const base = {
  projectId: 'acme/support-bot',
  range: DAY,
  granularity: 3600,
  usage: [{ metric: 'TOTAL_COST' }],
  calls: [{ metric: 'LATENCY_MS', aggregations: ['AVG', 'MIN'], percentiles: [95, 99.9] }],
};

describe('callStats over HTTP', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.sims.callStats.setFault(null);
    gw.sims.callStats.resetLog();
  });
  const posts = () => gw.sims.callStats.count('/calls/stats');
  const bodies = () => gw.sims.callStats.requests.map((r) => JSON.parse(r.rawBody));

  it('answers a day of p95 latency and cost per model with hourly buckets', async () => {
    const { status, body } = await gw.query(STATS, base);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const s = body.data.callStats;
    expect(s).toMatchObject({ start: DAY.start, end: DAY.end, granularity: 3600, timezone: 'UTC' });
    expect(s.effectiveRange).toEqual(DAY);
    expect(s.callBuckets.totalCount).toBe(24);
    expect(s.callBuckets.nodes[1]).toMatchObject({ start: '2026-10-05T01:00:00Z', end: '2026-10-05T02:00:00Z' });
    const busy = s.callBuckets.nodes.find((n: any) => n.count > 0);
    expect(busy.metrics.map((m: any) => [m.metric, m.aggregation, m.percentile])).toEqual([
      ['LATENCY_MS', 'AVG', null],
      ['LATENCY_MS', 'MIN', null],
      ['LATENCY_MS', null, 95],
      ['LATENCY_MS', null, 99.9],
    ]);
    expect(busy.metrics.every((m: any) => typeof m.value === 'number' && m.amount === null)).toBe(true);
    expect(s.models.length).toBeGreaterThan(1);
    expect(s.usageBuckets.totalCount).toBe(24 * s.models.length);
    // Cost: the float as value, the same number as an exact Decimal amount.
    for (const n of s.usageBuckets.nodes) {
      const [m] = n.metrics;
      expect(m).toMatchObject({ metric: 'TOTAL_COST', aggregation: 'SUM', percentile: null });
      expect(m.amount).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(m.amount)).toBe(m.value);
    }
    // Sent as the contract wants it: Basic api:<key>, snake_case metric names, SUM by default.
    const req = gw.sims.callStats.requests[0]!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('api:demo-call-stats-key').toString('base64')}`);
    expect(JSON.parse(req.rawBody)).toEqual({
      project_id: 'acme/support-bot',
      start: DAY.start,
      end: DAY.end,
      granularity: 3600,
      timezone: 'UTC',
      usage_metrics: [{ metric: 'total_cost', aggregations: ['sum'], percentiles: [] }],
      call_metrics: [{ metric: 'latency_ms', aggregations: ['avg', 'min'], percentiles: [95, 99.9] }],
    });
  });

  it('makes one POST per distinct project/range/granularity/timezone/filter in a dashboard-style operation', async () => {
    const { body } = await gw.query(/* GraphQL */ `
      query ($p: String!, $r: TimeRange!, $week: TimeRange!) {
        latency: callStats(projectId: $p, range: $r, callMetrics: [{ metric: LATENCY_MS, percentiles: [95] }]) {
          callBuckets { nodes { metrics { value } } }
        }
        latencyAgain: callStats(projectId: $p, range: $r, callMetrics: [{ metric: LATENCY_MS, percentiles: [95] }]) {
          granularity callBuckets(first: 3) { nodes { count } }
        }
        cost: callStats(projectId: $p, range: $r, usageMetrics: [{ metric: TOTAL_COST }, { metric: INPUT_TOKENS, aggregations: [SUM, MAX] }]) {
          usageBuckets(model: "gpt-4o") { nodes { model metrics { value amount } } }
          callBuckets { totalCount }
        }
        errors: callStats(projectId: $p, range: $r, callMetrics: [{ metric: ERROR_COUNT }, { metric: CALL_COUNT }]) {
          callBuckets { nodes { metrics { metric value } } }
          usageBuckets { totalCount }
        }
        week: callStats(projectId: $p, range: $week, usageMetrics: [{ metric: TOTAL_COST }]) { granularity }
      }`, { p: 'acme/support-bot', r: DAY, week: { start: '2026-09-28T00:00:00Z', end: '2026-10-05T00:00:00Z' } });
    expect(body.errors).toBeUndefined();
    expect(posts()).toBe(2);
    // The day's four fields were merged into one call asking for the union of their metrics.
    const day = bodies().find((b) => b.start === DAY.start)!;
    expect(day.call_metrics).toEqual([
      { metric: 'latency_ms', aggregations: ['sum'], percentiles: [95] },
      { metric: 'call_count', aggregations: ['sum'], percentiles: [] },
      { metric: 'error_count', aggregations: ['sum'], percentiles: [] },
    ]);
    expect(day.usage_metrics).toEqual([
      { metric: 'input_tokens', aggregations: ['sum', 'max'], percentiles: [] },
      { metric: 'total_cost', aggregations: ['sum'], percentiles: [] },
    ]);
    // …and each field still sees only what it asked for.
    expect(body.data.cost.callBuckets.totalCount).toBe(0);
    expect(body.data.errors.usageBuckets.totalCount).toBe(0);
    expect(body.data.errors.callBuckets.nodes[0].metrics.map((m: any) => m.metric)).toEqual(['CALL_COUNT', 'ERROR_COUNT']);
    expect(body.data.latency.callBuckets.nodes[0].metrics).toHaveLength(2); // SUM (the default) and p95
    expect(body.data.cost.usageBuckets.nodes.every((n: any) => n.model === 'gpt-4o' && n.metrics.length === 3)).toBe(true);
    expect(body.data.week.granularity).toBe(43_200);
  });

  it('does not merge requests whose filter or timezone differ', async () => {
    const { body } = await gw.query(/* GraphQL */ `
      query ($p: String!, $r: TimeRange!) {
        a: callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }]) { granularity }
        b: callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }], filter: { opNames: ["retrieve"] }) { granularity }
        c: callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }], timezone: "Europe/Berlin") { timezone }
      }`, { p: 'acme/support-bot', r: DAY });
    expect(body.errors).toBeUndefined();
    expect(posts()).toBe(3);
    expect(bodies().find((b) => b.filter)?.filter).toEqual({ op_names: ['retrieve'] });
    expect(body.data.c.timezone).toBe('Europe/Berlin');
  });

  it('reports the granularity actually used: the automatic tier, or the 10,000-bucket cap', async () => {
    const half = await gw.query(STATS, { ...base, range: { start: DAY.start, end: '2026-10-05T12:00:00Z' }, granularity: null, first: 1 });
    expect(half.body.data.callStats.granularity).toBe(3600);
    expect(bodies()[0]).not.toHaveProperty('granularity');
    const month = await gw.query(STATS, { ...base, range: { start: '2026-09-05T00:00:00Z', end: '2026-10-05T00:00:00Z' }, granularity: 60, first: 2 });
    const s = month.body.data.callStats;
    expect(s.granularity).toBe(260);
    expect(s.callBuckets.totalCount).toBeLessThanOrEqual(10_000);
    // Bucket ends follow the response's granularity, not the one asked for.
    const [b0] = s.callBuckets.nodes;
    expect(Date.parse(b0.end) - Date.parse(b0.start)).toBe(260_000);
  });

  it('serves a dense grid whose first bucket may begin before the range', async () => {
    const { body } = await gw.query(STATS, {
      ...base,
      range: { start: '2026-10-05T00:07:00Z', end: '2026-10-05T01:00:00Z' },
      granularity: 600,
    });
    const nodes = body.data.callStats.callBuckets.nodes;
    expect(nodes.map((n: any) => n.start)).toEqual(['00:00', '00:10', '00:20', '00:30', '00:40', '00:50'].map((t) => `2026-10-05T${t}:00Z`));
    for (let i = 1; i < nodes.length; i++) expect(nodes[i].start).toBe(nodes[i - 1].end);
  });

  it('keeps unknown values null: an empty bucket has SUM 0 but MIN and percentiles null', async () => {
    const { body } = await gw.query(STATS, {
      ...base,
      range: { start: '2030-01-01T00:00:00Z', end: '2030-01-01T01:00:00Z' },
      usage: null,
      calls: [{ metric: 'LATENCY_MS', aggregations: ['SUM', 'MIN'], percentiles: [99.9] }],
    });
    expect(body.errors).toBeUndefined();
    const [n] = body.data.callStats.callBuckets.nodes;
    expect(n.count).toBe(0);
    expect(n.metrics).toEqual([
      { metric: 'LATENCY_MS', aggregation: 'SUM', percentile: null, value: 0, amount: null },
      { metric: 'LATENCY_MS', aggregation: 'MIN', percentile: null, value: null, amount: null },
      { metric: 'LATENCY_MS', aggregation: null, percentile: 99.9, value: null, amount: null },
    ]);
    expect(body.data.callStats.models).toEqual([]);
  });

  it('pages through usage buckets exactly once, with a model filter', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const res: { body: any } = await gw.query(STATS, { ...base, calls: null, first: 5, after, model: 'gpt-4o' });
      expect(res.body.errors).toBeUndefined();
      const c: any = res.body.data.callStats.usageBuckets;
      total = c.totalCount;
      seen.push(...c.nodes.map((n: any) => `${n.start} ${n.model}`));
      expect(c.pageInfo.hasPreviousPage).toBe(pages > 0);
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 20);
    expect(total).toBe(24);
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    expect(seen.every((s) => s.endsWith(' gpt-4o'))).toBe(true);
    // Same arguments every time: one POST per page, never more.
    expect(posts()).toBe(pages);
  });

  it('keeps the range of page 1 on page 2 when the range ends "now"', async () => {
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 5 * 3_600_000).toISOString();
    const q = (callAfter: string | null) => gw.query(STATS, { ...base, range: { start }, usage: null, granularity: 3600, first: 2, callAfter });
    const p1 = await q(null);
    const firstEnd = bodies()[0].end;
    await new Promise((r) => setTimeout(r, 20)); // the next request's "now" is later (ms precision)
    gw.sims.callStats.resetLog();
    const p2 = await q(p1.body.data.callStats.callBuckets.pageInfo.endCursor);
    expect(p2.body.errors).toBeUndefined();
    // One POST, for page 1's range; the field reports that range too.
    expect(bodies().map((b) => b.end)).toEqual([firstEnd]);
    expect(p2.body.data.callStats.end).toBe(p1.body.data.callStats.end);
    const page1 = p1.body.data.callStats.callBuckets.nodes.map((n: any) => n.start);
    const page2 = p2.body.data.callStats.callBuckets.nodes.map((n: any) => n.start);
    expect(Date.parse(page2[0]) - Date.parse(page1[1])).toBe(3_600_000);
  });

  it.each([
    ['a range over 31 days', { range: { start: '2026-09-01T00:00:00Z', end: '2026-10-02T00:00:01Z' } }],
    ['an end before the start', { range: { start: DAY.end, end: DAY.start } }],
    ['an empty range', { range: { start: DAY.start, end: DAY.start } }],
    ['a zero granularity', { granularity: 0 }],
    ['a negative granularity', { granularity: -60 }],
    ['an unknown timezone', { timezone: 'Mars/Olympus_Mons' }],
    ['a mis-cased timezone', { timezone: 'america/new_york' }],
    ['an offset instead of a timezone', { timezone: '+02:00' }],
    ['a percentile over 100', { calls: [{ metric: 'LATENCY_MS', percentiles: [100.5] }] }],
    ['a negative percentile', { usage: [{ metric: 'INPUT_TOKENS', percentiles: [-1] }] }],
    ['no metric at all', { usage: [], calls: null }],
    ['a metric asking for nothing', { calls: [{ metric: 'LATENCY_MS', aggregations: [] }] }],
    ['an unknown metric name', { calls: [{ metric: 'INPUT_TOKENS' }] }],
    ['a project id without entity', { projectId: 'support-bot' }],
    ['first above 10,000', { first: 10_001 }],
    ['a negative first', { first: -1 }],
    ['a forged cursor', { after: 'eyJrIjoiY2FsbEJ1Y2tldHMiLCJiIjoieCIsImkiOjB9' }],
    ['a DateTime without offset', { range: { start: '2026-10-05T00:00:00' } }],
  ])('answers %s with BAD_USER_INPUT before any upstream call', async (_name, patch) => {
    const { status, body } = await gw.query(STATS, { ...base, ...patch });
    expect(status).toBeLessThan(500);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).not.toMatch(/http:\/\//);
    expect(posts()).toBe(0);
  });

  it('checks paging arguments inside fragments before any upstream call too', async () => {
    const { body } = await gw.query(/* GraphQL */ `
      query ($p: String!, $r: TimeRange!) {
        callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }]) { ...Buckets ... on CallStats { granularity } }
      }
      fragment Buckets on CallStats { ... on CallStats { callBuckets(first: 20000) { totalCount } } }`, { p: 'acme/support-bot', r: DAY });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(posts()).toBe(0);
  });

  it('rejects a cursor from other arguments', async () => {
    const p1 = await gw.query(STATS, { ...base, first: 2 });
    const cursor = p1.body.data.callStats.callBuckets.pageInfo.endCursor;
    const { body } = await gw.query(STATS, { ...base, granularity: 1800, first: 2, callAfter: cursor });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    [404, { reason: 'Project acme/x not found' }, 'NOT_FOUND', 1],
    [401, { reason: 'Invalid API key' }, 'UPSTREAM_REJECTED', 1],
    [403, { reason: 'forbidden' }, 'UPSTREAM_REJECTED', 1],
    [400, { reason: 'Unknown timezone: secret-upstream-text' }, 'UPSTREAM_REJECTED', 1],
    [422, { detail: [{ loc: ['body', 'timezone'], msg: 'secret-upstream-text', type: 'value_error' }] }, 'UPSTREAM_REJECTED', 1],
    [413, { reason: 'secret-upstream-text' }, 'UPSTREAM_REJECTED', 1],
    [500, { reason: 'secret-upstream-text' }, 'UPSTREAM_UNAVAILABLE', 1],
    [502, { reason: 'secret-upstream-text' }, 'UPSTREAM_UNAVAILABLE', 2],
    [504, { reason: 'secret-upstream-text' }, 'UPSTREAM_TIMEOUT', 1],
  ])('maps an upstream %d to %s with source CALL_STATS and no upstream text', async (status, fault, code, calls) => {
    gw.sims.callStats.setFault({ status, body: fault });
    const { body } = await gw.query(STATS, base);
    expect(body.data.callStats).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code, source: 'CALL_STATS', upstreamStatus: status });
    expect(JSON.stringify(body)).not.toMatch(/secret-upstream-text|127\.0\.0\.1/);
    // The read-only POST is retried once on 502, never on a refusal.
    expect(posts()).toBe(calls);
    if (status === 422 || status === 400) expect(body.errors[0].message).toMatch(/objected to: timezone/);
  });

  it('leaves iblai fields intact when call-stats fails', async () => {
    gw.sims.callStats.setFault({ status: 503, body: { reason: 'down' } });
    const { body } = await gw.query(/* GraphQL */ `
      query ($p: String!, $r: TimeRange!) {
        mentorSummary(org: "main", userId: "admin@main") { totalMentors }
        callStats(projectId: $p, range: $r, callMetrics: [{ metric: CALL_COUNT }]) { granularity }
      }`, { p: 'acme/support-bot', r: DAY });
    expect(body.data.mentorSummary.totalMentors).toBeGreaterThan(0);
    expect(body.data.callStats).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['callStats'], extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'CALL_STATS' } });
  });

  it('reads timestamps with an offset or without one (UTC) and treats missing cells as unknown', async () => {
    gw.sims.callStats.setFault({
      status: 200,
      body: {
        start: '2026-10-05T00:00:00Z',
        end: '2026-10-05T02:00:00Z',
        granularity: 3600,
        timezone: 'America/New_York',
        usage_buckets: [
          { timestamp: '2026-10-04T20:00:00-04:00', model: 'm', count: 2, sum_total_cost: 0.1, 'p99.9_total_cost': 1e-7 },
          { timestamp: '2026-10-05T01:00:00', model: 'm', count: 0, sum_total_cost: 0, 'p99.9_total_cost': null, extra_field: 'x' },
        ],
        call_buckets: [],
      },
    });
    const { body } = await gw.query(STATS, {
      ...base,
      range: { start: '2026-10-05T00:00:00Z', end: '2026-10-05T02:00:00Z' },
      usage: [{ metric: 'TOTAL_COST', aggregations: ['SUM', 'MAX'], percentiles: [99.9] }],
      calls: null,
    });
    expect(body.errors).toBeUndefined();
    const [a, b] = body.data.callStats.usageBuckets.nodes;
    expect([a.start, a.end, b.start]).toEqual(['2026-10-05T00:00:00Z', '2026-10-05T01:00:00Z', '2026-10-05T01:00:00Z']);
    expect(a.metrics).toEqual([
      { metric: 'TOTAL_COST', aggregation: 'SUM', percentile: null, value: 0.1, amount: '0.1' },
      { metric: 'TOTAL_COST', aggregation: 'MAX', percentile: null, value: null, amount: null },
      { metric: 'TOTAL_COST', aggregation: null, percentile: 99.9, value: 1e-7, amount: '0.0000001' },
    ]);
    expect(b.metrics[2].value).toBeNull();
  });

  it('answers a body outside the contract with UPSTREAM_BAD_RESPONSE', async () => {
    gw.sims.callStats.setFault({ status: 200, body: { granularity: 'hourly', call_buckets: [] } });
    const { body } = await gw.query(STATS, base);
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'CALL_STATS' });
  });

  it('sums of cost buckets match the exact total', async () => {
    const { body } = await gw.query(STATS, { ...base, calls: null, granularity: 86_400 });
    const hourly = await gw.query(STATS, { ...base, calls: null });
    const sum = (nodes: any[]) => nodes.reduce((acc: Big, n: any) => acc.plus(n.metrics[0].amount), new Big(0));
    const daily = sum(body.data.callStats.usageBuckets.nodes);
    expect(daily.gt(0)).toBe(true);
    expect(sum(hourly.body.data.callStats.usageBuckets.nodes).minus(daily).abs().lt('0.00000001')).toBe(true);
  });

  it.each(['30-call-stats-latency-cost-day', '31-call-stats-model-week'])('runs the GraphiQL example %s in one upstream POST', async (name) => {
    const dir = new URL('../../graphiql/examples/', import.meta.url);
    const query = readFileSync(new URL(`${name}.graphql`, dir), 'utf8');
    const variables = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
    const { body } = await gw.query(query, variables);
    expect(body.errors).toBeUndefined();
    expect(JSON.stringify(body.data)).toMatch(/"value":\d/);
    expect(posts()).toBe(1);
  });

  it('never logs the API key', () => {
    const key = 'demo-call-stats-key';
    const all = gw.logs.join('\n');
    expect(all).not.toContain(key);
    expect(all).not.toContain(Buffer.from(`api:${key}`).toString('base64'));
  });
});

describe('callStats with another configuration', () => {
  const Q = '{ callStats(projectId: "acme/support-bot", range: { start: "2026-10-05T00:00:00Z", end: "2026-10-05T01:00:00Z" }, callMetrics: [{ metric: CALL_COUNT }]) { granularity } gateway { demo } }';

  it('maps a key the upstream refuses to UPSTREAM_REJECTED without leaking it', async () => {
    const gw = await startTestGateway({ sources: (sims) => ({ callStats: { baseUrl: sims.callStats.url, apiKey: 'not-the-key' } }) });
    try {
      const { body } = await gw.query(Q);
      expect(body.data.gateway.demo).toBe(false);
      expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', source: 'CALL_STATS', upstreamStatus: 401 });
      expect(JSON.stringify(body)).not.toContain('not-the-key');
      expect(gw.logs.join('\n')).not.toContain('not-the-key');
    } finally {
      await gw.close();
    }
  });

  it('answers SOURCE_NOT_CONFIGURED when call-stats has no configuration, other fields intact', async () => {
    const gw = await startTestGateway({ sources: () => ({ callStats: null }) });
    try {
      const { body } = await gw.query(Q);
      expect(body.data).toEqual({ callStats: null, gateway: { demo: false } });
      expect(body.errors[0].extensions).toMatchObject({ code: 'SOURCE_NOT_CONFIGURED', source: 'CALL_STATS' });
      expect(gw.sims.callStats.count()).toBe(0);
    } finally {
      await gw.close();
    }
  });
});

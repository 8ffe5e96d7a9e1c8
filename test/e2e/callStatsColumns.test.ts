import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

const ROWS_AND_COLUMNS = /* GraphQL */ `
  query ($range: TimeRange!, $granularity: Int, $usage: [UsageMetricInput!], $calls: [CallMetricInput!], $model: String) {
    callStats(projectId: "acme/support-bot", range: $range, granularity: $granularity, usageMetrics: $usage, callMetrics: $calls) {
      models
      callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value amount } } }
      usageBuckets(first: 10000) { nodes { start end model count metrics { metric aggregation percentile value amount } } }
      callColumns { start end count metrics { metric aggregation percentile values amounts } }
      usageColumns(model: $model) { start end models { model count metrics { metric aggregation percentile values amounts } } }
    }
  }
`;

const DAY = { start: '2026-10-05T00:00:00Z', end: '2026-10-06T00:00:00Z' };

interface MetricValue { metric: string; aggregation: string | null; percentile: number | null; value: number | null; amount: string | null }
interface Bucket { start: string; end: string; count: number; model?: string; metrics: MetricValue[] }
interface MetricColumn { metric: string; aggregation: string | null; percentile: number | null; values: Array<number | null>; amounts: Array<string | null> | null }

/** The rows rebuilt from columns, to compare with what `callBuckets` says. */
function rowsOf(start: string[], end: string[], count: number[], metrics: MetricColumn[]): Bucket[] {
  return start.map((s, i) => ({
    start: s,
    end: end[i]!,
    count: count[i]!,
    metrics: metrics.map((m) => ({ metric: m.metric, aggregation: m.aggregation, percentile: m.percentile, value: m.values[i]!, amount: m.amounts ? m.amounts[i]! : null })),
  }));
}

describe('callStats as columns (callColumns, usageColumns)', () => {
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

  it('carries exactly the data of the rows, from the same single upstream call', async () => {
    const { status, body } = await gw.query(ROWS_AND_COLUMNS, {
      range: DAY,
      granularity: 3600,
      usage: [{ metric: 'TOTAL_COST', aggregations: ['SUM', 'COUNT'], percentiles: [95] }, { metric: 'TOTAL_TOKENS' }],
      calls: [{ metric: 'LATENCY_MS', aggregations: ['AVG', 'MIN'], percentiles: [99.9] }, { metric: 'ERROR_COUNT' }],
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const s = body.data.callStats;
    expect(gw.sims.callStats.count('/calls/stats')).toBe(1);
    const c = s.callColumns;
    expect(c.start).toHaveLength(24);
    expect(rowsOf(c.start, c.end, c.count, c.metrics)).toEqual(s.callBuckets.nodes);
    // Not money: no amounts column.
    expect(c.metrics.map((m: MetricColumn) => m.amounts)).toEqual([null, null, null, null]);

    const u = s.usageColumns;
    expect(u.models.map((m: { model: string }) => m.model)).toEqual(s.models);
    expect(s.models.length).toBeGreaterThan(1);
    const fromColumns = u.models.flatMap((m: { model: string; count: number[]; metrics: MetricColumn[] }) =>
      rowsOf(u.start, u.end, m.count, m.metrics).map((r) => ({ ...r, model: m.model })),
    );
    const byKey = (b: Bucket) => `${b.start} ${b.model}`;
    const sorted = (list: Bucket[]) => [...list].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
    expect(sorted(fromColumns)).toEqual(sorted(s.usageBuckets.nodes));
    // Cost: exact amounts beside the floats, except for COUNT (a number of calls).
    const cost = (u.models[0].metrics as MetricColumn[]).filter((m) => m.metric === 'TOTAL_COST');
    expect(cost.map((m) => m.aggregation ?? m.percentile)).toEqual(['SUM', 'COUNT', 95]);
    expect(cost[0]!.amounts).toHaveLength(24);
    expect(cost[0]!.amounts!.every((a, i) => a === null || Number(a) === cost[0]!.values[i])).toBe(true);
    expect(cost[1]!.amounts).toBeNull();
    expect(cost[2]!.amounts).toHaveLength(24);
  });

  it('aligns every model with one time axis: a model missing from a bucket has 0 calls and null values there', async () => {
    gw.sims.callStats.setFault({
      status: 200,
      body: {
        start: '2026-10-05T00:00:00Z',
        end: '2026-10-05T03:00:00Z',
        granularity: 3600,
        timezone: 'UTC',
        // Out of order and sparse: b has no row at 01:00, a none at 02:00.
        usage_buckets: [
          { timestamp: '2026-10-05T02:00:00Z', model: 'b', count: 3, sum_total_cost: 0.3 },
          { timestamp: '2026-10-05T00:00:00Z', model: 'b', count: 1, sum_total_cost: 0.1 },
          { timestamp: '2026-10-05T00:00:00Z', model: 'a', count: 2, sum_total_cost: 0.2 },
          { timestamp: '2026-10-05T01:00:00Z', model: 'a', count: 5, sum_total_cost: null },
        ],
        call_buckets: [],
      },
    });
    const q = `query ($model: String) { callStats(projectId: "acme/support-bot", range: { start: "2026-10-05T00:00:00Z", end: "2026-10-05T03:00:00Z" }, granularity: 3600, usageMetrics: [{ metric: TOTAL_COST }]) {
      usageColumns(model: $model) { start end models { model count metrics { values amounts } } }
      callColumns { start count metrics { values } }
    } }`;
    const { body } = await gw.query(q, {});
    expect(body.errors).toBeUndefined();
    const u = body.data.callStats.usageColumns;
    expect(u.start).toEqual(['2026-10-05T00:00:00Z', '2026-10-05T01:00:00Z', '2026-10-05T02:00:00Z']);
    expect(u.end).toEqual(['2026-10-05T01:00:00Z', '2026-10-05T02:00:00Z', '2026-10-05T03:00:00Z']);
    expect(u.models).toEqual([
      { model: 'a', count: [2, 5, 0], metrics: [{ values: [0.2, null, null], amounts: ['0.2', null, null] }] },
      { model: 'b', count: [1, 0, 3], metrics: [{ values: [0.1, null, 0.3], amounts: ['0.1', null, '0.3'] }] },
    ]);
    // No call metrics asked: empty columns, not an error.
    expect(body.data.callStats.callColumns).toEqual({ start: [], count: [], metrics: [] });

    const one = await gw.query(q, { model: 'b' });
    expect(one.body.data.callStats.usageColumns.models.map((m: { model: string }) => m.model)).toEqual(['b']);
    expect(one.body.data.callStats.usageColumns.start).toHaveLength(3);
  });

  it('serves 2,016 buckets in one answer about a third of the size of the rows', async () => {
    const week = { start: '2026-10-01T00:00:00Z', end: '2026-10-08T00:00:00Z' };
    const head = `callStats(projectId: "acme/support-bot", range: { start: "${week.start}", end: "${week.end}" }, granularity: 300, callMetrics: [{ metric: LATENCY_MS, aggregations: [AVG, MAX], percentiles: [95] }, { metric: CALL_COUNT, aggregations: [SUM] }])`;
    const rows = await gw.query(`{ ${head} { callBuckets(first: 10000) { nodes { start end count metrics { metric aggregation percentile value } } } } }`, {});
    const cols = await gw.query(`{ ${head} { callColumns { start end count metrics { metric aggregation percentile values } } } }`, {});
    expect(cols.body.errors).toBeUndefined();
    const c = cols.body.data.callStats.callColumns;
    expect(c.start).toHaveLength(2016);
    expect(rowsOf(c.start, c.end, c.count, c.metrics.map((m: MetricColumn) => ({ ...m, amounts: null }))).map(({ metrics, ...r }) => ({ ...r, metrics: metrics.map(({ amount: _, ...v }) => v) }))).toEqual(
      rows.body.data.callStats.callBuckets.nodes,
    );
    expect(JSON.stringify(cols.body).length).toBeLessThan(JSON.stringify(rows.body).length / 2.5);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCallStatsSimulator } from '../../src/simulators/callStats.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';

// The simulator's clock: every demo call before it has happened.
const NOW = Date.parse('2026-11-01T00:00:00Z');
const AUTH = `Basic ${Buffer.from('api:demo-call-stats-key').toString('base64')}`;
const PROJECT = 'acme/support-bot';
const H = 3_600_000;
const D = 24 * H;

describe('call-stats simulator', () => {
  let sim: SimulatorServer;
  beforeAll(async () => {
    sim = await startCallStatsSimulator({ now: () => NOW });
  });
  afterAll(async () => {
    await sim.close();
  });

  async function post(body: unknown, authorization = AUTH): Promise<{ status: number; body: any }> {
    const res = await fetch(`${sim.url}/calls/stats`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const range = (start: number, ms: number) => ({ project_id: PROJECT, start: iso(start), end: iso(start + ms) });
  const DAY1 = Date.parse('2026-10-05T00:00:00Z');

  it('requires Basic auth with the user name "api" and a known key', async () => {
    const body = { ...range(DAY1, H), call_metrics: [{ metric: 'call_count' }] };
    expect((await post(body, '')).status).toBe(401);
    expect((await post(body, `Basic ${Buffer.from('user:demo-call-stats-key').toString('base64')}`)).status).toBe(401);
    expect((await post(body, `Basic ${Buffer.from('api:wrong').toString('base64')}`)).body).toHaveProperty('reason');
    expect((await post(body)).status).toBe(200);
  });

  it.each([
    ['an unknown top-level key', { ...range(DAY1, H), limit: 5 }, ['body', 'limit']],
    ['an unknown metric key', { ...range(DAY1, H), call_metrics: [{ metric: 'latency_ms', unit: 'ms' }] }, ['body', 'call_metrics', 0, 'unit']],
    ['an unknown filter key', { ...range(DAY1, H), filter: { op_name: ['x'] } }, ['body', 'filter', 'op_name']],
    ['an unknown metric', { ...range(DAY1, H), usage_metrics: [{ metric: 'latency_ms' }] }, ['body', 'usage_metrics', 0, 'metric']],
    ['a zero granularity', { ...range(DAY1, H), granularity: 0 }, ['body', 'granularity']],
  ])('refuses %s with a 422 detail list', async (_name, body, loc) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.detail.map((d: any) => d.loc)).toContainEqual(loc);
  });

  it('refuses end before start and ranges over 31 days with 422, but allows exactly 31 days', async () => {
    expect((await post({ project_id: PROJECT, start: iso(DAY1), end: iso(DAY1 - 1000) })).status).toBe(422);
    expect((await post({ ...range(DAY1 - 20 * D, 31 * D + 1000), call_metrics: [{ metric: 'call_count' }] })).status).toBe(422);
    expect((await post({ ...range(DAY1 - 20 * D, 31 * D), call_metrics: [{ metric: 'call_count' }] })).status).toBe(200);
  });

  it('answers an unknown timezone and a percentile outside [0, 100] with 400 {reason}, an unknown project with 404', async () => {
    const tz = await post({ ...range(DAY1, H), timezone: 'Mars/Olympus_Mons' });
    expect(tz.status).toBe(400);
    expect(tz.body.reason).toMatch(/timezone/i);
    expect((await post({ ...range(DAY1, H), timezone: 'utc' })).status).toBe(400);
    const p = await post({ ...range(DAY1, H), call_metrics: [{ metric: 'latency_ms', percentiles: [101] }] });
    expect(p.status).toBe(400);
    expect((await post({ ...range(DAY1, H), project_id: 'acme/nope' })).status).toBe(404);
  });

  it.each([
    [2 * H, 300],
    [2 * H + 1000, 3600],
    [12 * H, 3600],
    [12 * H + 1000, 21_600],
    [3 * D, 21_600],
    [3 * D + 1000, 43_200],
    [14 * D, 43_200],
    [14 * D + 1000, 86_400],
  ])('chooses the granularity tier for a range of %d ms: %d s', async (ms, expected) => {
    const res = await post({ ...range(DAY1 - 15 * D, ms), call_metrics: [{ metric: 'call_count' }] });
    expect(res.body.granularity).toBe(expected);
  });

  it('raises any granularity that would give more than 10,000 buckets to floor(range/10000)+1', async () => {
    const res = await post({ ...range(DAY1 - 20 * D, 30 * D), granularity: 60, call_metrics: [{ metric: 'call_count' }] });
    expect(res.body.granularity).toBe(Math.floor((30 * 86_400) / 10_000) + 1);
    expect(res.body.call_buckets.length).toBeLessThanOrEqual(10_000);
    // A small explicit granularity that fits is kept.
    const fine = await post({ ...range(DAY1, 2 * H), granularity: 1, call_metrics: [{ metric: 'call_count' }] });
    expect(fine.body.granularity).toBe(1);
    expect(fine.body.call_buckets).toHaveLength(7200);
  });

  it('serves dense epoch-aligned buckets from the one containing start while before end', async () => {
    const start = DAY1 + 7 * 60_000; // 00:07
    const res = await post({ project_id: PROJECT, start: iso(start), end: iso(DAY1 + H), granularity: 600, call_metrics: [{ metric: 'call_count' }] });
    const stamps = res.body.call_buckets.map((b: any) => Date.parse(b.timestamp));
    expect(stamps[0]).toBe(DAY1); // begins before start
    expect(stamps).toEqual(Array.from({ length: 6 }, (_, i) => DAY1 + i * 600_000));
    const total = res.body.call_buckets.reduce((a: number, b: any) => a + b.count, 0);
    expect(total).toBe(res.body.call_buckets.reduce((a: number, b: any) => a + b.sum_call_count, 0));
  });

  it('writes prefix keys with whole percentiles as integers, and one usage row per (bucket, model)', async () => {
    const res = await post({
      ...range(DAY1 + 9 * H, 3 * H),
      granularity: 3600,
      usage_metrics: [{ metric: 'total_cost', aggregations: ['sum', 'max'], percentiles: [95] }],
      call_metrics: [{ metric: 'latency_ms', aggregations: ['avg', 'count'], percentiles: [95.0, 99.9] }],
    });
    const c = res.body.call_buckets[0];
    expect(Object.keys(c).sort()).toEqual(['avg_latency_ms', 'count', 'count_latency_ms', 'p95_latency_ms', 'p99.9_latency_ms', 'timestamp']);
    const models = [...new Set(res.body.usage_buckets.map((b: any) => b.model))].sort();
    expect(models.length).toBeGreaterThan(1);
    expect(res.body.usage_buckets).toHaveLength(3 * models.length);
    const order = res.body.usage_buckets.map((b: any) => `${b.timestamp} ${b.model}`);
    expect(order).toEqual([...order].sort());
    expect(Object.keys(res.body.usage_buckets[0]).sort()).toEqual(['count', 'max_total_cost', 'model', 'p95_total_cost', 'sum_total_cost', 'timestamp']);
  });

  it('fills empty cells with 0 for sum/avg/count and null for min/max/percentiles', async () => {
    // After the simulator's now: no calls yet, but the grid is still dense.
    const res = await post({
      ...range(NOW + D, H),
      granularity: 1800,
      call_metrics: [{ metric: 'latency_ms', aggregations: ['sum', 'avg', 'min', 'max', 'count'], percentiles: [50] }],
    });
    expect(res.body.call_buckets).toEqual([
      { timestamp: iso(NOW + D), count: 0, sum_latency_ms: 0, avg_latency_ms: 0, min_latency_ms: null, max_latency_ms: null, count_latency_ms: 0, p50_latency_ms: null },
      { timestamp: iso(NOW + D + 1_800_000), count: 0, sum_latency_ms: 0, avg_latency_ms: 0, min_latency_ms: null, max_latency_ms: null, count_latency_ms: 0, p50_latency_ms: null },
    ]);
    expect(res.body.usage_buckets).toEqual([]);
  });

  it('answers [] for a list whose metrics were not asked for', async () => {
    const res = await post({ ...range(DAY1 + 12 * H, 3 * H), usage_metrics: [{ metric: 'input_tokens' }] });
    expect(res.body.call_buckets).toEqual([]);
    expect(res.body.usage_buckets.length).toBeGreaterThan(0);
  });

  it("stamps buckets with the timezone's offset but keeps them epoch-aligned", async () => {
    const res = await post({ ...range(DAY1, 2 * H), granularity: 3600, timezone: 'America/New_York', call_metrics: [{ metric: 'call_count' }] });
    expect(res.body.timezone).toBe('America/New_York');
    expect(res.body.call_buckets.map((b: any) => b.timestamp)).toEqual(['2026-10-04T20:00:00-04:00', '2026-10-04T21:00:00-04:00']);
    expect(res.body.start).toBe('2026-10-05T00:00:00Z');
  });

  it('applies op_names and wb_user_ids filters', async () => {
    const all = await post({ ...range(DAY1, D), granularity: 86_400, call_metrics: [{ metric: 'call_count' }] });
    const some = await post({ ...range(DAY1, D), granularity: 86_400, call_metrics: [{ metric: 'call_count' }], filter: { op_names: ['retrieve'] } });
    const none = await post({ ...range(DAY1, D), granularity: 86_400, call_metrics: [{ metric: 'call_count' }], filter: { wb_user_ids: ['nobody'] } });
    expect(some.body.call_buckets[0].count).toBeGreaterThan(0);
    expect(some.body.call_buckets[0].count).toBeLessThan(all.body.call_buckets[0].count);
    expect(none.body.call_buckets[0].count).toBe(0);
  });
});

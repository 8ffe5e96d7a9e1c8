import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEjentoSimulator } from '../../src/simulators/ejento.js';
import type { SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { eventsBetween } from '../../src/simulators/eventLog.js';

const SIM_NOW = Date.parse('2026-10-20T12:00:00Z');
const AUTH = { 'ocp-apim-subscription-key': 'demo-subscription-key', authorization: 'Bearer demo-ejento-token' };

describe('ejento simulator', () => {
  let sim: SimulatorServer;
  beforeAll(async () => {
    sim = await startEjentoSimulator({ now: () => SIM_NOW });
  });
  afterAll(async () => {
    await sim.close();
  });
  const get = async (path: string, headers: Record<string, string> = AUTH) => {
    const res = await fetch(`${sim.url}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };
  const RANGE = 'type=range&start_date=2026-10-01&end_date=2026-10-14';

  it('serves top-N entities per date, ranked by the metric, omitting dates without data', async () => {
    const { status, body } = await get(`/api/v2/analytics/users/costs?${RANGE}&time_series=true&bucket_type=week&limit=3`);
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    const rows = body.data.costs;
    const byDate = new Map<string, any[]>();
    for (const r of rows) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
    expect([...byDate.keys()]).toEqual(['2026-09-28', '2026-10-05', '2026-10-12']);
    for (const list of byDate.values()) {
      expect(list).toHaveLength(3);
      const costs = list.map((r: any) => Number(r.total_cost));
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
      expect(list[0]).toEqual({ date: expect.any(String), user_id: expect.any(Number), user_name: expect.any(String), total_tokens: expect.any(Number), total_cost: expect.stringMatching(/^\d+\.\d{5}$/) });
    }
    // A date-only end_date includes that whole day.
    const inRange = eventsBetween(Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-10-15T00:00:00Z'), SIM_NOW);
    const all = await get(`/api/v2/analytics/query-count/?${RANGE}`);
    expect(all.body.data.query_counts).toEqual([{ query_count: inRange.length }]);
  });

  it('omits time-series dates after its clock and accepts a trailing slash', async () => {
    const { body } = await get('/api/v2/analytics/votes/?type=range&start_date=2026-10-18T00:00:00Z&end_date=2026-10-25T00:00:00Z&time_series=true');
    expect(body.data.votes.map((r: any) => r.date)).toEqual(['2026-10-18', '2026-10-19', '2026-10-20']);
  });

  it('answers the API manager 401 envelope without a valid subscription key, and the app 403 without a token', async () => {
    const a = await get('/api/v2/analytics/costs', { authorization: AUTH.authorization });
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ statusCode: 401, message: expect.stringMatching(/subscription key/) });
    const b = await get('/api/v2/analytics/costs', { 'ocp-apim-subscription-key': 'demo-subscription-key' });
    expect(b.status).toBe(403);
    expect(b.body).toMatchObject({ success: false, data: null });
  });

  it.each([
    ['type=weekly'],
    ['days=-1'],
    ['type=range&start_date=2026-10-05'],
    ['type=range&start_date=2026-10-05&end_date=2026-10-01'],
    ['bucket_type=year&time_series=true'],
    ['limit=0'],
    ['project_id=abc'],
  ])('refuses %s with 400 and success:false', async (q) => {
    const { status, body } = await get(`/api/v2/analytics/projects/costs?${q}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, data: null });
  });

  it.each(['costs', 'tokens', 'query-count', 'votes', 'document-count', 'indexing-mode', 'most-active', 'recent', 'summary'])(
    'answers time_series=true on %s with rows dated by the bucket start, at most `limit` per date',
    async (metric) => {
      const { status, body } = await get(`/api/v2/analytics/agents/${metric}?${RANGE}&time_series=true&bucket_type=week&limit=2`);
      expect(status).toBe(200);
      const rows = Object.values(body.data)[0] as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      const perDate = new Map<string, Set<unknown>>();
      for (const r of rows) {
        expect(['2026-09-28', '2026-10-05', '2026-10-12']).toContain(r.date);
        perDate.set(r.date as string, (perDate.get(r.date as string) ?? new Set()).add(r.agent_id));
      }
      for (const ids of perDate.values()) expect(ids.size).toBeLessThanOrEqual(2);
    },
  );

  it('answers `recent` for the window: entities used in it, by their last use in it', async () => {
    const start = Date.parse('2026-10-10T00:00:00Z');
    const end = Date.parse('2026-10-11T00:00:00Z');
    const { body } = await get('/api/v2/analytics/users/recent?type=range&start_date=2026-10-10&end_date=2026-10-10&limit=3');
    const last = new Map<number, number>();
    for (const e of eventsBetween(start, end, SIM_NOW)) last.set(e.user.id, Math.max(last.get(e.user.id) ?? 0, e.ts));
    const want = [...last.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3);
    expect(body.data.recent.map((r: any) => [r.user_id, Date.parse(r.last_used_at)])).toEqual(want);
    // Outside the demo's history nothing was used or created: no rows.
    const empty = await get('/api/v2/analytics/users/recent?type=range&start_date=2024-01-01&end_date=2024-01-31');
    expect(empty.body.data.recent).toEqual([]);
  });

  it('ranks ids-less calls by their own metric: tokens, query counts, votes', async () => {
    const evs = eventsBetween(Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-10-15T00:00:00Z'), SIM_NOW);
    const top = (measure: (e: (typeof evs)[number]) => number) => {
      const by = new Map<number, number>();
      for (const e of evs) by.set(e.project.id, (by.get(e.project.id) ?? 0) + measure(e));
      return [...by.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3).map(([id]) => id);
    };
    const ids = async (metric: string, key: string) => ((await get(`/api/v2/analytics/projects/${metric}?${RANGE}&limit=3`)).body.data[key] as any[]).map((r) => r.project_id);
    expect(await ids('tokens', 'token_usage')).toEqual(top((e) => e.inputTokens + e.outputTokens));
    expect(await ids('query-count', 'query_counts')).toEqual(top(() => 1));
    expect(await ids('votes', 'votes')).toEqual(top((e) => (e.vote === 0 ? 0 : 1)));
  });

  it('knows only the pinned routes', async () => {
    expect((await get('/api/v2/analytics/corpus/costs')).status).toBe(404);
    expect((await get('/api/v2/analytics/widgets/costs')).status).toBe(404);
    expect((await get('/api/v2/analytics/entity-counts')).body.data.counts).toEqual({ agents: 10, projects: 6, teams: 4, users: 25, corpora: 4 });
  });
});

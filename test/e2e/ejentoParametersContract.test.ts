import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulatorServer, type SimRequest, type SimResponse, type SimulatorServer } from '../../src/simulators/startSimulatorServer.js';
import { startTestGateway, type TestGateway } from '../support/startTestGateway.js';

/**
 * The Ejento common parameters (time_series/bucket_type on every operation, `limit` without ids,
 * the window of `recent`) against a small scripted backend that answers as the Ejento contract
 * and its document allow, in shapes our simulator does not produce: rows without `<e>_id`
 * (the document's own `ProjectCostUsage` example), ranked lists in an order the gateway must
 * keep, time series nested one level with dates omitted, and an organization summary that stays
 * one object under `time_series`.
 */
const NOW = Date.parse('2026-10-20T12:00:00Z');
const ok = (key: string, payload: unknown): SimResponse => ({ status: 200, body: { success: true, message: 'ok', data: { [key]: payload } } });

describe('ejento common parameters against a contract-faithful backend', () => {
  let fake: SimulatorServer;
  let gw: TestGateway;
  let routes: Record<string, (q: URLSearchParams) => SimResponse> = {};
  const handler = (r: SimRequest): SimResponse => {
    const route = routes[r.path.replace(/^\/api\/v2\/analytics\//, '').replace(/\/$/, '')];
    return route ? route(r.url.searchParams) : { status: 404, body: { success: false, message: 'Not found.', data: null } };
  };
  beforeAll(async () => {
    fake = await startSimulatorServer({ handler: (r) => handler(r) });
    gw = await startTestGateway({
      now: () => NOW,
      sources: () => ({ ejento: { baseUrl: fake.url, subscriptionKey: 'k', token: 't', maxBatchSize: 50 } }),
    });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.resetLog();
    routes = {};
  });

  it("ranks rows without ids (the document's ProjectCostUsage shape) in `ranking`, in the upstream's order", async () => {
    routes['projects/costs'] = () =>
      ok('costs', [
        { project_name: 'Example Project', total_tokens: 1500, total_cost: '0.00150' },
        { project_name: 'Cheaper But Listed Second', total_tokens: 900, total_cost: '0.00090' },
      ]);
    const { body } = await gw.query(`{ ejentoOrganization { ranking(scope: PROJECT, limit: 2) { id name scope value entity { id } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoOrganization.ranking).toEqual([
      { id: null, name: 'Example Project', scope: 'PROJECT', value: 0.0015, entity: null },
      { id: null, name: 'Cheaper But Listed Second', scope: 'PROJECT', value: 0.0009, entity: null },
    ]);
    expect(fake.requests).toHaveLength(1);
    const q = fake.requests[0]!.url.searchParams;
    expect([q.getAll('project_id'), q.get('limit'), q.get('time_series')]).toEqual([[], '2', null]);
  });

  it('fails topEntities on rows without ids, pointing at `ranking`', async () => {
    routes['projects/tokens'] = () => ok('token_usage', [{ project_name: 'Example Project', prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }]);
    const { body } = await gw.query(`{ ejentoOrganization { topEntities(scope: PROJECT, by: TOKENS) { id } } }`);
    expect(body.data.ejentoOrganization.topEntities).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'EJENTO' });
    expect(body.errors[0].message).toMatch(/`ranking`/);
    expect(fake.requests[0]!.path).toBe('/api/v2/analytics/projects/tokens');
    expect(fake.requests[0]!.url.searchParams.get('limit')).toBe('10');
  });

  it("keeps the upstream's order of a VOTES ranking, and values it as upvotes + downvotes", async () => {
    // Ejento does not say how it ranks votes; the gateway does not re-rank.
    routes['agents/votes'] = () =>
      ok('votes', [
        { agent_id: 7, agent_name: 'Net Positive', upvotes: 5, downvotes: 0 },
        { agent_id: 3, agent_name: 'Most Votes', upvotes: 4, downvotes: 6 },
      ]);
    const { body } = await gw.query(`{ ejentoOrganization {
      topEntities(scope: AGENT, limit: 2, by: VOTES) { id name votes { upvotes downvotes } }
      ranking(scope: AGENT, limit: 2, by: VOTES) { id value }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoOrganization.topEntities).toEqual([
      { id: '7', name: 'Net Positive', votes: { upvotes: 5, downvotes: 0 } },
      { id: '3', name: 'Most Votes', votes: { upvotes: 4, downvotes: 6 } },
    ]);
    expect(body.data.ejentoOrganization.ranking).toEqual([{ id: '7', value: 5 }, { id: '3', value: 10 }]);
    // One call served the list, the ranking and the votes under it.
    expect(fake.requests).toHaveLength(1);
  });

  it('lists corpora without ids in `corpusRanking`, and fails `corpora` pointing at it', async () => {
    routes['corpus/document-count'] = () => ok('document_counts', [{ corpus_name: 'Manuals', document_count: 12 }, { corpus_id: 2, corpus_name: 'Specs', document_count: 30 }]);
    const { body } = await gw.query(`{ ejentoOrganization {
      corpusRanking(limit: 2) { id name documentCount corpus { id name } }
      corpora(limit: 2) { id }
    } }`);
    expect(body.data.ejentoOrganization.corpusRanking).toEqual([
      { id: null, name: 'Manuals', documentCount: 12, corpus: null },
      { id: '2', name: 'Specs', documentCount: 30, corpus: { id: '2', name: 'Specs' } },
    ]);
    expect(body.data.ejentoOrganization.corpora).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['ejentoOrganization', 'corpora'], extensions: { code: 'UPSTREAM_BAD_RESPONSE', source: 'EJENTO' } });
    expect(body.errors[0].message).toMatch(/`corpusRanking`/);
    expect(fake.requests).toHaveLength(1); // one call, shared
  });

  it('zero-fills series siblings from time series nested one level with dates omitted', async () => {
    routes['teams/document-count'] = (q) =>
      q.get('time_series') === 'true' && q.get('bucket_type') === 'week'
        ? ok('document_counts', [[{ date: '2026-09-28', team_id: 2, team_name: 'Sales', document_count: 40 }, { date: '2026-10-12', team_id: 2, team_name: 'Sales', document_count: 7 }]])
        : { status: 400, body: { success: false, message: 'Invalid bucket_type', data: null } };
    routes['teams/indexing-mode'] = () =>
      ok('indexing_modes', [
        { date: '2026-10-05', team_id: 2, team_name: 'Sales', indexing_mode: 'hybrid', count: 3 },
        { date: '2026-10-05', team_id: 2, team_name: 'Sales', indexing_mode: 'semantic', count: 9 },
      ]);
    routes['teams/most-active'] = () => ok('most_active', [{ date: '2026-10-12', team_id: 2, team_name: 'Sales', query_count: 4, last_active: '2026-10-13T09:30:00Z' }]);
    routes['teams/summary'] = () =>
      ok('summary', [{ date: '2026-10-05', team_id: 2, team_name: 'Sales', total_queries: 3, total_tokens: 30, total_cost: 0.5, upvotes: 1, downvotes: 0, document_count: 12 }]);
    const { body } = await gw.query(`query ($w: EjentoWindow) { ejentoEntity(scope: TEAM, id: "2") {
      name
      documentCountSeries(window: $w, bucket: WEEK) { points { start end documentCount } }
      indexingModesSeries(window: $w, bucket: WEEK) { points { modes { mode count } } }
      activitySeries(window: $w, bucket: WEEK) { queryCount lastActive points { queryCount lastActive } }
      summarySeries(window: $w, bucket: WEEK) { points { totalQueries totalCost { amount } activeUsers } }
    } }`, { w: { range: { start: '2026-10-01T00:00:00Z', end: '2026-10-15T00:00:00Z' } } });
    expect(body.errors).toBeUndefined();
    const t = body.data.ejentoEntity;
    expect(t.name).toBe('Sales');
    expect(t.documentCountSeries.points).toEqual([
      { start: '2026-09-28T00:00:00Z', end: '2026-10-05T00:00:00Z', documentCount: 40 },
      { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z', documentCount: 0 },
      { start: '2026-10-12T00:00:00Z', end: '2026-10-19T00:00:00Z', documentCount: 7 },
    ]);
    expect(t.indexingModesSeries.points.map((p: any) => p.modes)).toEqual([[], [{ mode: 'semantic', count: 9 }, { mode: 'hybrid', count: 3 }], []]);
    expect(t.activitySeries).toEqual({
      queryCount: 4,
      lastActive: '2026-10-13T09:30:00Z',
      points: [{ queryCount: 0, lastActive: null }, { queryCount: 0, lastActive: null }, { queryCount: 4, lastActive: '2026-10-13T09:30:00Z' }],
    });
    // No active_users in any row: unknown, not 0. A numeric total_cost is read exactly (on the 5-place scale of the zero it is added to).
    expect(t.summarySeries.points).toEqual([
      { totalQueries: 0, totalCost: { amount: '0.00000' }, activeUsers: null },
      { totalQueries: 3, totalCost: { amount: '0.50000' }, activeUsers: null },
      { totalQueries: 0, totalCost: { amount: '0.00000' }, activeUsers: null },
    ]);
    for (const r of fake.requests) {
      const q = r.url.searchParams;
      expect([q.get('time_series'), q.get('bucket_type'), q.getAll('team_id')]).toEqual(['true', 'week', ['2']]);
    }
  });

  it("builds the organization's summary series from the metric lists, never from the one-object summary", async () => {
    const series = (key: string, rows: Array<Record<string, unknown>>) => () => ok(key, rows);
    routes.summary = () => ok('summary', { total_queries: 999, total_tokens: 999, total_cost: '9.99999', upvotes: 9, downvotes: 9, total_documents: 9 });
    routes.costs = series('costs', [{ date: '2026-10-01', total_tokens: 10, total_cost: '0.10000' }, { date: '2026-10-03', total_tokens: 5, total_cost: '0.05000' }]);
    routes.tokens = series('token_usage', [{ date: '2026-10-01', prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 }, { date: '2026-10-03', prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 }]);
    routes['query-count'] = series('query_counts', [{ date: '2026-10-01', query_count: 2 }, { date: '2026-10-03', query_count: 1 }]);
    routes.votes = series('votes', [{ date: '2026-10-03', upvotes: 1, downvotes: 2 }]);
    routes['document-count'] = series('document_counts', [{ date: '2026-10-02', document_count: 50 }]);
    const { body } = await gw.query(`{ ejentoOrganization {
      summarySeries(window: { range: { start: "2026-10-01T00:00:00Z", end: "2026-10-04T00:00:00Z" } }, bucket: DAY) {
        points { start totalQueries totalTokens totalCost { amount } upvotes downvotes totalDocuments }
      }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoOrganization.summarySeries.points).toEqual([
      { start: '2026-10-01T00:00:00Z', totalQueries: 2, totalTokens: 10, totalCost: { amount: '0.10000' }, upvotes: 0, downvotes: 0, totalDocuments: 0 },
      { start: '2026-10-02T00:00:00Z', totalQueries: 0, totalTokens: 0, totalCost: { amount: '0.00000' }, upvotes: 0, downvotes: 0, totalDocuments: 50 },
      { start: '2026-10-03T00:00:00Z', totalQueries: 1, totalTokens: 5, totalCost: { amount: '0.05000' }, upvotes: 1, downvotes: 2, totalDocuments: 0 },
    ]);
    expect(fake.requests.map((r) => r.path.replace('/api/v2/analytics/', '')).sort()).toEqual(['costs', 'document-count', 'query-count', 'tokens', 'votes']);
    for (const r of fake.requests) expect(r.url.searchParams.get('bucket_type')).toBe('day');
  });

  it('fails the organization summary series when one of its lists fails, and only that field', async () => {
    routes.costs = () => ok('costs', []);
    routes.tokens = () => ok('token_usage', []);
    routes['query-count'] = () => ok('query_counts', []);
    routes.votes = () => ({ status: 500, body: { success: false, message: 'boom', data: null } });
    routes['document-count'] = () => ok('document_counts', []);
    const { body } = await gw.query(`{ ejentoOrganization {
      summarySeries(window: { lastDays: 3 }, bucket: DAY) { key }
      documentCountSeries(window: { lastDays: 3 }, bucket: DAY) { key }
    } }`);
    expect(body.data.ejentoOrganization).toEqual({ summarySeries: null, documentCountSeries: { key: 'ORGANIZATION' } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ path: ['ejentoOrganization', 'summarySeries'], extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'EJENTO' } });
    expect(JSON.stringify(body)).not.toContain('boom');
  });

  it('sends the window of `recent` exactly, and nothing of a window when it is omitted', async () => {
    routes['users/recent'] = () => ok('recent', [{ user_name: 'no id', created_at: '2025-01-01T00:00:00Z', last_used_at: null }]);
    const { body } = await gw.query(`{ ejentoOrganization {
      a: recent(scope: USER, window: { range: { start: "2026-10-01T06:00:00+02:00", end: "2026-10-02T00:00:00Z" } }) { id name createdAt lastUsedAt entity { id } }
      b: recent(scope: USER, window: { lastDays: 3 }, limit: 1) { name }
      c: recent(scope: USER, limit: 1) { name }
    } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.ejentoOrganization.a).toEqual([{ id: null, name: 'no id', createdAt: '2025-01-01T00:00:00Z', lastUsedAt: null, entity: null }]);
    const sent = fake.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(sent).toEqual(
      expect.arrayContaining([
        { type: 'range', start_date: '2026-10-01T04:00:00Z', end_date: '2026-10-02T00:00:00Z', limit: '10' },
        { type: 'fixed', days: '3', limit: '1' },
        { limit: '1' },
      ]),
    );
    expect(sent).toHaveLength(3);
  });
});
